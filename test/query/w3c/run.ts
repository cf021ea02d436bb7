/**
 * Runs one W3C evaluation test on two sides over the same data:
 *
 * - catalod: the data in a CompactStore, one graph per file named by its W3C IRI, and the query
 *   through `executeQuery` (LocalRunner), exactly as a worker answers the server: the index as
 *   Comunica's source with pushdown, and the answer serialised and read back. The catalogue's
 *   default graph is the merge of its graphs, so a test with named graphs (or a GRAPH pattern)
 *   names its dataset as a client would, with the protocol's `default-graph-uri` (its qt:data)
 *   and `named-graph-uri` (its qt:graphData); a query with FROM names its own.
 * - Comunica alone: `@comunica/query-sparql-rdfjs` over an n3 Store holding qt:data in the
 *   default graph and qt:graphData (and what FROM names) as named graphs.
 *
 * The query's base is its W3C IRI (a `BASE` line put before its text), as the suites assume.
 */
import type * as RDF from '@rdfjs/types';
import { QueryEngine } from '@comunica/query-sparql-rdfjs';
import { DataFactory, Parser, Store } from 'n3';
import type sparqljs from 'sparqljs';
import { checkQuery } from '../../../src/query/validate.js';
import { executeQuery } from '../../../src/query/execute.js';
import { CompactStore } from '../../../src/store/compact/store.js';
import { asCsv, parseCsv, parseSrj, parseTsv, readExpected, type Answer } from './results.js';
import { difference, type CompareOptions } from './compare.js';
import { localPath, readRdf, readSuiteFile, type W3cTest } from './suite.js';

/** Per query, on each side. */
const DEADLINE_MS = 10_000;

/** What one side did with a test. */
export interface Outcome {
  pass: boolean;
  /** Why it failed (error or difference). */
  detail?: string;
}

/** A test read and ready to run: query text, data by file, expected answer. */
export interface Prepared {
  test: W3cTest;
  query: string;
  form: string;
  expected: Answer;
  compare: CompareOptions;
  /** Quads per file IRI (every file the test or its FROM names). */
  files: Map<string, RDF.Quad[]>;
  /** The dataset given by protocol parameters on catalod's side, if any. */
  dataset?: { defaultGraphs: string[]; namedGraphs: string[] };
  /** catalod answers through its dataset view (protocol graphs or FROM), not the index as the engine's source. */
  viaDatasetView: boolean;
  /** The answer's media type on both sides. */
  mediaType: string;
}

/** Reads a test's query, data and expected answer. */
export async function prepare(test: W3cTest): Promise<Prepared> {
  const query = `BASE <${test.query}>\n${readSuiteFile(test.query)}`;
  const ast = parsed(query);
  const from = [...(ast.from?.default ?? []), ...(ast.from?.named ?? [])].map((t) => t.value);
  const files = new Map<string, RDF.Quad[]>();
  for (const iri of [...test.data, ...test.graphData, ...from]) if (!files.has(iri) && localPath(iri)) files.set(iri, await readRdf(iri));
  const needsDataset = from.length === 0 && (test.graphData.length > 0 || /\bGRAPH\b/i.test(readSuiteFile(test.query)));
  const form = ast.queryType;
  const expected = await readExpected(test.result);
  return {
    test,
    query,
    form,
    expected,
    compare: { ordered: orderOf(ast).length > 0, orderKeys: orderKeys(ast), lax: test.laxCardinality },
    files,
    dataset: needsDataset ? { defaultGraphs: test.data, namedGraphs: test.graphData } : undefined,
    viaDatasetView: needsDataset || from.length > 0,
    mediaType: mediaTypeFor(form, test.result),
  };
}

/**
 * The query as the server's gate parses it (validate.ts, which works around sparqljs' faults); a
 * query it refuses still runs on both sides (it fails on catalod's), read here for its form only.
 */
function parsed(query: string): sparqljs.Query {
  const checked = checkQuery(query);
  if (checked.ok) return checked.ast;
  const form = /\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(query.replace(/<[^>]*>/g, ''))?.[1]?.toUpperCase() ?? 'SELECT';
  return { type: 'query', queryType: form, prefixes: {} } as sparqljs.Query;
}

