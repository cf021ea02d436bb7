/**
 * A record graph in a form that crosses threads cheaply: each distinct term once as a dictionary
 * key string (termKey of src/store/compact/dictionary.ts), and the triples as a Uint32Array of
 * indices into those terms. Structured cloning a quad array instead copies every term object and
 * loses their classes (Iri, Lit), which the writers rely on for speed.
 */
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { hashKey, keyTerm, termKey } from '../store/compact/dictionary.js';

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

/**
 * A record graph ready for the index: its distinct terms' keys as UTF-8 in one buffer, with each
 * key's end and its dictionary hash, and the triples as indexes into them. It crosses threads as
 * transferred buffers, and the index takes its terms in without decoding a string: the thread
 * that made it did the encoding and the hashing.
 */
export interface EncodedGraph {
  keys: Uint8Array;
  ends: Uint32Array;
  hashes: Uint32Array;
  triples: Uint32Array;
}

/**
 * Encodes a packed graph for the index.
 * @example
 * const encoded = encodeGraph(packQuads(outcome.quads)); // { keys: Uint8Array […], ends, hashes, triples }
 */
export function encodeGraph(packed: PackedGraph): EncodedGraph {
  const keys = Buffer.from(packed.terms.join(''));
  const ends = new Uint32Array(packed.terms.length);
  const hashes = new Uint32Array(packed.terms.length);
  let end = 0;
  packed.terms.forEach((key, i) => {
    ends[i] = end += Buffer.byteLength(key);
    hashes[i] = hashKey(key);
  });
  return { keys: new Uint8Array(keys.buffer, keys.byteOffset, keys.length).slice(), ends, hashes, triples: packed.triples };
}

/**
 * The IRIs among an encoded graph's terms (what a change to its graph may touch).
 * @example
 * encodedIris(encoded); // ['http://localhost:3000/work/doi/10.1186/…', …]
 */
export function encodedIris(encoded: EncodedGraph): string[] {
  const bytes = Buffer.from(encoded.keys.buffer, encoded.keys.byteOffset, encoded.keys.length);
  const iris: string[] = [];
  for (let i = 0, start = 0; i < encoded.ends.length; start = encoded.ends[i++]!) {
    if (bytes[start] === 0x3c) iris.push(bytes.toString('utf8', start + 1, encoded.ends[i]));
  }
  return iris;
}
