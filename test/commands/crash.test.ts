/**
 * Nothing acknowledged is lost: a server killed with SIGKILL in the middle of a stream of POSTs
 * restarts (on its index snapshot, re-deriving what changed since) with every acknowledged record
 * present and queryable, and no half-written one.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRecords } from '../../bench/generate.mjs';
import { startServer } from './server-process.js';

const TOKEN = 'crash-test-token';
const BASE = ['--base', 'http://localhost:3000/'];

describe('crash safety', () => {
  it('keeps every acknowledged record across kill -9', async () => {
    const data = mkdtempSync(join(tmpdir(), 'catalod-crash-'));
    // One base for both runs (it defaults to the port's, and a snapshot of another base is rebuilt).
    const first = await startServer({ data, token: TOKEN, extra: BASE });
    const records = [...generateRecords({ count: 400, seed: 11 })];
    const acknowledged: string[] = [];
    let sent = 0;
    // Four concurrent writers; the kill lands while requests are in flight.
    const writer = async (lane: number) => {
      for (let i = lane; i < records.length; i += 4) {
        sent++;
        try {
          const res = await fetch(`${first.url}records`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: records[i] });
          if (res.status === 200) {
            const body = (await res.json()) as { records: { id: string; ok: boolean }[] };
            for (const r of body.records) if (r.ok) acknowledged.push(r.id);
          }
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acknowledged.length < 60) await new Promise((r) => setTimeout(r, 5));
    first.child.kill('SIGKILL');
    await Promise.all(writers);
    await first.stop();
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    expect(sent).toBeGreaterThan(acknowledged.length);

    const second = await startServer({ data, extra: BASE });
    try {
      // Restarted on the index snapshot the first server wrote, with every change since it re-derived.
      expect(second.output()).toMatch(/"index":\{"from":"snapshot","changed":\d+/);
      const health = (await (await fetch(`${second.url}health`)).json()) as { records: number };
      expect(health.records).toBeGreaterThanOrEqual(acknowledged.length);
      const query = `SELECT ?id WHERE { ?r <http://purl.org/dc/terms/identifier> ?id ; <http://xmlns.com/foaf/0.1/primaryTopic> ?w . ?w a <http://schema.org/ScholarlyArticle> }`;
      const res = await fetch(`${second.url}sparql?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } });
      const ids = new Set(((await res.json()) as { results: { bindings: { id: { value: string } }[] } }).results.bindings.map((b) => b.id.value));
      for (const id of acknowledged) expect(ids.has(id), id).toBe(true);
      // Every stored record is whole: as many records in the index as in the store.
      expect(ids.size).toBe(health.records);
      const one = await fetch(`${second.url}record/${acknowledged[0]}`, { headers: { accept: 'text/turtle' } });
      expect(one.status).toBe(200);
    } finally {
      await second.stop();
    }
  }, 120_000);
});
