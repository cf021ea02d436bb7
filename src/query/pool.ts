/**
 * Queries on worker threads, each stopped for good at its deadline by terminating its thread.
 *
 * Why threads: with Comunica 5.4 on Node 20, destroying the result stream or aborting a signal
 * does not stop the engine, and a catastrophic regular expression (`REGEX(?x, "^(a+)+$")` on a
 * long string) never yields. `Worker.terminate()` stops both; the pool then answers 503 (see
 * DEADLINE_STATUS in execute.ts) at the deadline and starts a replacement at once.
 *
 * Sizing: `size` workers (default 2) are kept; whenever no worker is idle or starting, one more is
 * started (up to `maxSize`, default 4), so a small query does not queue behind runaway ones; a
 * worker terminated at a deadline (or crashed) is replaced at once. An extra worker idle for
 * `idleMs` (default 30 s) retires while another idle worker remains. A worker takes about a second
 * to start (Comunica's import, the source's open, one warm-up query), longer while runaways hold
 * the CPU, which is why spares are started ahead of need rather than when a query arrives. Each worker opens its
 * own source from the pool's init; a source module that shares memory (SharedArrayBuffers in
 * `init`) keeps that from multiplying the store.
 *
 * Fairness (requests that name their `client`, i.e. those from HTTP; in-process callers are trusted):
 * one client runs at most `perClient` ad hoc queries at once (default half the workers) and its
 * second one does not take the last free worker while another client waits (see mayStart), ad hoc
 * queries leave `reserve` workers (default 1) to stored queries, one client may have at most
 * `maxQueuedPerClient` queries waiting (default 16; past it 429 at once) and the queue holds at
 * most `maxQueued` (default 256; past it 503). So no client holds every worker: another client's
 * query, and any stored query, finds one. A worker whose query failed mid-evaluation (the engine
 * may still hold work for it) is replaced rather than given the next query.
 *
 * Dispatch: while jobs wait for workers, a free worker first takes a job of its own from near the
 * front of the queue (the request's hash picks the worker: see takeOwn), so a repeated request
 * lands where its terms are already decoded instead of every worker caching every answer;
 * otherwise, and for any job passed over a few times, the oldest job goes first, to the worker
 * busy last (its code and caches are the warmest).
 *
 * Source module: an ESM module (absolute path or file URL) exporting `openSource(init)` and
 * optionally `applyUpdate(source, message)` (see SourceModule in worker.ts). `broadcast(message)`
 * sends an update to every live worker; `setInit(init)` gives the state new workers open. Call them
 * together (same tick) when the store changes, so every worker sees the change exactly once.
 *
 * Worker file: the pool runs `worker.js` next to itself, i.e. dist/query/worker.js once built.
 * From TypeScript source (vitest, tsx), worker threads get no TypeScript transform, so the pool
 * runs the built dist/query/worker.js instead (tests build dist/ first: test/setup/build.ts).
 */
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DEFAULT_TIMEOUT_MS, deadlineResponse } from './execute.js';
import type { QueryRequest, QueryResponse, QueryRunner } from './types.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker.js';

export interface WorkerPoolOptions {
  /** Absolute path or file URL of an ESM module exporting `openSource(init)` (and optionally `applyUpdate`). */
  sourceModule: string;
  /** Given to `openSource` in each new worker; structured-cloneable, may contain SharedArrayBuffers. */
  init: unknown;
  /** Workers always kept (default 2). */
  size?: number;
  /** Most workers at once, extra ones included (default max(4, size)). */
  maxSize?: number;
  /** Deadline when a request has none (default 30 s). */
  timeoutMs?: number;
  /** Row cap when a request has none (default 10,000, see execute.ts). */
  rowCap?: number;
  /** An extra worker idle this long retires (default 30 s). */
  idleMs?: number;
  /** The worker script (default: worker.js beside this module, or dist/query/worker.js from source). */
  workerUrl?: string | URL;
  /** Most ad hoc queries one client runs at once (default max(1, maxSize / 2)). */
  perClient?: number;
  /** Workers ad hoc queries of clients leave to stored queries (default 1, while maxSize > 1). */
  reserve?: number;
  /** Most queries one client may have waiting; past it, 429 at once (default 16). */
  maxQueuedPerClient?: number;
  /** Most queries waiting in all; past it, 503 at once (default 256). */
  maxQueued?: number;
}

