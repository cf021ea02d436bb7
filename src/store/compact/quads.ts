/**
 * Quads as four integer columns (subject, predicate, object, graph ids) in shared memory, with
 * three sorted permutations (SPO, POS, OSP) built by radix sort in O(n): a bound first term
 * finds its range in O(1) through a per-term start table, further terms by binary search.
 * Quads appended since the last build (the delta) are scanned; deleted quads are tombstoned.
 */
import { Chains, emptyDelta, type DeltaState } from './delta.js';
import { ensureBytes, growableBuffer } from './growable.js';
import { G, O, ORDERS, P, S, sortQuads, type SortInput, type SortOutput } from './sort.js';

export { G, O, ORDERS, P, S } from './sort.js';
export type Column = 0 | 1 | 2 | 3;

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

  /**
   * Slots are not chained by term while this is set: a bulk load (the rebuild on start, which
   * no reader sees before it is sorted) skips work the sort makes useless. Sort before reading.
   */
  bulk = false;

  /** Appends quads of one graph (main thread); returns the first slot. */
  append(graph: number, quads: Uint32Array, termCount: number): number {
    const first = this.state.slots;
    const n = quads.length / 3;
    for (const b of this.state.columns) ensureBytes(b, 4 * (first + n));
    ensureBytes(this.state.dead, first + n);
    if (!this.bulk) for (const chains of [this.bySubject, this.byPredicate, this.byObject]) chains.reserve(first + n);
    for (let i = 0; i < n; i++) {
      this.cols[S][first + i] = quads[3 * i]!;
      this.cols[P][first + i] = quads[3 * i + 1]!;
      this.cols[O][first + i] = quads[3 * i + 2]!;
      this.cols[G][first + i] = graph;
      if (!this.bulk) this.linkDelta(first + i);
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
    this.install(sortQuads(this.sortInput(termCount)));
  }

  /** What a sort of every slot so far reads (the tombstones copied as they are now). */
  sortInput(termCount: number): SortInput {
    const end = this.state.slots;
    return { columns: this.state.columns, dead: new Uint8Array(this.state.dead, 0, end).slice(), end, terms: termCount };
  }

  /**
   * Takes a sort of the slots below `sorted.end` (made here or on a worker) as the new sorted
   * part; the slots appended since it was started become the new delta.
   */
  install(sorted: SortOutput): void {
    this.bulk = false;
    this.state.indexes = sorted.indexes;
    this.state.baseEnd = sorted.end;
    this.state.baseTerms = sorted.terms;
    this.state.predicates = sorted.predicates;
    this.perms = sorted.indexes.map((i) => new Uint32Array(i.perm));
    this.starts = sorted.indexes.map((i) => new Uint32Array(i.start));
    this.state.delta = emptyDelta(sorted.end);
    [this.bySubject, this.byPredicate, this.byObject] = deltaChains(this.state.delta);
    for (const chains of [this.bySubject, this.byPredicate, this.byObject]) chains.reserve(this.state.slots);
    for (let slot = sorted.end; slot < this.state.slots; slot++) this.linkDelta(slot);
  }

  /** Chains a delta slot by its subject, predicate and object. */
  private linkDelta(slot: number): void {
    this.bySubject.link(slot, this.cols[S][slot]!);
    this.byPredicate.link(slot, this.cols[P][slot]!);
    this.byObject.link(slot, this.cols[O][slot]!);
  }
}

/** Views over a delta's chains: by subject, by predicate, by object. */
function deltaChains(delta: DeltaState): [Chains, Chains, Chains] {
  return [new Chains(delta.subjects, delta.base), new Chains(delta.predicates, delta.base), new Chains(delta.objects, delta.base)];
}
