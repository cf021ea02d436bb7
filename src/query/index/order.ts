/**
 * SPARQL ORDER BY on RDF terms (SPARQL 1.1 §15.1): unbound, then blank nodes, then IRIs, then
 * literals. Literals that `<` can compare are compared by it (numbers by value, dates and times
 * of one type by their lexical form, strings as Comunica's `<` does: `localeCompare`, so an
 * ORDER BY gives one order whether the index or the engine sorts); other literals fall back to
 * datatype, then text, so the order is total and the same on every run.
 */
import type * as RDF from '@rdfjs/types';

export const XSD = 'http://www.w3.org/2001/XMLSchema#';
/** The XSD numeric datatypes: their literals compare by value. */
export const NUMERIC = new Set(['integer', 'decimal', 'float', 'double', 'int', 'long', 'short', 'byte', 'nonNegativeInteger', 'positiveInteger', 'negativeInteger', 'nonPositiveInteger', 'unsignedLong', 'unsignedInt', 'unsignedShort', 'unsignedByte'].map((t) => XSD + t));
const STRING = new Set([`${XSD}string`, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString']);

/** `String.prototype.localeCompare` with no arguments, as Comunica's `<` on strings. */
const collator = new Intl.Collator();

/** A term reduced to what ordering needs: a rank, then a number or a text, then a tie-break. */
export interface SortKey {
  rank: number;
  number: number;
  text: string;
  tie: string;
  /** Text compared by the collator (strings), not by code units. */
  collate?: boolean;
}

/** The sort key of a term (undefined: unbound). */
export function sortKey(t: RDF.Term | undefined): SortKey {
  if (!t) return { rank: 0, number: 0, text: '', tie: '' };
  if (t.termType === 'BlankNode') return { rank: 1, number: 0, text: t.value, tie: '' };
  if (t.termType !== 'Literal') return { rank: 2, number: 0, text: t.value, tie: '' };
  const datatype = (t as RDF.Literal).datatype.value;
  if (NUMERIC.has(datatype) && Number.isFinite(Number(t.value))) return { rank: 3, number: Number(t.value), text: '', tie: t.value };
  if (STRING.has(datatype)) return { rank: 4, number: 0, text: t.value, tie: (t as RDF.Literal).language, collate: true };
  return { rank: 5, number: 0, text: datatype, tie: t.value };
}

/** Compares two sort keys (ascending). */
export function compareKeys(a: SortKey, b: SortKey): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.number !== b.number) return a.number - b.number;
  if (a.text !== b.text) {
    const c = a.collate ? collator.compare(a.text, b.text) : 0;
    return c || (a.text < b.text ? -1 : 1);
  }
  return a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0;
}
