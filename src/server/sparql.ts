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
 *   `X-Catalod-Truncated: true` and `X-Catalod-Row-Cap: N`;
 * - admission (query/admission.ts): no parser runs on this thread; the text is bounded in size
 *   (413) and nesting (400) by one linear pass that also reads its form for negotiation, and a POST
 *   body is cut at four times the size limit while it streams in (413); the worker parses the
 *   query under the deadline. The client's address goes with the request: the worker pool limits
 *   what one client holds (429 when too many of its queries wait).
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
import { admitQuery, DEFAULT_MAX_QUERY_BYTES, type AdmissionLimits } from '../query/admission.js';
import { mediaTypesFor } from '../query/execute.js';
import { bodyLimit } from 'hono/body-limit';
import { FORMATS } from '../writers/index.js';
import { negotiate, notAcceptable, type Offer } from './negotiate.js';
import { serialise, serverContext, syntaxOffers, withCharset } from './rdf.js';
import { endpointFormPage as queryPage } from './pages/endpoint.js';

/** Deadline, row cap and admission limits (size, nesting: see query/admission.ts) for every query. */
export interface QueryLimits extends AdmissionLimits {
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

/**
 * Checks, negotiates and runs one query, and answers it: what `/sparql` and the stored queries share.
 * `accept` stands for the request's header (a stored query's `?format=` names the type instead).
 * @example
 * return answerQuery(c, catalog, { query, defaultGraphs: [], namedGraphs: [] }, { timeoutMs: 5000 });
 */
export async function answerQuery(c: Context, catalog: Catalog, request: Omit<QueryRequest, 'mediaType'>, limits: QueryLimits = {}, accept: string | undefined = c.req.header('accept')): Promise<Response> {
  c.header('Vary', 'Accept');
  // No parser runs on this thread: a linear look bounds the text and reads its form; the worker parses it under the deadline.
  const admitted = admitQuery(request.query, limits);
  if (!admitted.ok) return problem(c, admitted.status, admitted.message);
  const offers = resultOffers(admitted.form);
  const chosen = negotiate(accept, offers);
  if (!chosen) return problem(c, 406, notAcceptable(accept, `A ${admitted.form} query's answer`, offers).trimEnd());
  const rowCap = limits.rowCap ?? DEFAULT_ROW_CAP;
  const response = await catalog.queries.run({
    ...request,
    client: clientOf(c),
    mediaType: chosen.mediaType,
    timeoutMs: limits.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    rowCap,
  });
  if (response.status === 429) c.header('Retry-After', '1');
  if (response.status !== 200) return problem(c, response.status, response.body.trimEnd());
  if (response.truncated) {
    c.header('X-Catalod-Truncated', 'true');
    c.header('X-Catalod-Row-Cap', String(rowCap));
  }
  if (response.elapsedMs !== undefined) c.header('Server-Timing', `query;dur=${response.elapsedMs}`);
  return c.body(response.bytes ?? response.body, 200, { 'Content-Type': withCharset(response.mediaType) });
}

/** The client's address (the per-client share of the query workers is keyed on it); undefined in-process. */
function clientOf(c: Context): string | undefined {
  return (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
}

/**
 * The largest POST body for a query: four times the query limit, as a form's percent-encoding
 * triples a byte at most. Enforced while the body streams in (hono/body-limit), so an endless body
 * is cut at the limit, never buffered whole.
 * @example
 * maxBodyBytes({}); // 1048576
 */
export function maxBodyBytes(limits: AdmissionLimits): number {
  return 4 * (limits.maxQueryBytes ?? DEFAULT_MAX_QUERY_BYTES);
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
  const endpoint = `${options.catalog.base}sparql`;
  const maxBytes = maxBodyBytes(options);
  // `Connection: close`: the rest of an oversized body is not read at all; the socket goes.
  const limitBody = bodyLimit({ maxSize: maxBytes, onError: (c) => c.body(`request body too large: at most ${maxBytes} bytes\n`, 413, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }) });
  const handle = protocolHandler(options, endpoint);
  return async (c: Context) => {
    if (c.req.method !== 'POST') return handle(c);
    let answer: Response | undefined;
    const refused = await limitBody(c, async () => void (answer = await handle(c)));
    return refused ?? answer!;
  };
}

/** The protocol itself, once a POST body is known to be within the limit. */
function protocolHandler(options: SparqlOptions, endpoint: string): (c: Context) => Promise<Response> {
  const { catalog } = options;
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
 * as Comunica would make it; a comment on the default dataset says so. `triples`: the default
 * graph's distinct triples (what `SELECT (COUNT(*) AS ?n) { ?s ?p ?o }` counts), not the quads.
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
  const quads = serviceDescriptionQuads(endpoint, catalog.base, stats.triples);
  const body = await serialise(quads, chosen.syntax, { context: serverContext(), first: endpoint });
  return c.body(body, 200, { 'Content-Type': withCharset(chosen.mediaType) });
}
