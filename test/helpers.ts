/** Shared test helpers: reading fixtures, parsing RDF, comparing graphs. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Parser, DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { isomorphic } from 'rdf-isomorphic';
import { convertText, type Converted, type Outcome } from '../src/convert.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SEED_PATH = `${ROOT}samples/seed-pubmed-9158348.txt`;
export const SEED = readFileSync(SEED_PATH, 'utf8');

/** Converted outcomes only; fails loudly when a record did not convert. */
export function converted(outcomes: Outcome[]): Converted[] {
  return outcomes.map((o) => {
    if (!o.ok) throw new Error(`not converted: ${o.error.message}`);
    return o;
  });
}

/** The seed, converted. */
export function convertSeed(base?: string): Converted {
  return converted(convertText(SEED, 'seed.txt', { base }))[0]!;
}

/** Parses any n3-supported syntax. */
export function parse(text: string, format = 'application/n-quads'): Quad[] {
  return new Parser({ format }).parse(text);
}

/** The quads with the graph dropped. */
export function triples(quads: Quad[]): Quad[] {
  return quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
}

/** Graph isomorphism, as the standards ask for golden comparisons. */
export function sameGraph(a: Quad[], b: Quad[]): boolean {
  return isomorphic(a, b);
}

/** Canonical N-Quads lines of `a` missing from `b`, for readable failure messages. */
export function missingFrom(a: Quad[], b: Quad[]): string[] {
  const key = (q: Quad) => `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}:${q.object.termType === 'Literal' ? (q.object as { datatype: { value: string } }).datatype.value : ''} ${q.graph.value}`;
  const have = new Set(b.map(key));
  return a.map(key).filter((k) => !have.has(k));
}

/**
 * The seed as a second catalogue would give it: another record id (`other-9158348`) and its first
 * two authors swapped (catalogues do disagree on order).
 */
export const SEED_SWAPPED = SEED.replaceAll('Gillard, Steve Foster, Rhiannon', 'Foster, Rhiannon Gillard, Steve').replace(/^id \| pubmed-9158348 \|$/m, 'id | other-9158348 |');

/** The seed again under another record id (`copy-9158348`), its authors in the same order. */
export const SEED_COPY = SEED.replace(/^id \| pubmed-9158348 \|$/m, 'id | copy-9158348 |');
