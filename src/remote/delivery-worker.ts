/**
 * The delivery thread of `serve --store` (see delivery.ts): opens its own connection to the record
 * store and runs the delivery loop. Takes `wake` (something was committed) and `stop`; posts
 * `{ type: 'status', status }` after every batch and every failed attempt, `{ type: 'log', line }`
 * for the server's log, and `{ type: 'stopped' }` once it has let go of the database.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RecordDb } from '../store/db.js';
import { StoreClient, type StoreEndpoints } from './client.js';
import { DeliveryLoop } from './delivery.js';

export interface DeliveryWorkerData {
  dir: string;
  base: string;
  store: StoreEndpoints;
  backoffMs?: number;
  maxBackoffMs?: number;
  /** The merged graph to maintain (dialect.ts), if the store needs one. */
  merged?: string;
}

export type ToDelivery = { type: 'wake' } | { type: 'stop' };
export type FromDelivery = { type: 'status'; status: import('./delivery.js').DeliveryStatus } | { type: 'log'; line: object } | { type: 'stopped' };

if (parentPort) {
  const port = parentPort;
  const data = workerData as DeliveryWorkerData;
  const db = new RecordDb(data.dir);
  const stop = new AbortController();
  const loop = new DeliveryLoop(db, new StoreClient(data.store), {
    base: data.base,
    merged: data.merged,
    backoffMs: data.backoffMs,
    maxBackoffMs: data.maxBackoffMs,
    onStatus: (status) => port.postMessage({ type: 'status', status } satisfies FromDelivery),
    log: (line) => port.postMessage({ type: 'log', line } satisfies FromDelivery),
  });
  port.on('message', (message: ToDelivery) => {
    if (message.type === 'wake') loop.wake();
    else stop.abort();
  });
  void loop.run(stop.signal).finally(() => {
    db.close();
    port.postMessage({ type: 'stopped' } satisfies FromDelivery);
    port.close();
  });
}
