/**
 * A query for the store outside (`serve --store`), after catalod's own checks, and its answer
 * written as the embedded index would write it. Runs on a query worker (remote-worker.ts), under
 * the pool's deadline, so neither the parse nor the answer's parse ever runs on the HTTP thread.
 *
 * - parse and check as the embedded endpoint does (validate.ts): malformed 400, updates 403,
 *   SERVICE 400; the text sent is sparqljs's rewrite of the parse, so nothing but standard SPARQL
 *   (no vendor pragma, no `define`) reaches the store;
 * - the dataset: protocol graphs win over FROM / FROM NAMED; only local graphs (under the base)
 *   are kept, any other is replaced by a graph that cannot exist, so it is empty as it is in the
 *   embedded index, and no store is ever asked to fetch it;
 * - stored query parameters are put in place of their variable everywhere (as the engine's
 *   initial bindings are), and a projected one is projected as `(term AS ?var)`;
 * - DESCRIBE is sent as the CONSTRUCT of each described resource's own statements, what the
 *   embedded engine answers (stores differ on DESCRIBE);
 * - the row cap goes as a LIMIT of one more row than the cap, so a cut answer is known as cut;
 * - the answer is read as SPARQL JSON (SELECT, ASK) or N-Triples (CONSTRUCT) and written in the
 *   negotiated format by the same serialisers as the embedded mode.
 */
import type * as RDF from '@rdfjs/types';
import { DataFactory, Parser } from 'n3';
import sparqljs from 'sparqljs';
import { checkQuery, type QueryForm } from '../query/validate.js';
import { DEADLINE_STATUS, DEFAULT_ROW_CAP, mediaTypesFor, responder } from '../query/execute.js';
import type { AnswerWriter } from '../query/answer-writer.js';
import type { Row } from '../query/results.js';
import type { QueryRequest, QueryResponse } from '../query/types.js';
import { StoreClient, StoreRequestError, StoreUnavailableError } from './client.js';
import { preamble, type Dialect } from './dialect.js';

const { namedNode, variable, literal, blankNode } = DataFactory;

export interface ForwardSettings {
  /** The catalogue's base: graphs under it are local. */
  base: string;
  /** What the store needs beyond the standard (dialect.ts). */
  dialect?: Dialect;
}

const VARNAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const XSD_BOOLEAN = 'http://www.w3.org/2001/XMLSchema#boolean';

/**
 * Checks, rewrites and sends one query; the answer in `request.mediaType`.
 * @example
 * await forwardQuery(new AnswerWriter(), client, { query: 'ASK { ?s ?p ?o }', mediaType: 'application/sparql-results+json' }, { base });
 * // { status: 200, body: '{"head":{},"boolean":true}\n', kind: 'boolean', … }
 */