export const DEFAULT_MAX_QUEUED_PER_CLIENT = 16;
export const DEFAULT_MAX_QUEUED = 256;

interface Job {
  request: QueryRequest;
  started: number;
  timeoutMs: number;
  timer: NodeJS.Timeout;
  slot?: Slot;
  /** Which worker the request is best answered on (see takeOwn). */
  affinity: number;
  /** How often a later job went first. */
  passed: number;
  /** Who asked (see fairness above); undefined for in-process callers. */
  client?: string;
  resolve(response: QueryResponse): void;
}

interface Slot {
  worker: Worker;
  state: 'starting' | 'idle' | 'busy' | 'dead';
  job?: Job;
  idleTimer?: NodeJS.Timeout;
  /** When it last became idle (performance.now()). */
  freedAt: number;
  /** Broadcast acknowledgements awaited, by message id. */
  acks: Map<number, () => void>;
}

export class WorkerPool implements QueryRunner {
  private readonly sourceModule: string;
  private readonly workerUrl: URL;
  private readonly size: number;
  private readonly maxSize: number;
  private readonly idleMs: number;
  private readonly perClient: number;
  private readonly adHocSlots: number;
  private init: unknown;
  private slots: Slot[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Why the last worker could not open its source; queued jobs fail with it when no worker is left. */
  private startError?: string;

  constructor(private readonly options: WorkerPoolOptions) {
    this.sourceModule = toFileUrl(options.sourceModule, 'sourceModule');
    this.workerUrl = options.workerUrl ? new URL(toFileUrl(String(options.workerUrl), 'workerUrl')) : defaultWorkerUrl();
    this.init = options.init;
    this.size = Math.max(1, options.size ?? 2);
    this.maxSize = Math.max(this.size, options.maxSize ?? 4);
    this.idleMs = options.idleMs ?? 30_000;
    this.perClient = Math.max(1, options.perClient ?? Math.floor(this.maxSize / 2));
    this.adHocSlots = Math.max(1, this.maxSize - (options.reserve ?? 1));
    for (let i = 0; i < this.size; i++) this.spawn();
  }

  /** Number of live workers by state, for monitoring and tests. */
  stats(): { starting: number; idle: number; busy: number; queued: number } {
    const count = (state: Slot['state']) => this.slots.filter((s) => s.state === state).length;
    return { starting: count('starting'), idle: count('idle'), busy: count('busy'), queued: this.queue.length };
  }

  /** Resolves once every worker has opened its source (or failed to). */
  async ready(): Promise<void> {
    while (this.slots.some((s) => s.state === 'starting')) await new Promise((r) => setTimeout(r, 10));
  }

  run(request: QueryRequest): Promise<QueryResponse> {
    if (this.closed) return Promise.resolve(closedResponse());
    this.startError = undefined;
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const withDefaults = { ...request, timeoutMs, rowCap: request.rowCap ?? this.options.rowCap };
    const refused = this.refusal(request.client);
    if (refused) return Promise.resolve(refused);
    return new Promise((resolve) => {
      const job: Job = {
        request: withDefaults,
        started: performance.now(),
        timeoutMs,
        affinity: affinityOf(withDefaults),
        passed: 0,
        client: request.client,
        resolve,
        timer: setTimeout(() => this.expire(job), timeoutMs),
      };
      this.queue.push(job);
      this.pump();
    });
  }

  /** The state workers started from now on open (their `openSource(init)`). */
  setInit(init: unknown): void {
    this.init = init;
  }

  /**
   * Sends `message` to every live worker, which passes it to the source module's `applyUpdate`
   * after the query it may be running. Resolves when each has applied it; a worker that failed to
   * apply it is replaced by a new one (opening the latest init, see setInit).
   */
  broadcast(message: unknown): Promise<void> {
    const id = this.nextId++;
    const acks = this.live().map(
      (slot) =>
        new Promise<void>((resolve) => {
          slot.acks.set(id, resolve);
          slot.worker.postMessage({ type: 'update', id, message } satisfies ToWorker);
        }),
    );
    return Promise.all(acks).then(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.finish(job, closedResponse());
    await Promise.all(this.live().map((slot) => this.kill(slot, closedResponse())));
  }

  // -------------------------------------------------------------------------------------------

  private live(): Slot[] {
    return this.slots.filter((s) => s.state !== 'dead');
  }

  /** The answer for a query the queue has no room for, or undefined when it may wait. */
  private refusal(client: string | undefined): QueryResponse | undefined {
    if (client === undefined) return undefined;
    const perClient = this.options.maxQueuedPerClient ?? DEFAULT_MAX_QUEUED_PER_CLIENT;
    if (this.queue.filter((j) => j.client === client).length >= perClient) {
      return { status: 429, mediaType: 'text/plain', body: `too many queries at once: at most ${perClient} may wait per client; retry when some have answered` };
    }
    if (this.queue.length >= (this.options.maxQueued ?? DEFAULT_MAX_QUEUED)) {
      return { status: 503, mediaType: 'text/plain', body: 'the query queue is full: retry shortly' };
    }
    return undefined;
  }

  /**
   * Whether a job may start now: a client's ad hoc queries stay within their share and leave the
   * reserve, and while another client's query waits, a client's second query does not take the
   * last free worker (a spare can take seconds to start while runaways hold the CPU).
   */
  private mayStart(job: Job): boolean {
    if (job.client === undefined || job.request.stored) return true;
    let adHoc = 0;
    let own = 0;
    for (const slot of this.slots) {
      const running = slot.state === 'busy' ? slot.job : undefined;
      if (!running || running.client === undefined || running.request.stored) continue;
      adHoc++;
      if (running.client === job.client) own++;
    }
    const lastFree = this.slots.filter((s) => s.state === 'idle').length <= 1;
    const othersWait = own > 0 && lastFree && this.queue.some((j) => j.client !== job.client);
    return adHoc < this.adHocSlots && own < this.perClient && !othersWait;
  }

  /** Hands queued jobs to idle workers; keeps `size` workers and one spare while any is busy. */
  private pump(): void {
    if (this.closed) return;
    this.dropExpiring();
    // The workers busy last first: their code and caches are the warmest.
    const idle = this.slots.filter((s) => s.state === 'idle').sort((a, b) => b.freedAt - a.freedAt);
    if (idle.length > 0 && this.queue.length > 0) {
      const mayStart = (job: Job) => this.mayStart(job);
      if (this.queue.length > idle.length) {
        // Jobs wait for workers: each free worker first takes a job of its own near the front.
        const live = this.live();
        for (const slot of idle) {
          const job = takeOwn(this.queue, live.indexOf(slot), live.length, mayStart);
          if (job) this.assign(slot, job);
        }
      }
      for (const slot of idle) {
        const next = slot.state === 'idle' ? this.queue.findIndex(mayStart) : -1;
        if (next >= 0) this.assign(slot, this.queue.splice(next, 1)[0]!);
      }
    }
    if (this.startError !== undefined) {
      // A source that fails to open is not retried in a loop: the next run() tries again.
      if (this.live().length > 0) return;
      const message = `query workers could not open the store: ${this.startError}`;
      for (const job of this.queue.splice(0)) this.finish(job, { status: 500, mediaType: 'text/plain', body: message });
      return;
    }
    const available = () => this.slots.filter((s) => s.state === 'idle' || s.state === 'starting').length;
    while (this.live().length < this.size) this.spawn();
    while (this.live().length < this.maxSize && available() < this.queue.length + 1) this.spawn();
  }

  /**
   * Queued jobs whose deadline is all but past are answered now: given a worker, they would only
   * have it terminated a moment later (deadlines set together, as a flood's are, expire together).
   */
  private dropExpiring(): void {
    const now = performance.now();
    for (const job of this.queue.filter((j) => j.started + j.timeoutMs - now < EXPIRING_MS)) {
      this.queue.splice(this.queue.indexOf(job), 1);
      this.finish(job, deadlineResponse(job.timeoutMs, now - job.started, true));
    }
  }

  /** A worker stopped mid-query is replaced at once, so capacity does not shrink under runaway queries. */
  private replace(): void {
    if (!this.closed && this.startError === undefined && this.live().length < this.maxSize) this.spawn();
  }

  private spawn(): void {
    const workerData: WorkerInit = { sourceModule: this.sourceModule, init: this.init };
    const slot: Slot = { worker: new Worker(this.workerUrl, { workerData }), state: 'starting', freedAt: 0, acks: new Map() };
    this.slots.push(slot);
    slot.worker.on('message', (message: FromWorker) => this.onMessage(slot, message));
    slot.worker.on('error', (error) => this.onExit(slot, `query worker failed: ${error.message}`));
    slot.worker.on('exit', (code) => this.onExit(slot, `query worker exited (code ${code})`));
  }

  private onMessage(slot: Slot, message: FromWorker): void {
    if (slot.state === 'dead') return;
    switch (message.type) {
      case 'ready':
        this.setIdle(slot);
        break;
      case 'failed':
        this.startError = message.message;
        void this.kill(slot);
        break;
      case 'result': {
        const job = slot.job;
        slot.job = undefined;
        if (job) this.finish(job, received(message.response, message.bytes));
        if (message.response.recycle) {
          void this.kill(slot);
          this.replace();
        } else this.setIdle(slot);
        break;
      }
      case 'updated':
        slot.acks.get(message.id)?.();
        slot.acks.delete(message.id);
        if (message.error !== undefined) void this.kill(slot);
        break;
    }
    this.pump();
  }

  private onExit(slot: Slot, reason: string): void {
    if (slot.state === 'dead') return;
    const wasStarting = slot.state === 'starting';
    if (wasStarting) this.startError ??= reason;
    void this.kill(slot, { status: 500, mediaType: 'text/plain', body: reason });
    if (!wasStarting) this.replace();
    this.pump();
  }

  private assign(slot: Slot, job: Job): void {
    clearTimeout(slot.idleTimer);
    slot.state = 'busy';
    slot.job = job;
    job.slot = slot;
    slot.worker.postMessage({ type: 'run', id: this.nextId++, request: job.request } satisfies ToWorker);
  }

  private setIdle(slot: Slot): void {
    slot.state = 'idle';
    slot.freedAt = performance.now();
    clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => this.retire(slot), this.idleMs);
    slot.idleTimer.unref();
  }

  /** An extra idle worker leaves, as long as another idle one stays. */
  private retire(slot: Slot): void {
    const idle = this.slots.filter((s) => s.state === 'idle').length;
    if (slot.state === 'idle' && this.live().length > this.size && idle > 1) void this.kill(slot);
  }

  /** The deadline passed: a queued job is dropped, a running one's worker terminated. */
  private expire(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.finish(job, deadlineResponse(job.timeoutMs, performance.now() - job.started, true));
      return;
    }
    if (job.slot) {
      void this.kill(job.slot, deadlineResponse(job.timeoutMs, performance.now() - job.started));
      this.replace();
    }
    this.pump();
  }

