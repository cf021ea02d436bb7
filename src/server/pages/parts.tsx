/**
 * The small pieces several pages share: a date, an ORCID iD, the alternate-format links in the
 * head and as a list, a list of works, a resource's statements as tables.
 */
import type * as RDF from '@rdfjs/types';
import type { FC } from 'hono/jsx';
import type { Index, WorkView } from '../view.js';
import { curie } from './labels.js';
import { hrefFor } from './paths.js';

/** A link to the same resource in another format. */
export interface Alternate {
  href: string;
  mediaType: string;
  label: string;
}

/**
 * A date as a `<time>` element, nothing when there is none.
 * @example
 * <When date="2022-06-01" />
 */
export const When: FC<{ date?: string }> = ({ date }) => (date ? <time datetime={date}>{date}</time> : null);

/**
 * Items with ` · ` between them; empty items are left out.
 * @example
 * <Dotted items={[journal, <When date={date} />]} />
 */
export const Dotted: FC<{ items: unknown[] }> = ({ items }) => <>{items.filter(Boolean).flatMap((item, i) => (i ? [' · ', item] : [item]))}</>;

/** The ORCID iD icon, drawn inline (ORCID's display guidelines: the green iD mark before the iD's full https URL); no image is fetched. */
const OrcidIcon: FC = () => (
  <svg viewBox="0 0 256 256" aria-hidden="true" focusable="false">
    <circle cx="128" cy="128" r="128" fill="#a6ce39" />
    <path
      fill="#fff"
      d="M86.3 186.2H70.9V79.1h15.4v107.1zM78.6 66.9c-5.6 0-10.1-4.6-10.1-10.1s4.5-10.1 10.1-10.1 10.1 4.6 10.1 10.1-4.5 10.1-10.1 10.1zM108.9 79.1h41.6c39.6 0 57 28.3 57 53.6 0 27.5-21.5 53.6-56.8 53.6h-41.8V79.1zm15.4 93.3h24.5c34.9 0 42.9-26.5 42.9-39.7 0-21.5-13.7-39.7-43.7-39.7h-23.7v79.4z"
    />
  </svg>
);

/**
 * An ORCID iD as ORCID asks it be shown: the iD icon, then the full `https://orcid.org/…` URL, linked.
 * @example
 * <OrcidLink orcid="0000-0002-1825-0097" />
 */
export const OrcidLink: FC<{ orcid: string }> = ({ orcid }) => {
  const url = `https://orcid.org/${orcid}`;
  return (
    <a class="orcid" href={url} rel="author" title="ORCID iD">
      <OrcidIcon />
      {url}
    </a>
  );
};

/**
 * `<link rel="alternate">` for each format, for the head.
 * @example
 * <AlternateLinks alternates={[{ href: '/work/x.ttl', mediaType: 'text/turtle', label: 'Turtle' }]} />
 */
export const AlternateLinks: FC<{ alternates: Alternate[] }> = ({ alternates }) => (
  <>
    {alternates.map((a) => (
      <link rel="alternate" type={a.mediaType} href={a.href} />
    ))}
  </>
);

/**
 * Links to the same data in other formats, one a list item.
 * @example
 * <FormatLinks formats={[{ href: '/work/x.ttl', mediaType: 'text/turtle', label: 'Turtle' }]} />
 */
export const FormatLinks: FC<{ formats: Alternate[] }> = ({ formats }) => (
  <ul class="formats">
    {formats.map((f) => (
      <li>
        <a href={f.href} type={f.mediaType}>
          {f.label}
        </a>
      </li>
    ))}
  </ul>
);

/**
 * The section listing every format of the resource, and its IRI.
 * @example
 * <FormatList alternates={alternates} iri={iri} />
 */
export const FormatList: FC<{ alternates: Alternate[]; iri: string }> = ({ alternates, iri }) => (
  <section aria-labelledby="formats">
    <h2 id="formats">Formats</h2>
    <p>
      This page's data, to download or load elsewhere. The IRI: <code>{iri}</code>
    </p>
    <FormatLinks formats={alternates} />
  </section>
);

/**
 * A work as a list item: its title linked to its page, then journal, date and `extra`.
 * @example
 * <WorkItem view={view} base={base} extra="author 2 of 20" />
 */
export const WorkItem: FC<{ view: WorkView; base: string; extra?: string }> = ({ view, base, extra }) => (
  <LinkedItem href={hrefFor(view.iri, base)} label={view.title ?? view.iri} meta={[view.journal?.name, (view.date ?? view.year) && <When date={view.date ?? view.year} />, extra]} />
);

/**
 * A list item: a link, then a line of what else is known (empty parts left out).
 * @example
 * <LinkedItem href="/work/doi/10.1/x" label="A title" meta={['BMC Psychiatry', '2022']} />
 */
export const LinkedItem: FC<{ href: string; label: string; meta: unknown[] }> = ({ href, label, meta }) => {
  const known = meta.filter(Boolean);
  return (
    <li>
      <a href={href}>{label}</a>
      {known.length ? (
        <>
          <br />
          <span class="meta">
            <Dotted items={known} />
          </span>
        </>
      ) : null}
    </li>
  );
};

/** A term as a table cell shows it: an IRI linked by its label, a literal in its language, a blank node by its label. */
const TermView: FC<{ term: RDF.Term; index: Index; base: string }> = ({ term, index, base }) => {
  if (term.termType === 'NamedNode') return <a href={hrefFor(term.value, base)}>{index.label(term.value) ?? curie(term.value)}</a>;
  if (term.termType === 'Literal') return <span lang={term.language || undefined}>{term.value}</span>;
  return <>{`_:${term.value}`}</>;
};

/**
 * A resource's statements as tables: its own, then those of others pointing to it.
 * @example
 * <StatementTables iri={iri} quads={quads} index={new Index(quads)} base={base} />
 */
export const StatementTables: FC<{ iri: string; quads: RDF.Quad[]; index: Index; base: string }> = ({ iri, quads, index, base }) => {
  const own = quads.filter((q) => q.subject.value === iri);
  const incoming = quads.filter((q) => q.subject.value !== iri && q.object.value === iri);
  return (
    <>
      <table>
        <caption>Statements</caption>
        <thead>
          <tr>
            <th scope="col">Property</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {own.map((q) => (
            <tr>
              <th scope="row">{curie(q.predicate.value)}</th>
              <td>
                <TermView term={q.object} index={index} base={base} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {incoming.length ? (
        <table>
          <caption>Referenced by</caption>
          <thead>
            <tr>
              <th scope="col">Resource</th>
              <th scope="col">Property</th>
            </tr>
          </thead>
          <tbody>
            {incoming.map((q) => (
              <tr>
                <td>
                  <TermView term={q.subject} index={index} base={base} />
                </td>
                <th scope="row">{curie(q.predicate.value)}</th>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
};
