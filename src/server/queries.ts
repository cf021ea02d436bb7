/**
 * Stored queries: each `queries/NAME.rq` is listed at `GET /queries` and run at
 * `GET /queries/NAME?param=…`. The header comment describes the query and names its parameters
 * (`# @param NAME TYPE description`, see queries/README.md); each value is checked against its
 * type and bound as an RDF term (`QueryRequest.bindings`), never pasted into the query text.
 * 400 for a missing or ill-typed parameter, 404 for an unknown query; results negotiated as
 * at `/sparql`, plus an HTML table for browsers (offered last, so `*\/*` still gets SPARQL JSON)
 * and `?format=html|json|xml|csv|tsv` for links, which cannot set `Accept`. The `.rq` files
 * write their examples for `http://localhost:3000/`: every text shown speaks of this server's base.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Hono } from 'hono';
import type { Catalog } from '../catalog.js';
import { escapeLiteral } from '../rdf/terms.js';
import { admitQuery } from '../query/admission.js';
import { negotiate, notAcceptable, type Offer } from './negotiate.js';
import { answerQuery, resultOffers, DEFAULT_ROW_CAP, DEFAULT_TIMEOUT_MS, type QueryLimits } from './sparql.js';
import { normaliseDoi } from '../extract/identifiers.js';
import { storedAnswerPage, storedProblemPage, storedQueriesPage, type ListedQuery, type ResultTerm } from './pages/stored-queries.js';

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

/** The base the `.rq` files' examples are written for (`e.g. http://localhost:3000/work/…`). */
export const EXAMPLE_BASE = 'http://localhost:3000/';

/**
 * A text of the stored queries (a description, an example, a message) speaking of this server's
 * base instead of the one the `.rq` files were written for.
 * @example
 * localise('(e.g. http://localhost:3000/work/doi/10.1/x)', 'http://example.org/cat/'); // '(e.g. http://example.org/cat/work/doi/10.1/x)'
 */
export function localise(text: string, base: string): string {
  return text.split(EXAMPLE_BASE).join(base);
}

/**
 * The example value a parameter's description gives: the first `e.g. …` item.
 * @example
 * exampleValue('the journal (e.g. BMC Psychiatry)'); // 'BMC Psychiatry'
 */
export function exampleValue(description: string): string | undefined {
  return /\be\.g\.\s*([^,)]+?)\s*(?:[,)]|$)/.exec(description)?.[1];
}

/** `?format=` names for the answer's media types: the page, then what programs read. */
export const FORMAT_NAMES: Record<string, { mediaType: string; label: string }> = {
  html: { mediaType: 'text/html', label: 'HTML table' },
  json: { mediaType: 'application/sparql-results+json', label: 'SPARQL JSON' },
  xml: { mediaType: 'application/sparql-results+xml', label: 'SPARQL XML' },
  csv: { mediaType: 'text/csv', label: 'CSV' },
  tsv: { mediaType: 'text/tab-separated-values', label: 'TSV' },
  turtle: { mediaType: 'text/turtle', label: 'Turtle' },
  jsonld: { mediaType: 'application/ld+json', label: 'JSON-LD' },
  ntriples: { mediaType: 'application/n-triples', label: 'N-Triples' },
  nquads: { mediaType: 'application/n-quads', label: 'N-Quads' },
  rdfxml: { mediaType: 'application/rdf+xml', label: 'RDF/XML' },
};

/**
 * Adds `GET /queries` and `GET /queries/:name` to `app`.
 * @example
 * storedQueries(app, { catalog, timeoutMs: 5000 });
 */