  /** Terminates a worker for good: its job (if any) gets `response`, its pending acks resolve. */
  private async kill(slot: Slot, response?: QueryResponse): Promise<void> {
    if (slot.state === 'dead') return;
    slot.state = 'dead';
    clearTimeout(slot.idleTimer);
    this.slots = this.slots.filter((s) => s !== slot);
    if (slot.job) this.finish(slot.job, response ?? { status: 500, mediaType: 'text/plain', body: 'query worker stopped' });
    slot.job = undefined;
    for (const ack of slot.acks.values()) ack();
    slot.acks.clear();
    await slot.worker.terminate();
  }

  private finish(job: Job, response: QueryResponse): void {
    clearTimeout(job.timer);
    // Assigned, not spread: spreading would read (and so decode) a received body.
    job.resolve(Object.assign(response, { elapsedMs: Math.round(performance.now() - job.started) }));
  }
}

const decoder = new TextDecoder();

/** A queued job with less time than this left is not started (see dropExpiring). */
const EXPIRING_MS = 100;
/** How far down the queue an idle worker looks for a job of its own. */
const LOOKAHEAD = 8;
/** How often a job may be passed over before it goes to the next worker free, whichever. */
const MAX_PASSED = 4;

/**
 * Takes off `queue` the first of its next few jobs whose request hashes to worker `at` of `live`.
 * The same request then goes to the same worker, whose cache of decoded terms already holds what
 * its answer needs, instead of every worker caching every answer. A job passed over MAX_PASSED
 * times is not jumped again. Jobs that may not start yet (`mayStart`, see fairness) are skipped.
 * @example
 * takeOwn([{ affinity: 5, passed: 0 }, { affinity: 6, passed: 0 }], 0, 2); // the second (6 % 2 = 0); the first is passed once
 */