export async function forwardQuery(writer: AnswerWriter, client: StoreClient, request: QueryRequest, settings: ForwardSettings): Promise<QueryResponse> {
  const answer = responder(request);
  const cap = request.rowCap ?? DEFAULT_ROW_CAP;
  const made = prepare(request, settings, cap);
  if ('status' in made) return answer(made.status, made.message);
  const { form, text } = made;
  if (!mediaTypesFor(form).includes(request.mediaType)) return answer(406, `a ${form} query cannot be answered as ${request.mediaType}; available: ${mediaTypesFor(form).join(', ')}`);
  const timeoutMs = request.timeoutMs ?? 30_000;
  let response: Response;
  try {
    // The store's own timeout (Virtuoso's `timeout`, in ms) too: it stops working when catalod stops waiting.
    response = await client.query(text, form === 'SELECT' || form === 'ASK' ? 'application/sparql-results+json' : 'application/n-triples', {
      signal: AbortSignal.timeout(timeoutMs),
      params: { timeout: String(timeoutMs) },
    });
    // Virtuoso's "anytime" answer: cut at its timeout, sent as if whole. Never passed on as an answer.
    if (/S1TAT/.test(response.headers.get('x-sql-state') ?? '')) return answer(DEADLINE_STATUS, `query stopped at its deadline (${timeoutMs} ms)`);
    if (form === 'ASK' || form === 'SELECT') {
      const json = (await response.json()) as SparqlJson;
      if (form === 'ASK') return answer(200, await writer.boolean(json.boolean === true, request.mediaType), { kind: 'boolean' });
      const vars = json.head?.vars ?? [];
      const rows = (json.results?.bindings ?? []).map(rowOf);
      return answer(200, await writer.rows(vars, rows.slice(0, cap), request.mediaType), { kind: 'bindings', truncated: rows.length > cap });
    }
    const quads = dedupe(new Parser({ format: 'application/n-triples' }).parse(await response.text()));
    const truncated = quads.length > cap;
    quads.length = Math.min(quads.length, cap);
    return answer(200, await writer.quads(quads, request.mediaType), { kind: 'quads', truncated });
  } catch (error) {
    if ((error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError') return answer(DEADLINE_STATUS, `query stopped at its deadline (${timeoutMs} ms)`);
    if (error instanceof StoreUnavailableError) return answer(503, `the SPARQL store is unavailable (${error.message}); try again later`);
    if (error instanceof StoreRequestError) return answer(error.status === 400 ? 400 : 502, `the SPARQL store refused the query: ${error.message}`);
    return answer(502, `the SPARQL store's answer could not be read: ${(error as Error).message}`);
  }
}

type Prepared = { form: QueryForm; text: string } | { status: number; message: string };

/** Texts made for recent requests: a stored query asked again with the same parameters is parsed and rewritten once. */
const prepared = new Map<string, Prepared>();
const PREPARED_KEEP = 500;

/** The text to send for a request (checked and rewritten), or why it is refused; kept for the next identical request. */
function prepare(request: QueryRequest, settings: ForwardSettings, cap: number): Prepared {
  const key = JSON.stringify([request.query, request.bindings, request.defaultGraphs, request.namedGraphs, cap]);
  let made = prepared.get(key);
  if (made) return made;
  const checked = checkQuery(request.query);
  if (!checked.ok) made = { status: checked.status, message: checked.message };
  else {
    try {
      const query = checked.ast as Query;
      const text = rewrite(query, request, settings, cap);
      made = { form: checked.form, text: preamble(settings.dialect, !!query.from) + text };
    } catch (error) {
      made = { status: 400, message: `query error: ${(error as Error).message}` };
    }
  }
  if (prepared.size >= PREPARED_KEEP) prepared.delete(prepared.keys().next().value!);
  prepared.set(key, made);
  return made;
}

type Query = sparqljs.SelectQuery | sparqljs.ConstructQuery | sparqljs.AskQuery | sparqljs.DescribeQuery;

/** The query as it goes to the store (see the header). */
export function rewrite(ast: Query, request: QueryRequest, settings: ForwardSettings, cap: number): string {
  let query = ast; // a fresh parse per request (checkQuery): changed in place
  setDataset(query, request, settings.base);
  if (request.bindings && Object.keys(request.bindings).length) query = bind(query, parseBindings(request.bindings));
  if (query.queryType === 'DESCRIBE') query = describeAsConstruct(query);
  query = onlyRecordGraphs(query, recordGraphPrefix(settings.base));
  if (query.queryType !== 'ASK') {
    const limited = query as { limit?: number };
    limited.limit = Math.min(limited.limit ?? Infinity, cap + 1);
  }
  return new sparqljs.Generator().stringify(query as sparqljs.SparqlQuery);
}

/** Where record graphs are: the only graphs a query may see as named graphs. */
const recordGraphPrefix = (base: string) => `${base}record/`;

/**
 * Every `GRAPH ?g { … }` as `{ GRAPH ?g { … } FILTER(STRSTARTS(STR(?g), "…/record/")) }`, and a
 * `GRAPH <iri>` of anything but a record graph as a graph that cannot exist: the named graphs are
 * the record graphs, as in the embedded index, whatever else the store holds (its own graphs, the
 * merged graph of dialect.ts, another application's data).
 */
function onlyRecordGraphs<Q extends Query>(query: Q, prefix: string): Q {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object' || 'termType' in node) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = walk(value);
    if (out.type !== 'graph') return out;
    const name = out.name as RDF.Term;
    if (name.termType === 'NamedNode') return name.value.startsWith(prefix) ? out : { ...out, name: namedNode(`${prefix}.no-such-graph`) };
    const inRecords = { type: 'operation', operator: 'strstarts', args: [{ type: 'operation', operator: 'str', args: [name] }, literal(prefix)] };
    return { type: 'group', patterns: [out, { type: 'filter', expression: inRecords }] };
  };
  return walk(query) as Q;
}

/** Protocol graphs, else FROM / FROM NAMED, each kept only when local. */
function setDataset(query: Query, request: QueryRequest, base: string): void {
  const asked = request.defaultGraphs?.length || request.namedGraphs?.length
    ? { default: (request.defaultGraphs ?? []).map((g) => namedNode(g)), named: (request.namedGraphs ?? []).map((g) => namedNode(g)) }
    : query.from;
  if (!asked) return;
  const none = namedNode(`${base}.well-known/catalod/no-such-graph`);
  const local = (graphs: RDF.NamedNode[] = []) => {
    const kept = graphs.filter((g) => g.value.startsWith(base));
    return kept.length || !graphs.length ? kept : [none];
  };
  query.from = { default: local(asked.default), named: local(asked.named) };
  // A dataset asked for with no default graph at all: the default graph is empty (as in the embedded index).
  if (!query.from.default.length && query.from.named.length) query.from.default = [none];
}

/** Parameters as terms (N-Triples, one term each). */
function parseBindings(bindings: Record<string, string>): Map<string, RDF.Term> {
  const out = new Map<string, RDF.Term>();
  for (const [name, text] of Object.entries(bindings)) {
    if (!VARNAME.test(name)) throw new Error(`parameter name ${JSON.stringify(name)} is not a SPARQL variable name`);
    let quads: RDF.Quad[];
    try {
      quads = new Parser({ format: 'application/n-triples' }).parse(`<urn:catalod:s> <urn:catalod:p> ${text} .`);
    } catch (error) {
      throw new Error(`parameter ${name}: not an N-Triples term: ${(error as Error).message}`);
    }
    if (quads.length !== 1) throw new Error(`parameter ${name}: not one N-Triples term`);
    out.set(name, quads[0]!.object);
  }
  return out;
}

/** The query with each bound variable replaced by its term; a projected one becomes `(term AS ?var)`. */
function bind(query: Query, terms: Map<string, RDF.Term>): Query {
  const walk = (node: unknown, projection = false): unknown => {
    if (Array.isArray(node)) {
      return node.map((n) => {
        if (projection && isVar(n) && terms.has(n.value)) return { expression: terms.get(n.value), variable: variable(n.value) };
        return walk(n);
      });
    }
    if (node === null || typeof node !== 'object') return node;
    if (isVar(node)) return terms.get(node.value) ?? node;
    if ('termType' in node) return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'variable' && isVar(value)) out[key] = value; // (expr AS ?v), GROUP BY … AS ?v: the name stays
      else out[key] = walk(value, key === 'variables' && (node as { type?: string }).type === 'query');
    }
    return out;
  };
  return walk(query) as Query;
}

