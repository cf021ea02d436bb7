/**
 * A record graph in a form that crosses threads cheaply: each distinct term once as a dictionary
 * key string (termKey of src/store/compact/dictionary.ts), and the triples as a Uint32Array of
 * indices into those terms. Structured cloning a quad array instead copies every term object and
 * loses their classes (Iri, Lit), which the writers rely on for speed.
 */
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { keyTerm, termKey } from '../store/compact/dictionary.js';

/** A record graph in transferable form: its distinct terms as dictionary keys (termKey of
 *  src/store/compact/dictionary.ts), and its triples as index triples into `terms`. */
export interface PackedGraph {
  terms: string[];
  triples: Uint32Array;
}

/**
 * Packs quads (their graph is dropped: a record's quads share one graph, given back on unpack).
 * @example
 * const packed = packQuads(outcome.quads); // { terms: ['<http://…', '"A title', …], triples: Uint32Array [0, 1, 2, …] }
 */
export function packQuads(quads: readonly RDF.Quad[]): PackedGraph {
  const ids = new Map<string, number>();
  const terms: string[] = [];
  const triples = new Uint32Array(quads.length * 3);
  /** The index of a term, adding it when first seen. */
  const id = (t: RDF.Term): number => {
    const key = termKey(t);
    let found = ids.get(key);
    if (found === undefined) {
      found = terms.length;
      ids.set(key, found);
      terms.push(key);
    }
    return found;
  };
  let at = 0;
  for (const q of quads) {
    triples[at++] = id(q.subject);
    triples[at++] = id(q.predicate);
    triples[at++] = id(q.object);
  }
  return { terms, triples };
}

/** The quads back, every one in `graph` (terms rebuilt with keyTerm from dictionary.ts).
 *  @example
 *  const quads = unpackQuads(packed, namedNode(outcome.iris.record));
 */
export function unpackQuads(packed: PackedGraph, graph: RDF.Quad_Graph): RDF.Quad[] {
  const terms = packed.terms.map(keyTerm);
  const t = packed.triples;
  const quads: RDF.Quad[] = new Array(t.length / 3);
  for (let i = 0, q = 0; i < t.length; i += 3, q++) {
    quads[q] = DataFactory.quad(terms[t[i]!] as RDF.Quad_Subject, terms[t[i + 1]!] as RDF.Quad_Predicate, terms[t[i + 2]!] as RDF.Quad_Object, graph);
  }
  return quads;
}
