/**
 * The catalogue on its snapshot: a restart reads the index back and re-derives only what changed
 * since, giving the same index a rebuild from the records gives; a snapshot that does not match
 * the records exactly is never served (the index is rebuilt, and the reason said).
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as RDF from '@rdfjs/types';
import { afterEach, describe, expect, it } from 'vitest';
import { generateRecords } from '../../bench/generate.mjs';
import { PersistentCatalog } from '../../src/catalog/persistent.js';
import { LocalRunner } from '../../src/query/local.js';
import { termKey } from '../../src/store/compact/dictionary.js';
import { RecordDb } from '../../src/store/db.js';
import { SNAPSHOT_FILE } from '../../src/store/snapshot.js';

const BASE = 'http://localhost:3000/';
const key = (q: RDF.Quad) => `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)} ${termKey(q.graph)}`;
const open: PersistentCatalog[] = [];

/** Opens the catalogue in `dir` (jobs: 2, so conversion runs on threads). */
async function openIn(dir: string, base = BASE): Promise<PersistentCatalog> {
  const catalog = await PersistentCatalog.open({ dir, base, jobs: 2, runner: (_, store) => new LocalRunner(store) });
  open.push(catalog);
  return catalog;
}

/** Closes a catalogue once its snapshot is written. */
async function closeSettled(catalog: PersistentCatalog): Promise<void> {
  await catalog.settled();
  await catalog.close();
}

/** Every quad of the catalogue, as sorted keys. */
const quadsOf = (catalog: PersistentCatalog) => [...catalog.dump()].map(key).sort();

/** What a rebuild from the same records gives (the snapshot moved aside, then put back). */
async function rebuilt(dir: string): Promise<string[]> {
  const file = join(dir, SNAPSHOT_FILE);
  const kept = `${file}.kept`;
  if (existsSync(file)) copyFileSync(file, kept);
  rmSync(file, { force: true });
  const catalog = await PersistentCatalog.open({ dir, base: BASE, jobs: 1, snapshots: false, runner: (_, store) => new LocalRunner(store) });
  expect(catalog.origin.from).toBe('records');
  const quads = quadsOf(catalog);
  await catalog.close();
  if (existsSync(kept)) copyFileSync(kept, file);
  return quads;
}

/** A data folder with 40 records and a written snapshot. */
async function folder(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'catalod-snapcat-'));
  const catalog = await openIn(dir);
  const outcomes = await catalog.ingest([...generateRecords({ count: 40, seed: 3 })].join('\n'), 'gen.txt');
  expect(outcomes.every((o) => o.ok)).toBe(true);
  // A sort (and so a snapshot) is due once the delta outgrows its limit: make that now.
  catalog.store.deltaLimit = 0;
  await catalog.ingest([...generateRecords({ count: 1, seed: 4 })][0]!, 'one.txt');
  await closeSettled(catalog);
  expect(existsSync(join(dir, SNAPSHOT_FILE))).toBe(true);
  return dir;
}

afterEach(async () => {
  for (const c of open.splice(0)) await c.close().catch(() => undefined);
});

describe('a catalogue restarted on its snapshot', () => {
  it('reads the index back, the same as a rebuild gives', async () => {
    const dir = await folder();
    const again = await openIn(dir);
    expect(again.origin).toMatchObject({ from: 'snapshot', changed: 0 });
    expect(again.stats().records).toBe(41);
    expect(quadsOf(again)).toEqual(await rebuilt(dir));
    await again.close();
  });

  it('re-derives only the records changed since: posted, replaced, deleted', async () => {
    const dir = await folder();
    const first = await openIn(dir);
    const more = [...generateRecords({ count: 5, seed: 8 })];
    await first.ingest(more.join('\n'), 'more.txt');
    const ids = first.recent(50).map((r) => r.id);
    await first.delete(ids.at(-1)!);
    await first.ingest(more[0]!, 'again.txt');
    await first.close();
    const again = await openIn(dir);
    expect(again.origin).toMatchObject({ from: 'snapshot', changed: 6 });
    expect(quadsOf(again)).toEqual(await rebuilt(dir));
    await again.close();
  });

  it('re-derives the works whose ORCID rows changed since', async () => {
    const dir = await folder();
    const first = await openIn(dir);
    const work = first.recent(1)[0]!;
    const doi = [...first.describe(work.record)].find((q) => q.predicate.value === 'http://xmlns.com/foaf/0.1/primaryTopic')!.object.value;
    const row = first.db.get(work.id)!;
    const key = /doi\/(.+)$/.exec(doi)?.[1];
    const entries = [{ work: key ? `doi:${decodeURIComponent(key)}` : `pmid:${/pubmed-(\d+)/.exec(row.id)?.[1]}`, author: '1', orcid: '0000-0002-1825-0097', line: 1 }];
    const outcome = await first.putOrcids(entries);
    expect(outcome[0]!.records).toEqual([work.id]);
    await first.close();
    const again = await openIn(dir);
    expect(again.origin).toMatchObject({ from: 'snapshot' });
    expect(quadsOf(again).some((q) => q.includes('orcid.org/0000-0002-1825-0097'))).toBe(true);
    expect(quadsOf(again)).toEqual(await rebuilt(dir));
    await again.close();
  });
});

