/** A person's page: name and ORCID iD, their works in this dataset, their co-authors, then their statements. */
import type * as RDF from '@rdfjs/types';
import type { FC } from 'hono/jsx';
import { Index, type PersonView, type WorkView } from '../view.js';
import { Layout, render } from './layout.js';
import { AlternateLinks, FormatList, OrcidLink, StatementTables, WorkItem } from './parts.js';
import { personHref } from './paths.js';
import type { ResourcePageOptions } from './work.js';

/** One of a person's works, and where they stand in its author list. */
export interface PersonWork {
  view: WorkView;
  /** 1-based place in the author list. */
  position?: number;
}

/** Someone who wrote with the person, and how many works they share here. */
export interface Coauthor {
  iri: string;
  name?: string;
  works: number;
}

/** What a person's page shows beyond their own statements. */
export interface PersonData {
  person: PersonView;
  /** Their works here, newest first (perhaps only the first of many). */
  works: PersonWork[];
  /** How many works they have here in all. */
  workCount: number;
  /** Most shared works first. */
  coauthors: Coauthor[];
}

/** Their works here, each with their place in its author list; a note when only some are listed. */
const Works: FC<{ data: PersonData; base: string }> = ({ data, base }) => (
  <section aria-labelledby="works">
    <h2 id="works">Works here ({data.workCount})</h2>
    <ul class="plain">
      {data.works.map((w) => (
        <WorkItem view={w.view} base={base} extra={w.position ? `author ${w.position} of ${w.view.authors.length}` : undefined} />
      ))}
    </ul>
    {data.workCount > data.works.length ? (
      <p class="meta">
        The {data.works.length} most recent of {data.workCount} works are listed; the <a href={`${new URL(base).pathname}queries`}>stored queries</a> find the rest.
      </p>
    ) : null}
  </section>
);

/** Their co-authors here, each linked to their own page, with the number of works shared. */
const Coauthors: FC<{ coauthors: Coauthor[]; base: string }> = ({ coauthors, base }) => (
  <section aria-labelledby="coauthors">
    <h2 id="coauthors">Co-authors ({coauthors.length})</h2>
    {coauthors.length ? (
      <ul class="links">
        {coauthors.map((c) => (
          <li>
            <a href={personHref(c.iri, base)}>{c.name ?? c.iri}</a> <span class="meta">{`${c.works} ${c.works === 1 ? 'work' : 'works'}`}</span>
          </li>
        ))}
      </ul>
    ) : (
      <p class="muted">No co-authors in this dataset.</p>
    )}
  </section>
);

/**
 * A person's page.
 * @example
 * personPage(iri, catalog.describe(iri), { person, works, workCount: 1, coauthors }, { base, alternates });
 */
export function personPage(iri: string, quads: RDF.Quad[], data: PersonData, options: ResourcePageOptions): string {
  const { base, alternates } = options;
  const index = new Index(quads);
  const name = data.person.name ?? index.label(iri) ?? iri;
  return render(
    <Layout title={name} head={<AlternateLinks alternates={alternates} />} root={new URL(base).pathname}>
      <p class="kicker">Person</p>
      <h1>{name}</h1>
      {data.person.orcid ? (
        <p>
          <OrcidLink orcid={data.person.orcid} />
        </p>
      ) : null}
      <Works data={data} base={base} />
      <Coauthors coauthors={data.coauthors} base={base} />
      <section aria-labelledby="statements">
        <h2 id="statements">All statements</h2>
        <p>
          IRI: <code>{iri}</code>
        </p>
        <StatementTables iri={iri} quads={quads} index={index} base={base} />
      </section>
      {alternates.length ? <FormatList alternates={alternates} iri={iri} /> : null}
    </Layout>,
  );
}
