/**
 * Compares an answer with the expected one as the suites mean it: solutions as a multiset, blank
 * nodes matched by isomorphism (a blank node is the same node across the rows of one answer),
 * literals by term equality, and the order too when the query has ORDER BY. Graphs by
 * isomorphism.
 */
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import type { Answer, Row } from './results.js';

const { namedNode, blankNode, literal, quad } = DataFactory;

export interface CompareOptions {
  /** The query has ORDER BY: rows must come in the expected order. */
  ordered?: boolean;
  /** ORDER BY keys that are plain variables: rows equal on them may come in any order. */
  orderKeys?: string[];
  /** REDUCED: duplicates may or may not be removed. */
  lax?: boolean;
}

/** Why two answers differ, or undefined when they agree. */
export function difference(expected: Answer, actual: Answer, options: CompareOptions = {}): string | undefined {
  if (expected.kind !== actual.kind) return `expected a ${expected.kind} answer, got ${actual.kind}`;
  if (expected.kind === 'boolean') return expected.value === (actual as typeof expected).value ? undefined : `expected ${expected.value}`;
  if (expected.kind === 'graph') {
    const [a, b] = [triples(expected.quads), triples((actual as typeof expected).quads)];
    return isomorphic(a, b) ? undefined : `graphs differ: expected ${a.length} triples, got ${b.length}`;
  }
  let [want, got] = [expected.rows, (actual as typeof expected).rows];
  if (options.lax) [want, got] = [distinctRows(want), distinctRows(got)];
  if (!isomorphic(rowGraph(want), rowGraph(got))) return `rows differ: expected ${want.length}, got ${got.length}\n${show(want)}\n--- got\n${show(got)}`;
  if (!options.ordered || isomorphic(rowGraph(want, true), rowGraph(got, true))) return undefined;
  const keys = options.orderKeys;
  if (keys?.length && want.every((row, i) => keys.every((k) => sameKey(row.get(k), got[i]!.get(k))))) return undefined;
  return `same rows, wrong order\n${show(want)}\n--- got\n${show(got)}`;
}

/** The triples of quads (graph names dropped). */
function triples(quads: RDF.Quad[]): RDF.Quad[] {
  return quads.map((q) => quad(q.subject, q.predicate, q.object));
}

/** Rows as a graph: one blank node per row, one triple per binding (and its index when order counts). */
function rowGraph(rows: Row[], indexed = false): RDF.Quad[] {
  const out: RDF.Quad[] = [];
  rows.forEach((row, i) => {
    const node = blankNode(`row-${i}`);
    out.push(quad(node, namedNode('urn:w3c:row'), literal('row')));
    if (indexed) out.push(quad(node, namedNode('urn:w3c:index'), literal(String(i))));
    for (const [k, t] of row) out.push(quad(node, namedNode(`urn:w3c:var:${k}`), t.termType === 'BlankNode' ? blankNode(`value-${t.value}`) : (t as RDF.Quad_Object)));
  });
  return out;
}

/** Equal sort keys: the same term, or two blank nodes (their labels are not comparable across answers). */
function sameKey(a: RDF.Term | undefined, b: RDF.Term | undefined): boolean {
  if (!a || !b) return a === b;
  return a.equals(b) || (a.termType === 'BlankNode' && b.termType === 'BlankNode');
}

/** Rows without repeats (blank nodes by label). */
function distinctRows(rows: Row[]): Row[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = [...row].map(([k, t]) => `${k}=${termText(t)}`).sort().join(' ');
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

function termText(t: RDF.Term): string {
  if (t.termType === 'Literal') return `"${t.value}"${(t as RDF.Literal).language ? `@${(t as RDF.Literal).language}` : `^^<${(t as RDF.Literal).datatype.value}>`}`;
  return t.termType === 'BlankNode' ? `_:${t.value}` : `<${t.value}>`;
}

/** Rows as text, for failure messages (at most 20). */
function show(rows: Row[]): string {
  const lines = rows.slice(0, 20).map((row) => [...row].map(([k, t]) => `?${k}=${termText(t)}`).join(' '));
  return (rows.length > 20 ? [...lines, `… ${rows.length - 20} more`] : lines).join('\n');
}