describe('a snapshot that does not match is never served', () => {
  const cases: [string, (dir: string) => void, RegExp, string?][] = [
    ['missing', (dir) => rmSync(join(dir, SNAPSHOT_FILE)), /no snapshot/],
    ['cut short', (dir) => truncateSync(join(dir, SNAPSHOT_FILE), Math.floor(statSync(join(dir, SNAPSHOT_FILE)).size / 2)), /cut short/],
    ['corrupt', (dir) => corrupt(join(dir, SNAPSHOT_FILE)), /corrupt/],
    ['of another base', () => undefined, /another base/, 'http://example.org/cat/'],
    ['of another record store', (dir) => swapStore(dir), /another record store/],
  ];
  for (const [what, damage, why, base] of cases) {
    it(`rebuilds from the records when the snapshot is ${what}`, async () => {
      const dir = await folder();
      damage(dir);
      const again = await openIn(dir, base ?? BASE);
      expect(again.origin.from).toBe('records');
      expect((again.origin as { why: string }).why).toMatch(why);
      expect(again.stats().records).toBe(41);
      if (!base) expect(quadsOf(again)).toEqual(await rebuilt(dir));
      await again.close();
    });
  }

  it('rebuilds when the record store is older than the snapshot (restored from a backup)', async () => {
    const dir = await folder();
    const backup = mkdtempSync(join(tmpdir(), 'catalod-backup-'));
    checkpoint(dir);
    copyFileSync(join(dir, 'records.sqlite'), join(backup, 'records.sqlite'));
    const first = await openIn(dir);
    first.store.deltaLimit = 0;
    await first.ingest([...generateRecords({ count: 12, seed: 21 })].join('\n'), 'late.txt');
    expect(first.stats().records).toBe(53);
    await closeSettled(first);
    rmSync(join(dir, 'records.sqlite-wal'), { force: true });
    copyFileSync(join(backup, 'records.sqlite'), join(dir, 'records.sqlite'));
    const again = await openIn(dir);
    expect(again.origin).toMatchObject({ from: 'records', why: expect.stringMatching(/older than the snapshot/) });
    expect(again.stats().records).toBe(41);
    await again.close();
  });
});

/** Flips a byte in the middle of a file. */
function corrupt(file: string): void {
  const bytes = readFileSync(file);
  const at = Math.floor(bytes.length / 3);
  bytes[at] = bytes[at]! ^ 0xff;
  writeFileSync(file, bytes);
}

/** Replaces the record store with another one holding the same records (another identity). */
function swapStore(dir: string): void {
  const other = mkdtempSync(join(tmpdir(), 'catalod-other-'));
  const from = new RecordDb(dir);
  const to = new RecordDb(other);
  to.put([...from.all()].map((r) => ({ id: r.id, format: r.format, body: r.body })));
  from.close();
  to.close();
  checkpoint(other);
  for (const name of ['records.sqlite', 'records.sqlite-wal', 'records.sqlite-shm']) rmSync(join(dir, name), { force: true });
  copyFileSync(join(other, 'records.sqlite'), join(dir, 'records.sqlite'));
}

/** Folds the write-ahead log into the database file, so copying the file copies everything. */
function checkpoint(dir: string): void {
  const db = new RecordDb(dir);
  db.db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
