/**
 * The catalod HTTP application: Linked Data resources, the SPARQL endpoint, stored queries,
 * record writes, dumps, VoID, health, CORS on reads, security headers on every answer
 * (security.ts), errors that never show internals, and one JSON log line per request.
 *
 * Routes (under the base IRI's path, `/` by default):
 * - `GET /` home page, `GET /search?q=`, `GET /person?iri=`, `GET /assets/yasgui/…` (ui.ts);
 *   `GET /health` `{status, records, quads}`;
 * - `GET|POST /sparql` (sparql.ts; the query editor for browsers, ui.ts); `GET /queries`, `GET /queries/NAME` (queries.ts);
 * - `POST /records`, `DELETE /records/{id}` (records.ts, bearer token); `POST|DELETE /orcids` (orcids.ts, bearer token);
 * - `GET /dump.nq`, `/dump.ttl`, `/dump.jsonld` (dump.ts); `GET /.well-known/void` (void.ts, a page for browsers);
 * - `GET` any other path: the resource with that IRI (resources.ts).
 */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { Catalog } from '../catalog.js';
import { resourceHandler } from './resources.js';
import { sparqlHandler } from './sparql.js';
import { storedQueries } from './queries.js';
import { recordRoutes } from './records.js';
import { orcidRoutes } from './orcids.js';
import { jsonldDump, nquadsDump, turtleDump } from './dump.js';
import { voidRoutes } from './void.js';
import { withCharset } from './rdf.js';
import { userInterface } from './ui.js';
import { securityHeaders } from './security.js';
import { isStorageFull, isWriteRefused } from '../store/errors.js';
import { StoreUnavailableError } from '../remote/client.js';

export interface AppOptions {
  catalog: Catalog;
  /** Bearer token for writes; without one, writes are off (403). */
  token?: string;
  /** Query deadline in milliseconds (default 30,000). */
  timeoutMs?: number;
  /** Most bytes of query text (default 256 KiB, see query/admission.ts); a POST to /sparql may be four times that. */
  maxQueryBytes?: number;
  /** Most nested brackets in a query text (default 64). */
  maxQueryDepth?: number;
  /** Most rows (or quads) a query answers (default 10,000). */
  rowCap?: number;
  /** Aborted when the server stops: dumps still being written are cut off (src/server/dump.ts). */
  shutdown?: AbortSignal;
  /** Largest `POST /records` and `/orcids` body in bytes (default 128 MiB for records, 10 MiB for ORCID tables). */
  bodyLimit?: number;
  /** Folder of stored queries (default: the package's `queries/`). */
  queriesDir?: string;
  /** Dataset licence for VoID (default CC0 1.0). */
  license?: string;
  /** Receives one object per request: `{time, method, path, status, ms}` (default: a JSON line on stdout). */
  log?: (line: object) => void;
}

/**
 * The default log: one JSON line on stdout.
 * @example
 * createApp({ catalog, log: stdoutLog }); // {"time":"…","method":"GET","path":"/health","status":200,"ms":0.4}
 */
export const stdoutLog = (line: object): void => void process.stdout.write(`${JSON.stringify(line)}\n`);

/** Headers a cross-origin script may read. */
const EXPOSED = ['Link', 'Content-Location', 'Vary', 'X-Catalod-Truncated', 'X-Catalod-Row-Cap', 'Server-Timing'];

/**
 * The application.
 * @example
 * import { serve } from '@hono/node-server';
 * const catalog = new MemoryCatalog({ queries: (source) => new LocalRunner(source) });
 * serve({ fetch: createApp({ catalog, token: process.env.CATALOD_TOKEN }).fetch, port: 3000 });
 */
