/** Linked Data descriptions answered from the index directly (never through SPARQL). */
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { CompactStore } from './compact/store.js';
import { tripleKey } from '../rdf/triple-key.js';
import { NS } from '../rdf/namespaces.js';

const PRIMARY_TOPIC = DataFactory.namedNode(`${NS.foaf}primaryTopic`);
const DEFAULT = DataFactory.defaultGraph();

/**
 * What a resource's page shows: for a work, every triple of the record graphs about it (authors,
 * roles, identifiers, journal, the records); for anything else, the triples with it as subject
 * and those pointing to it. Triples, each once.
 */
export function describe(store: CompactStore, iri: string): RDF.Quad[] {
  const node = DataFactory.namedNode(iri);
  const graphs = [...store.quads(null, PRIMARY_TOPIC, node, null)].map((q) => q.graph);
  const quads = graphs.length > 0
    ? graphs.flatMap((g) => [...store.quads(null, null, null, g)])
    : [...store.quads(node, null, null, DEFAULT), ...store.quads(null, null, node, DEFAULT)];
  const seen = new Set<string>();
  const out: RDF.Quad[] = [];
  for (const q of quads) {
    const key = tripleKey(q);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(DataFactory.quad(q.subject, q.predicate, q.object));
  }
  return out;
}
