/**
 * Writes in front of a real Virtuoso: a record is acknowledged once committed in SQLite, and the
 * outbox brings every acknowledged record to the store exactly once, whole, even when the store
 * is killed in the middle of a stream of POSTs and started again; while it is down, reads and
 * /health answer 503 with Retry-After. A read-only front serves what the writer posted. `catalod
 * sync` killed with SIGKILL mid-push resumes and ends with the same store.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { StoreCatalog } from '../../src/remote/catalog.js';
import { StoreClient } from '../../src/remote/client.js';
import { recordGraph } from '../../src/remote/record-graph.js';
import { RecordDb } from '../../src/store/db.js';
import { ROOT } from '../helpers.js';
import { startVirtuoso, virtuosoAvailable, type Virtuoso } from '../helpers/virtuoso.js';

const BASE = 'http://localhost:3000/';
const TOKEN = 'outbox-test-token-0123456789';
const available = virtuosoAvailable();
const generate = (count: number, start: number) => execFileSync('node', [`${ROOT}bench/generate.mjs`, '--count', String(count), '--start', String(start), '--seed', '3'], { encoding: 'utf8' });
const CLI = `${ROOT}dist/cli.js`;

let virtuoso: Virtuoso;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'catalod-outbox-'));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  if (available) virtuoso = await startVirtuoso();
}, 120_000);

afterAll(async () => {
  await virtuoso?.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The store's view: quads per record graph under `base`, and the merged graph's size. */
