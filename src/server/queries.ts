/**
 * Stored queries: each `queries/NAME.rq` is listed at `GET /queries` and run at
 * `GET /queries/NAME?param=…`. The header comment describes the query and names its parameters
 * (`# @param NAME TYPE description`, see queries/README.md); each value is checked against its
 * type and bound as an RDF term (`QueryRequest.bindings`), never pasted into the query text.
 * 400 for a missing or ill-typed parameter, 404 for an unknown query; results negotiated as
 * at `/sparql`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Hono } from 'hono';
import type { Catalog } from '../catalog.js';
import { escapeLiteral } from '../rdf/terms.js';
import { negotiate, notAcceptable } from './negotiate.js';
import { answerQuery, type QueryLimits } from './sparql.js';
import { normaliseDoi } from '../extract/identifiers.js';
import { attr, escapeHtml, link, page } from './html.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';

/** A parameter type: how a value is checked and written as an N-Triples term. */
interface ParamType {
  /** What a valid value looks like, for error messages. */
  expects: string;
  /** The N-Triples term, or undefined when `value` is not of this type. */
  term(value: string): string | undefined;
}

const typed = (pattern: RegExp, datatype: string, expects: string): ParamType => ({
  expects,
  term: (v) => (pattern.test(v) ? `"${v}"^^<${XSD}${datatype}>` : undefined),
});

/** The parameter types a stored query may use. */
export const PARAM_TYPES: Record<string, ParamType> = {
  IRI: {
    expects: 'an absolute IRI, e.g. http://localhost:3000/work/doi/10.1186/…',
    term: (v) => (/^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/.test(v) ? `<${v}>` : undefined),
  },
  string: { expects: 'non-empty text', term: (v) => (v.trim() ? `"${escapeLiteral(v.trim())}"` : undefined) },
  'xsd:gYear': typed(/^-?\d{4,}$/, 'gYear', 'a year, e.g. 2022'),
  'xsd:date': typed(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'date', 'a date, e.g. 2022-06-01'),
  'xsd:integer': typed(/^[+-]?\d+$/, 'integer', 'a whole number'),
  identifier: {
    expects: 'a DOI (bare, doi: or https://doi.org/…), a PMID or a PMCID',
    term: (v) => {
      const id = normaliseIdentifier(v);
      return id ? `"${escapeLiteral(id)}"` : undefined;
    },
  },
};

/** An identifier as catalod writes it: DOIs lower-case without resolver, PMCIDs upper-case, PMIDs as digits. */
export function normaliseIdentifier(text: string): string | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return t;
  if (/^pmc\d+$/i.test(t)) return t.toUpperCase();
  return normaliseDoi(t);
}

export interface StoredParam {
  name: string;
  type: string;
  description: string;
}

export interface StoredQuery {
  name: string;
  /** The header comment's text before the first `@param`. */
  description: string;
  params: StoredParam[];
  query: string;
}

/**
 * Reads a stored query's header: description lines, then `# @param NAME TYPE description`.
 * @example
 * parseStoredQuery('works-by-journal-year', '# Works …\n# @param year xsd:gYear the year\nSELECT …').params;
 * // [{ name: 'year', type: 'xsd:gYear', description: 'the year' }]
 */
export function parseStoredQuery(name: string, text: string): StoredQuery {
  const description: string[] = [];
  const params: StoredParam[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.startsWith('#')) break;
    const body = line.replace(/^#\s?/, '');
    const param = /^@param\s+([A-Za-z_][A-Za-z0-9_]*)\s+(\S+)\s*(.*)$/.exec(body.trim());
    if (param) {
      const [, pname, type, desc] = param as unknown as [string, string, string, string];
      if (!PARAM_TYPES[type]) throw new Error(`${name}.rq: parameter ${pname} has unknown type ${type} (known: ${Object.keys(PARAM_TYPES).join(', ')})`);
      params.push({ name: pname, type, description: desc });
    } else if (!params.length) description.push(body.trim());
  }
  return { name, description: description.join(' ').replace(/\s+/g, ' ').trim(), params, query: text };
}

/** The package's `queries/` folder. */
export const DEFAULT_QUERIES_DIR = fileURLToPath(new URL('../../queries/', import.meta.url));

