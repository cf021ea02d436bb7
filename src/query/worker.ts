/**
 * A query worker thread (started by pool.ts). It imports the source module named in `workerData`,
 * calls its `openSource(init)` once, then answers one message at a time, in order:
 *
 * - `{ type: 'run', id, request }` → `{ type: 'result', id, response }` (executeQuery);
 * - `{ type: 'update', id, message }` → calls the module's optional `applyUpdate(source, message)`
 *   (a source it returns replaces the current one) → `{ type: 'updated', id, error? }`.
 *
 * On start (after one warm-up query) it posts `{ type: 'ready' }`, or `{ type: 'failed', message }` when the source cannot be
 * opened. Messages are handled strictly one after another, so an update never lands in the middle
 * of a query. The pool stops a query past its deadline by terminating this thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { QueryEngine } from '@comunica/query-sparql-rdfjs';
import { executeQuery, type QuerySource } from './execute.js';
import type { QueryRequest, QueryResponse } from './types.js';

/** What a source module exports. */
export interface SourceModule {
  /** Opens the source once per worker; `init` is the pool's latest init (structured-cloned, SharedArrayBuffers shared). */
  openSource(init: unknown): Promise<QuerySource> | QuerySource;
  /** Applies a broadcast update; may return a new source to use from then on. */
  applyUpdate?(source: QuerySource, message: unknown): Promise<QuerySource | void> | QuerySource | void;
}

export interface WorkerInit {
  /** File URL of the source module. */
  sourceModule: string;
  init: unknown;
}

export type ToWorker =
  | { type: 'run'; id: number; request: QueryRequest }
  | { type: 'update'; id: number; message: unknown };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; response: QueryResponse; bytes?: Uint8Array<ArrayBuffer> }
  | { type: 'updated'; id: number; error?: string };

if (parentPort) {
  const port = parentPort;
  const { sourceModule, init } = workerData as WorkerInit;
  const engine = new QueryEngine();
  const encoder = new TextEncoder();
  let module: SourceModule;
  let source: QuerySource;

  const opened = (async () => {
    module = (await import(sourceModule)) as SourceModule;
    if (typeof module.openSource !== 'function') throw new Error(`${sourceModule} exports no openSource(init)`);
    source = await module.openSource(init);
    // Comunica's first query in a thread is several times slower than the next: pay that before
    // taking real work, so the first small query a fresh worker gets is quick too.
    await executeQuery(engine, source, { query: 'SELECT * WHERE { ?s ?p ?o } LIMIT 1', mediaType: 'application/sparql-results+json' });
  })();

  let chain: Promise<unknown> = opened.then(
    () => port.postMessage({ type: 'ready' } satisfies FromWorker),
    (error: Error) => port.postMessage({ type: 'failed', message: error?.message ?? String(error) } satisfies FromWorker),
  );

  const handle = async (message: ToWorker): Promise<FromWorker> => {
    if (message.type === 'run') {
      try {
        const response = await executeQuery(engine, source, message.request);
        // The body goes as UTF-8 in a transferred buffer: the HTTP thread gets it without a copy and never holds it as a string.
        return { type: 'result', id: message.id, response: { ...response, body: '' }, bytes: encoder.encode(response.body) };
      } catch (error) {
        // The engine threw out of the query: whatever it still had scheduled goes with this worker (recycle).
        const response = { status: 500, mediaType: 'text/plain', body: 'query failed: internal error', recycle: true };
        return { type: 'result', id: message.id, response };
      }
    }
    try {
      const next = await module.applyUpdate?.(source, message.message);
      if (next) source = next;
      return { type: 'updated', id: message.id };
    } catch (error) {
      return { type: 'updated', id: message.id, error: (error as Error).message };
    }
  };

  port.on('message', (message: ToWorker) => {
    // `handle` answers every error itself; the catch only keeps the queue going whatever happens.
    chain = chain
      .then(async () => {
        const answer = await handle(message);
        port.postMessage(answer, answer.type === 'result' && answer.bytes ? [answer.bytes.buffer] : []);
      })
      .catch(() => undefined);
  });
}
