/** The change log: which IRIs each change touched, as the catalogues report them to caches. */
import { describe, expect, it } from 'vitest';
import { ChangeLog } from '../../src/catalog/changes.js';
import { MemoryCatalog } from '../../src/catalog/memory.js';
import { SEED } from '../helpers.js';
import { fixtureText } from '../fixtures/load.js';

const BASE = 'http://localhost:3000/';
const WORK = `${BASE}work/doi/10.1186/s12888-022-03999-9`;

describe('ChangeLog', () => {
  it('gives the IRIs touched after a generation, merged over the changes since', () => {
    const log = new ChangeLog();
    log.note(new Set(['a', 'b']));
    log.note(new Set(['c']));
    expect(log.generation).toBe(2);
    expect([...log.since(0)!].sort()).toEqual(['a', 'b', 'c']);
    expect([...log.since(1)!]).toEqual(['c']);
    expect(log.since(2)!.size).toBe(0);
  });

  it('says it cannot tell (undefined) for a generation older than it remembers, or one it never had', () => {
    const log = new ChangeLog(2);
    for (const iri of ['a', 'b', 'c']) log.note(new Set([iri]));
    expect([...log.since(1)!].sort()).toEqual(['b', 'c']);
    expect(log.since(0)).toBeUndefined();
    expect(log.since(7)).toBeUndefined();
  });
});

describe('a catalogue’s changedSince', () => {
  it('names what an ingest touched (the work, its authors, journal, record) and not another work', async () => {
    const catalog = new MemoryCatalog({ base: BASE });
    const [other] = await catalog.ingest(fixtureText('pages/hard-names.txt'), 'hard.txt');
    const before = catalog.generation;
    await catalog.ingest(SEED, 'seed.txt');
    const touched = catalog.changedSince(before)!;
    for (const iri of [WORK, `${WORK}/person/gillardsteve`, `${BASE}journal/bmcpsychiatry`, `${BASE}record/pubmed-9158348`]) expect(touched.has(iri), iri).toBe(true);
    expect(touched.has(other!.work!)).toBe(false);
  });

  it('names what a delete took away', async () => {
    const catalog = new MemoryCatalog({ base: BASE });
    await catalog.ingest(SEED, 'seed.txt');
    const before = catalog.generation;
    expect(await catalog.delete('pubmed-9158348')).toBe(true);
    const touched = catalog.changedSince(before)!;
    expect(touched.has(WORK)).toBe(true);
    expect(touched.has(`${WORK}/person/wornerjessica`)).toBe(true);
  });
});
