/**
 * A public endpoint survives a runaway query: a cartesian product stops at the deadline with a
 * clear error, and meanwhile /health and small queries keep answering in under 100 ms.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from './server-process.js';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer({ data: mkdtempSync(join(tmpdir(), 'catalod-resp-')), timeout: 3 });
}, 60_000);
afterAll(() => server?.stop());

const sparql = (query: string) => fetch(`${server.url}sparql?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } });

async function timed(run: () => Promise<Response>): Promise<{ ms: number; status: number }> {
  const t = performance.now();
  const res = await run();
  await res.text();
  return { ms: performance.now() - t, status: res.status };
}

describe('responsiveness under a runaway query', () => {
  it('stops a cartesian product at the 3 s deadline while /health and small queries answer fast', async () => {
    await timed(() => sparql('ASK { ?s ?p ?o }')); // warm
    const started = performance.now();
    const runaway = sparql('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }').then(async (res) => ({ status: res.status, body: await res.text(), s: (performance.now() - started) / 1000 }));
    await new Promise((r) => setTimeout(r, 300));
    const health: number[] = [];
    const small: number[] = [];
    while (performance.now() - started < 2500) {
      const h = await timed(() => fetch(`${server.url}health`));
      expect(h.status).toBe(200);
      health.push(h.ms);
      const q = await timed(() => sparql('SELECT ?t WHERE { ?w <http://schema.org/name> ?t } LIMIT 1'));
      expect(q.status).toBe(200);
      small.push(q.ms);
      await new Promise((r) => setTimeout(r, 100));
    }
    const result = await runaway;
    expect(result.status).toBe(503);
    expect(result.body).toContain('deadline of 3 s');
    expect(result.s).toBeGreaterThan(2.9);
    expect(result.s).toBeLessThan(5);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(health.length).toBeGreaterThan(5);
    expect(Math.max(...health)).toBeLessThan(100);
    expect(median(small)).toBeLessThan(100);
  }, 60_000);
});