/**
 * Every `*.rq` of a folder, sorted by name.
 * @example
 * loadStoredQueries().map((q) => q.name); // ['authors-of-work', 'authors-with-orcid', …]
 */
export function loadStoredQueries(dir: string = DEFAULT_QUERIES_DIR): StoredQuery[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.rq'))
    .sort()
    .map((f) => parseStoredQuery(basename(f, '.rq'), readFileSync(join(dir, f), 'utf8')));
}

/**
 * The bindings for a request's parameters, or the reason they are refused.
 * @example
 * bindParams(query, { year: '2022', journal: 'BMC Psychiatry' });
 * // { ok: true, bindings: { year: '"2022"^^<http://www.w3.org/2001/XMLSchema#gYear>', journal: '"BMC Psychiatry"' } }
 */
export function bindParams(query: StoredQuery, values: Record<string, string | undefined>): { ok: true; bindings: Record<string, string> } | { ok: false; message: string } {
  const bindings: Record<string, string> = {};
  for (const p of query.params) {
    const value = values[p.name];
    const type = PARAM_TYPES[p.type]!;
    if (value === undefined || value === '') return { ok: false, message: `missing parameter ${p.name} (${p.type}: ${type.expects})` };
    const term = type.term(value);
    if (term === undefined) return { ok: false, message: `parameter ${p.name} must be ${type.expects} (${p.type}); got ${JSON.stringify(value)}` };
    bindings[p.name] = term;
  }
  return { ok: true, bindings };
}

export interface QueriesOptions extends QueryLimits {
  catalog: Catalog;
  /** Folder of `*.rq` files (default: the package's `queries/`). */
  dir?: string;
}

/**
 * Adds `GET /queries` and `GET /queries/:name` to `app`.
 * @example
 * storedQueries(app, { catalog, timeoutMs: 5000 });
 */
export function storedQueries(app: Hono, options: QueriesOptions): void {
  const { catalog } = options;
  const queries = loadStoredQueries(options.dir);
  const byName = new Map(queries.map((q) => [q.name, q]));
  const root = new URL(catalog.base).pathname;

  app.get('/queries', (c: Context) => {
    c.header('Vary', 'Accept');
    const offers = [{ mediaType: 'application/json' }, { mediaType: 'text/html' }];
    const chosen = negotiate(c.req.header('accept'), offers);
    if (!chosen) return c.text(notAcceptable(c.req.header('accept'), 'The list of stored queries', offers), 406);
    if (chosen.mediaType === 'text/html') return c.html(listPage(queries, root));
    return c.json({ queries: queries.map((q) => ({ ...q, href: `${root}queries/${q.name}` })) });
  });

  app.get('/queries/:name', (c: Context) => {
    const query = byName.get(c.req.param('name') ?? '');
    if (!query) return c.text(`no stored query ${c.req.param('name')}; see ${root}queries\n`, 404);
    const bound = bindParams(query, c.req.query());
    if (!bound.ok) return c.text(`${bound.message}\n`, 400);
    return answerQuery(c, catalog, { query: query.query, bindings: bound.bindings, stored: query.name }, options);
  });
}

/** The list for browsers: each query with a form for its parameters (no script needed). */
function listPage(queries: StoredQuery[], root: string): string {
  const items = queries.map((q) => {
    const fields = q.params.map(
      (p) => `<p><label for="${attr(`${q.name}-${p.name}`)}">${escapeHtml(p.name)} (${escapeHtml(p.type)})</label><br>
<input id="${attr(`${q.name}-${p.name}`)}" name="${attr(p.name)}" required size="50"> <small>${escapeHtml(p.description)}</small></p>`,
    );
    return `<section aria-labelledby="${attr(q.name)}">
<h2 id="${attr(q.name)}">${link(`${root}queries/${q.name}`, q.name)}</h2>
<p>${escapeHtml(q.description)}</p>
<form method="get" action="${attr(`${root}queries/${q.name}`)}">
${fields.join('\n')}
<p><button type="submit">Run</button></p>
</form>
<details><summary>SPARQL</summary><pre><code>${escapeHtml(q.query)}</code></pre></details>
</section>`;
  });
  return page({ title: 'Stored queries', body: `<h1>Stored queries</h1>\n<p>Ready-made queries; parameters are bound as typed RDF terms.</p>\n${items.join('\n')}`, root });
}