export function takeOwn<J extends { affinity: number; passed: number }>(queue: J[], at: number, live: number, mayStart: (job: J) => boolean = () => true): J | undefined {
  const end = Math.min(queue.length, LOOKAHEAD);
  for (let i = 0; i < end; i++) {
    const job = queue[i]!;
    if (!mayStart(job)) continue;
    if (job.affinity % live === at) {
      for (let k = 0; k < i; k++) queue[k]!.passed++;
      return queue.splice(i, 1)[0];
    }
    if (job.passed >= MAX_PASSED) return undefined;
  }
  return undefined;
}

/** A hash of what a request asks (the stored query and its parameters, or the text). */
export function affinityOf(request: QueryRequest): number {
  const key = `${request.stored ?? request.query}\u0000${JSON.stringify(request.bindings ?? {})}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A worker's answer with its body as the UTF-8 bytes it came in; `body` decodes them only when read. */
function received(response: QueryResponse, bytes?: Uint8Array<ArrayBuffer>): QueryResponse {
  if (!bytes) return response;
  let text: string | undefined;
  return Object.defineProperty({ ...response, bytes }, 'body', { get: () => (text ??= decoder.decode(bytes)), enumerable: true });
}

function closedResponse(): QueryResponse {
  return { status: 503, mediaType: 'text/plain', body: 'the query pool is closed' };
}

/** An absolute path or file URL as a file URL string. */
function toFileUrl(value: string, name: string): string {
  if (value.startsWith('file:')) return value;
  if (isAbsolute(value)) return pathToFileURL(value).href;
  throw new Error(`WorkerPool: ${name} must be an absolute path or a file URL, got ${JSON.stringify(value)}`);
}

/** worker.js beside this module when built; from TypeScript source, the built one in dist/. */
function defaultWorkerUrl(): URL {
  if (import.meta.url.endsWith('.js')) return new URL('./worker.js', import.meta.url);
  const built = new URL('../../dist/query/worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(built))) {
    throw new Error(`WorkerPool: ${fileURLToPath(built)} is missing: run \`npm run build\` (worker threads cannot run TypeScript source)`);
  }
  return built;
}
