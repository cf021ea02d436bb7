/**
 * Sorting the quad table into its three permutations (SPO, POS, OSP) by LSD radix sort, O(n):
 * a pure function of the shared columns, so it runs on the main thread (start-up, tests) or on a
 * worker (src/store/compact/sorter.ts) while the main thread keeps writing. The slots below `end`
 * are never written again once appended, which is what makes sorting them elsewhere safe.
 */
import type { Column, SortedIndex } from './quads.js';

export const S = 0, P = 1, O = 2, G = 3;
export const ORDERS: [Column, Column, Column][] = [[S, P, O], [P, O, S], [O, S, P]];

/** What a sort reads: the columns (shared), the tombstones as they were when it started, how many slots and terms it covers. */
export interface SortInput {
  columns: readonly SharedArrayBuffer[];
  /** A copy of the tombstones of slots [0, end): the writer goes on tombstoning while a worker sorts. */
  dead: Uint8Array;
  /** Slots [0, end) are sorted. */
  end: number;
  /** Terms [0, terms) get a start table entry. */
  terms: number;
}

/** What a sort gives: the permutations (shared) and the per-predicate statistics. */
export interface SortOutput {
  indexes: SortedIndex[];
  /** [p, quads, distinct subjects, distinct objects] for each predicate. */
  predicates: [number, number, number, number][];
  end: number;
  terms: number;
}

/**
 * Sorts the live slots below `end` three ways.
 * @example
 * const sorted = sortQuads({ columns: state.columns, dead: new Uint8Array(state.dead, 0, state.slots).slice(), end: state.slots, terms: dict.count });
 * table.install(sorted);
 */
export function sortQuads(input: SortInput): SortOutput {
  const { end, terms } = input;
  const cols = input.columns.map((b) => new Uint32Array(b, 0, end)) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  const dead = input.dead;
  let liveCount = 0;
  for (let i = 0; i < end; i++) if (!dead[i]) liveCount++;
  const base = new Uint32Array(liveCount);
  for (let i = 0, k = 0; i < end; i++) if (!dead[i]) base[k++] = i;
  const counts = new Uint32Array(terms + 1);
  const indexes = ORDERS.map((order): SortedIndex => {
    let perm: Uint32Array = base;
    for (let k = 2; k >= 0; k--) perm = countingSort(perm, cols[order[k]!], counts, terms);
    const start = new SharedArrayBuffer(4 * (terms + 1));
    startTable(perm, cols[order[0]], new Uint32Array(start), terms);
    const shared = new SharedArrayBuffer(4 * perm.length);
    new Uint32Array(shared).set(perm);
    return { order, perm: shared, start };
  });
  const [spo, pos] = indexes.map((i) => new Uint32Array(i.perm));
  return { indexes, predicates: predicateStats(spo!, pos!, cols), end, terms };
}

/** [p, quads, distinct subjects, distinct objects] per predicate, from one pass over SPO and one over POS. */
function predicateStats(spo: Uint32Array, pos: Uint32Array, cols: Uint32Array[]): [number, number, number, number][] {
  const stats = new Map<number, [number, number, number, number]>();
  const of = (p: number) => {
    let st = stats.get(p);
    if (!st) stats.set(p, (st = [p, 0, 0, 0]));
    return st;
  };
  // Runs of equal (s, p) in SPO are one distinct subject of p; runs of equal (p, o) in POS one distinct object.
  for (let i = 0, s = -1, p = -1; i < spo.length; i++) {
    const slot = spo[i]!;
    const st = of(cols[P]![slot]!);
    st[1]++;
    if (cols[S]![slot] !== s || cols[P]![slot] !== p) st[2]++;
    s = cols[S]![slot]!;
    p = cols[P]![slot]!;
  }
  for (let i = 0, p = -1, o = -1; i < pos.length; i++) {
    const slot = pos[i]!;
    if (cols[P]![slot] !== p || cols[O]![slot] !== o) of(cols[P]![slot]!)[3]++;
    p = cols[P]![slot]!;
    o = cols[O]![slot]!;
  }
  return [...stats.values()];
}

/** One stable counting-sort pass of `slots` by `key[slot]`. */
function countingSort(slots: Uint32Array, key: Uint32Array, counts: Uint32Array, termCount: number): Uint32Array {
  counts.fill(0);
  for (let i = 0; i < slots.length; i++) counts[key[slots[i]!]! + 1]!++;
  for (let t = 1; t <= termCount; t++) counts[t]! += counts[t - 1]!;
  const out = new Uint32Array(slots.length);
  for (let i = 0; i < slots.length; i++) out[counts[key[slots[i]!]!]!++] = slots[i]!;
  return out;
}

/** `start[t]`: first position in `perm` whose first-column id is t; `start[termCount]` = length. */
function startTable(perm: Uint32Array, key: Uint32Array, start: Uint32Array, termCount: number): void {
  let t = 0;
  for (let i = 0; i < perm.length; i++) {
    const k = key[perm[i]!]!;
    while (t <= k) start[t++] = i;
  }
  while (t <= termCount) start[t++] = perm.length;
}
