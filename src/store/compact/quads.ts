/**
 * Quads as four integer columns (subject, predicate, object, graph ids) in shared memory, with
 * three sorted permutations (SPO, POS, OSP) built by radix sort in O(n): a bound first term
 * finds its range in O(1) through a per-term start table, further terms by binary search.
 * Quads appended since the last build (the delta) are scanned; deleted quads are tombstoned.
 */
import { Chains, emptyDelta, type DeltaState } from './delta.js';
import { ensureBytes, growableBuffer } from './growable.js';

export const S = 0, P = 1, O = 2, G = 3;
export type Column = typeof S | typeof P | typeof O | typeof G;

/** One sorted permutation: `perm` holds slots ordered by its columns; `start[t]` is where first-column id t begins. */
export interface SortedIndex {
  order: [Column, Column, Column];
  perm: SharedArrayBuffer;
  start: SharedArrayBuffer;
}

/** The shared buffers of a quad table, and how much of it a reader may see. */
export interface QuadState {
  columns: [SharedArrayBuffer, SharedArrayBuffer, SharedArrayBuffer, SharedArrayBuffer];
  dead: SharedArrayBuffer;
  graphStart: SharedArrayBuffer;
  graphCount: SharedArrayBuffer;
  indexes: SortedIndex[];
  /** Slots below this are in the sorted indexes. */
  baseEnd: number;
  /** Slots in use. */
  slots: number;
  /** Terms the indexes' start tables cover. */
  baseTerms: number;
  /** Live (not deleted) quads. */
  live: number;
  /** Per predicate id in the sorted part: [quads, distinct subjects, distinct objects], for join planning. */
  predicates: [number, number, number, number][];
  /** The slots from `baseEnd` on, chained by subject, by predicate and by object. */
  delta: DeltaState;
}

export const ORDERS: [Column, Column, Column][] = [[S, P, O], [P, O, S], [O, S, P]];

