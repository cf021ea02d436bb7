/**
 * The conversion worker pool: converts records on every core, answers in input order.
 *
 * Why: reading a record, extracting its fields and mapping them to quads is pure CPU work per
 * record, so `convert`, `load` and the server's rebuild and ingest spread it over worker threads.
 * Workers are started once and kept; each is fed batches (many texts or records per message, so
 * postMessage's fixed cost is paid per batch, not per record), the least-loaded worker first.
 * Every call answers its own batch, in the order of its inputs; callers that stream keep a
 * bounded number of calls in flight and take the answers in order (see src/commands/convert.ts).
 *
 * A record that throws in conversion is a failed outcome (records.ts), never a dead worker. If a
 * worker dies anyway (a crash, out of memory), the batches it held reject with an Error saying so
 * and a new worker takes its place for later batches.
 *
 * Results cross threads cheaply: a record's quads as a PackedGraph (packed.ts), `convert`'s N-Quads
 * as one transferred buffer per batch.
 *
 * Worker file: `worker.js` beside this module once built (dist/jobs/worker.js). From TypeScript
 * source (vitest, tsx) worker threads get no TypeScript transform, so the pool runs the built
 * dist/jobs/worker.js instead (tests build dist/ first: test/setup/build.ts): see src/worker-script.ts.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerScript } from '../worker-script.js';
import type { OrcidTable } from '../orcid.js';
import type { ReadItem } from '../readers/index.js';
import type { EncodedGraph, PackedGraph } from './packed.js';
import type { ConversionSettings, ItemResult, ItemsRequest, PageChunk } from './records.js';
import type { FromWorker, ToWorker } from './worker.js';

export type { PackedGraph } from './packed.js';
export type { ItemResult, ItemsRequest, PageChunk } from './records.js';

export interface ConvertInput {
  text: string;
  file: string;
}

/** One record of an input text, converted on a worker. */
export interface PackedOutcome {
  /** 1-based index of the record in its text (item.source.index). */
  index: number;
  /** Line its record started on. */
  line: number;
  /** Converted and not a read error. */
  ok: boolean;
  /** Record id when known (also for failures when the error names one). */
  id?: string;
  /** Why not, for !ok. */
  error?: string;
  /** Warning messages (work.warnings[].message), for ok. */
  warnings: string[];
  /** Exactly what diagnostics(outcome) in src/convert.ts gives. */
  diagnostics: string[];
  /** item.layout (stored as the record's format). */
  layout?: string;
  /** item.text (what the record store keeps). */
  body?: string;
  iris?: { work: string; record: string };
  /** workKeysOf(outcome.work) from src/orcid.ts. */
  workKeys?: string[];
  /** The record's quads, for ok. */
  graph?: PackedGraph;
  /** The record's quads encoded for the index (instead of `graph`, when asked for). */
  encoded?: EncodedGraph;
}

/** What a conversion's answer carries besides outcomes. */
export interface PackOptions {
  /** Each record's own text (default true). */
  bodies?: boolean;
  /** Quads encoded for the index (`encoded`) rather than as terms (`graph`) (default false). */
  encoded?: boolean;
}

/** What one input text gave: its records, or why it holds none (readText's InputError message). */
export type PackedText = { outcomes: PackedOutcome[] } | { inputError: string };

export interface ConversionPoolOptions {
  /** Worker threads (at least 1). */
  jobs: number;
  /** Base IRI every minted IRI starts with. */
  base: string;
  /** ORCID table every conversion applies. */
  orcids?: OrcidTable;
}

/** Default jobs: os.availableParallelism(). */
export const DEFAULT_JOBS: number = availableParallelism();

interface Pending {
  resolve(message: FromWorker): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Set once the slot is replaced or closed: its events no longer matter. */
  gone: boolean;
}

/**
 * Converts records on `jobs` worker threads.
 * @example
 * const pool = new ConversionPool({ jobs: 4, base: 'http://localhost:3000/' });
 * const [text] = await pool.convertTexts([{ text: body, file: 'POST /records' }]);
 * if ('outcomes' in text) for (const o of text.outcomes) console.log(o.id, o.ok, o.diagnostics);
 * await pool.close();
 */
export class ConversionPool {
  private readonly slots: Slot[] = [];
  private readonly settings: ConversionSettings;
  private nextId = 1;
  private closed = false;
  /** The worker holding each open page segment's reader. */
  private readonly segments = new Map<number, Slot>();
  /** The slot the last batch went to. */
  private lastSlot?: Slot;

  /** Starts `options.jobs` workers (at least one). */
  constructor(options: ConversionPoolOptions) {
    const jobs = Math.max(1, Math.floor(options.jobs) || 1);
    this.settings = { base: options.base, orcids: options.orcids };
    for (let i = 0; i < jobs; i++) this.slots.push(this.start());
  }

  /** Number of worker threads. */
  get size(): number {
    return this.slots.length;
  }

