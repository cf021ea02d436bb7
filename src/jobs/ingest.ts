/**
 * Ingest threads: a request body (`POST /records`) is decoded, read and converted on a thread of
 * its own, and its records come back a slice at a time, each slice taken in and applied in its
 * own turn of the event loop. The HTTP thread only commits and indexes what arrives, so readers
 * keep being answered while a body of ten thousand records is ingested. Threads are started on
 * first use and kept; a body goes to the thread with the fewest bodies in hand.
 */
import { Worker } from 'node:worker_threads';
import { setImmediate as turn } from 'node:timers/promises';
import type { OrcidTable } from '../orcid.js';
import { workerScript } from '../worker-script.js';
import type { IngestBody } from '../catalog.js';
import type { PackedOutcome } from './pool.js';
import type { ConversionSettings } from './records.js';

/** Messages an ingest thread takes. */
export type ToIngest =
  | { type: 'body'; id: number; body?: Uint8Array | string; file: string }
  | { type: 'chunk'; id: number; bytes?: Uint8Array; end?: true; abort?: true }
  | { type: 'applied'; id: number }
  | { type: 'orcids'; orcids: OrcidTable };
/** Messages it sends back: a slice of records, the end, or why the body holds no record (or failed). */
export type FromIngest = { id: number; outcomes: PackedOutcome[] } | { id: number; done: true } | { id: number; inputError: string } | { id: number; error: string };

interface Thread {
  worker: Worker;
  bodies: Map<number, Body>;
}

interface Body {
  slices: PackedOutcome[][];
  /** Wakes the body's applier when a slice (or the end) arrives. */
  wake?: () => void;
  end?: { inputError?: string; error?: string };
}

export interface IngestThreadsOptions {
  /** Threads at most (default 1). */
  threads?: number;
  base: string;
  orcids?: OrcidTable;
}

/**
 * Ingest threads for one catalogue.
 * @example
 * const threads = new IngestThreads({ base, threads: 2 });
 * const { inputError } = await threads.ingest(bytes, 'POST /records', (slice) => commitAndIndex(slice));
 */
export class IngestThreads {
  private readonly threads: Thread[] = [];
  private readonly settings: ConversionSettings;
  private nextId = 1;

  constructor(private readonly options: IngestThreadsOptions) {
    this.settings = { base: options.base, orcids: options.orcids };
  }

  /**
   * Converts `body` on a thread; `apply` gets its records a slice at a time, in order, each in a
   * turn of its own. Resolves once every slice is applied, with the body's input error if it
   * held no record; rejects if the thread failed.
   */
  async ingest(body: IngestBody, file: string, apply: (outcomes: PackedOutcome[]) => void): Promise<{ inputError?: string }> {
    const thread = this.pick();
    const id = this.nextId++;
    const state: Body = { slices: [] };
    thread.bodies.set(id, state);
    thread.worker.ref();
    try {
      if (typeof body === 'string' || body instanceof Uint8Array) thread.worker.postMessage({ type: 'body', id, body, file } satisfies ToIngest);
      else await this.stream(thread, id, body, file);
      for (;;) {
        const slice = state.slices.shift();
        if (slice) {
          apply(slice);
          thread.worker.postMessage({ type: 'applied', id } satisfies ToIngest);
          await turn();
          continue;
        }
        if (state.end) break;
        await new Promise<void>((wake) => (state.wake = wake));
      }
    } finally {
      thread.bodies.delete(id);
      if (thread.bodies.size === 0) thread.worker.unref();
    }
    if (state.end.error) throw new Error(`ingest thread: ${state.end.error}`);
    return { inputError: state.end.inputError };
  }

  /** Sends a body to the thread chunk by chunk as it arrives (each chunk a small copy, never the whole body at once). */
  private async stream(thread: Thread, id: number, body: AsyncIterable<Uint8Array>, file: string): Promise<void> {
    thread.worker.postMessage({ type: 'body', id, file } satisfies ToIngest);
    try {
      for await (const bytes of body) thread.worker.postMessage({ type: 'chunk', id, bytes } satisfies ToIngest);
    } catch (error) {
      // Cut short (past the body limit, the client gone): nothing of it is read, let alone stored.
      thread.worker.postMessage({ type: 'chunk', id, abort: true } satisfies ToIngest);
      throw error;
    }
    thread.worker.postMessage({ type: 'chunk', id, end: true } satisfies ToIngest);
  }

  /** The ORCID table later bodies are converted with. */
  setOrcids(orcids: OrcidTable): void {
    this.settings.orcids = orcids;
    for (const t of this.threads) t.worker.postMessage({ type: 'orcids', orcids } satisfies ToIngest);
  }

  async close(): Promise<void> {
    const threads = this.threads.splice(0);
    for (const t of threads) for (const body of t.bodies.values()) this.finish(body, { error: 'the catalogue closed' });
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  /** The thread with the fewest bodies in hand, a new one while there are fewer than allowed. */
  private pick(): Thread {
    const idle = this.threads.find((t) => t.bodies.size === 0);
    if (idle) return idle;
    if (this.threads.length < (this.options.threads ?? 1)) return this.start();
    return this.threads.reduce((a, b) => (b.bodies.size < a.bodies.size ? b : a));
  }

  private start(): Thread {
    const worker = new Worker(workerScript('./ingest-worker.js', import.meta.url, 'jobs'), { workerData: this.settings });
    const thread: Thread = { worker, bodies: new Map() };
    worker.on('message', (message: FromIngest) => {
      const body = thread.bodies.get(message.id);
      if (!body) return;
      if ('outcomes' in message) body.slices.push(message.outcomes);
      else this.finish(body, 'done' in message ? {} : message);
      body.wake?.();
    });
    const died = (why: string) => {
      const at = this.threads.indexOf(thread);
      if (at >= 0) this.threads.splice(at, 1);
      for (const body of thread.bodies.values()) this.finish(body, { error: why });
    };
    worker.on('error', (e) => died(`crashed: ${e.message}`));
    worker.on('exit', (code) => died(`stopped (exit ${code})`));
    worker.unref();
    this.threads.push(thread);
    return thread;
  }

  /** Ends a body (its applier finishes the slices it has, then stops). */
  private finish(body: Body, end: NonNullable<Body['end']>): void {
    body.end ??= end;
    body.wake?.();
  }
}
