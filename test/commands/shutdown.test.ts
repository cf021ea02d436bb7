/**
 * SIGTERM drains: the server stops taking connections, lets the requests in flight finish (a
 * write whose body is still arriving, a query running on a worker), then exits 0; a request
 * that outlasts `--drain` is cut and the server exits all the same.
 */
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEED } from '../helpers.js';
import { startServer, type ServerProcess } from './server-process.js';

const TOKEN = 'drain-test-token';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the exit code once the process ends. */
const exited = (server: ServerProcess) =>
  new Promise<number | null>((resolve) => (server.child.exitCode !== null ? resolve(server.child.exitCode) : server.child.once('exit', (code) => resolve(code))));

/** A POST /records whose body is sent in two halves: the second only when `rest()` is called. */
function slowPost(url: string, body: string): { rest: () => void; answer: Promise<{ status: number; text: string }> } {
  const req = request(`${url}records`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain', 'transfer-encoding': 'chunked' } });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, body.length / 2));
  return { rest: () => req.end(body.slice(body.length / 2)), answer };
}

describe('graceful stop', () => {
  it('lets a write in flight finish after SIGTERM, refuses new connections, then exits 0', async () => {
    const server = await startServer({ data: mkdtempSync(join(tmpdir(), 'catalod-stop-')), token: TOKEN });
    const post = slowPost(server.url, SEED.replaceAll('pubmed-9158348', 'pubmed-drained'));
    await sleep(300);
    const code = exited(server);
    server.child.kill('SIGTERM');
    await sleep(500);
    // Stopped listening: a new request finds no one.
    await expect(fetch(`${server.url}health`)).rejects.toThrow();
    expect(server.child.exitCode).toBeNull();
    post.rest();
    const answer = await post.answer;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).records[0]).toMatchObject({ id: 'pubmed-drained', ok: true });
    expect(await code).toBe(0);
    expect(server.output()).toMatch(/"event":"stopped","signal":"SIGTERM","drained":true/);
  }, 90_000);

  it('lets a query in flight get its answer after SIGTERM', async () => {
    const server = await startServer({ data: mkdtempSync(join(tmpdir(), 'catalod-stop-')), timeout: 3 });
    const started = performance.now();
    const runaway = fetch(`${server.url}sparql?query=${encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }')}`, { headers: { accept: 'application/sparql-results+json' } });
    await sleep(500);
    const code = exited(server);
    server.child.kill('SIGTERM');
    const res = await runaway;
    // The worker was not torn down under it: the query ran to its deadline and said so.
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('deadline of 3 s');
    expect(performance.now() - started).toBeGreaterThan(2900);
    expect(await code).toBe(0);
  }, 90_000);

  it('cuts what outlasts --drain and exits 0 all the same', async () => {
    const server = await startServer({ data: mkdtempSync(join(tmpdir(), 'catalod-stop-')), token: TOKEN, extra: ['--drain', '1'] });
    const post = slowPost(server.url, SEED);
    const cut = post.answer.then(() => 'answered', () => 'cut');
    await sleep(300);
    const signalled = performance.now();
    server.child.kill('SIGTERM');
    expect(await exited(server)).toBe(0);
    const took = performance.now() - signalled;
    expect(took).toBeGreaterThan(900);
    expect(took).toBeLessThan(10_000);
    expect(await cut).toBe('cut');
    expect(server.output()).toMatch(/"event":"stopped","signal":"SIGTERM","drained":false/);
  }, 90_000);
});
