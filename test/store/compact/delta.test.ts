/** The delta's shared chains: what a reader finds, in what order, up to its snapshot, across table growth. */
import { describe, expect, it } from 'vitest';
import { Chains, emptyDelta } from '../../../src/store/compact/delta.js';

describe('delta chains', () => {
  it('chains each term’s slots oldest first and counts them', () => {
    const state = emptyDelta(100).subjects;
    const chains = new Chains(state, 100);
    const terms = [7, 9, 7, 3, 7, 9];
    terms.forEach((t, i) => chains.link(100 + i, t));
    expect([...chains.slots(7, 106)]).toEqual([100, 102, 104]);
    expect([...chains.slots(9, 106)]).toEqual([101, 105]);
    expect([...chains.slots(4, 106)]).toEqual([]);
    expect(chains.count(7)).toBe(3);
    expect(chains.count(4)).toBe(0);
  });

  it('stops at the end a reader’s snapshot sees', () => {
    const chains = new Chains(emptyDelta(0).objects, 0);
    for (let slot = 0; slot < 10; slot++) chains.link(slot, slot % 2);
    expect([...chains.slots(0, 5)]).toEqual([0, 2, 4]);
    expect([...chains.slots(1, 1)]).toEqual([]);
  });

  it('keeps every chain through table growth, for new readers and for a reader holding the old table', () => {
    const state = emptyDelta(0).subjects;
    const writer = new Chains(state, 0);
    writer.link(0, 42);
    const before = new Chains({ ...state }, 0);
    const tableBefore = state.table;
    // 100,000 distinct terms: the table (65,536 entries at first) is moved to larger memory twice.
    for (let slot = 1; slot <= 100_000; slot++) writer.link(slot, 1000 + slot);
    writer.link(100_001, 42);
    expect(state.table).not.toBe(tableBefore);
    const after = new Chains({ ...state }, 0);
    expect([...after.slots(42, 100_002)]).toEqual([0, 100_001]);
    expect([...after.slots(1000 + 5_000, 10_002)]).toEqual([5_000]);
    // The old reader still walks 42's chain (links live in the shared `next` memory), within its view.
    expect([...before.slots(42, 1)]).toEqual([0]);
    expect([...before.slots(42, 100_002)]).toEqual([0, 100_001]);
  });
});
