/**
 * The stored-query pages: the list at `/queries` (a form per query, no script needed) and a
 * query's answer as a table (`/queries/NAME?…` asked for as HTML), so a browser that submits a
 * form sees the rows instead of downloading SPARQL XML. IRIs minted here link to their pages on
 * this server, other web IRIs link out, literals are text; the machine formats are one link away.
 */
import type { FC } from 'hono/jsx';
import { Layout, render } from './layout.js';
import { curie } from './labels.js';
import { hrefFor } from './paths.js';
import { FormatLinks } from './parts.js';

/** What the list shows of a stored query (its texts already speak of this server's base). */
export interface ListedQuery {
  name: string;
  description: string;
  params: { name: string; type: string; description: string; example?: string }[];
  query: string;
  /** The query run with its example values, when every parameter has one. */
  exampleHref?: string;
}

/** One value of a SPARQL JSON result row. */
export interface ResultTerm {
  type: 'uri' | 'literal' | 'bnode' | 'typed-literal' | 'triple';
  value: string;
  'xml:lang'?: string;
  datatype?: string;
}

/** A stored query's answer, as the table page shows it. */
export interface StoredAnswer {
  name: string;
  description: string;
  /** The parameter values the request gave, in the query's order. */
  params: [string, string][];
  vars: string[];
  rows: Record<string, ResultTerm | undefined>[];
  /** An ASK query's answer. */
  boolean?: boolean;
  /** Rows were cut at the row cap. */
  truncated?: boolean;
  /** The same answer in the machine formats: label, href, media type. */
  formats: { label: string; href: string; mediaType: string }[];
}

/** Web IRIs a browser may follow; any other scheme (`javascript:`, `data:`) is shown as text. */
const FOLLOWABLE = /^(https?|ftp):\/\//i;

/**
 * A result value as a cell shows it: a local IRI linked to its page here, a web IRI linked out,
 * a literal as text (in its language), a blank node by its label.
 * @example
 * <TermCell term={{ type: 'uri', value: 'http://localhost:3000/work/x' }} base="http://localhost:3000/" />
 */
export const TermCell: FC<{ term?: ResultTerm; base: string }> = ({ term, base }) => {
  if (!term) return null;
  if (term.type === 'uri') {
    if (term.value.startsWith(base)) return <a href={hrefFor(term.value, base)}>{term.value}</a>;
    if (FOLLOWABLE.test(term.value)) return <a href={term.value} rel="external nofollow">{term.value}</a>;
    return <span>{term.value}</span>;
  }
  if (term.type === 'bnode') return <span>{`_:${term.value}`}</span>;
  return (
    <span lang={term['xml:lang'] || undefined} title={term.datatype ? curie(term.datatype) : undefined}>
      {term.value}
    </span>
  );
};

/** The links to the same answer in the machine formats. */
const AnswerFormats: FC<{ formats: StoredAnswer['formats'] }> = ({ formats }) => (
  <section aria-labelledby="formats">
    <h2 id="formats">Formats</h2>
    <p>The same answer for programs:</p>
    <FormatLinks formats={formats} />
  </section>
);

/**
 * A stored query's answer as a page: what was asked, the rows as a table, the formats.
 * @example
 * c.html(storedAnswerPage({ name: 'works-by-author-name', description: '…', params: [['name', 'Gillard']], vars: ['work'], rows, formats }, catalog.base));
 */
export function storedAnswerPage(answer: StoredAnswer, base: string): string {
  const root = new URL(base).pathname;
  const count = answer.boolean === undefined ? `${answer.rows.length} row${answer.rows.length === 1 ? '' : 's'}${answer.truncated ? ' (cut: the formats below give more)' : ''}` : undefined;
  return render(
    <Layout title={`${answer.name}: answer`} root={root} wide>
      <p class="kicker">
        <a href={`${root}queries#${answer.name}`}>Stored queries</a> › {answer.name}
      </p>
      <h1>{answer.name}</h1>
      <p>{answer.description}</p>
      {answer.params.length ? (
        <dl>
          {answer.params.map(([k, v]) => (
            <>
              <dt>{k}</dt>
              <dd>
                <code>{v}</code>
              </dd>
            </>
          ))}
        </dl>
      ) : null}
      {answer.boolean !== undefined ? (
        <p class="lead">Answer: {answer.boolean ? 'yes' : 'no'}</p>
      ) : (
        <div class="results">
          <table>
            <caption>{count}</caption>
            <thead>
              <tr>
                {answer.vars.map((v) => (
                  <th scope="col">{v}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {answer.rows.map((row) => (
                <tr>
                  {answer.vars.map((v) => (
                    <td>
                      <TermCell term={row[v]} base={base} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <AnswerFormats formats={answer.formats} />
    </Layout>,
  );
}

/**
 * Why a stored query gave no table (a missing parameter, a deadline), as a page with a way back.
 * @example
 * c.html(storedProblemPage('works-by-journal-year', 'missing parameter year (…)', 400, catalog.base), 400);
 */
export function storedProblemPage(name: string, message: string, status: number, base: string): string {
  const root = new URL(base).pathname;
  return render(
    <Layout title={`${name}: ${status}`} root={root}>
      <h1>{name}</h1>
      <p>The query was not answered ({status}):</p>
      <pre>{message}</pre>
      <p>
        <a href={`${root}queries#${name}`}>Back to the form</a>
      </p>
    </Layout>,
  );
}

/** One stored query: its description, a form for its parameters, its SPARQL. */
const QueryItem: FC<{ q: ListedQuery; root: string }> = ({ q, root }) => (
  <section aria-labelledby={q.name}>
    <h2 id={q.name}>{q.name}</h2>
    <p>{q.description}</p>
    <form method="get" action={`${root}queries/${q.name}`}>
      {q.params.map((p) => (
        <p>
          <label for={`${q.name}-${p.name}`}>
            {p.name} ({p.type})
          </label>
          <br />
          <input id={`${q.name}-${p.name}`} name={p.name} required size={50} placeholder={p.example} />
          <br />
          <small>{p.description}</small>
        </p>
      ))}
      <p>
        <button type="submit">Run</button>
        {q.exampleHref ? (
          <>
            {' '}
            or <a href={q.exampleHref}>run with the example values</a>
          </>
        ) : null}
      </p>
    </form>
    <details>
      <summary>SPARQL</summary>
      <pre>
        <code>{q.query}</code>
      </pre>
    </details>
  </section>
);

/**
 * The list of stored queries for browsers.
 * @example
 * c.html(storedQueriesPage(listed, catalog.base));
 */
export function storedQueriesPage(queries: ListedQuery[], base: string): string {
  const root = new URL(base).pathname;
  return render(
    <Layout title="Stored queries" root={root}>
      <h1>Stored queries</h1>
      <p>
        Ready-made queries; parameters are bound as typed RDF terms. Each answers as a table here, and as SPARQL JSON, XML, CSV or TSV for programs (
        <code>{`${base}queries/NAME?…&format=json`}</code>, or by <code>Accept</code>).
      </p>
      {queries.map((q) => (
        <QueryItem q={q} root={root} />
      ))}
    </Layout>,
  );
}
