/** A person's page: name and ORCID iD, their works in this dataset, their co-authors, then their statements. */
import type * as RDF from '@rdfjs/types';
import type { FC } from 'hono/jsx';
import { Index, type PersonView, type WorkView } from '../view.js';
import { Layout, render } from './layout.js';
import { AlternateLinks, FormatList, OrcidLink, StatementTables, WorkItem } from './parts.js';
import { hrefFor, personHref } from './paths.js';
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
  /** Other works whose author bears the same folded name, newest first (a name match only). */
  namesakes?: Namesake[];
}

/** A work elsewhere whose author has the same name as the person: perhaps them, perhaps not. */
export interface Namesake {
  work: string;
  title?: string;
  date?: string;
  /** The author node of that work bearing the name. */
  person: string;
  name?: string;
}

/** Works by the same name, stated as a name match: two people may share a name, one person may not. */
const Namesakes: FC<{ namesakes: Namesake[]; base: string }> = ({ namesakes, base }) => (
  <section aria-labelledby="namesakes">
    <h2 id="namesakes">Other works by the same name ({namesakes.length})</h2>
    <p class="meta">Authors whose name reads the same once case, accents and punctuation are set aside. This is a match of names, not of people: it does not say they are this person.</p>
    {namesakes.length ? (
      <ul class="links">
        {namesakes.map((n) => (
          <li>
            <a href={hrefFor(n.work, base)}>{n.title ?? n.work}</a> <span class="meta">{n.date ? `${n.date} · ` : ''}</span>
            <span class="meta">
              author: <a href={personHref(n.person, base)}>{n.name ?? n.person}</a>
            </span>
          </li>
        ))}
      </ul>
    ) : (
      <p class="muted">No other work here has an author of this name.</p>
    )}
  </section>
);

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
      {data.namesakes ? <Namesakes namesakes={data.namesakes} base={base} /> : null}
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
