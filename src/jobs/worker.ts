/**
 * A conversion worker thread's entry: keeps the settings (base IRI, ORCID table) it was started
 * with or last sent, converts each batch it is given and answers with the batch's id. Buffers in
 * the answer are transferred, not copied. Runs as dist/jobs/worker.js (see pool.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { OrcidTable } from '../orcid.js';
import type { ReadItem } from '../readers/index.js';
import type { ConvertInput, PackedText, PackOptions } from './pool.js';
import { convertItemsHere, convertTextsHere, ownBytes, pageItems, transferables, type ConversionSettings, type ItemResult, type ItemsRequest, type PageChunk } from './records.js';

/** Messages the pool sends a worker. */
export type ToWorker =
  | { type: 'texts'; id: number; inputs: ConvertInput[]; options: PackOptions }
  | { type: 'items'; id: number; items: ReadItem[]; request: ItemsRequest }
  | { type: 'page'; id: number; chunk: PageChunk; request: ItemsRequest }
  | { type: 'orcids'; orcids: OrcidTable };

/** Messages a worker sends back: a batch's results, or why it failed as a whole. */
export type FromWorker = { id: number; texts: PackedText[] } | { id: number; items: ItemResult[] } | { id: number; error: string };

const settings = workerData as ConversionSettings;

/** Runs one message; answers batches, takes ORCID tables in. */
async function handle(message: ToWorker): Promise<void> {
  if (message.type === 'orcids') {
    settings.orcids = message.orcids;
    return;
  }
  try {
    if (message.type === 'texts') {
      const texts = convertTextsHere(message.inputs, settings, message.options);
      parentPort!.postMessage({ id: message.id, texts } satisfies FromWorker, transferables(texts));
    } else {
      const read = message.type === 'page' ? pageItems(message.chunk) : message.items;
      const items = await convertItemsHere(read, settings, message.request);
      ownBytes(items);
      parentPort!.postMessage({ id: message.id, items } satisfies FromWorker, transferables(items));
    }
  } catch (e) {
    parentPort!.postMessage({ id: message.id, error: e instanceof Error ? e.message : String(e) } satisfies FromWorker);
  }
}

// Batches are handled one after another, in the order sent (an `orcids` message applies to every later batch).
let queue = Promise.resolve();
parentPort!.on('message', (message: ToWorker) => {
  queue = queue.then(() => handle(message));
});
