/**
 * The SPARQL 1.1 Protocol at `/sparql` (https://www.w3.org/TR/sparql11-protocol/):
 *
 * - query via GET (`?query=`), via POST form (`application/x-www-form-urlencoded`, `query=`) and
 *   via POST directly (`application/sparql-query`); `default-graph-uri` and `named-graph-uri`,
 *   repeatable, in the URL (GET, direct POST) or the form;
 * - results negotiated from `Accept` for the query form: SELECT/ASK as SPARQL JSON (default),
 *   SPARQL XML, CSV, TSV; CONSTRUCT/DESCRIBE as Turtle (default), N-Triples, N-Quads, JSON-LD,
 *   RDF/XML; 406 (listing them) when none is acceptable;
 * - 400 with the parser's message for a malformed query, for SERVICE (catalod never makes an
 *   outbound request), for a missing or repeated `query`; 415 for another request body type;
 * - updates (`update=` in a form or the URL, `application/sparql-update`, or update syntax as a
 *   query) are refused with **403 Forbidden**: the endpoint exists but is read-only;
 * - a deadline (`timeoutMs`) and a row cap (`rowCap`); a cut answer carries
 *   `X-Catalod-Truncated: true` and `X-Catalod-Row-Cap: N`.
 *
 * GET with no query answers the SPARQL 1.1 Service Description (RDF, negotiated) or, for
 * browsers, a page with a query form that works without JavaScript.
 */
import type { Context, Handler } from 'hono';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Catalog } from '../catalog.js';
import type { QueryRequest } from '../query/types.js';
import type { QueryForm } from '../query/validate.js';
import { PlanCache } from '../query/plans.js';
import { mediaTypesFor } from '../query/execute.js';
import { FORMATS } from '../writers/index.js';
import { negotiate, notAcceptable, type Offer } from './negotiate.js';
import { serialise, serverContext, syntaxOffers, withCharset } from './rdf.js';
import { attr, escapeHtml, page } from './html.js';

