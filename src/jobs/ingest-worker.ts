/**
 * An ingest thread's entry: takes a request body as bytes, decodes and reads it, converts its
 * records and sends them back a slice at a time (see ingest.ts), so the HTTP thread never
 * decodes, reads or converts a body, and never takes in a large answer in one piece.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError, readText, type ReadItem } from '../readers/index.js';
import { packOutcome, safeConvert, transferables, type ConversionSettings } from './records.js';
import type { FromIngest, ToIngest } from './ingest.js';

const settings = workerData as ConversionSettings;
/** Records a slice carries: small enough that taking one in and applying it is one short turn of the HTTP thread. */
const SLICE = 10;
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Slices a body may have sent and not yet had applied: the thread waits rather than run ahead (the slices would pile up, and age, in the HTTP thread's memory). */
const AHEAD = 8;
const credits = new Map<number, { left: number; wake?: () => void }>();

/** Waits until body `id` may send another slice. */
async function credit(id: number): Promise<void> {
  const c = credits.get(id)!;
  while (c.left === 0) await new Promise<void>((wake) => (c.wake = wake));
  c.left--;
}

/** Reads and converts one body, posting its records a slice at a time (as they are applied), then `done`. */
async function ingest(id: number, body: Uint8Array | string, file: string): Promise<void> {
  const post = (message: FromIngest, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);
  let items: ReadItem[];
  try {
    items = readText(typeof body === 'string' ? body : decoder.decode(body), file);
  } catch (e) {
    if (e instanceof InputError) return post({ id, inputError: e.message });
    throw e;
  }
  for (let at = 0; at < items.length; at += SLICE) {
    await credit(id);
    const outcomes = items.slice(at, at + SLICE).map((item) => packOutcome(item, safeConvert(item, settings), { encoded: true }));
    post({ id, outcomes }, transferables([{ outcomes }]));
  }
  post({ id, done: true });
}

/** Bodies arriving chunk by chunk, by id. */
const arriving = new Map<number, { file: string; chunks: Uint8Array[] }>();

// Bodies are read one after another, in the order complete; chunks, acks and ORCID tables apply at once.
let queue = Promise.resolve();
parentPort!.on('message', (message: ToIngest) => {
  if (message.type === 'orcids') {
    settings.orcids = message.orcids;
  } else if (message.type === 'applied') {
    const c = credits.get(message.id);
    if (c) (c.left++, c.wake?.());
  } else if (message.type === 'body' && message.body === undefined) {
    arriving.set(message.id, { file: message.file, chunks: [] });
  } else if (message.type === 'chunk') {
    const body = arriving.get(message.id);
    if (!body) return;
    if (message.bytes) body.chunks.push(message.bytes);
    if (message.abort) arriving.delete(message.id);
    if (!message.end) return;
    arriving.delete(message.id);
    read(message.id, Buffer.concat(body.chunks), body.file);
  } else if (message.type === 'body') {
    read(message.id, message.body!, message.file);
  }
});

/** Queues a whole body to be read and converted. */
function read(id: number, body: Uint8Array | string, file: string): void {
  credits.set(id, { left: AHEAD });
  queue = queue
    .then(() => ingest(id, body, file))
    .catch((e) => parentPort!.postMessage({ id, error: e instanceof Error ? e.message : String(e) } satisfies FromIngest))
    .finally(() => credits.delete(id));
}