function isVar(node: unknown): node is RDF.Variable {
  return typeof node === 'object' && node !== null && (node as RDF.Term).termType === 'Variable';
}

/** DESCRIBE x y … WHERE {…} → CONSTRUCT { x ?p0 ?o0 . y ?p1 ?o1 } WHERE { {…} { x ?p0 ?o0 } UNION { y ?p1 ?o1 } }. */
function describeAsConstruct(query: sparqljs.DescribeQuery): sparqljs.ConstructQuery {
  const described = (query.variables as (RDF.Term | sparqljs.Wildcard)[]).map((v, i) => ({ term: v as RDF.Term, i }));
  if (described.some((d) => (d.term.termType as string) === 'Wildcard')) throw new Error('DESCRIBE * is not supported in front of a store: name the resources or variables');
  const triple = (d: { term: RDF.Term; i: number }) => ({ subject: d.term, predicate: variable(`catalod_p${d.i}`), object: variable(`catalod_o${d.i}`) }) as sparqljs.Triple;
  const branches = described.map((d) => ({ type: 'group', patterns: [{ type: 'bgp', triples: [triple(d)] }] }));
  const where: sparqljs.Pattern[] = [...(query.where ?? []), (branches.length === 1 ? branches[0] : { type: 'union', patterns: branches }) as sparqljs.Pattern];
  const { variables: _v, queryType: _q, ...rest } = query;
  return { ...rest, queryType: 'CONSTRUCT', template: described.map(triple), where } as sparqljs.ConstructQuery;
}

interface JsonTerm {
  type: string;
  value: string;
  datatype?: string;
  'xml:lang'?: string;
}
export interface SparqlJson {
  head?: { vars?: string[] };
  boolean?: boolean;
  results?: { bindings?: Record<string, JsonTerm>[] };
}

/** A SPARQL JSON row as terms (`typed-literal`, Virtuoso's older spelling, read as `literal`). */
export function rowOf(binding: Record<string, JsonTerm>): Row {
  const row: Row = {};
  for (const [name, t] of Object.entries(binding)) {
    if (t.type === 'uri') row[name] = namedNode(t.value);
    else if (t.type === 'bnode') row[name] = blankNode(t.value.replace(/^nodeID:\/\//, ''));
    else if (t.datatype === XSD_BOOLEAN && (t.value === '1' || t.value === '0')) row[name] = literal(t.value === '1' ? 'true' : 'false', namedNode(XSD_BOOLEAN)); // Virtuoso writes booleans as 1/0
    else row[name] = t['xml:lang'] ? literal(t.value, t['xml:lang']) : literal(t.value, t.datatype ? namedNode(t.datatype) : undefined);
  }
  return row;
}

/** Each triple once (a CONSTRUCT's answer is a set). */
function dedupe(quads: RDF.Quad[]): RDF.Quad[] {
  const seen = new Set<string>();
  return quads.filter((q) => {
    const key = `${q.subject.termType}${q.subject.value} ${q.predicate.value} ${q.object.termType}${q.object.value}${(q.object as RDF.Literal).language ?? ''}${(q.object as RDF.Literal).datatype?.value ?? ''}`;
    return !seen.has(key) && (seen.add(key), true);
  });
}
