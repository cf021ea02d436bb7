/**
 * The W3C SPARQL 1.0/1.1 query-evaluation suites, read from their manifests. The suites live
 * outside the repository (`../shared/w3c-sparql-tests/`, or `CATALOD_W3C_TESTS`); manifests and
 * results name files by W3C IRIs, mapped here to that folder. Files are parsed with their W3C IRI
 * as base, so relative IRIs in data and queries come out as the suites' expected results have them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type * as RDF from '@rdfjs/types';
import { Parser } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { ROOT } from '../../helpers.js';

/** Where the suites are: `CATALOD_W3C_TESTS`, else `../shared/w3c-sparql-tests/` beside the repository. */
export const SUITES_DIR = process.env.CATALOD_W3C_TESTS ?? resolve(ROOT, '../shared/w3c-sparql-tests');

/** The W3C IRI bases and the folders that hold them. */
const BASES: [string, string][] = [
  ['http://www.w3.org/2009/sparql/docs/tests/data-sparql11/', 'sparql11/'],
  ['http://www.w3.org/2001/sw/DataAccess/tests/data-r2/', 'sparql10/'],
];

/** The query-evaluation manifests run (each includes its sub-manifests). */
export const MANIFESTS = ['sparql11/manifest-sparql11-query.ttl', 'sparql11/manifest-sparql11-results.ttl', 'sparql10/manifest-evaluation.ttl'];

const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const QT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-query#';
const DAWGT = 'http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#';
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

/** One evaluation test: files by W3C IRI. */
export interface W3cTest {
  /** The test's IRI (manifest IRI # name). */
  id: string;
  /** Short name: suite/folder/name, e.g. `sparql11/aggregates/agg08b`. */
  name: string;
  type: 'QueryEvaluationTest' | 'CSVResultFormatTest';
  query: string;
  data: string[];
  graphData: string[];
  result: string;
  /** mf:requires, by local name (e.g. `XsdDateOperations`). */
  requires: string[];
  /** REDUCED tests: any cardinality between the DISTINCT and the full answer is right. */
  laxCardinality: boolean;
  approval: string;
}

/** Whether the suites are present. */
export function suitesPresent(): boolean {
  return MANIFESTS.every((m) => existsSync(join(SUITES_DIR, m)));
}

/** The local path of a W3C IRI (undefined when it is not under a suite base). */
export function localPath(iri: string): string | undefined {
  const clean = iri.replace(/#.*$/, '');
  for (const [base, folder] of BASES) if (clean.startsWith(base)) return join(SUITES_DIR, folder, clean.slice(base.length));
  return undefined;
}

/** The W3C IRI of a path relative to the suites folder. */
export function iriOf(relative: string): string {
  for (const [base, folder] of BASES) if (relative.startsWith(folder)) return base + relative.slice(folder.length);
  throw new Error(`${relative} is in no suite folder`);
}

/** A suite file's text, by W3C IRI. */
export function readSuiteFile(iri: string): string {
  const path = localPath(iri);
  if (!path) throw new Error(`${iri} is outside the suites`);
  return readFileSync(path, 'utf8');
}

/** An RDF file of the suites (Turtle, N-Triples or RDF/XML), parsed with its W3C IRI as base. */
export async function readRdf(iri: string): Promise<RDF.Quad[]> {
  const text = readSuiteFile(iri);
  if (iri.endsWith('.rdf')) return parseRdfXml(text, iri);
  return new Parser({ baseIRI: iri, format: iri.endsWith('.nt') ? 'application/n-triples' : 'text/turtle' }).parse(text);
}

function parseRdfXml(text: string, baseIRI: string): Promise<RDF.Quad[]> {
  return new Promise((resolvePromise, reject) => {
    const out: RDF.Quad[] = [];
    const parser = new RdfXmlParser({ baseIRI });
    parser.on('data', (q: RDF.Quad) => out.push(q));
    parser.on('error', reject);
    parser.on('end', () => resolvePromise(out));
    parser.write(text);
    parser.end();
  });
}

/** Every query-evaluation test of the suites' evaluation manifests, in manifest order. */
export async function readTests(): Promise<W3cTest[]> {
  const tests: W3cTest[] = [];
  for (const manifest of MANIFESTS) await readManifest(iriOf(manifest), tests);
  return tests;
}

/** One manifest (its node is `<>` or a blank node): its entries, then the manifests it includes. */
async function readManifest(iri: string, out: W3cTest[]): Promise<void> {
  const graph = new Graph(await readRdf(iri));
  for (const manifest of graph.subjects(`${RDF_NS}type`, `${MF}Manifest`)) {
    for (const entry of graph.list(graph.one(manifest, `${MF}entries`))) {
      const test = testOf(graph, entry, iri);
      if (test) out.push(test);
    }
    for (const included of graph.list(graph.one(manifest, `${MF}include`))) await readManifest(included, out);
  }
}

/** A manifest entry as a test, or undefined when it is not an evaluation test. */
function testOf(graph: Graph, entry: string, manifest: string): W3cTest | undefined {
  const type = graph.one(entry, `${RDF_NS}type`)?.replace(MF, '');
  if (type !== 'QueryEvaluationTest' && type !== 'CSVResultFormatTest') return undefined;
  const action = graph.one(entry, `${MF}action`)!;
  const folder = manifest.replace(/\/[^/]*$/, '').replace(/^.*\//, '');
  const suite = manifest.startsWith(BASES[0]![0]) ? 'sparql11' : 'sparql10';
  return {
    id: entry,
    name: `${suite}/${folder}/${entry.replace(/^.*#/, '')}`,
    type,
    query: graph.one(action, `${QT}query`)!,
    data: graph.all(action, `${QT}data`),
    graphData: graph.all(action, `${QT}graphData`),
    result: graph.one(entry, `${MF}result`)!,
    requires: graph.all(entry, `${MF}requires`).map((r) => r.replace(MF, '')),
    laxCardinality: graph.one(entry, `${MF}resultCardinality`) === `${MF}LaxCardinality`,
    approval: (graph.one(entry, `${DAWGT}approval`) ?? '').replace(DAWGT, ''),
  };
}

/** A manifest's triples, looked up by subject and predicate (terms as their value). */
class Graph {
  private readonly index = new Map<string, string[]>();

  constructor(private readonly quads: RDF.Quad[]) {
    for (const q of quads) {
      const key = `${q.subject.value} ${q.predicate.value}`;
      const values = this.index.get(key) ?? [];
      values.push(q.object.value);
      this.index.set(key, values);
    }
  }

  subjects(predicate: string, object: string): string[] {
    return this.quads.filter((q) => q.predicate.value === predicate && q.object.value === object).map((q) => q.subject.value);
  }

  all(subject: string, predicate: string): string[] {
    return this.index.get(`${subject} ${predicate}`) ?? [];
  }

  one(subject: string | undefined, predicate: string): string | undefined {
    return subject === undefined ? undefined : this.all(subject, predicate)[0];
  }

  /** The members of an RDF list. */
  list(head: string | undefined): string[] {
    const out: string[] = [];
    for (let node = head; node && node !== `${RDF_NS}nil`; node = this.one(node, `${RDF_NS}rest`)) out.push(this.one(node, `${RDF_NS}first`)!);
    return out;
  }
}