/** The query's ORDER BY (CONSTRUCT has one too, though sparqljs' types say otherwise). */
function orderOf(ast: sparqljs.Query): sparqljs.Ordering[] {
  return (ast as sparqljs.SelectQuery).order ?? [];
}

/** ORDER BY keys that are plain variables. */
function orderKeys(ast: sparqljs.Query): string[] {
  return orderOf(ast).map((o) => (o.expression as RDF.Term).termType === 'Variable' ? (o.expression as RDF.Term).value : '').filter(Boolean);
}

/** The format answers are asked in: the expected file's, where it is one a server writes (CSV, TSV), else JSON or N-Triples. */
function mediaTypeFor(form: string, result: string): string {
  if (form === 'CONSTRUCT' || form === 'DESCRIBE') return 'application/n-triples';
  if (form === 'SELECT' && result.endsWith('.csv')) return 'text/csv';
  if (form === 'SELECT' && result.endsWith('.tsv')) return 'text/tab-separated-values';
  return 'application/sparql-results+json';
}

/** An answer body read back. */
function readBody(body: string, mediaType: string): Answer {
  if (mediaType === 'text/csv') return asCsv(parseCsv(body));
  if (mediaType === 'text/tab-separated-values') return parseTsv(body);
  if (mediaType === 'application/n-triples') return { kind: 'graph', quads: new Parser({ format: 'application/n-triples' }).parse(body) };
  return parseSrj(body);
}

/** The expected answer as the media type can say it (CSV loses term kinds). */
function expectedAs(p: Prepared): Answer {
  return p.mediaType === 'text/csv' ? asCsv(p.expected) : p.expected;
}

/** Judges an answer against the expected one. */
function judge(p: Prepared, answer: Answer): Outcome {
  const detail = difference(expectedAs(p), answer, p.compare);
  return detail ? { pass: false, detail } : { pass: true };
}

/** One engine per side, as a query worker keeps one (a new engine pays Comunica's warm-up again). */
const engine = new QueryEngine();
const catalodEngine = new QueryEngine();

/** Runs the test the way a query worker answers the server: CompactStore, pushdown, executeQuery. */
export async function runCatalod(p: Prepared): Promise<Outcome> {
  const store = new CompactStore();
  for (const [iri, quads] of p.files) store.replaceGraph(DataFactory.namedNode(iri), quads);
  store.index(true);
  try {
    const response = await withDeadline(executeQuery(catalodEngine, store, { query: p.query, mediaType: p.mediaType, rowCap: 1_000_000, ...p.dataset }));
    if (response.status !== 200) return { pass: false, detail: `${response.status}: ${response.body.slice(0, 300)}` };
    return judge(p, readBody(response.body, p.mediaType));
  } catch (error) {
    return { pass: false, detail: `threw: ${(error as Error).message}` };
  }
}

/** Runs the test on Comunica alone over an n3 Store. */
export async function runComunica(p: Prepared): Promise<Outcome> {
  const store = new Store();
  const { namedNode, quad, defaultGraph } = DataFactory;
  for (const [iri, quads] of p.files) {
    const inDefault = p.test.data.includes(iri);
    const graphs = [...(inDefault ? [defaultGraph()] : []), ...(!inDefault || p.test.graphData.includes(iri) ? [namedNode(iri)] : [])];
    for (const g of graphs) for (const q of quads) store.addQuad(quad(q.subject, q.predicate, q.object, g));
  }
  try {
    const run = (async () => {
      const result = await engine.query(p.query, { sources: [store] });
      const { data } = await engine.resultToString(result, p.mediaType);
      return readBody(await text(data), p.mediaType);
    })();
    return judge(p, await withDeadline(run));
  } catch (error) {
    return { pass: false, detail: `threw: ${(error as Error).message}` };
  }
}

/** A stream's text. */
function text(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer | string) => chunks.push(typeof c === 'string' ? Buffer.from(c) : c));
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}

/** Rejects past the deadline (the work itself may go on: Comunica cannot be stopped). */
function withDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${DEADLINE_MS / 1000} s`)), DEADLINE_MS)));
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
