/**
 * Runs one SPARQL query with Comunica over an RDF/JS Source and serialises the answer.
 *
 * - The query is checked first (validate.ts): updates and SERVICE never reach the engine.
 * - A dataset (protocol `default-graph-uri`/`named-graph-uri`, else the query's FROM/FROM NAMED)
 *   is applied by a view over the source (`DatasetView`), never by the engine: FROM clauses are
 *   removed from the query text, so no IRI is ever handed to Comunica to dereference, and the
 *   default graph is the RDF merge of the chosen graphs (each triple once).
 * - Parameters (`bindings`) are N-Triples terms passed as Comunica `initialBindings`, never text.
 * - At most `rowCap` rows/quads (default 10,000) are serialised; one more is fetched to tell
 *   whether the answer was cut (`truncated`).
 * - Serialisation is the engine's own, except RDF/XML (src/writers/rdfxml.ts) and ASK as SPARQL
 *   XML, CSV or TSV (see `booleanBody`).
 *
 * - Only valid RDF is answered (valid-terms.ts): a triple with an IRI no syntax can write is left
 *   out of a graph, such a value is left unbound in a row.
 * - The query's own BASE is handed to the engine with its parsed algebra (`baseIRI`), so `IRI("x")`
 *   resolves against it.
 *
 * Status codes: 200; 400 bad query, bad parameter, an error while planning the query, or an
 * evaluation error the query causes (errors.ts: an invalid regular expression…); 403 update; 406
 * a media type the query form cannot be written in; 500 another error while evaluating or
 * serialising (the answer then says `recycle`: the engine may still hold work for it). Deadlines are the runners' business (local.ts, pool.ts); `signal` only stops
 * consuming the result.
 */
import { Readable } from 'node:stream';
import type * as RDF from '@rdfjs/types';
import type { QueryEngine } from '@comunica/query-sparql-rdfjs';
import { BindingsFactory } from '@comunica/utils-bindings-factory';
import { ArrayIterator, wrap } from 'asynciterator';
import { DataFactory, Parser } from 'n3';
import { tripleKey } from '../rdf/triple-key.js';
import sparqljs from 'sparqljs';
import { prefixes as catalodPrefixes } from '../mapping/terms.js';
import { quadsToRdfXml } from '../writers/rdfxml.js';
import type { QueryRequest, QueryResponse } from './types.js';
import type { QueryForm } from './validate.js';
import type { Algebra } from '@comunica/utils-algebra';
import { DIRECT, type TripleSource } from './direct.js';
import { serializeRows } from './results.js';
import { PlanCache } from './plans.js';
import { CompactStore } from '../store/compact/store.js';
import { querySourceContext } from './index/source.js';
import { classifyError, withoutPaths } from './errors.js';
import { validBindings, validQuad } from './valid-terms.js';

export const DEFAULT_ROW_CAP = 10_000;
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Parsed queries by text, per thread (plans.ts). */
const plans = new PlanCache();

/**
 * The status of a query stopped at its deadline: 503 Service Unavailable (the server gave up on
 * the work; retrying later or asking less may succeed), as Fuseki answers a timed-out query.
 * 408 would say the client was too slow to send its request, which is not what happened.
 */
export const DEADLINE_STATUS = 503;

/** The answer for a query stopped at its deadline. */
export function deadlineResponse(timeoutMs: number, elapsedMs: number, queued = false): QueryResponse {
  const wait = queued ? ' while waiting for a free query worker' : '';
  return {
    status: DEADLINE_STATUS,
    mediaType: 'text/plain',
    body: `query stopped: it ran past its deadline of ${timeoutMs / 1000} s${wait}`,
    elapsedMs: Math.round(elapsedMs),
  };
}

/** Result media types for SELECT and ASK. */
export const RESULT_MEDIA_TYPES = ['application/sparql-results+json', 'application/sparql-results+xml', 'text/csv', 'text/tab-separated-values'] as const;
/** Result media types for CONSTRUCT and DESCRIBE. */
export const GRAPH_MEDIA_TYPES = ['text/turtle', 'application/n-triples', 'application/n-quads', 'application/ld+json', 'application/rdf+xml'] as const;

