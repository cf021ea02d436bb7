/**
 * The catalogue the differential test queries: generated records (bench/generate.mjs, with names
 * reused across records), the seed, and a second record restating one of the seed's triples (so
 * the default graph really is a merge), as a CompactStore for catalod and as N-Quads for
 * Comunica alone; plus sample terms of each kind, so generated queries name things that exist.
 */
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { generateRecords } from '../../../bench/generate.mjs';
import { convertText } from '../../../src/convert.js';
import { CompactStore } from '../../../src/store/compact/store.js';
import { quadsToBytes } from '../../../src/writers/nquads.js';
import { converted } from '../../helpers.js';
import { OTHER, OTHER_QUADS, SEED } from '../data.js';
import { KINDS_BY_PREDICATE, type Kind, type Samples } from './generate.js';

export interface Catalogue {
  store: CompactStore;
  nquads: string;
  samples: Samples;
}

/**
 * `count` generated records (and the seed), loaded both ways.
 * @example
 * const { store, nquads, samples } = catalogue(60, 11);
 */
export function catalogue(count: number, seed: number): Catalogue {
  const corpus = [...generateRecords({ count, seed, persons: Math.ceil(count * 1.5) })].join('\n');
  const graphs: [string, Quad[]][] = converted(convertText(corpus, 'corpus.txt')).map((c) => [c.iris.record, c.quads as Quad[]]);
  graphs.push([SEED.iris.record, SEED.quads as Quad[]], [OTHER, OTHER_QUADS]);
  const store = new CompactStore();
  const all: Quad[] = [];
  for (const [graph, quads] of graphs) {
    const g = DataFactory.namedNode(graph);
    store.replaceGraph(g, quads);
    for (const q of quads) all.push(DataFactory.quad(q.subject, q.predicate, q.object, g) as Quad);
  }
  store.index(true);
  return { store, nquads: quadsToBytes(all, true).toString('utf8'), samples: samplesOf(all) };
}

/** Up to 40 distinct terms of each kind, as SPARQL term text, in data order (deterministic). */
function samplesOf(quads: Quad[]): Samples {
  const sets = new Map<Kind, Set<string>>();
  const add = (kind: Kind, text: string) => {
    const set = sets.get(kind) ?? sets.set(kind, new Set()).get(kind)!;
    if (set.size < 40) set.add(text);
  };
  for (const q of quads) {
    const kinds = KINDS_BY_PREDICATE[q.predicate.value];
    if (!kinds) continue;
    add(kinds[0], termText(q.subject));
    add(kinds[1], termText(q.object));
    add('record', termText(q.graph as Quad['object']));
  }
  return Object.fromEntries([...sets].map(([k, v]) => [k, [...v]])) as Samples;
}

/** A term as SPARQL text. */
function termText(t: Quad['object']): string {
  if (t.termType === 'NamedNode') return `<${t.value}>`;
  if (t.termType !== 'Literal') throw new Error(`unexpected ${t.termType} in the catalogue`);
  const text = JSON.stringify(t.value);
  if (t.language) return `${text}@${t.language}`;
  return t.datatype.value === 'http://www.w3.org/2001/XMLSchema#string' ? text : `${text}^^<${t.datatype.value}>`;
}
