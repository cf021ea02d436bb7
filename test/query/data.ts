/** Test data for the query layer: the seed record's graph, plus a second record graph restating one of its triples. */
import { DataFactory, Store } from 'n3';
import type { Quad } from '@rdfjs/types';
import { quadsToBytes } from '../../src/writers/nquads.js';
import { MergedSource } from '../../src/store/merged-source.js';
import { convertSeed } from '../helpers.js';

const { namedNode, literal, quad } = DataFactory;

export const SEED = convertSeed();
export const WORK = SEED.iris.work;
export const RECORD = SEED.iris.record;
export const OTHER = 'http://localhost:3000/record/other-1';
export const SCHEMA = 'http://schema.org/';

/** The seed's schema:name triple of the work, stated again in OTHER, plus one triple only OTHER states. */
const shared = SEED.quads.find((q) => q.subject.value === WORK && q.predicate.value === `${SCHEMA}name`)!;
export const OTHER_QUADS: Quad[] = [
  quad(shared.subject, shared.predicate, shared.object, namedNode(OTHER)),
  quad(namedNode(WORK), namedNode(`${SCHEMA}comment`), literal('only in the other record'), namedNode(OTHER)),
];

export const QUADS: Quad[] = [...(SEED.quads as Quad[]), ...OTHER_QUADS];
export const NQUADS = quadsToBytes(QUADS, true).toString('utf8');

/** A fresh store and source over QUADS. */
export function source(quads: Quad[] = QUADS): MergedSource {
  const store = new Store();
  store.addQuads(quads as never);
  return new MergedSource(store);
}

/** N-Quads of `n` records' worth of generated triples (for cartesian products). */
export function bulkNQuads(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`<http://example.org/s${i}> <http://example.org/p${i % 7}> "v${i}" <http://example.org/g${i % 13}> .\n`);
  return lines.join('');
}
