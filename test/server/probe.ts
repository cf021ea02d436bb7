/**
 * A real HTTP server for the app in this process (@hono/node-server, as `catalod serve` runs it)
 * and a client in another process that loads it while timing `/health`: the client's clock does
 * not stop when the server's thread is busy, so a stall shows as a slow `/health`.
 */
import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface Listening {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves `app` on a free port of 127.0.0.1.
 * @example
 * const http = await listen(server.app); // http.url: 'http://127.0.0.1:40123/'
 */
export async function listen(app: Hono): Promise<Listening> {
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server)) as Server;
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One request of the load. */
export interface Load {
  path: string;
  accept?: string;
}

/** What the client saw of one request: status, body size and time, and the body when asked for. */
export interface Loaded {
  path: string;
  status: number;
  bytes: number;
  ms: number;
  error?: string;
  link?: string;
}

export interface ProbeResult {
  /** Each group of loads, run one request after another, the groups at once. */
  loads: Loaded[][];
  /** Milliseconds each `/health` took, asked one after another while the loads ran. */
  health: number[];
}

/** The client: runs in a child process (an ES module given on the command line). */
const CLIENT = `
const [url, groups] = JSON.parse(process.argv[1]);
const run = async (load) => {
  const t = performance.now();
  try {
    const res = await fetch(url + load.path.replace(/^\\//, ''), { headers: load.accept ? { accept: load.accept } : {} });
    let bytes = 0;
    for await (const chunk of res.body) bytes += chunk.length;
    return { path: load.path, status: res.status, bytes, ms: performance.now() - t, link: res.headers.get('link') ?? undefined };
  } catch (error) {
    return { path: load.path, status: 0, bytes: 0, ms: performance.now() - t, error: String(error.cause ?? error) };
  }
};
let running = true;
const loads = Promise.all(groups.map(async (group) => { const out = []; for (const load of group) out.push(await run(load)); return out; }));
loads.then(() => (running = false));
const health = [];
await new Promise((r) => setTimeout(r, 20));
while (running) {
  const t = performance.now();
  const res = await fetch(url + 'health');
  await res.text();
  health.push(performance.now() - t);
  await new Promise((r) => setTimeout(r, 10));
}
process.stdout.write(JSON.stringify({ loads: await loads, health }));
`;

/**
 * Runs `groups` of requests against `url` from another process (the groups at once, each in
 * order) and asks `/health` every 10 ms until they are all answered.
 * @example
 * const { health } = await probe(server.url, [[{ path: '/dump.nq' }]]);
 * expect(Math.max(...health)).toBeLessThan(200);
 */
export function probe(url: string, groups: Load[][]): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', CLIENT, JSON.stringify([url, groups])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as ProbeResult) : reject(new Error(`probe client exited ${code}: ${err}`))));
  });
}

/**
 * The slowest `/health` but the slowest 5 % (at least one): a busy shared machine pauses any
 * process now and then (a garbage collection, the scheduler), whatever the server does. Before
 * the fixes every sample taken during a stall waited for the whole of it.
 * @example
 * expect(typical(health)).toBeLessThan(200);
 */
export function typical(health: number[]): number {
  const sorted = [...health].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
}

/**
 * What `/health` takes on this machine right now with nothing else asked of the server: the
 * allowance a busy machine adds to every measurement (a few milliseconds on a quiet one).
 * @example
 * const idle = await idleHealth(server.url);
 * expect(typical(health)).toBeLessThan(200 + idle);
 */
export async function idleHealth(url: string): Promise<number> {
  const { health } = await probe(url, [Array.from({ length: 40 }, () => ({ path: '/health' }))]);
  return typical(health);
}
