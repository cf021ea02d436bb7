/**
 * The SPARQL dataset over the index: named graphs are the records' graphs, and the default graph
 * is their RDF merge, so a triple two records both state counts once. (Comunica's
 * `unionDefaultGraph` would return it once per graph, doubling `COUNT(*)`.)
 */
import { Readable } from 'node:stream';
import type * as RDF from '@rdfjs/types';
import { DataFactory, Store } from 'n3';
import { tripleKey } from '../rdf/triple-key.js';

type Term = RDF.Term | null | undefined;

/** An RDF/JS Source for Comunica: `match` and `countQuads` with the merged default graph. */
export class MergedSource {
  constructor(readonly store: Store) {}

  /** Quads matching the pattern; in the default graph, each distinct triple once. */
  match(s?: Term, p?: Term, o?: Term, g?: Term): RDF.Stream<RDF.Quad> {
    if (g?.termType === 'DefaultGraph') return Readable.from(this.mergedTriples(s, p, o)) as unknown as RDF.Stream<RDF.Quad>;
    return this.store.match(s as never, p as never, o as never, g as never) as unknown as RDF.Stream<RDF.Quad>;
  }

  /** Pattern cardinality for Comunica's join planning (for the default graph an upper bound). */
  countQuads(s?: Term, p?: Term, o?: Term, g?: Term): number {
    return this.store.countQuads(s as never, p as never, o as never, (g?.termType === 'DefaultGraph' ? null : g) as never);
  }

  /** Distinct triples over every graph, placed in the default graph. */
  *mergedTriples(s?: Term, p?: Term, o?: Term): Generator<RDF.Quad> {
    const seen = new Set<string>();
    for (const q of this.store.readQuads(s as never, p as never, o as never, null)) {
      const key = tripleKey(q);
      if (seen.has(key)) continue;
      seen.add(key);
      yield DataFactory.quad(q.subject, q.predicate, q.object);
    }
  }
}
