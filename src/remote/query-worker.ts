/**
 * A query worker for `serve --store` (run by the same pool as the embedded index's workers,
 * src/query/pool.ts, with the same messages: see src/query/worker.ts): each query is checked,
 * rewritten and sent to the store by forward.ts, its answer read and written here, so the pool's
 * deadline (the thread terminated) bounds all of it and the HTTP thread only passes bytes on.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AnswerWriter } from '../query/answer-writer.js';
import type { FromWorker, ToWorker, WorkerInit } from '../query/worker.js';
import { StoreClient, type StoreEndpoints } from './client.js';
import { forwardQuery, type ForwardSettings } from './forward.js';

/** What the pool's `init` holds for these workers. */
export interface RemoteInit extends ForwardSettings {
  store: StoreEndpoints;
}

if (parentPort) {
  const port = parentPort;
  const { init } = workerData as WorkerInit;
  const settings = init as RemoteInit;
  const writer = new AnswerWriter();
  // The query endpoint only (with credentials, for a store whose query endpoint asks for them); the update URL stays with the writer.
  const client = new StoreClient({ query: settings.store.query, user: settings.store.user, password: settings.store.password });
  const encoder = new TextEncoder();
  port.postMessage({ type: 'ready' } satisfies FromWorker);
  let chain: Promise<unknown> = Promise.resolve();
  port.on('message', (message: ToWorker) => {
    chain = chain
      .then(async () => {
        if (message.type !== 'run') return port.postMessage({ type: 'updated', id: message.id } satisfies FromWorker);
        let answer: FromWorker;
        try {
          const response = await forwardQuery(writer, client, message.request, settings);
          answer = { type: 'result', id: message.id, response: { ...response, body: '' }, bytes: encoder.encode(response.body) };
        } catch {
          answer = { type: 'result', id: message.id, response: { status: 500, mediaType: 'text/plain', body: 'query failed: internal error', recycle: true } };
        }
        port.postMessage(answer, answer.type === 'result' && answer.bytes ? [answer.bytes.buffer] : []);
      })
      .catch(() => undefined);
  });
}