  /**
   * Converts each text (readText + convertItem, src/convert.ts) on a worker; answers in input
   * order. `bodies: false` leaves each record's own text out of the answer (a rebuild has it);
   * `encoded: true` gives each record's quads as `encoded` (for the index) instead of `graph`.
   */
  async convertTexts(inputs: ConvertInput[], options: PackOptions = {}): Promise<PackedText[]> {
    if (inputs.length === 0) return [];
    const answer = await this.send((id) => ({ type: 'texts', id, inputs, options }));
    if (!('texts' in answer)) throw new Error('conversion pool: a texts batch was answered with items');
    return answer.texts;
  }

  /**
   * Converts records already read (the CLI's path: they keep their file, line and index) on a
   * worker, for `convert`'s writer (`request.format`) or `load`'s check; answers in input order.
   * @example
   * const results = await pool.convertItems(items, { format: 'nquads' }); // [{ ok, diagnostics, chunk }, …]
   */
  async convertItems(items: ReadItem[], request: ItemsRequest = {}): Promise<ItemResult[]> {
    if (items.length === 0) return [];
    const answer = await this.send((id) => ({ type: 'items', id, items, request }));
    if (!('items' in answer)) throw new Error('conversion pool: an items batch was answered with texts');
    return answer.items;
  }

  /**
   * Reads a chunk of page text on a worker (its bytes are transferred: the caller gives them up) (every chunk of one segment on the same worker, which
   * keeps its reader between them) and converts the records it completes, as convertItems does.
   * Record indices count from the segment's start: the caller adds the records before it.
   * @example
   * await pool.convertPage({ file: 'a.txt', segment: 1, first: true, then: 'end', text, firstLine: 1 }, { format: 'nquads' });
   */
  async convertPage(chunk: PageChunk, request: ItemsRequest = {}): Promise<ItemResult[]> {
    const slot = chunk.first ? undefined : this.segments.get(chunk.segment);
    if (!chunk.first && !slot) throw new Error(`conversion pool: page segment ${chunk.segment} was never opened`);
    const answer = this.send((id) => ({ type: 'page', id, chunk, request }), slot, [chunk.bytes.buffer as ArrayBuffer]);
    if (chunk.then === 'open') this.segments.set(chunk.segment, this.lastSlot!);
    else this.segments.delete(chunk.segment);
    const results = await answer;
    if (!('items' in results)) throw new Error('conversion pool: a page batch was answered with texts');
    return results.items;
  }

  /** The ORCID table every later conversion applies (sent to the workers once). */
  setOrcids(orcids: OrcidTable): void {
    this.settings.orcids = orcids;
    for (const slot of this.slots) slot.worker.postMessage({ type: 'orcids', orcids } satisfies ToWorker);
  }

  /** Stops every worker; batches still held reject. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const slot of slots) this.retire(slot, new Error('conversion pool closed'));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  /** Posts a batch to `to` (default: the least-loaded worker) and waits for its answer. */
  private send(message: (id: number) => ToWorker, to?: Slot, transfer: ArrayBuffer[] = []): Promise<FromWorker> {
    if (this.closed) return Promise.reject(new Error('conversion pool closed'));
    if (to?.gone) return Promise.reject(new Error('conversion worker stopped while it held this page segment'));
    const id = this.nextId++;
    const slot = to ?? this.slots.reduce((best, s) => (s.pending.size < best.pending.size ? s : best));
    this.lastSlot = slot;
    return new Promise<FromWorker>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage(message(id), transfer);
    }).then((answer) => {
      if ('error' in answer) throw new Error(`conversion failed on a worker: ${answer.error}`);
      return answer;
    });
  }

  /** A new worker with the current settings. */
  private start(): Slot {
    const worker = new Worker(workerScript('./worker.js', import.meta.url, 'jobs'), { workerData: this.settings });
    const slot: Slot = { worker, pending: new Map(), gone: false };
    worker.on('message', (answer: FromWorker) => {
      const pending = slot.pending.get(answer.id);
      slot.pending.delete(answer.id);
      pending?.resolve(answer);
    });
    worker.on('error', (error) => this.died(slot, `crashed: ${error.message}`));
    worker.on('exit', (code) => this.died(slot, `exited with code ${code}`));
    return slot;
  }

  /** A worker died: its batches reject, a fresh worker takes its place. */
  private died(slot: Slot, why: string): void {
    if (slot.gone || this.closed) return;
    this.retire(slot, new Error(`conversion worker ${why}; its ${slot.pending.size} batch(es) were lost`));
    void slot.worker.terminate();
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots[at] = this.start();
  }

  /** Marks a slot gone and rejects what it held. */
  private retire(slot: Slot, error: Error): void {
    slot.gone = true;
    for (const pending of slot.pending.values()) pending.reject(error);
    slot.pending.clear();
  }
}