/** The media types a query form can be answered in, preferred first. */
export function mediaTypesFor(form: QueryForm): readonly string[] {
  return form === 'SELECT' || form === 'ASK' ? RESULT_MEDIA_TYPES : GRAPH_MEDIA_TYPES;
}

/** A source as Comunica takes it: `match`, and optionally `countQuads` for join planning. */
export type QuerySource = RDF.Source & {
  countQuads?(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): number | Promise<number>;
};

export interface ExecuteOptions {
  /** Aborting stops consuming the result (best effort: it cannot interrupt synchronous work). */
  signal?: AbortSignal;
}

/** A request error carrying its HTTP status. */
class RequestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Comunica's context key for the Turtle serializer's prefixes (`resultToString` takes no shortcut names). */
const PREFIXES_KEY = '@comunica/bus-rdf-serialize:rdfSerializationPrefixes';

const KIND = { SELECT: 'bindings', ASK: 'boolean', CONSTRUCT: 'quads', DESCRIBE: 'quads' } as const;

/**
 * Makes the answers to one request: 200 in its media type, any other status as plain text, the time since this call.
 * @example
 * const answer = responder(request);
 * return answer(400, 'malformed query: …');
 */
export function responder(request: Pick<QueryRequest, 'mediaType'>): (status: number, body: string, extra?: Partial<QueryResponse>) => QueryResponse {
  const started = performance.now();
  return (status, body, extra = {}) => ({
    status,
    mediaType: status === 200 ? request.mediaType : 'text/plain',
    body,
    elapsedMs: Math.round(performance.now() - started),
    ...extra,
  });
}

/**
 * Runs one query and serialises the answer.
 * @example
 * const res = await executeQuery(new QueryEngine(), new MergedSource(store),
 *   { query: 'ASK { ?s ?p ?o }', mediaType: 'application/sparql-results+json' });
 * // { status: 200, mediaType: 'application/sparql-results+json', body: '{"head":{},"boolean":true}\n', kind: 'boolean', … }
 */
