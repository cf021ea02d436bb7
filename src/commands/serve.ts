/**
 * `catalod serve`: the record store, the shared-memory index and its query workers behind the
 * Hono app. A new data folder is created on first start and seeded with the bundled sample
 * records, so there is something to query at once.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { PersistentCatalog } from '../catalog/persistent.js';
import { WorkerPool } from '../query/pool.js';
import { createApp } from '../server/app.js';
import type { CompactState } from '../store/compact/store.js';

export interface ServeOptions {
  data: string;
  port: number;
  host: string;
  base: string;
  /** Query deadline in seconds. */
  timeout: number;
  token?: string;
  /** Query workers kept ready. */
  workers: number;
  /** The dataset's licence IRI (VoID, home page). */
  license?: string;
}

/** The bundled sample records a new data folder starts with. */
export const SAMPLES_DIR = fileURLToPath(new URL('../../samples/', import.meta.url));
const SOURCE_MODULE = fileURLToPath(new URL('../store/compact/worker-source.js', import.meta.url));

/** Opens (or creates and seeds) the catalogue in `data`. */
export async function openCatalog(options: Pick<ServeOptions, 'data' | 'base' | 'timeout' | 'workers'>, log: (line: object) => void): Promise<PersistentCatalog> {
  const fresh = !existsSync(`${options.data}/records.sqlite`);
  let pool: WorkerPool | undefined;
  const catalog = new PersistentCatalog({
    dir: options.data,
    base: options.base,
    runner: (init) => (pool = new WorkerPool({ sourceModule: SOURCE_MODULE, init, size: options.workers, timeoutMs: options.timeout * 1000 })),
    onChange: (state: CompactState) => {
      pool!.setInit(state);
      pool!.broadcast({ state });
    },
    progress: (done, total) => log({ event: 'index', records: done, of: total }),
  });
  if (fresh) {
    for (const file of readdirSync(SAMPLES_DIR).filter((f) => /\.(txt|json|jsonl)$/.test(f)).sort()) {
      const outcomes = await catalog.ingest(readFileSync(`${SAMPLES_DIR}${file}`, 'utf8'), `samples/${file}`);
      log({ event: 'seeded', file: `samples/${file}`, records: outcomes.filter((o) => o.ok).length });
    }
  }
  return catalog;
}

/** Starts the server; resolves once it listens. */
export async function serveCommand(options: ServeOptions): Promise<void> {
  const log = (line: object) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...line })}\n`);
  const started = performance.now();
  const catalog = await openCatalog(options, log);
  const app = createApp({ catalog, token: options.token, timeoutMs: options.timeout * 1000, license: options.license, log });
  const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) =>
    log({ event: 'listening', url: `http://${info.address}:${info.port}/`, base: catalog.base, data: options.data, ...catalog.stats(), startMs: Math.round(performance.now() - started), writes: options.token ? 'on' : 'off (no token)' }),
  );
  const stop = async () => {
    server.close();
    await catalog.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
