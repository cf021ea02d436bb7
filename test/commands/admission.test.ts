/**
 * What a client's query may cost, against a real `catalod serve`: a text too deep or too large, and
 * a body too large, are refused within a second while /health keeps answering in under 200 ms;
 * no client holds every query worker; a small query right after start-up and writes does not wait
 * behind a runaway one.
 */
import { Agent, request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_PATH } from '../helpers.js';
import { startServer, type ServerProcess } from './server-process.js';

const TOKEN = 'admission-test-token';
const CARTESIAN = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
const SMALL = 'SELECT ?t WHERE { ?w <http://schema.org/name> ?t } LIMIT 1';
const JSON_RESULTS = 'application/sparql-results+json';

let server: ServerProcess;
beforeAll(async () => {
  // Three workers kept ready (at most four): one client may run two ad hoc queries, so one ready worker stays free for others.
  server = await startServer({ data: mkdtempSync(join(tmpdir(), 'catalod-admission-')), timeout: 6, token: TOKEN, extra: ['--workers', '3'] });
}, 120_000);
afterAll(() => {
  keepAlive.destroy();
  return server?.stop();
});

interface Answer {
  status: number;
  body: string;
  ms: number;
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });

/** One HTTP request from a given local address (127.0.0.x: each is another client to the server); /health on one kept-alive connection. */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {}): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, server.url), { method: options.method ?? 'GET', headers: options.headers, localAddress: options.from ?? '127.0.0.1', agent: path === 'health' ? keepAlive : false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const sparql = (query: string, from?: string) => send(`sparql?query=${encodeURIComponent(query)}`, { headers: { accept: JSON_RESULTS }, from });
const post = (query: string) => send('sparql', { method: 'POST', headers: { 'content-type': 'application/sparql-query', accept: JSON_RESULTS }, body: query });

/**
 * Waits until /health answers three times in a row within 50 ms: the work of an earlier test (a
 * replacement worker starting after a deadline, a large query's parse) has settled, so what is
 * measured next is the effect of the next request alone.
 */
async function quiet(): Promise<void> {
  const until = performance.now() + 30_000;
  for (let quick = 0; quick < 3 && performance.now() < until; ) {
    quick = (await send('health')).ms < 50 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls /health every 20 ms until `start()`'s request settles; returns its answer and every /health latency. */
async function whileHealthy<T>(start: () => Promise<T>): Promise<{ result: T; health: number[] }> {
  await quiet();
  const work = start();
  let done = false;
  const settled = work.finally(() => (done = true));
  const health: number[] = [];
  do {
    const h = await send('health');
    expect(h.status).toBe(200);
    health.push(h.ms);
    await new Promise((r) => setTimeout(r, 20));
  } while (!done);
  return { result: await settled, health };
}

/** VmHWM (peak RSS) of the server process, in MB. */
const peakRssMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))![1]) / 1024;

