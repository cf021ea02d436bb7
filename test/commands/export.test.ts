/**
 * `catalod export --shards DIR`: gzip N-Quads shards and a manifest for bulk loaders. The shards
 * of a loaded store must hold exactly what `convert --to nquads` makes of the same files, one
 * named graph per record; a record that no longer converts is skipped and said; and Virtuoso's
 * bulk loader (when installed) must load every quad into the records' own graphs.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SEED_PATH } from '../helpers.js';
import type { ExportManifest } from '../../src/commands/export.js';
import { recordIri } from '../../src/mapping/iris.js';

const catalod = (...args: string[]) => spawnSync(process.execPath, [`${ROOT}dist/cli.js`, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
const BASE = 'http://export.test/';
const work = mkdtempSync(join(tmpdir(), 'catalod-export-'));
const generated = join(work, 'generated.txt');
const inputs = [SEED_PATH, generated];

/** One quad as a canonical N-Quads line (n3's writer escapes consistently, so equal quads give equal lines). */
const writer = new N3.Writer({ format: 'N-Quads' });
const line = (q: Quad) => writer.quadToString(q.subject, q.predicate, q.object, q.graph);

/** Every quad of every shard in `dir`, gunzipped and parsed. */
function shardQuads(dir: string, manifest: ExportManifest): Quad[] {
  return manifest.shards.flatMap((s) => new N3.Parser({ format: 'N-Quads' }).parse(gunzipSync(readFileSync(join(dir, s.file))).toString('utf8')));
}

/** Loads the seed and the generated records into a fresh data folder. */
function loadedFolder(name: string): string {
  const data = join(work, name);
  const load = catalod('load', '--data', data, '--base', BASE, ...inputs);
  expect(load.status, load.stderr).toBe(0);
  return data;
}

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;