/** Typed views over a quad state. */
export class QuadTable {
  cols: [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  dead: Uint8Array;
  graphStart: Uint32Array;
  graphCount: Uint32Array;
  perms: Uint32Array[];
  starts: Uint32Array[];
  /** The delta's slots by subject, by predicate and by object. */
  bySubject: Chains;
  byPredicate: Chains;
  byObject: Chains;

  constructor(public state: QuadState = QuadTable.empty()) {
    this.cols = state.columns.map((b) => new Uint32Array(b)) as QuadTable['cols'];
    this.dead = new Uint8Array(state.dead);
    this.graphStart = new Uint32Array(state.graphStart);
    this.graphCount = new Uint32Array(state.graphCount);
    this.perms = state.indexes.map((i) => new Uint32Array(i.perm));
    this.starts = state.indexes.map((i) => new Uint32Array(i.start));
    [this.bySubject, this.byPredicate, this.byObject] = deltaChains(state.delta);
  }

  static empty(): QuadState {
    const col = () => growableBuffer(1 << 20);
    return {
      columns: [col(), col(), col(), col()],
      dead: growableBuffer(1 << 18),
      graphStart: growableBuffer(1 << 16),
      graphCount: growableBuffer(1 << 16),
      indexes: ORDERS.map((order) => ({ order, perm: new SharedArrayBuffer(0), start: new SharedArrayBuffer(0) })),
      baseEnd: 0,
      slots: 0,
      baseTerms: 0,
      live: 0,
      predicates: [],
      delta: emptyDelta(0),
    };
  }

  /** Appends quads of one graph (main thread); returns the first slot. */
  append(graph: number, quads: Uint32Array, termCount: number): number {
    const first = this.state.slots;
    const n = quads.length / 3;
    for (const b of this.state.columns) ensureBytes(b, 4 * (first + n));
    ensureBytes(this.state.dead, first + n);
    for (let i = 0; i < n; i++) {
      this.cols[S][first + i] = quads[3 * i]!;
      this.cols[P][first + i] = quads[3 * i + 1]!;
      this.cols[O][first + i] = quads[3 * i + 2]!;
      this.cols[G][first + i] = graph;
      this.bySubject.link(first + i, quads[3 * i]!);
      this.byPredicate.link(first + i, quads[3 * i + 1]!);
      this.byObject.link(first + i, quads[3 * i + 2]!);
    }
    ensureBytes(this.state.graphStart, 4 * termCount);
    ensureBytes(this.state.graphCount, 4 * termCount);
    this.graphStart[graph] = first;
    this.graphCount[graph] = n;
    this.state.slots = first + n;
    this.state.live += n;
    return first;
  }

  /** Tombstones a graph's quads (main thread). */
  removeGraph(graph: number): number {
    if (graph >= this.graphCount.length) return 0;
    const n = this.graphCount[graph]!;
    const first = this.graphStart[graph]!;
    for (let i = first; i < first + n; i++) this.dead[i] = 1;
    this.graphCount[graph] = 0;
    this.state.live -= n;
    return n;
  }

  /** Rebuilds the sorted indexes over every live slot, in new memory (readers keep the old ones). */
  rebuild(termCount: number): void {
    const slots = this.state.slots;
    let liveCount = 0;
    for (let i = 0; i < slots; i++) if (!this.dead[i]) liveCount++;
    const base = new Uint32Array(liveCount);
    for (let i = 0, k = 0; i < slots; i++) if (!this.dead[i]) base[k++] = i;
    const counts = new Uint32Array(termCount + 1);
    this.state.indexes = ORDERS.map((order) => {
      let perm: Uint32Array = base;
      // LSD radix: stable counting sorts from the last column to the first.
      for (let k = 2; k >= 0; k--) perm = countingSort(perm, this.cols[order[k]!], counts, termCount);
      const start = new SharedArrayBuffer(4 * (termCount + 1));
      startTable(perm, this.cols[order[0]], new Uint32Array(start), termCount);
      const shared = new SharedArrayBuffer(4 * perm.length);
      new Uint32Array(shared).set(perm);
      return { order, perm: shared, start };
    });
    this.state.baseEnd = slots;
    this.state.baseTerms = termCount;
    this.perms = this.state.indexes.map((i) => new Uint32Array(i.perm));
    this.starts = this.state.indexes.map((i) => new Uint32Array(i.start));
    this.state.predicates = predicateStats(this.perms[0]!, this.perms[1]!, this.cols);
    this.state.delta = emptyDelta(slots);
    [this.bySubject, this.byPredicate, this.byObject] = deltaChains(this.state.delta);
  }
}

/** Views over a delta's chains: by subject, by predicate, by object. */
function deltaChains(delta: DeltaState): [Chains, Chains, Chains] {
  return [new Chains(delta.subjects, delta.base), new Chains(delta.predicates, delta.base), new Chains(delta.objects, delta.base)];
}

/** [p, quads, distinct subjects, distinct objects] per predicate, from one pass over SPO and one over POS. */
function predicateStats(spo: Uint32Array, pos: Uint32Array, cols: QuadTable['cols']): [number, number, number, number][] {
  const stats = new Map<number, [number, number, number, number]>();
  const of = (p: number) => {
    let st = stats.get(p);
    if (!st) stats.set(p, (st = [p, 0, 0, 0]));
    return st;
  };
  // Runs of equal (s, p) in SPO are one distinct subject of p; runs of equal (p, o) in POS one distinct object.
  for (let i = 0, s = -1, p = -1; i < spo.length; i++) {
    const slot = spo[i]!;
    const st = of(cols[P][slot]!);
    st[1]++;
    if (cols[S][slot] !== s || cols[P][slot] !== p) st[2]++;
    s = cols[S][slot]!;
    p = cols[P][slot]!;
  }
  for (let i = 0, p = -1, o = -1; i < pos.length; i++) {
    const slot = pos[i]!;
    if (cols[P][slot] !== p || cols[O][slot] !== o) of(cols[P][slot]!)[3]++;
    p = cols[P][slot]!;
    o = cols[O][slot]!;
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