/** Deadline and row cap for every query. */
export interface QueryLimits {
  /** Milliseconds a query may run (default 30,000). */
  timeoutMs?: number;
  /** At most this many rows or quads (default 10,000). */
  rowCap?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_ROW_CAP = 10_000;

const F = 'http://www.w3.org/ns/formats/';
/** Format IRIs of the SPARQL result formats (the format table has the RDF ones). */
const RESULT_FORMAT_IRIS: Record<string, string> = {
  'application/sparql-results+json': `${F}SPARQL_Results_JSON`,
  'application/sparql-results+xml': `${F}SPARQL_Results_XML`,
  'text/csv': `${F}SPARQL_Results_CSV`,
  'text/tab-separated-values': `${F}SPARQL_Results_TSV`,
};

/** Other names clients use for the result types. */
const ALIASES: Record<string, string[]> = {
  'application/sparql-results+json': ['application/json'],
  'application/sparql-results+xml': ['application/xml', 'text/xml'],
  'text/turtle': ['application/x-turtle'],
  'application/ld+json': ['application/json'],
};

/**
 * The result media types of a query form, preferred first, as negotiation offers.
 * @example
 * resultOffers('ASK')[0].mediaType; // 'application/sparql-results+json'
 */
export function resultOffers(form: QueryForm): Offer[] {
  return mediaTypesFor(form).map((mediaType) => ({ mediaType, aliases: ALIASES[mediaType] }));
}

/**
 * The format IRI of a result media type, for the service description.
 * @example
 * resultFormatIri('text/csv'); // 'http://www.w3.org/ns/formats/SPARQL_Results_CSV'
 */
export function resultFormatIri(mediaType: string): string | undefined {
  return RESULT_FORMAT_IRIS[mediaType] ?? FORMATS.find((f) => f.mediaType === mediaType)?.formatIri;
}

/** A plain-text error answer. */
function problem(c: Context, status: number, message: string): Response {
  return c.body(`${message}\n`, status as never, { 'Content-Type': 'text/plain; charset=utf-8' });
}

/** Checked queries by text: stored queries and repeated requests are not parsed again on this thread. */
const checkedQueries = new PlanCache(500, { algebra: false });

/**
 * Checks, negotiates and runs one query, and answers it: what `/sparql` and the stored queries share.
 * @example
 * return answerQuery(c, catalog, { query, defaultGraphs: [], namedGraphs: [] }, { timeoutMs: 5000 });
 */
export async function answerQuery(c: Context, catalog: Catalog, request: Omit<QueryRequest, 'mediaType'>, limits: QueryLimits = {}): Promise<Response> {
  c.header('Vary', 'Accept');
  const { checked } = checkedQueries.get(request.query);
  if (!checked.ok) return problem(c, checked.status, checked.message);
  const offers = resultOffers(checked.form);
  const accept = c.req.header('accept');
  const chosen = negotiate(accept, offers);
  if (!chosen) return problem(c, 406, notAcceptable(accept, `A ${checked.form} query's answer`, offers).trimEnd());
  const rowCap = limits.rowCap ?? DEFAULT_ROW_CAP;
  const response = await catalog.queries.run({
    ...request,
    mediaType: chosen.mediaType,
    timeoutMs: limits.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    rowCap,
  });
  if (response.status !== 200) return problem(c, response.status, response.body.trimEnd());
  if (response.truncated) {
    c.header('X-Catalod-Truncated', 'true');
    c.header('X-Catalod-Row-Cap', String(rowCap));
  }
  if (response.elapsedMs !== undefined) c.header('Server-Timing', `query;dur=${response.elapsedMs}`);
  return c.body(response.bytes ?? response.body, 200, { 'Content-Type': withCharset(response.mediaType) });
}

/** The parameters of a protocol request, from the URL and (for a form POST) the body. */
interface ProtocolParams {
  query: string[];
  update: string[];
  defaultGraphs: string[];
  namedGraphs: string[];
}

function paramsOf(...sources: URLSearchParams[]): ProtocolParams {
  const all = (name: string) => sources.flatMap((s) => s.getAll(name));
  return { query: all('query'), update: all('update'), defaultGraphs: all('default-graph-uri'), namedGraphs: all('named-graph-uri') };
}

export interface SparqlOptions extends QueryLimits {
  catalog: Catalog;
}

/**
 * `GET /sparql` and `POST /sparql`.
 * @example
 * app.on(['GET', 'POST'], '/sparql', sparqlHandler({ catalog, timeoutMs: 5000, rowCap: 1000 }));
 */
export function sparqlHandler(options: SparqlOptions): Handler {
  const { catalog } = options;
  const endpoint = `${catalog.base}sparql`;
  return async (c: Context) => {
    const url = new URL(c.req.url).searchParams;
    let params: ProtocolParams;
    if (c.req.method === 'POST') {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type === 'application/x-www-form-urlencoded') params = paramsOf(url, new URLSearchParams(await c.req.text()));
      else if (type === 'application/sparql-query') params = { ...paramsOf(url), query: [await c.req.text()] };
      else if (type === 'application/sparql-update') return problem(c, 403, 'this endpoint is read-only: SPARQL updates are refused');
      else return problem(c, 415, `unsupported request body ${type || '(none)'}: send application/x-www-form-urlencoded (query=…) or application/sparql-query`);
    } else {
      params = paramsOf(url);
      if (!params.query.length && !params.update.length && ![...url.keys()].length) return serviceDescription(c, catalog, endpoint);
    }
    if (params.update.length) return problem(c, 403, 'this endpoint is read-only: SPARQL updates are refused');
    if (params.query.length !== 1) return problem(c, 400, params.query.length ? 'exactly one query parameter, please' : 'missing query: send ?query=… (or POST a form or application/sparql-query)');
    return answerQuery(c, catalog, { query: params.query[0]!, defaultGraphs: params.defaultGraphs, namedGraphs: params.namedGraphs }, options);
  };
}

const SD = 'http://www.w3.org/ns/sparql-service-description#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDFS_COMMENT = 'http://www.w3.org/2000/01/rdf-schema#comment';
const DCT = 'http://purl.org/dc/terms/';

/**
 * The service description's triples (`serviceDescriptionQuads('http://localhost:3000/sparql', 'http://localhost:3000/')`). No `sd:UnionDefaultGraph`: the default graph is the RDF
 * merge of the record graphs (a triple several records state appears once), not their union
 * as Comunica would make it; a comment on the default dataset says so.
 */
