/**
 * The VoID description (`/.well-known/void`) as a page for a browser: each described resource
 * as a table of its statements (the dataset first), the class partitions as one table of class
 * and count, the Turtle itself below, and the RDF formats one link away. Machines keep getting
 * RDF: the route offers this page last, so `*\/*` is still Turtle.
 */
import type * as RDF from '@rdfjs/types';
import type { FC } from 'hono/jsx';
import { Layout, render } from './layout.js';
import { curie, licenceLabel } from './labels.js';
import { hrefFor } from './paths.js';
import { FormatLinks } from './parts.js';

const VOID = 'http://rdfs.org/ns/void#';
const DCT = 'http://purl.org/dc/terms/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** A link to the description in an RDF syntax. */
export interface VoidFormat {
  label: string;
  href: string;
  mediaType: string;
}

/** Web IRIs a browser may follow; other schemes are shown as text. */
const FOLLOWABLE = /^(https?|ftp):\/\//i;

/** An IRI or literal as a cell shows it: local IRIs link here, web IRIs link out, literals are text. */
const Term: FC<{ term: RDF.Term; base: string; predicate?: string }> = ({ term, base, predicate }) => {
  if (term.termType === 'NamedNode') {
    const label = predicate === `${DCT}license` ? licenceLabel(term.value) : term.value.startsWith(base) ? term.value : curie(term.value);
    if (term.value.startsWith(base)) return <a href={hrefFor(term.value, base)}>{label}</a>;
    return FOLLOWABLE.test(term.value) ? <a href={term.value}>{label}</a> : <span>{label}</span>;
  }
  if (term.termType === 'Literal') return <span lang={term.language || undefined}>{term.value}</span>;
  return <span>{`_:${term.value}`}</span>;
};

/** The fragment a resource of the description is known by on the page (`dataset`, `record-graphs`), if it has one. */
const anchorOf = (iri: string): string | undefined => /#([\w-]+)$/.exec(iri)?.[1];

/** One resource's statements (class partitions left to their own table). */
const Described: FC<{ subject: string; quads: RDF.Quad[]; base: string }> = ({ subject, quads, base }) => {
  const own = quads.filter((q) => q.subject.value === subject && q.predicate.value !== `${VOID}classPartition`);
  const title = own.find((q) => q.predicate.value === `${DCT}title`)?.object.value ?? subject;
  return (
    <section id={anchorOf(subject)} aria-label={title}>
      <h2>{title}</h2>
      <p>
        <code>{subject}</code>
      </p>
      <table class="statements">
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
                <Term term={q.object} base={base} predicate={q.predicate.value} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
};

/** The class partitions: each class with its number of entities. */
const Classes: FC<{ quads: RDF.Quad[]; base: string }> = ({ quads, base }) => {
  const parts = quads.filter((q) => q.predicate.value === `${VOID}classPartition`).map((q) => q.object.value);
  const value = (part: string, p: string) => quads.find((q) => q.subject.value === part && q.predicate.value === `${VOID}${p}`)?.object;
  if (!parts.length) return null;
  return (
    <section id="classes" aria-labelledby="classes-title">
      <h2 id="classes-title">Classes</h2>
      <table class="statements">
        <thead>
          <tr>
            <th scope="col">Class</th>
            <th scope="col">Entities</th>
          </tr>
        </thead>
        <tbody>
          {parts.map((part) => {
            const cls = value(part, 'class');
            return (
              <tr>
                <td>{cls ? <Term term={cls} base={base} /> : null}</td>
                <td>{value(part, 'entities')?.value}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
};

/**
 * The VoID page: the dataset, the other described resources, the classes, the Turtle, the formats.
 * @example
 * c.html(voidPage(await describe(), { base: catalog.base, dataset: datasetIri(catalog.base), turtle, formats }));
 */
export function voidPage(quads: RDF.Quad[], options: { base: string; dataset: string; turtle: string; formats: VoidFormat[] }): string {
  const { base, dataset } = options;
  const root = new URL(base).pathname;
  const named = [...new Set(quads.filter((q) => q.subject.termType === 'NamedNode').map((q) => q.subject.value))];
  // The dataset first, then the subsets, then the document describing them.
  const isDocument = (s: string) => quads.some((q) => q.subject.value === s && q.predicate.value === RDF_TYPE && q.object.value === `${VOID}DatasetDescription`);
  const order = [dataset, ...named.filter((s) => s !== dataset && !isDocument(s)), ...named.filter(isDocument)].filter((s) => named.includes(s));
  return render(
    <Layout title="VoID description" root={root}>
      <h1>VoID description</h1>
      <p class="lead">
        What this server holds and where to get it, in the <a href="https://www.w3.org/TR/void/">VoID</a> vocabulary. Programs get it as RDF (Turtle unless they ask for another syntax).
      </p>
      <FormatLinks formats={options.formats} />
      {order.map((s) => (
        <Described subject={s} quads={quads} base={base} />
      ))}
      <Classes quads={quads} base={base} />
      <details>
        <summary>Turtle</summary>
        <pre>
          <code>{options.turtle}</code>
        </pre>
      </details>
    </Layout>,
  );
}