export async function executeQuery(engine: QueryEngine, source: QuerySource, request: QueryRequest, options: ExecuteOptions = {}): Promise<QueryResponse> {
  const started = performance.now();
  const answer = responder(request);

  let direct: QueryResponse | undefined;
  try {
    direct = request.stored ? answerDirectly(source, request) : undefined;
  } catch (error) {
    if (error instanceof RequestError) return answer(error.status, error.message);
    throw error;
  }
  if (direct) return { ...direct, elapsedMs: Math.round(performance.now() - started) };
  const plan = plans.get(request.query);
  const { checked } = plan;
  if (!checked.ok) return answer(checked.status, checked.message);
  const { form, ast } = checked;
  const kind = KIND[form];
  if (!mediaTypesFor(form).includes(request.mediaType)) {
    return answer(406, `a ${form} query cannot be answered as ${request.mediaType}; available: ${mediaTypesFor(form).join(', ')}`);
  }

  let result;
  try {
    const dataset = datasetOf(request, ast.from);
    const bindings = request.bindings && Object.keys(request.bindings).length > 0 ? { initialBindings: parseBindings(request.bindings) } : {};
    let query: string | Algebra.Operation;
    let sources: Record<string, unknown>;
    if (dataset) {
      // FROM is read here and removed from the text (the plan's tree is shared: it is copied, not changed).
      const { from: _from, ...rest } = ast as typeof ast & { from?: unknown };
      query = ast.from ? new sparqljs.Generator().stringify(rest as typeof ast) : request.query;
      sources = { sources: [new DatasetView(source, dataset)] };
    } else {
      query = plan.algebra ?? request.query;
      sources = source instanceof CompactStore ? querySourceContext(source, plan.types!) : { sources: [source] };
    }
    const base = ast.base ? { baseIRI: ast.base } : {};
    result = await engine.query(query as string, { ...sources, readOnly: true, ...bindings, ...base } as Parameters<QueryEngine['query']>[1]);
  } catch (error) {
    if (error instanceof RequestError) return answer(error.status, `query error: ${error.message}`);
    // Planning errors are answered as the query's (400), but one the query did not cause may leave the engine working: the worker goes.
    const engineFailed = classifyError(error).status === 500;
    return answer(400, `query error: ${withoutPaths((error as Error).message)}`, engineFailed ? { recycle: true } : {});
  }

  try {
    const cap = request.rowCap ?? DEFAULT_ROW_CAP;
    if (result.resultType === 'boolean') {
      const value = await result.execute();
      return answer(200, await booleanBody(engine, value, request.mediaType), { kind });
    }
    if (result.resultType === 'bindings') {
      const { variables } = await result.metadata();
      const rows = await collect(await result.execute(), cap + 1, options.signal, validBindings);
      const capped = {
        resultType: 'bindings' as const,
        execute: async () => new ArrayIterator(rows.slice(0, cap), { autoStart: false }),
        metadata: async () => ({ variables: [...variables] }),
      };
      const body = await readAll((await engine.resultToString(capped as never, request.mediaType)).data);
      return answer(200, body, { kind, truncated: rows.length > cap });
    }
    if (result.resultType === 'quads') {
      const quads = await collect(await result.execute(), cap + 1, options.signal, (q) => (validQuad(q) ? q : undefined));
      const truncated = quads.length > cap;
      quads.length = Math.min(quads.length, cap);
      return answer(200, await quadsBody(engine, quads, request.mediaType), { kind, truncated });
    }
    return answer(400, 'query error: not a query');
  } catch (error) {
    if (error instanceof RequestError) return answer(error.status, `query failed: ${error.message}`);
    // An error the query causes stops its evaluation; any other may leave the engine working on, so the worker goes (recycle).
    const { status, message } = classifyError(error);
    return answer(status, message, status === 500 ? { recycle: true } : {});
  }
}

/**
 * Rows (a SELECT answer) in a results media type, as the engine writes them.
 * @example
 * await rowsBody(engine, ['s'], [{ s: namedNode('http://a') }], 'text/csv'); // 's\r\nhttp://a\r\n'
 */
export async function rowsBody(engine: QueryEngine, vars: string[], rows: Record<string, RDF.Term | undefined>[], mediaType: string): Promise<string> {
  const bindings = rows.map((row) => bindingsFactory.bindings(Object.entries(row).filter((e): e is [string, RDF.Term] => !!e[1]).map(([name, term]) => [DataFactory.variable(name), term])));
  const result = {
    resultType: 'bindings' as const,
    execute: async () => new ArrayIterator(bindings, { autoStart: false }),
    metadata: async () => ({ variables: vars.map((name) => DataFactory.variable(name)) }),
  };
  return readAll((await engine.resultToString(result as never, mediaType)).data);
}

/**
 * Quads (a CONSTRUCT or DESCRIBE answer) in an RDF media type, as the engine writes them (catalod's
 * prefixes in Turtle), RDF/XML by catalod's writer.
 * @example
 * await quadsBody(engine, quads, 'text/turtle'); // '@prefix schema: <http://schema.org/>.\n…'
 */
export async function quadsBody(engine: QueryEngine, quads: RDF.Quad[], mediaType: string): Promise<string> {
  if (mediaType === 'application/rdf+xml') return quadsToRdfXml(quads);
  const result = {
    resultType: 'quads' as const,
    execute: async () => new ArrayIterator(quads, { autoStart: false }),
    metadata: async () => ({}),
  };
  return readAll((await engine.resultToString(result as never, mediaType, { [PREFIXES_KEY]: catalodPrefixes() })).data);
}

/**
 * ASK: SPARQL JSON by the engine. SPARQL XML written here: Comunica 5.4's XML serializer asks a
 * boolean result for metadata it does not have, and fails. CSV/TSV as Jena writes them (the
 * CSV/TSV spec has no boolean form): one `_askResult` column.
 */
