/**
 * Index snapshots: what is written reads back as the same index (every quad, every lookup), and
 * a snapshot that is cut short, corrupt, or of another mapping, base or store is refused.
 */
import { mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { generateRecords } from '../../bench/generate.mjs';
import { convertText } from '../../src/convert.js';
import { CompactStore } from '../../src/store/compact/store.js';
import { termKey } from '../../src/store/compact/dictionary.js';
import { freezeIndex, readSnapshot, SnapshotRejected, writeSnapshot, type SnapshotStamp } from '../../src/store/snapshot.js';
import { converted } from '../helpers.js';

const STAMP: SnapshotStamp = { fingerprint: 'f1', base: 'http://localhost:3000/', store: 'store-1', changes: 7 };
const key = (q: RDF.Quad) => `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)} ${q.graph.termType === 'DefaultGraph' ? '' : termKey(q.graph)}`;
const keys = (qs: Iterable<RDF.Quad>) => [...qs].map(key).sort();

/** A store of 60 generated records, one of them deleted and one replaced (tombstones to keep). */
function store(): CompactStore {
  const s = new CompactStore();
  const records = converted(convertText([...generateRecords({ count: 60, seed: 5 })].join('\n'), 'gen.txt'));
  for (const c of records) s.replaceGraph(DataFactory.namedNode(c.iris.record), c.quads);
  s.removeGraph(DataFactory.namedNode(records[3]!.iris.record));
  s.replaceGraph(DataFactory.namedNode(records[4]!.iris.record), records[5]!.quads);
  return s;
}

/** Sorts `s` and writes its snapshot to a new file; returns the file. */
async function snapshotOf(s: CompactStore): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'catalod-snap-')), 'index.snapshot');
  let written: Promise<number> | undefined;
  await s.sort(undefined, (state, input) => {
    const frozen = freezeIndex(state, input);
    return (sorted) => (written = writeSnapshot(file, frozen, sorted, STAMP, [{ id: 'bad-1', error: 'no title' }]));
  });
  await written;
  return file;
}

describe('index snapshots', () => {
  it('read back as the same index: every quad, lookups by each position, counts, statistics', async () => {
    const original = store();
    const file = await snapshotOf(original);
    const { state, stamp, skipped } = await readSnapshot(file, STAMP);
    expect(stamp).toEqual(STAMP);
    expect(skipped).toEqual([{ id: 'bad-1', error: 'no title' }]);
    const restored = new CompactStore(state);
    expect(keys(restored.allQuads())).toEqual(keys(original.allQuads()));
    expect(restored.size()).toBe(original.size());
    expect(restored.triples()).toBe(original.triples());
    const sample = [...original.allQuads()].filter((_, i) => i % 97 === 0);
    for (const q of sample) {
      for (const pattern of [[q.subject, null, null], [null, q.predicate, q.object], [null, null, q.object]] as const) {
        expect(keys(restored.quads(...pattern, DataFactory.defaultGraph()))).toEqual(keys(original.quads(...pattern, DataFactory.defaultGraph())));
        expect(restored.countQuads(...pattern, null)).toBe(original.countQuads(...pattern, null));
      }
    }
    const p = original.id(sample[0]!.predicate);
    expect(restored.predicateStats(p)).toEqual(original.predicateStats(p));
  });

  it('takes writes after it is read: new terms, new graphs, removals, and sorts again', async () => {
    const file = await snapshotOf(store());
    const restored = new CompactStore((await readSnapshot(file, STAMP, { threads: 2 })).state);
    const [extra] = converted(convertText([...generateRecords({ count: 1, seed: 99 })][0]!, 'one.txt'));
    const graph = DataFactory.namedNode(extra!.iris.record);
    restored.replaceGraph(graph, extra!.quads);
    const oracle = store();
    oracle.replaceGraph(graph, extra!.quads);
    expect(keys(restored.allQuads())).toEqual(keys(oracle.allQuads()));
    restored.index(true);
    oracle.index(true);
    expect(keys(restored.quads(null, null, null, DataFactory.defaultGraph()))).toEqual(keys(oracle.quads(null, null, null, DataFactory.defaultGraph())));
  });

  it('is written whole or not at all: the new file replaces the old by rename', async () => {
    const file = await snapshotOf(store());
    expect(() => statSync(`${file}.tmp`)).toThrow();
  });

  const refusals: [string, (file: string) => void, Partial<SnapshotStamp>, RegExp][] = [
    ['empty', (f) => writeFileSync(f, ''), {}, /cut short/],
    ['cut short (the end lost)', (f) => truncateSync(f, statSync(f).size - 100), {}, /cut short|no closing mark/],
    ['cut short (only its start written)', (f) => truncateSync(f, 4096), {}, /cut short|no closing mark/],
    ['corrupt (a byte flipped in a section)', (f) => flip(f, 1000), {}, /corrupt/],
    ['corrupt (a byte flipped in the header)', (f) => flip(f, statSync(f).size - 40), {}, /corrupt/],
    ['of another mapping', () => undefined, { fingerprint: 'f2' }, /another mapping/],
    ['of another base', () => undefined, { base: 'http://example.org/' }, /another base/],
    ['of another record store', () => undefined, { store: 'store-2' }, /another record store/],
  ];
  for (const [what, damage, expected, why] of refusals) {
    it(`is refused when ${what}`, async () => {
      const file = await snapshotOf(store());
      damage(file);
      await expect(readSnapshot(file, { ...STAMP, ...expected })).rejects.toThrow(SnapshotRejected);
      await expect(readSnapshot(file, { ...STAMP, ...expected }, { threads: 2 })).rejects.toThrow(why);
    });
  }

  it('is refused when there is none', async () => {
    await expect(readSnapshot(join(tmpdir(), 'no-such-folder', 'index.snapshot'), STAMP)).rejects.toThrow(/no snapshot/);
  });
});

/** Flips one byte of a file. */
function flip(file: string, at: number): void {
  const bytes = readFileSync(file);
  bytes[at] = bytes[at]! ^ 0xff;
  writeFileSync(file, bytes);
}
