/**
 * `catalod serve`: the record store, the shared-memory index and its query workers behind the
 * Hono app. A new data folder is created on first start and seeded with the bundled sample
 * records, so there is something to query at once. The folder is locked while the server runs
 * (one process per folder); a folder it cannot write is served read-only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { PersistentCatalog } from '../catalog/persistent.js';
import { StoreCatalog } from '../remote/catalog.js';
import type { Catalog } from '../catalog.js';
import { WorkerPool } from '../query/pool.js';
import { createApp } from '../server/app.js';
import { checkToken } from '../server/records.js';
import type { CompactState } from '../store/compact/store.js';
import { UserError } from '../store/errors.js';
import { describeHolder, FolderLock, FolderReadOnlyError } from '../store/lock.js';
import { DEFAULT_DRAIN_SECONDS, stopOnSignals } from './shutdown.js';
import { folderBase } from './base.js';
import { UsageError } from './usage.js';
import { normaliseBase } from '../mapping/iris.js';

export interface ServeOptions {
  data: string;
  port: number;
  host: string;
  /** Base IRI given (`--base`); default: the one the data folder remembers, else `defaultBase` (then remembered). */
  base?: string;
  /** The base of a folder that remembers none and is given none: `http://localhost:PORT/`. */
  defaultBase: string;
  /** Query deadline in seconds. */
  timeout: number;
  token?: string;
  /** Query workers kept ready. */
  workers: number;
  /** The dataset's licence IRI (VoID, home page). */
  license?: string;
  /** Seconds the requests in flight may take to finish after SIGTERM/SIGINT (default 10). */
  drain?: number;
  /** Most bytes of query text (default 256 KiB; POST bodies up to four times that). */
  maxQueryBytes?: number;
  /** Most nested brackets in a query (default 64). */
  maxQueryDepth?: number;
  /** Most ad hoc queries one client address runs at once (default half the workers' maximum). */
  perClient?: number;
  /** Conversion threads for the start-up rebuild and for ingest (default: the machine's cores). */
  jobs?: number;
  /** A SPARQL store to run in front of (its query endpoint) instead of the embedded index. */
  store?: string;
  /** Its SPARQL Update endpoint (default: the query endpoint). */
  storeUpdate?: string;
  storeUser?: string;
  storePassword?: string;
  /** What the store needs beyond the standard (default: told by its Server header). */
  storeDialect?: 'virtuoso' | 'standard';
  /** A read-only front of the store: no data folder, no writes. */
  readOnly?: boolean;
}

/** The bundled sample records a new data folder starts with. */
export const SAMPLES_DIR = fileURLToPath(new URL('../../samples/', import.meta.url));
const SOURCE_MODULE = fileURLToPath(new URL('../store/compact/worker-source.js', import.meta.url));

/** Opens (or, when `fresh`, creates and seeds) the catalogue in `data`, under the base settled for it. */
export async function openCatalog(options: Pick<ServeOptions, 'data' | 'timeout' | 'workers' | 'perClient' | 'jobs'> & { base: string }, fresh: boolean, log: (line: object) => void): Promise<PersistentCatalog> {
  let pool: WorkerPool | undefined;
  const catalog = await PersistentCatalog.open({
    dir: options.data,
    base: options.base,
    jobs: options.jobs,
    log,
    runner: (init) => (pool = new WorkerPool({ sourceModule: SOURCE_MODULE, init, size: options.workers, timeoutMs: options.timeout * 1000, perClient: options.perClient })),
    onChange: (state: CompactState) => {
      pool!.setInit(state);
      pool!.broadcast({ state });
    },
    progress: (done, total) => log({ event: 'index', records: done, of: total }),
  });
  if (fresh) await seed(catalog, log);
  // Listen only once the query workers are up: a query sent right after start-up would otherwise wait out its deadline for one.
  await pool?.ready();
  return catalog;
}

/** Opens the catalogue in front of a store: the writer (with its data folder, seeded when `fresh`) or a read-only front. */
async function openStoreCatalog(options: ServeOptions, base: string, fresh: boolean, log: (line: object) => void): Promise<StoreCatalog> {
  const catalog = await StoreCatalog.open({
    base,
    dir: options.readOnly ? undefined : options.data,
    store: { query: options.store!, update: options.storeUpdate, user: options.storeUser, password: options.storePassword },
    dialect: options.storeDialect,
    workers: options.workers,
    timeoutMs: options.timeout * 1000,
    perClient: options.perClient,
    jobs: options.jobs,
    log,
  });
  if (fresh) await seed(catalog, log);
  return catalog;
}