export function storedQueries(app: Hono, options: QueriesOptions): void {
  const { catalog } = options;
  const base = catalog.base;
  const queries = loadStoredQueries(options.dir);
  const byName = new Map(queries.map((q) => [q.name, q]));
  const root = new URL(base).pathname;
  /** A query as shown (never as run): its texts' examples under this server's base. */
  const here = (q: StoredQuery): StoredQuery => ({
    ...q,
    description: localise(q.description, base),
    params: q.params.map((p) => ({ ...p, description: localise(p.description, base) })),
    query: localise(q.query, base),
  });

  app.get('/queries', (c: Context) => {
    c.header('Vary', 'Accept');
    const offers = [{ mediaType: 'application/json' }, { mediaType: 'text/html' }];
    const chosen = negotiate(c.req.header('accept'), offers);
    if (!chosen) return c.text(notAcceptable(c.req.header('accept'), 'The list of stored queries', offers), 406);
    if (chosen.mediaType === 'text/html') return c.html(storedQueriesPage(queries.map((q) => listed(here(q), root)), base));
    return c.json({ queries: queries.map((q) => ({ ...here(q), href: `${root}queries/${q.name}` })) });
  });

  app.get('/queries/:name', (c: Context) => {
    const query = byName.get(c.req.param('name') ?? '');
    if (!query) return c.text(`no stored query ${c.req.param('name')}; see ${base}queries\n`, 404);
    const values = c.req.query();
    const admitted = admitQuery(query.query, options);
    const offers: Offer[] = admitted.ok ? [...resultOffers(admitted.form), ...(admitted.form === 'SELECT' || admitted.form === 'ASK' ? [{ mediaType: 'text/html' }] : [])] : [];
    // `?format=` names the type outright (a link can say what it wants, a header cannot); else Accept decides, the page last so `*/*` stays SPARQL.
    const format = values.format;
    let accept = c.req.header('accept');
    if (format !== undefined) {
      const named = FORMAT_NAMES[format];
      if (!named || !offers.some((o) => o.mediaType === named.mediaType)) {
        const known = Object.entries(FORMAT_NAMES).filter(([, f]) => offers.some((o) => o.mediaType === f.mediaType)).map(([n]) => n);
        return c.text(`unknown format ${JSON.stringify(format)} for ${query.name}: one of ${known.join(', ')}\n`, 400);
      }
      accept = named.mediaType;
    }
    const wantsPage = negotiate(accept, offers)?.mediaType === 'text/html';
    const bound = bindParams(query, values);
    if (!bound.ok) {
      const message = localise(bound.message, base);
      return wantsPage ? c.html(storedProblemPage(query.name, message, 400, base), 400) : c.text(`${message}\n`, 400);
    }
    if (wantsPage) return answerPage(c, query, bound.bindings, values);
    return answerQuery(c, catalog, { query: query.query, bindings: bound.bindings, stored: query.name }, options, accept);
  });

  /** The answer as a table: the rows as SPARQL JSON, rendered; the formats as links to this same request. */
  const answerPage = async (c: Context, query: StoredQuery, bindings: Record<string, string>, values: Record<string, string>): Promise<Response> => {
    c.header('Vary', 'Accept');
    // A page is read and laid out on the HTTP thread: it shows at most TABLE_ROWS rows (the machine formats give all of them, to the row cap).
    const rowCap = Math.min(options.rowCap ?? DEFAULT_ROW_CAP, TABLE_ROWS);
    const res = await catalog.queries.run({ query: query.query, bindings, stored: query.name, mediaType: 'application/sparql-results+json', timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, rowCap });
    if (res.status === 429) c.header('Retry-After', '1');
    if (res.status !== 200) return c.html(storedProblemPage(query.name, res.body.trim(), res.status, base), res.status as 400);
    const json = JSON.parse(res.body) as { head?: { vars?: string[] }; boolean?: boolean; results?: { bindings: Record<string, ResultTerm>[] } };
    const kept = new URLSearchParams(Object.entries(values).filter(([k]) => k !== 'format'));
    const href = (name: string) => `${root}queries/${query.name}?${new URLSearchParams([...kept, ['format', name]])}`;
    const formats = ['json', 'xml', 'csv', 'tsv'].map((name) => ({ label: FORMAT_NAMES[name]!.label, mediaType: FORMAT_NAMES[name]!.mediaType, href: href(name) }));
    return c.html(
      storedAnswerPage(
        {
          name: query.name,
          description: localise(query.description, base),
          params: query.params.map((p) => [p.name, values[p.name] ?? '']),
          vars: json.head?.vars ?? [],
          rows: json.results?.bindings ?? [],
          boolean: json.boolean,
          truncated: res.truncated,
          formats,
        },
        base,
      ),
    );
  };
}

/** Most rows an answer's HTML table shows. */
const TABLE_ROWS = 1000;

/** What the list page shows of a query: its example values as placeholders, and a link that runs it with them. */
function listed(q: StoredQuery, root: string): ListedQuery {
  const params = q.params.map((p) => ({ ...p, example: exampleValue(p.description) }));
  const complete = params.every((p) => p.example !== undefined);
  const search = new URLSearchParams(params.map((p) => [p.name, p.example!]));
  return { ...q, params, exampleHref: complete ? `${root}queries/${q.name}${params.length ? `?${search}` : ''}` : undefined };
}