async function storeCounts(base: string): Promise<{ graphs: Map<string, number>; merged: number }> {
  const client = new StoreClient({ query: virtuoso.endpoint });
  const ask = async (query: string) => ((await (await client.query(query, 'application/sparql-results+json')).json()) as { results: { bindings: Record<string, { value: string }>[] } }).results.bindings;
  const rows = await ask(`SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "${base}record/")) } GROUP BY ?g`);
  const merged = await ask(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${base}graph/merged> { ?s ?p ?o } }`);
  return { graphs: new Map(rows.map((r) => [r.g!.value, Number(r.n!.value)])), merged: Number(merged[0]!.n!.value) };
}

/** What the store must hold for the records of a data folder: each graph's size, and the merge's. */
function expected(dir: string, base: string): { graphs: Map<string, number>; merged: number } {
  const db = new RecordDb(dir);
  const graphs = new Map<string, number>();
  const triples = new Set<string>();
  for (const row of db.all()) {
    const g = recordGraph(row, { base });
    if ('error' in g) throw new Error(g.error);
    graphs.set(g.graph, g.quads);
    for (const line of g.nquads.split('\n')) if (line) triples.add(line.replace(` <${g.graph}> .`, ''));
  }
  db.close();
  return { graphs, merged: triples.size };
}

describe.skipIf(!available)(`the outbox, in front of Virtuoso${available ? '' : ' (skipped: virtuoso-t is not installed)'}`, () => {
  it('every acknowledged record reaches the store exactly once, whole, though the store is killed mid-stream; reads say 503 meanwhile', async () => {
    const dir = tempDir();
    const store = { query: virtuoso.endpoint, update: virtuoso.updateEndpoint, user: virtuoso.user, password: virtuoso.password };
    const writer = await StoreCatalog.open({ base: BASE, dir, store, jobs: 1, backoffMs: 100, maxBackoffMs: 400, timeoutMs: 5000 });
    const app = createApp({ catalog: writer, token: TOKEN, log: () => undefined });
    const post = (body: string) => app.request('/records', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' }, body });
    const acknowledged: string[] = [];
    const stream = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const res = await post(generate(5, i * 5));
        expect(res.status).toBe(200);
        acknowledged.push(...((await res.json()) as { records: { id: string }[] }).records.map((r) => r.id));
      }
    };
    try {
      await stream(0, 3);
      expect(await writer.settled(30_000)).toBe(true);
      const work = (await (await app.request('/health')).json()) as { store: { pending: number } };
      expect(work.store.pending).toBe(0);

      await virtuoso.kill();
      await stream(3, 7); // acknowledged while the store is down: committed here, waiting in the outbox
      await expect.poll(async () => (await app.request('/health')).status, { timeout: 15_000, interval: 100 }).toBe(503);
      const health = await app.request('/health');
      expect(health.headers.get('retry-after')).toBeTruthy();
      expect(((await health.json()) as { store: { pending: number } }).store.pending).toBeGreaterThan(0);
      const read = await app.request('/collection/pubmed', { headers: { accept: 'text/turtle' } });
      expect(read.status).toBe(503);
      expect(read.headers.get('retry-after')).toBeTruthy();
      const query = await app.request('/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D', { headers: { accept: 'application/sparql-results+json' } });
      expect(query.status).toBe(503);

      await virtuoso.restart();
      await stream(7, 9);
      // Replaced records (their abstracts changed) and a deleted one: the merged graph must lose what only they stated.
      const replaced = await post(generate(5, 0).replaceAll('BACKGROUND:', 'Revised. BACKGROUND:'));
      expect(replaced.status).toBe(200);
      const gone = acknowledged[7]!;
      const deleted = await app.request(`/records/${gone}`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(deleted.status).toBeLessThan(300);
      acknowledged.splice(7, 1);
      expect(await writer.settled(60_000)).toBe(true);
      await expect.poll(async () => (await app.request('/health')).status, { timeout: 10_000, interval: 200 }).toBe(200);
    } finally {
      await writer.close();
    }
    expect(new Set(acknowledged).size).toBe(44);
    const want = expected(dir, BASE);
    expect(want.graphs.size).toBe(44);
    const got = await storeCounts(BASE);
    expect(got.graphs).toEqual(want.graphs);
    expect(got.merged).toBe(want.merged);
  }, 180_000);

  it('a read-only front serves what the writer posted, refuses writes, and needs no data folder', async () => {
    const base = 'http://fronts.test/';
    const store = { query: virtuoso.endpoint, update: virtuoso.updateEndpoint, user: virtuoso.user, password: virtuoso.password };
    const writer = await StoreCatalog.open({ base, dir: tempDir(), store, jobs: 1 });
    const front = await StoreCatalog.open({ base, store: { query: virtuoso.endpoint } });
    try {
      const writes = createApp({ catalog: writer, token: TOKEN, log: () => undefined });
      const reads = createApp({ catalog: front, token: TOKEN, log: () => undefined });
      const body = generate(3, 500);
      const posted = await writes.request('/records', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body });
      expect(posted.status).toBe(200);
      const work = ((await posted.json()) as { records: { work: string }[] }).records[0]!.work;
      expect(await writer.settled()).toBe(true);
      const res = await reads.request(new URL(work).pathname, { headers: { accept: 'text/turtle' } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('JournalArticle');
      const refused = await reads.request('/records', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body });
      expect(refused.status).toBe(503);
      expect(front.dumps).toBe(false);
      expect((await reads.request('/dump.nq')).status).not.toBe(200);
    } finally {
      await writer.close();
      await front.close();
    }
  }, 60_000);

  it('catalod sync --all killed with SIGKILL mid-push resumes, and the store ends as the records say', async () => {
    const dir = tempDir();
    const base = 'http://sync.test/';
    const file = join(dir, 'records.txt');
    execFileSync('node', [`${ROOT}bench/generate.mjs`, '--count', '400', '--seed', '5', '--out', file]);
    execFileSync('node', [CLI, 'load', '--data', join(dir, 'data'), '--base', base, file], { stdio: 'pipe' });
    const args = ['sync', '--all', '--batch', '20', '--data', join(dir, 'data'), '--base', base, '--store', virtuoso.endpoint, '--store-update', virtuoso.updateEndpoint, '--store-user', 'dba', '--store-password', 'dba'];
    const child = spawn('node', [CLI, ...args], { stdio: 'ignore' });
    await expect.poll(async () => (await storeCounts(base)).graphs.size, { timeout: 60_000, interval: 50 }).toBeGreaterThan(40);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const partial = (await storeCounts(base)).graphs.size;
    expect(partial).toBeLessThan(400);
    execFileSync('node', [CLI, ...args], { stdio: 'pipe' });
    const want = expected(join(dir, 'data'), base);
    const got = await storeCounts(base);
    expect(got.graphs).toEqual(want.graphs);
    expect(got.merged).toBe(want.merged);
    // Nothing changed since: the next sync sends nothing.
    const again = spawnSync('node', [CLI, ...args.filter((a) => a !== '--all')], { encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/^synced 0 record\(s\), 0 quads/);
  }, 180_000);
});