/** Stores the bundled sample records in a new data folder. */
async function seed(catalog: Catalog, log: (line: object) => void): Promise<void> {
  for (const file of readdirSync(SAMPLES_DIR).filter((f) => /\.(txt|json|jsonl)$/.test(f)).sort()) {
    const outcomes = await catalog.ingest(readFileSync(`${SAMPLES_DIR}${file}`, 'utf8'), `samples/${file}`);
    log({ event: 'seeded', file: `samples/${file}`, records: outcomes.filter((o) => o.ok).length });
  }
}

/** Starts the server; resolves once it listens. */
export async function serveCommand(options: ServeOptions): Promise<void> {
  const log = (line: object) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...line })}\n`);
  const started = performance.now();
  checkToken(options.token);
  if (options.readOnly && !options.store) throw new UsageError('--read-only is for a front of a SPARQL store: give --store URL too');
  const lock = options.store && options.readOnly ? undefined : lockFolder(options.data, `serve (port ${options.port})`, log);
  let catalog: PersistentCatalog | StoreCatalog;
  try {
    // Known before the base is settled, which makes the store: a new folder is seeded.
    const fresh = !(options.store && options.readOnly) && !existsSync(join(options.data, 'records.sqlite'));
    // A read-only front has no folder to remember a base in.
    const base = options.store && options.readOnly ? normaliseBase(options.base ?? options.defaultBase) : folderBase(options.data, options.base, options.defaultBase, true);
    catalog = options.store ? await openStoreCatalog(options, base, fresh, log) : await openCatalog({ ...options, base }, fresh, log);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const origin = catalog instanceof PersistentCatalog ? catalog.origin : { from: 'store', endpoint: options.store, readOnly: !!options.readOnly };
  if (catalog instanceof PersistentCatalog) for (const skipped of catalog.skipped) log({ event: 'skipped', record: skipped.id, error: skipped.error });
  const cutOff = new AbortController();
  const app = createApp({ catalog, token: options.token, timeoutMs: options.timeout * 1000, license: options.license, log, maxQueryBytes: options.maxQueryBytes, maxQueryDepth: options.maxQueryDepth, shutdown: cutOff.signal });
  const server = serve({ fetch: app.fetch, port: options.port, hostname: options.host }, (info) =>
    log({ event: 'listening', url: `http://${info.address}:${info.port}/`, base: catalog.base, data: options.data, ...catalog.stats(), index: origin, skipped: catalog instanceof PersistentCatalog ? catalog.skipped.length : 0, startMs: Math.round(performance.now() - started), writes: writesState(options.token, catalog.readOnly) }),
  ) as Server;
  const close = async () => {
    await catalog.close();
    lock?.release();
  };
  try {
    await listening(server, options);
  } catch (error) {
    await close();
    throw error;
  }
  stopOnSignals({ server, drainMs: (options.drain ?? DEFAULT_DRAIN_SECONDS) * 1000, cutOff, close, log });
}

/** Locks the data folder; one this process cannot write is served read-only, without a lock. */
function lockFolder(dir: string, command: string, log: (line: object) => void): FolderLock | undefined {
  try {
    const lock = FolderLock.acquire(dir, command);
    if (lock.previous) log({ event: 'lock', note: `took over the data folder from ${describeHolder(lock.previous)}, which stopped without letting it go` });
    return lock;
  } catch (error) {
    if (!(error instanceof FolderReadOnlyError) || !existsSync(join(dir, 'records.sqlite'))) throw error;
    log({ event: 'read-only', data: dir, reason: error.reason });
    return undefined;
  }
}

/** What the start-up line says about writes. */
function writesState(token: string | undefined, readOnly: string | undefined): string {
  if (readOnly) return `off (read-only data folder: ${readOnly})`;
  return token ? 'on' : 'off (no token)';
}

/** Resolves once the server listens; a port in use (or not allowed) is a one-line error. */
function listening(server: Server, options: Pick<ServeOptions, 'host' | 'port'>): Promise<void> {
  return new Promise((resolve, reject) => {
    if (server.listening) return resolve();
    server.once('listening', () => resolve());
    server.once('error', (error: NodeJS.ErrnoException) => reject(new UserError(`cannot listen on ${options.host}:${options.port}: ${error.code === 'EADDRINUSE' ? 'the port is in use' : error.message}`)));
  });
}