describe('admission of a query text (stalls 1 and 2 of issue 10)', () => {
  // First: right after start-up and a few writes (the server listens only once its workers are up).
  it('a small query sent just after a runaway one does not wait for the runaway’s deadline', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await send('records', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' }, body: readFileSync(SEED_PATH, 'utf8') });
      expect(res.status).toBe(200);
    }
    const runaway = sparql(CARTESIAN);
    await new Promise((r) => setTimeout(r, 200));
    const small = await sparql(SMALL);
    expect(small.status).toBe(200);
    expect(small.ms).toBeLessThan(2_000);
    expect((await runaway).status).toBe(503);
    console.info(`small query right after a runaway: ${Math.round(small.ms)} ms (deadline 6 s)`);
  }, 60_000);

  it('GET nested 2,400 deep: 400 within a second, /health unaffected', async () => {
    const query = `SELECT * WHERE { ${'{'.repeat(2400)} ?s ?p ?o ${'}'.repeat(2400)} }`;
    const { result, health } = await whileHealthy(() => sparql(query));
    expect(result.status).toBe(400);
    expect(result.body).toMatch(/^query nested too deep: at most 64 levels/);
    expect(result.ms).toBeLessThan(1_000);
    expect(Math.max(...health)).toBeLessThan(200);
  });

  it('POST nested 50,000 deep (100 KB): 400 within a second, /health unaffected', async () => {
    const query = `SELECT * WHERE { ${'{'.repeat(50_000)} ?s ?p ?o ${'}'.repeat(50_000)} }`;
    const { result, health } = await whileHealthy(() => post(query));
    expect(result.status).toBe(400);
    expect(result.ms).toBeLessThan(1_000);
    expect(Math.max(...health)).toBeLessThan(200);
  });

  it('a VALUES query over the 256 KiB limit: 413 within a second; one under it is answered', async () => {
    const values = (n: number) => `SELECT (COUNT(*) AS ?n) WHERE { VALUES ?v { ${Array.from({ length: n }, (_, i) => `"value number ${i}"`).join(' ')} } }`;
    const over = values(20_000); // ~380 KB
    const { result, health } = await whileHealthy(() => post(over));
    expect(result.status).toBe(413);
    expect(result.body).toMatch(/^query too large: at most 262144 bytes/);
    expect(result.ms).toBeLessThan(1_000);
    expect(Math.max(...health)).toBeLessThan(200);
    const under = await post(values(5_000)); // ~95 KB, parsed on a worker
    expect(under.status, under.body).toBe(200);
    expect(JSON.parse(under.body).results.bindings[0].n.value).toBe('5000');
  }, 30_000);

  it('a 200 MB body streamed without a length: 413 as soon as it passes 1 MiB, the server’s memory does not grow with it', async () => {
    const chunk = Buffer.alloc(64 << 10, 'a');
    const chunks = 200 * 16; // 200 MB in 64 KiB chunks
    let started = 0;
    let peakBefore = 0;
    let sent = 0;
    const { result, health } = await whileHealthy(() =>
      new Promise<{ status: number; ms: number }>((resolve, reject) => {
        peakBefore = peakRssMb();
        started = performance.now();
        const req = httpRequest(new URL('sparql', server.url), { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, agent: false }, (res) => {
          res.resume();
          resolve({ status: res.statusCode!, ms: performance.now() - started });
          req.destroy();
        });
        req.on('error', reject);
        const pump = () => {
          while (sent < chunks && !req.destroyed) {
            sent++;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          if (!req.destroyed) req.end();
        };
        pump();
      }),
    );
    expect(result.status).toBe(413);
    expect(result.ms).toBeLessThan(1_000);
    expect(sent).toBeLessThan(chunks / 10);
    expect(Math.max(...health)).toBeLessThan(200);
    expect(peakRssMb() - peakBefore).toBeLessThan(50);
    console.info(`200 MB stream: 413 after ${Math.round(result.ms)} ms, ${(sent / 16).toFixed(1)} MB written; peak RSS +${(peakRssMb() - peakBefore).toFixed(1)} MB`);
  }, 30_000);
});

describe('pool fairness over HTTP (stall 6 of issue 10)', () => {
  // A server of its own, so every kept-ready worker is up (replacements of workers an earlier test stopped at a deadline start slowly on a busy machine).
  beforeAll(async () => {
    await server.stop();
    server = await startServer({ data: mkdtempSync(join(tmpdir(), 'catalod-fairness-')), timeout: 6, extra: ['--workers', '3'] });
  }, 120_000);

  it('one client’s flood of runaways: another client’s small query and a stored query still answer fast', async () => {
    const flood = Array.from({ length: 12 }, () => sparql(CARTESIAN, '127.0.0.1'));
    await new Promise((r) => setTimeout(r, 500));
    const small = await sparql(SMALL, '127.0.0.2');
    const stored = await send('queries/works-by-author-name?name=Gillard', { headers: { accept: JSON_RESULTS }, from: '127.0.0.3' });
    const health = await send('health');
    expect(small.status, small.body).toBe(200);
    expect(stored.status, stored.body).toBe(200);
    expect(JSON.parse(stored.body).results.bindings.length).toBeGreaterThan(0);
    expect(small.ms).toBeLessThan(1_500);
    expect(stored.ms).toBeLessThan(1_500);
    expect(health.ms).toBeLessThan(200);
    const statuses = (await Promise.all(flood)).map((a) => a.status);
    // Two run and are stopped at the deadline; the rest wait (stopped at it too) or, past 16 waiting, are refused at once.
    expect(statuses.every((s) => s === 503 || s === 429)).toBe(true);
    console.info(`12 runaways from one client: another client's small query ${Math.round(small.ms)} ms, a stored query ${Math.round(stored.ms)} ms`);
  }, 60_000);
});
