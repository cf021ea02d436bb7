/**
 * Which IRIs each catalogue change touched, so that a cache of descriptions drops only the
 * resources a POST or DELETE made stale instead of everything it holds.
 */
import type * as RDF from '@rdfjs/types';
import { encodedIris, type EncodedGraph } from '../jobs/packed.js';

/**
 * The recent changes of one catalogue, one generation each.
 * @example
 * const log = new ChangeLog();
 * log.note(new Set(['http://localhost:3000/work/doi/10.1/x'])); // generation 1
 * log.since(0); // Set { 'http://localhost:3000/work/doi/10.1/x' }
 * log.since(1); // Set {}
 */
export class ChangeLog {
  /** Goes up by one with every change. */
  generation = 0;
  private readonly changes: { generation: number; iris: ReadonlySet<string> }[] = [];

  /** `keep`: how many changes are remembered; a cache older than that starts over. */
  constructor(private readonly keep = 64) {}

  /**
   * Notes one change and the IRIs it touched; `copy: false` when they are in memory of their own
   * already (read from the index, or from a conversion thread's answer), not slices of a body.
   */
  note(iris: ReadonlySet<string>, copy = true): void {
    this.changes.push({ generation: ++this.generation, iris: copy ? detached(iris) : iris });
    if (this.changes.length > this.keep) this.changes.shift();
  }

  /** The IRIs touched after `generation`; undefined when the log no longer reaches back that far. */
  since(generation: number): ReadonlySet<string> | undefined {
    if (generation === this.generation) return new Set();
    const first = this.changes.findIndex((c) => c.generation === generation + 1);
    if (generation > this.generation || first < 0) return undefined;
    const iris = new Set<string>();
    for (let i = first; i < this.changes.length; i++) for (const iri of this.changes[i]!.iris) iris.add(iri);
    return iris;
  }
}

/**
 * Adds the IRIs in subject or object position of `quads` to `into`. A description (see
 * src/store/describe.ts) only reads the triples its resource is subject or object of, or a
 * record graph naming it as primary topic, so these are the resources a graph's change reaches.
 */
function addMentioned(quads: Iterable<RDF.Quad>, into: Set<string>): void {
  for (const q of quads) {
    if (q.subject.termType === 'NamedNode') into.add(q.subject.value);
    if (q.object.termType === 'NamedNode') into.add(q.object.value);
  }
}

/** What `replaceNoting` and `removeNoting` write to: the index (CompactStore). */
interface GraphStore {
  quads(s: null, p: null, o: null, g: RDF.NamedNode): Iterable<RDF.Quad>;
  replaceGraph(graph: RDF.NamedNode, quads: readonly RDF.Quad[]): void;
  removeGraph(graph: RDF.NamedNode): boolean;
}

/** What `replaceEncodedNoting` writes to. */
interface EncodedGraphStore extends Pick<GraphStore, 'quads'> {
  replaceEncoded(graph: RDF.NamedNode, encoded: EncodedGraph): void;
}

/** Replaces a record graph, adding to `touched` what its old and its new quads mention. */
export function replaceNoting(store: GraphStore, graph: RDF.NamedNode, quads: readonly RDF.Quad[], touched: Set<string>): void {
  addMentioned(store.quads(null, null, null, graph), touched);
  addMentioned(quads, touched);
  store.replaceGraph(graph, quads);
}

/** Replaces a record graph with an encoded one (src/jobs/packed.ts), adding to `touched` what its old and its new quads mention. */
export function replaceEncodedNoting(store: EncodedGraphStore, graph: RDF.NamedNode, encoded: EncodedGraph, touched: Set<string>): void {
  addMentioned(store.quads(null, null, null, graph), touched);
  // Every IRI of the new graph: a predicate's too, which costs a cache entry at most.
  for (const iri of encodedIris(encoded)) touched.add(iri);
  store.replaceEncoded(graph, encoded);
}

/** Removes a record graph, adding to `touched` what its quads mentioned. */
export function removeNoting(store: GraphStore, graph: RDF.NamedNode, touched: Set<string>): boolean {
  addMentioned(store.quads(null, null, null, graph), touched);
  return store.removeGraph(graph);
}

/**
 * A copy of each IRI in its own memory: an IRI made from a slice of a POSTed body would keep
 * the whole body alive for as long as the log keeps the change.
 */
function detached(iris: ReadonlySet<string>): Set<string> {
  return new Set([...iris].map((iri) => Buffer.from(iri).toString()));
}
