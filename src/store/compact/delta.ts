/**
 * The delta's lookup by term: slots appended since the last index build, chained per term (one
 * set of chains for subjects, one for predicates, one for objects) in shared memory. The writer
 * links each slot as it appends it; every reader walks the same chains, with no copy of its own,
 * and stops at the last slot its snapshot can see. Memory grows with the delta, once, not once
 * per thread.
 */
import { ensureBytes, growableBuffer } from './growable.js';

/** One set of chains: an open-addressing table by term, and each slot's successor. */
export interface ChainState {
  /** Int32 quadruples: term + 1 (0: empty), first slot + 1, last slot + 1, slots chained. */
  table: SharedArrayBuffer;
  /** Int32 per delta slot (slot − base): the next slot + 1 with the same term (0: none). */
  next: SharedArrayBuffer;
  /** Terms in the table (the writer's count; readers do not use it). */
  terms: number;
}

/** Chains over the slots from `base` on, by subject, by predicate and by object. */
export interface DeltaState {
  base: number;
  subjects: ChainState;
  predicates: ChainState;
  objects: ChainState;
}

const KEY = 0, FIRST = 1, LAST = 2, COUNT = 3, WIDTH = 4;

/** Fresh, empty chains for the slots from `base` on. */
export function emptyDelta(base: number): DeltaState {
  // Room for 32,768 terms at first: a delta soon holds that many, and each doubling rehashes every entry in one go.
  const chains = (): ChainState => ({ table: new SharedArrayBuffer(4 * WIDTH * (1 << 16)), next: growableBuffer(1 << 20), terms: 0 });
  return { base, subjects: chains(), predicates: chains(), objects: chains() };
}

/**
 * Views over one set of chains.
 * @example
 * const chains = new Chains(emptyDelta(0).subjects, 0);
 * chains.link(0, 7); chains.link(1, 9); chains.link(2, 7);
 * [...chains.slots(7, 3)]; // [0, 2]
 */
export class Chains {
  private table: Int32Array;
  private readonly next: Int32Array;

  constructor(private readonly state: ChainState, private readonly base: number) {
    this.table = new Int32Array(state.table);
    this.next = new Int32Array(state.next);
  }

  /** Makes room for slots below `end` (one growth check for a graph's quads, not one a slot). */
  reserve(end: number): void {
    ensureBytes(this.state.next, 4 * (end - this.base));
  }

  /** Links `slot` (the newest appended) at the end of `term`'s chain (writer only). */
  link(slot: number, term: number): void {
    if (slot - this.base >= this.next.length) this.reserve(slot + 1);
    const at = this.find(term);
    if (at >= 0) {
      const t = this.table;
      Atomics.store(this.next, t[at + LAST]! - 1 - this.base, slot + 1);
      t[at + LAST] = slot + 1;
      t[at + COUNT]!++;
      return;
    }
    if (2 * (this.state.terms + 1) > this.table.length / WIDTH) this.grow();
    this.insert(term, slot + 1, slot + 1, 1);
    this.state.terms++;
  }

  /** The slots chained to `term`, oldest first, below `end` (what the reader's snapshot sees). */
  *slots(term: number, end: number): Generator<number> {
    const at = this.find(term);
    if (at < 0) return;
    for (let slot = this.table[at + FIRST]! - 1; slot >= 0 && slot < end; slot = Atomics.load(this.next, slot - this.base) - 1) yield slot;
  }

  /** How many slots are chained to `term` (the newest ones may be past a reader's snapshot: an upper bound). */
  count(term: number): number {
    const at = this.find(term);
    return at < 0 ? 0 : this.table[at + COUNT]!;
  }

  /** Position of `term`'s entry in the table, or -1. */
  private find(term: number): number {
    const t = this.table;
    const mask = t.length / WIDTH - 1;
    for (let i = hash(term) & mask; ; i = (i + 1) & mask) {
      const key = Atomics.load(t, i * WIDTH + KEY);
      if (key === 0) return -1;
      if (key === term + 1) return i * WIDTH;
    }
  }

  /** Writes an entry; its key last, so a reader never sees a key without its chain. */
  private insert(term: number, first: number, last: number, count: number): void {
    const t = this.table;
    const mask = t.length / WIDTH - 1;
    let i = hash(term) & mask;
    while (t[i * WIDTH + KEY] !== 0) i = (i + 1) & mask;
    t[i * WIDTH + FIRST] = first;
    t[i * WIDTH + LAST] = last;
    t[i * WIDTH + COUNT] = count;
    Atomics.store(t, i * WIDTH + KEY, term + 1);
  }

  /** A table twice the size, in new memory: readers holding the old one still find every chain their snapshot needs. */
  private grow(): void {
    const old = this.table;
    this.state.table = new SharedArrayBuffer(old.byteLength * 2);
    this.table = new Int32Array(this.state.table);
    for (let i = 0; i < old.length; i += WIDTH) if (old[i + KEY] !== 0) this.insert(old[i + KEY]! - 1, old[i + FIRST]!, old[i + LAST]!, old[i + COUNT]!);
  }
}

/** Mixes a term id's bits (murmur3's finaliser), so ids with a common stride do not share probe runs. */
function hash(term: number): number {
  let h = Math.imul(term ^ (term >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