export async function booleanBody(engine: QueryEngine, value: boolean, mediaType: string): Promise<string> {
  if (mediaType === 'text/csv') return `_askResult\r\n${value}\r\n`;
  if (mediaType === 'text/tab-separated-values') return `?_askResult\n${value}\n`;
  if (mediaType === 'application/sparql-results+xml') {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n  <head/>\n  <boolean>${value}</boolean>\n</sparql>\n`;
  }
  const result = { resultType: 'boolean' as const, execute: async () => value };
  return readAll((await engine.resultToString(result as never, mediaType)).data);
}

// ---------------------------------------------------------------------------------------------
// Dataset: protocol graphs, else FROM / FROM NAMED, as a view that only ever reads local graphs.

interface Dataset {
  defaults: RDF.NamedNode[];
  named: RDF.NamedNode[];
}

/** The dataset the request selects, or undefined for the whole store. The protocol's graphs win over the query's (SPARQL 1.1 Protocol 2.1.4). */
function datasetOf(request: QueryRequest, from: { default: RDF.NamedNode[]; named: RDF.NamedNode[] } | undefined): Dataset | undefined {
  if (request.defaultGraphs?.length || request.namedGraphs?.length) {
    return {
      defaults: (request.defaultGraphs ?? []).map((iri) => DataFactory.namedNode(iri)),
      named: (request.namedGraphs ?? []).map((iri) => DataFactory.namedNode(iri)),
    };
  }
  if (from) return { defaults: from.default ?? [], named: from.named ?? [] };
  return undefined;
}

/**
 * The source seen through a dataset: the default graph is the RDF merge of the `defaults` graphs
 * (each triple once), and only the `named` graphs are named graphs. A graph the store does not
 * hold is simply empty; nothing is ever fetched.
 */
export class DatasetView implements QuerySource {
  private readonly namedKeys: Set<string>;

  constructor(private readonly source: QuerySource, private readonly dataset: Dataset) {
    this.namedKeys = new Set(dataset.named.map((g) => g.value));
  }

  match(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): RDF.Stream<RDF.Quad> {
    return Readable.from(this.quads(s, p, o, g)) as unknown as RDF.Stream<RDF.Quad>;
  }

  async countQuads(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): Promise<number> {
    let n = 0;
    for (const graph of this.graphsFor(g)) {
      if (this.source.countQuads) n += await this.source.countQuads(s, p, o, graph);
      else for await (const _ of iterate(this.source.match(s, p, o, graph))) n++;
    }
    return n;
  }

  /** The local graphs a pattern's graph term reads. */
  private graphsFor(g?: RDF.Term | null): RDF.NamedNode[] {
    if (g?.termType === 'DefaultGraph') return this.dataset.defaults;
    if (g?.termType === 'NamedNode') return this.namedKeys.has(g.value) ? [g] : [];
    if (!g || g.termType === 'Variable') return this.dataset.named;
    return [];
  }

  private async *quads(s?: RDF.Term | null, p?: RDF.Term | null, o?: RDF.Term | null, g?: RDF.Term | null): AsyncGenerator<RDF.Quad> {
    const merge = g?.termType === 'DefaultGraph';
    const seen = new Set<string>();
    for (const graph of this.graphsFor(g)) {
      for await (const q of iterate(this.source.match(s, p, o, graph))) {
        if (!merge) {
          yield q;
          continue;
        }
        const key = tripleKey(q);
        if (seen.has(key)) continue;
        seen.add(key);
        yield DataFactory.quad(q.subject as RDF.Quad_Subject, q.predicate as RDF.Quad_Predicate, q.object as RDF.Quad_Object);
      }
    }
  }
}

/** Any RDF/JS stream (a Node stream, an AsyncIterator, an event emitter) as an async iterable. */
function iterate<T>(stream: RDF.Stream<T & RDF.BaseQuad>): AsyncIterable<T> {
  return wrap(stream as never) as unknown as AsyncIterable<T>;
}

// ---------------------------------------------------------------------------------------------
// Parameters: N-Triples terms → Comunica initialBindings.

const VARNAME = /^[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00B7\u00C0-\uFFFF]*$/u;
const bindingsFactory = new BindingsFactory(DataFactory as never);

/**
 * Parses stored-query parameters, each an N-Triples IRI or literal (`<http://…>`, `"2020"^^<…#gYear>`, `"Smith"@en`).
 * Throws a 400 RequestError naming the parameter when one is not exactly one such term.
 */
export function parseBindings(bindings: Record<string, string>): ReturnType<BindingsFactory['bindings']> {
  const entries: [RDF.Variable, RDF.Term][] = Object.entries(bindings).map(([name, text]) => {
    if (!VARNAME.test(name)) throw new RequestError(400, `parameter name ${JSON.stringify(name)} is not a SPARQL variable name`);
    return [DataFactory.variable(name), parseTerm(name, text)];
  });
  return bindingsFactory.bindings(entries);
}

/**
 * A stored query answered from the index without the engine, when the source can (it reads the
 * merged default graph by `quads`), the query has an executor and no dataset is asked for.
 */
function answerDirectly(source: QuerySource, request: QueryRequest): QueryResponse | undefined {
  const executor = DIRECT[request.stored!];
  if (!executor || !('quads' in source) || request.defaultGraphs?.length || request.namedGraphs?.length) return undefined;
  const params = Object.fromEntries(Object.entries(request.bindings ?? {}).map(([name, text]) => [name, parseTerm(name, text)]));
  const { vars, rows } = executor(source as unknown as TripleSource, params);
  const cap = request.rowCap ?? DEFAULT_ROW_CAP;
  const body = serializeRows(vars, rows.slice(0, cap), request.mediaType);
  if (body === undefined) return undefined;
  return { status: 200, mediaType: request.mediaType, body, kind: 'bindings', truncated: rows.length > cap };
}

/** One N-Triples term: the object of a one-triple document, so a value can never add structure. */
function parseTerm(name: string, text: string): RDF.Term {
  let quads: RDF.Quad[];
  try {
    quads = new Parser({ format: 'application/n-triples' }).parse(`<urn:catalod:s> <urn:catalod:p> ${text} .`);
  } catch (error) {
    throw new RequestError(400, `parameter ${name}: not an N-Triples term: ${(error as Error).message}`);
  }
  const object = quads.length === 1 ? quads[0]!.object : undefined;
  if (!object || (object.termType !== 'NamedNode' && object.termType !== 'Literal')) {
    throw new RequestError(400, `parameter ${name}: expected one IRI (<…>) or literal ("…"), got ${JSON.stringify(text)}`);
  }
  return object;
}

// ---------------------------------------------------------------------------------------------
// Streams.

/** What `collect` needs of Comunica's result streams (asynciterator's AsyncIterator). */
interface ResultStream<T> {
  on(event: 'data', listener: (item: T) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  destroy(): void;
}

/** Up to `limit` items from a result stream, each through `keep` (undefined drops it), then stops it. Rejects when `signal` aborts. */
function collect<T>(stream: ResultStream<T>, limit: number, signal?: AbortSignal, keep: (item: T) => T | undefined = (item) => item): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const items: T[] = [];
    const stop = () => {
      signal?.removeEventListener('abort', onAbort);
      stream.destroy();
    };
    const onAbort = () => {
      stop();
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    if (signal?.aborted) return onAbort();
    // An iterator that ended before anyone listened never says 'end' again (an ORDER BY over an
    // empty input ends while the metadata is read): without this the query runs to its deadline.
    if ((stream as { ended?: boolean }).ended) return resolve(items);
    signal?.addEventListener('abort', onAbort);
    stream.on('data', (received: T) => {
      const item = keep(received);
      if (item === undefined) return;
      items.push(item);
      if (items.length >= limit) {
        stop();
        resolve(items);
      }
    });
    stream.on('end', () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(items);
    });
    stream.on('error', (error: Error) => {
      stop();
      reject(error);
    });
  });
}

/** A serializer's text stream, whole (chunks joined as bytes, so no character is split). */
function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer | string) => chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}