export function serviceDescriptionQuads(endpoint: string, base: string, triples?: number): RDF.Quad[] {
  const { namedNode: n, literal: l, blankNode: b, quad } = DataFactory;
  const service = n(endpoint);
  const dataset = b('dataset');
  const graph = b('defaultGraph');
  const formats = [...new Set([...mediaTypesFor('SELECT'), ...mediaTypesFor('CONSTRUCT')].map(resultFormatIri).filter((x): x is string => !!x))];
  const quads = [
    quad(service, n(RDF_TYPE), n(`${SD}Service`)),
    quad(service, n(`${SD}endpoint`), service),
    quad(service, n(`${SD}supportedLanguage`), n(`${SD}SPARQL11Query`)),
    ...formats.map((f) => quad(service, n(`${SD}resultFormat`), n(f))),
    quad(service, n(`${DCT}title`), l('catalod SPARQL endpoint')),
    quad(service, n(RDFS_COMMENT), l('Read-only: updates are refused (403) and SERVICE is refused (400); catalod never makes outbound requests.')),
    quad(service, n(`${SD}defaultDataset`), dataset),
    quad(dataset, n(RDF_TYPE), n(`${SD}Dataset`)),
    quad(dataset, n(RDFS_COMMENT), l(`Each catalogue record's triples are in its own named graph, named by the record's IRI (${base}record/<id>). The default graph is the RDF merge of all record graphs: a triple stated by several records is in it once.`)),
    quad(dataset, n(`${SD}defaultGraph`), graph),
    quad(graph, n(RDF_TYPE), n(`${SD}Graph`)),
  ];
  if (triples !== undefined) quads.push(quad(graph, n('http://rdfs.org/ns/void#triples'), l(String(triples), n('http://www.w3.org/2001/XMLSchema#integer'))));
  return quads;
}

/** GET /sparql without a query: the service description, or a query form for browsers. */
async function serviceDescription(c: Context, catalog: Catalog, endpoint: string): Promise<Response> {
  c.header('Vary', 'Accept');
  const offers = [...syntaxOffers(), { syntax: 'html' as const, mediaType: 'text/html', extension: '.html', label: 'HTML' }];
  const accept = c.req.header('accept');
  const chosen = negotiate(accept, offers);
  if (!chosen) return problem(c, 406, notAcceptable(accept, 'The service description', offers).trimEnd());
  if (chosen.syntax === 'html') return c.html(queryPage(catalog.base));
  const stats = catalog.stats();
  const quads = serviceDescriptionQuads(endpoint, catalog.base, stats.triples ?? stats.quads);
  const body = await serialise(quads, chosen.syntax, { context: serverContext(), first: endpoint });
  return c.body(body, 200, { 'Content-Type': withCharset(chosen.mediaType) });
}

const EXAMPLE = `PREFIX schema: <http://schema.org/>
SELECT ?work ?title WHERE {
  ?work a schema:ScholarlyArticle ; schema:name ?title .
}
LIMIT 10`;

/** A query form that GETs /sparql: works without JavaScript. */
function queryPage(base: string): string {
  const root = new URL(base).pathname;
  const body = `<h1>SPARQL endpoint</h1>
<p>Query the catalogue with <a href="https://www.w3.org/TR/sparql11-query/">SPARQL 1.1</a>. The default graph is the merge of every record's graph; each record's graph is named by its IRI.</p>
<form method="get" action="${attr(root)}sparql">
<p><label for="query">Query</label><br>
<textarea id="query" name="query" rows="12" cols="80" spellcheck="false">${escapeHtml(EXAMPLE)}</textarea></p>
<p><button type="submit">Run query</button></p>
</form>
<p>Results come as SPARQL JSON unless your client asks (with <code>Accept</code>) for SPARQL XML, CSV or TSV; CONSTRUCT and DESCRIBE as Turtle, N-Triples, N-Quads, JSON-LD or RDF/XML. See also the <a href="${attr(root)}queries">stored queries</a>.</p>`;
  return page({ title: 'SPARQL endpoint', body, root });
}