describe('export --shards', () => {
  let data: string;
  const out = join(work, 'shards');

  beforeAll(() => {
    const gen = spawnSync(process.execPath, [`${ROOT}bench/generate.mjs`, '--count', '300', '--out', generated], { encoding: 'utf8' });
    expect(gen.status, gen.stderr).toBe(0);
    data = loadedFolder('data');
    // On the worker pool; the skipped-record test below compares it with --jobs 1, byte for byte.
    const exported = catalod('export', '--data', data, '--shards', out, '--shard-size', '100', '--base', BASE, '--jobs', '2');
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stderr).toContain('exported 301 record(s)');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes 4 shards of at most 100 records, the manifest counting and checksumming each file', () => {
    const manifest = readManifest(out);
    expect(readdirSync(out).sort()).toEqual(['catalod-00001.nq.gz', 'catalod-00002.nq.gz', 'catalod-00003.nq.gz', 'catalod-00004.nq.gz', 'manifest.json']);
    expect(manifest.shards.map((s) => s.records)).toEqual([100, 100, 100, 1]);
    expect(manifest).toMatchObject({ base: BASE, records: 301, skipped: [] });
    const db = new Database(join(data, 'records.sqlite'), { readonly: true });
    try {
      expect(manifest.store).toBe((db.prepare("SELECT value FROM meta WHERE key = 'store'").get() as { value: string }).value);
      expect(manifest.changeCounter).toBe((db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").get() as { seq: number }).seq);
    } finally {
      db.close();
    }
    expect(Date.parse(manifest.generated)).not.toBeNaN();
    for (const s of manifest.shards) {
      const bytes = readFileSync(join(out, s.file));
      expect(s.bytes).toBe(bytes.length);
      expect(s.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      const quads = new N3.Parser({ format: 'N-Quads' }).parse(gunzipSync(bytes).toString('utf8'));
      expect(s.quads).toBe(quads.length);
      expect(new Set(quads.map((q) => q.graph.value)).size).toBe(s.records);
    }
    expect(manifest.quads).toBe(manifest.shards.reduce((n, s) => n + s.quads, 0));
  });

  it('holds exactly what convert --to nquads makes of the same files, one record IRI graph per record, in store order', () => {
    const manifest = readManifest(out);
    const exported = shardQuads(out, manifest);
    const converted = catalod('convert', '--to', 'nquads', '--base', BASE, ...inputs);
    expect(converted.status, converted.stderr).toBe(0);
    const expected = new N3.Parser({ format: 'N-Quads' }).parse(converted.stdout);
    // No blank nodes, so graph isomorphism is plain set equality of the quads.
    const terms = (q: Quad) => [q.subject, q.predicate, q.object, q.graph];
    expect(exported.flatMap(terms).filter((t) => t.termType === 'BlankNode')).toEqual([]);
    expect(expected.flatMap(terms).filter((t) => t.termType === 'BlankNode')).toEqual([]);
    const have = new Set(exported.map(line));
    const want = new Set(expected.map(line));
    expect([...want].filter((l) => !have.has(l)).slice(0, 5)).toEqual([]);
    expect([...have].filter((l) => !want.has(l)).slice(0, 5)).toEqual([]);
    expect(have.size).toBe(want.size);
    expect(exported.length).toBe(expected.length);
    // Every graph is a record's IRI, in the order the records were loaded (the seed first).
    const graphs = [...new Set(exported.map((q) => q.graph.value))];
    expect(graphs).toHaveLength(301);
    for (const g of graphs) expect(g).toMatch(/^http:\/\/export\.test\/record\/[^/]+$/);
    expect(graphs[0]).toBe(`${BASE}record/pubmed-9158348`);
    const db = new Database(join(data, 'records.sqlite'), { readonly: true });
    try {
      const ids = (db.prepare('SELECT id FROM records ORDER BY seq').all() as { id: string }[]).map((r) => recordIri(BASE, r.id));
      expect(graphs).toEqual(ids);
    } finally {
      db.close();
    }
  });

  it('refuses a folder that already holds an export, and replaces it whole with --force', () => {
    const again = catalod('export', '--data', data, '--shards', out, '--base', BASE);
    expect(again.status).toBe(1);
    expect(again.stderr.trim()).toBe(`catalod: ${out} already holds an export (manifest.json): give --force to replace it, or another folder`);
    expect(readManifest(out).shards).toHaveLength(4);
    const other = join(work, 'forced');
    expect(catalod('export', '--data', data, '--shards', other, '--shard-size', '100', '--base', BASE).status).toBe(0);
    const forced = catalod('export', '--data', data, '--shards', other, '--shard-size', '200', '--base', BASE, '--force');
    expect(forced.status, forced.stderr).toBe(0);
    // The old shards 3 and 4 are gone: a loader taking *.nq.gz must not load them again.
    expect(readdirSync(other).sort()).toEqual(['catalod-00001.nq.gz', 'catalod-00002.nq.gz', 'manifest.json']);
    expect(readManifest(other).shards.map((s) => s.records)).toEqual([200, 101]);
  });

  it('says in one line that a data folder holds no store, and creates nothing there', () => {
    const missing = join(work, 'no-such-data');
    const r = catalod('export', '--data', missing, '--shards', join(work, 'never'), '--base', BASE);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`no catalod store in ${missing}`);
    expect(existsSync(missing)).toBe(false);
  });

  it('skips a record that no longer converts, names it, exits 1, and exports the others; --jobs 1 and 2 write the same bytes', () => {
    const broken = loadedFolder('broken');
    const db = new Database(join(broken, 'records.sqlite'));
    const { id } = db.prepare('SELECT id FROM records ORDER BY seq LIMIT 1 OFFSET 150').get() as { id: string };
    db.prepare("UPDATE records SET body = 'garbage' WHERE id = ?").run(id);
    db.close();
    const dir = join(work, 'broken-shards');
    const r = catalod('export', '--data', broken, '--shards', dir, '--shard-size', '100', '--base', BASE, '--jobs', '1');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^record ${id}: .+$`, 'm'));
    const pooled = join(work, 'broken-shards-pooled');
    const p = catalod('export', '--data', broken, '--shards', pooled, '--shard-size', '100', '--base', BASE, '--jobs', '2');
    expect(p.status).toBe(1);
    expect(p.stderr.replace(pooled, dir)).toBe(r.stderr);
    const { generated: _a, ...inThread } = readManifest(dir);
    const { generated: _b, ...onPool } = readManifest(pooled);
    expect(onPool).toEqual(inThread);
    for (const s of inThread.shards) expect(readFileSync(join(pooled, s.file)).equals(readFileSync(join(dir, s.file)))).toBe(true);
    const manifest = readManifest(dir);
    expect(manifest.skipped).toHaveLength(1);
    expect(manifest.skipped[0]!.id).toBe(id);
    expect(manifest.skipped[0]!.error).not.toBe('');
    expect(manifest.records).toBe(300);
    expect(manifest.shards.map((s) => s.records)).toEqual([100, 100, 100]);
    const graphs = new Set(shardQuads(dir, manifest).map((q) => q.graph.value));
    expect(graphs.size).toBe(300);
    expect(graphs.has(recordIri(BASE, id))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  describe("Virtuoso's bulk loader", () => {
    interface Virtuoso {
      sql(statements: string): string;
      stop(): Promise<void>;
    }
    interface VirtuosoModule {
      available(): boolean;
      start(dir: string, dataDir: string, options: { buffers: number }): Promise<Virtuoso>;
    }
    let peer: VirtuosoModule | undefined;
    let virtuoso: Virtuoso | undefined;
    const present = spawnSync('sh', ['-c', 'command -v virtuoso-t && command -v isql-vt']).status === 0;

    beforeAll(async () => {
      if (!present) return;
      peer = (await import(pathToFileURL(`${ROOT}bench/peers/virtuoso.mjs`).href)) as VirtuosoModule;
      virtuoso = await peer.start(join(work, 'virtuoso'), out, { buffers: 20_000 });
    }, 180_000);
    afterAll(async () => {
      await virtuoso?.stop();
    }, 60_000);

    it.skipIf(!present)('loads every shard into the records\' own graphs (virtuoso-t and isql-vt on PATH; skipped without them)', () => {
      const manifest = readManifest(out);
      const sql = virtuoso!.sql;
      const count = (text: string) => Number(/^\s*(\d+)\s*$/m.exec(text)?.[1] ?? NaN);
      sql(`ld_dir('${out}', '*.nq.gz', 'http://example.org/unused'); rdf_loader_run(); checkpoint;`);
      const loaded = sql('SELECT ll_file, ll_state FROM DB.DBA.load_list WHERE ll_error IS NULL;');
      for (const s of manifest.shards) expect(loaded).toContain(`${out}/${s.file}`);
      expect(count(sql('SELECT COUNT(*) FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;'))).toBe(0);
      const inRecordGraphs = sql(`SPARQL SELECT COUNT(*) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), '${BASE}record/')) };`);
      expect(count(inRecordGraphs)).toBe(manifest.quads);
      const graphs = sql(`SPARQL SELECT COUNT(DISTINCT ?g) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), '${BASE}record/')) };`);
      expect(count(graphs)).toBe(manifest.records);
      // N-Quads name their own graphs: the ld_dir default graph stays empty.
      expect(count(sql('SPARQL SELECT COUNT(*) FROM <http://example.org/unused> WHERE { ?s ?p ?o };'))).toBe(0);
    }, 300_000);
  });
});