export function createApp(options: AppOptions): Hono {
  const { catalog } = options;
  const log = options.log ?? stdoutLog;
  const basePath = new URL(catalog.base).pathname;
  const root = new Hono();
  // Mounted with the trailing slash, so `app.get('/')` is the base itself (`/cat/`, where the brand links), not `/cat`.
  const app = basePath === '/' ? root : root.basePath(basePath);

  root.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    log({ time: new Date().toISOString(), method: c.req.method, path: new URL(c.req.url).pathname, status: c.res.status, ms: Math.round((performance.now() - started) * 10) / 10 });
  });

  root.use('*', securityHeaders());
  // The base without its slash (`/cat`) is the home page's old address: sent on to the base.
  if (basePath !== '/') root.get(basePath.replace(/\/$/, ''), (c) => c.redirect(basePath, 301));

  // CORS on reads (everything but the record writes); preflights answered.
  const readCors = cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'], exposeHeaders: EXPOSED, maxAge: 86400 });
  const writes = `${basePath}records`;
  const orcidWrites = `${basePath}orcids`;
  const exposed = EXPOSED.join(',');
  root.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (path === writes || path.startsWith(`${writes}/`) || path === orcidWrites) return next();
    if (c.req.method === 'OPTIONS') return readCors(c, next);
    // Plain reads: the headers go on before the response exists (hono/cors edits the built
    // response, which makes @hono/node-server build a full Fetch Response on every request).
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Access-Control-Expose-Headers', exposed);
    return next();
  });

  root.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    // A full disk or a folder turned read-only is the server's state, not a bug: say so, retry later.
    if (isStorageFull(error)) return c.json({ error: 'insufficient storage: the disk holding the data folder is full; nothing was stored' }, 507);
    // The store behind catalod (serve --store) cannot be reached: say so and when to come back, never answer stale or empty.
    if (error instanceof StoreUnavailableError) {
      c.header('Retry-After', '5');
      return c.json({ error: 'the SPARQL store behind this server cannot be reached; try again later' }, 503);
    }
    if (isWriteRefused(error)) {
      c.header('Retry-After', '60');
      return c.json({ error: 'writes are off: the data folder cannot be written; nothing was stored' }, 503);
    }
    // The detail (a message, a stack, a path) goes to the log, never to the client.
    log({ time: new Date().toISOString(), event: 'error', method: c.req.method, path: new URL(c.req.url).pathname, error: String(error.stack ?? error) });
    return c.text('internal error: the server failed to answer this request (the detail is in its log)\n', 500);
  });

  app.get('/health', (c) => {
    const s = catalog.stats();
    const store = catalog.storeStatus?.();
    // In front of a store: 503 while it cannot be reached (a balancer then sends readers elsewhere), with the outbox's state.
    if (store?.down) c.header('Retry-After', '5');
    return c.json({ status: store?.down ? 'store unavailable' : 'ok', records: s.records, quads: s.quads, ...(store ? { store } : {}) }, store?.down ? 503 : 200);
  });

  // Home, search, person pages, the query editor and its files (ui.ts): before /sparql and resources.
  const ui = userInterface({ catalog, license: options.license, queriesDir: options.queriesDir, timeoutMs: options.timeoutMs });
  ui.routes(app);

  const limits = { timeoutMs: options.timeoutMs, rowCap: options.rowCap, maxQueryBytes: options.maxQueryBytes, maxQueryDepth: options.maxQueryDepth };
  app.on(['GET', 'POST'], '/sparql', sparqlHandler({ catalog, ...limits }));
  storedQueries(app, { catalog, dir: options.queriesDir, ...limits });
  recordRoutes(app, { catalog, token: options.token, bodyLimit: options.bodyLimit });
  orcidRoutes(app, { catalog, token: options.token, bodyLimit: options.bodyLimit });

  const dumpHeaders = (type: string, name: string) => ({ 'Content-Type': withCharset(type), 'Content-Disposition': `inline; filename="${name}"` });
  const dumping = { signal: options.shutdown };
  if (catalog.dumps !== false) {
    app.get('/dump.nq', (c) => c.body(nquadsDump(catalog, dumping), 200, dumpHeaders('application/n-quads', 'catalod.nq')));
    app.get('/dump.ttl', (c) => c.body(turtleDump(catalog, dumping), 200, dumpHeaders('text/turtle', 'catalod.ttl')));
    app.get('/dump.jsonld', (c) => c.body(jsonldDump(catalog, dumping), 200, dumpHeaders('application/ld+json', 'catalod.jsonld')));
  }

  voidRoutes(app, { catalog, license: options.license, timeoutMs: options.timeoutMs });

  app.get('*', ui.personPages, resourceHandler({ catalog }));
  return root;
}
