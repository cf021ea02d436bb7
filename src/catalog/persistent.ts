/**
 * The catalogue as `catalod serve` runs it: source records kept in SQLite (the authority), their
 * graphs in the shared-memory index (derived: read back from its snapshot on start, or rebuilt
 * from the records), queries on worker threads that read the index without a copy. Records are
 * converted on conversion threads (src/jobs/pool.ts): the HTTP thread only commits them and puts
 * their graphs in the index, a slice at a time, and the index is sorted on a thread of its own.
 */
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Catalog, CatalogStats, IngestBody, IngestOutcome, OrcidOutcome } from '../catalog.js';
import { convertText, type Converted } from '../convert.js';
import { normaliseBase, recordIri } from '../mapping/iris.js';
import { RecordDb, type Change, type NewRecord, type StoredRecord } from '../store/db.js';
import { isCorrupt, UserError } from '../store/errors.js';
import { CompactStore, type CompactState } from '../store/compact/store.js';
import { BackgroundSorter } from '../store/compact/sorter.js';
import { describe } from '../store/describe.js';
import type { QueryRunner } from '../query/types.js';
import { ConversionPool, DEFAULT_JOBS, type PackedOutcome, type PackedText } from '../jobs/pool.js';
import { IngestThreads } from '../jobs/ingest.js';
import { ChangeLog, removeNoting, replaceEncodedNoting, replaceNoting } from './changes.js';
import { orcidTable, type OrcidEntry, type OrcidTable } from '../orcid.js';
import { changeOutcomes, IndexedWorks, rederiveWorks } from './orcids.js';
import { SnapshotKeeper, type IndexOrigin } from './snapshots.js';

export interface PersistentCatalogOptions {
  /** Data folder (created when missing). */
  dir: string;
  base: string;
  /** Makes the query runner once the index is built; it is told of every later change through `onChange`. */
  runner: (state: CompactState, store: CompactStore) => QueryRunner;
  /** Called after each change with the index's new snapshot (the worker pool forwards it). */
  onChange?: (state: CompactState) => void;
  /** Progress while the index is rebuilt from the records. */
  progress?: (done: number, total: number) => void;
  /** The store to stand on (default: `RecordDb.open(dir)`, read-only when the folder cannot be written). */
  db?: RecordDb;
  /** Conversion threads (default: the machine's cores). */
  jobs?: number;
  /** Write index snapshots (default: when the folder can be written); false for a command that only reads. */
  snapshots?: boolean;
  /** Told of snapshots written. */
  log?: (line: object) => void;
}

/** A stored record left out of the index at start-up, and why. */
export interface SkippedRecord {
  id: string;
  error: string;
}

/** Stored records sent to a conversion thread per batch while the index is rebuilt. */
const REBUILD_BATCH = 200;

/** SQLite + shared-memory index + query workers. */
export class PersistentCatalog implements Catalog {
  readonly base: string;
  private readonly changes = new ChangeLog();
  readonly db: RecordDb;
  readonly store = new CompactStore();
  queries!: QueryRunner;
  private onChange?: (state: CompactState) => void;
  /** Stored records that could not be indexed (kept in the store, not served). */
  readonly skipped: SkippedRecord[] = [];
  /** Where the index came from on start. */
  origin!: IndexOrigin;
  /** The stored ORCID table, applied to every record converted. */
  private orcids: OrcidTable = new Map();
  /** Which records each work key names, read from the index: what an ORCID change re-derives. */
  private readonly works: IndexedWorks;
  /** Conversion threads while the index is derived on start (closed once it is: they hold memory). */
  private pool?: ConversionPool;
  private readonly jobs: number;
  private readonly ingestThreads: IngestThreads;
  private readonly sorter = new BackgroundSorter();
  private readonly snapshots: SnapshotKeeper;
  /** The sort running on its thread, if any. */
  private sorting?: Promise<void>;
  private readonly log?: (line: object) => void;

  /**
   * Opens the catalogue in `options.dir`: its index from the snapshot when one matches the
   * records, else rebuilt from them; then the query runner.
   * @example
   * const catalog = await PersistentCatalog.open({ dir: './data', base: 'http://localhost:3000/', runner: (_, store) => new LocalRunner(store) });
   * catalog.origin; // { from: 'snapshot', changed: 0, … } or { from: 'records', why: 'no snapshot' }
   */
  static async open(options: PersistentCatalogOptions): Promise<PersistentCatalog> {
    const catalog = new PersistentCatalog(options);
    // The query runner starts first (its threads take seconds to be ready) and is handed the index once it is read.
    catalog.queries = options.runner(catalog.store.snapshot(), catalog.store);
    try {
      await catalog.load(options.progress);
    } catch (error) {
      await catalog.close();
      throw isCorrupt(error) ? new UserError(`the store in ${options.dir} is damaged (${(error as Error).message}): restore it from a backup`) : error;
    }
    catalog.onChange = options.onChange;
    catalog.onChange?.(catalog.store.snapshot());
    return catalog;
  }

  private constructor(options: PersistentCatalogOptions) {
    this.base = normaliseBase(options.base);
    this.log = options.log;
    this.db = options.db ?? RecordDb.open(options.dir);
    this.works = new IndexedWorks(this.store, this.base);
    this.jobs = options.jobs ?? DEFAULT_JOBS;
    this.ingestThreads = new IngestThreads({ threads: options.jobs ?? DEFAULT_JOBS, base: this.base });
    this.snapshots = new SnapshotKeeper({ dir: options.dir, db: this.db, base: this.base, write: (options.snapshots ?? true) && !this.db.readOnly, log: options.log });
  }

  /** The index: from the snapshot and the changes since it, or rebuilt from every record. */
  private async load(progress?: (done: number, total: number) => void): Promise<void> {
    this.setOrcids(orcidTable(this.db.orcids()));
    try {
      await this.derive(progress);
    } finally {
      await this.pool?.close();
      this.pool = undefined;
    }
  }

  /** The index from the snapshot and what changed since, else from every record. */
  private async derive(progress?: (done: number, total: number) => void): Promise<void> {
    const restored = await this.snapshots.restore(this.store, this.jobs);
    if ('changes' in restored) {
      this.skipped.push(...restored.skipped);
      await this.applyChanges(restored.changes);
      this.origin = { from: 'snapshot', changed: restored.changes.length, readMs: restored.readMs, bytes: restored.bytes };
      if (this.store.needsSort()) await this.snapshots.sort(this.store, undefined, () => this.skipped);
      return;
    }
    await this.rebuild(progress);
    this.origin = { from: 'records', why: restored.why };
  }

  /** Derives the index from every stored record (start-up), converting on every core, then sorts it and snapshots it. */
  private async rebuild(progress?: (done: number, total: number) => void): Promise<void> {
    const total = this.db.count();
    let done = 0;
    // Nothing reads the index before it is sorted below: appending need not chain slots by term.
    this.store.table.bulk = true;
    await this.convertStored(this.db.all(), (row, text) => {
      const error = this.indexConverted(row, text);
      if (error) this.skipped.push({ id: String(row.id), error });
      if (++done % 1000 === 0) progress?.(done, total);
    });
    await this.snapshots.sort(this.store, undefined, () => this.skipped);
    progress?.(done, total);
  }

  /**
   * Converts stored records on the conversion threads, a batch each, a few batches in flight,
   * and hands each back in order.
   */
  private async convertStored(rows: Iterable<StoredRecord>, each: (row: StoredRecord, text: PackedText | { unreadable: string }) => void): Promise<void> {
    const inFlight: Promise<void>[] = [];
    let batch: StoredRecord[] = [];
    let previous: Promise<void> = Promise.resolve();
    // Started with the first batch: a start with nothing to convert starts no thread.
    const pool = () => (this.pool ??= new ConversionPool({ jobs: this.jobs, base: this.base, orcids: this.orcids }));
    const send = () => {
      const rows = batch;
      batch = [];
      // A row written by hand or by another version may hold anything: it converts to an error, never a throw.
      const converting = pool().convertTexts(rows.map((r) => ({ text: typeof r.body === 'string' ? r.body : '', file: `record:${r.id}` })), { bodies: false, encoded: true });
      const after = previous;
      previous = Promise.all([converting, after]).then(([texts]) => rows.forEach((row, i) => each(row, typeof row.body === 'string' ? texts[i]! : { unreadable: `its stored body is not text (${row.body === null ? 'null' : typeof row.body})` })));
      inFlight.push(previous);
    };
    for (const row of rows) {
      batch.push(row);
      if (batch.length < REBUILD_BATCH) continue;
      send();
      if (inFlight.length >= 2 * pool().size + 1) await inFlight.shift();
    }
    if (batch.length > 0) send();
    await Promise.all(inFlight);
  }

  /** Puts one stored record's converted graph in the index; returns why it could not, if it could not. */
  private indexConverted(row: StoredRecord, text: PackedText | { unreadable: string }): string | undefined {
    if ('unreadable' in text) return text.unreadable;
    if ('inputError' in text) return `its stored text no longer converts: ${text.inputError}`;
    const converted = text.outcomes.filter((o) => o.ok && o.encoded);
    if (converted.length === 0) return text.outcomes.map((o) => o.error ?? '').join('; ') || 'no record in its stored text';
    for (const outcome of converted) this.store.replaceEncoded(DataFactory.namedNode(recordIri(this.base, row.id)), outcome.encoded!);
    return undefined;
  }

  /** Re-derives what changed in the store after the snapshot: records converted again (or dropped), then the works whose ORCID rows changed. */
  private async applyChanges(changes: readonly Change[]): Promise<void> {
    const records = changes.filter((c) => c.kind === 'record').map((c) => c.id);
    const stored: StoredRecord[] = [];
    for (const id of records) {
      const row = this.db.get(id);
      if (row) stored.push(row);
      else this.store.removeGraph(DataFactory.namedNode(recordIri(this.base, id)));
    }
    await this.convertStored(stored, (row, text) => {
      const error = this.indexConverted(row, text);
      if (error) this.skipped.push({ id: String(row.id), error });
    });
    const works = changes.filter((c) => c.kind === 'work').map((c) => ({ work: c.id, author: '', orcid: '', line: 0 }));
    const done = new Set(records);
    rederiveWorks(works, this.works, (id) => (done.has(id) ? undefined : this.reconvert(id, new Set())));
  }

  /** Why writes are refused (a read-only data folder), or undefined. */
  get readOnly(): string | undefined {
    return this.db.readOnly;
  }

  async ingest(body: IngestBody, file: string): Promise<IngestOutcome[]> {
    const outcomes: IngestOutcome[] = [];
    // Acknowledged only once committed: each slice to the database first, then the derived index,
    // in one turn of the event loop; the body is read and converted on an ingest thread.
    const { inputError } = await this.ingestThreads.ingest(body, file, (slice) => {
      outcomes.push(...slice.map(answerOf));
      const accepted = slice.filter((o) => o.ok && o.id !== undefined && o.encoded);
      if (accepted.length === 0) return;
      this.db.put(accepted.map((o): NewRecord => ({ id: o.id!, format: o.layout!, body: o.body! })));
      const touched = new Set<string>();
      for (const o of accepted) replaceEncodedNoting(this.store, DataFactory.namedNode(o.iris!.record), o.encoded!, touched);
      this.changed(touched);
    });
    if (inputError) return [{ index: 1, line: 1, ok: false, warnings: [], error: inputError }];
    return outcomes;
  }

  async delete(id: string): Promise<boolean> {
    if (!this.db.delete(id)) return false;
    const touched = new Set<string>();
    removeNoting(this.store, DataFactory.namedNode(recordIri(this.base, id)), touched);
    this.changed(touched);
    return true;
  }

  async putOrcids(entries: OrcidEntry[]): Promise<OrcidOutcome[]> {
    this.db.putOrcids(entries);
    this.setOrcids(orcidTable(this.db.orcids()));
    return changeOutcomes(entries, this.rederive(entries), { put: true });
  }

  async deleteOrcids(entries: OrcidEntry[]): Promise<OrcidOutcome[]> {
    const removed = this.db.deleteOrcids(entries);
    this.setOrcids(orcidTable(this.db.orcids()));
    return changeOutcomes(entries, this.rederive(entries.filter((_, i) => removed[i])), { put: false, removed });
  }

  /** The ORCID table conversions apply from now on, here and on the conversion threads. */
  private setOrcids(table: OrcidTable): void {
    this.orcids = table;
    this.pool?.setOrcids(table);
    this.ingestThreads.setOrcids(table);
  }

  /**
   * Re-converts the stored records of the works `entries` name (and only those), by work key, in
   * this thread: the few records of a work, in the same turn as the table's commit, so no
   * snapshot is ever taken between the two.
   */
  private rederive(entries: readonly OrcidEntry[]): Map<string, Converted[]> {
    const touched = new Set<string>();
    const byKey = rederiveWorks(entries, this.works, (id) => this.reconvert(id, touched));
    if (touched.size > 0) this.changed(touched);
    return byKey;
  }

  /** Converts a stored record again with the current ORCID table and replaces its graph. */
  private reconvert(id: string, touched: Set<string>): Converted | undefined {
    const row = this.db.get(id);
    const converted = row && convertText(row.body, `record:${id}`, { base: this.base, orcids: this.orcids }).find((o): o is Converted => o.ok);
    if (converted) replaceNoting(this.store, DataFactory.namedNode(recordIri(this.base, id)), converted.quads, touched);
    return converted;
  }

  get generation(): number {
    return this.changes.generation;
  }

  changedSince(generation: number): ReadonlySet<string> | undefined {
    return this.changes.since(generation);
  }

  private changed(touched: Set<string>): void {
    // Every IRI here was read from the index or from a conversion thread's answer: nothing to copy.
    this.changes.note(touched, false);
    this.onChange?.(this.store.snapshot());
    this.sortWhenDue();
  }

  /** Starts a sort on its thread when the delta has outgrown its limit (one at a time); its end is a change too. */
  private sortWhenDue(): void {
    if (this.sorting || !this.store.needsSort()) return;
    this.sorting = this.snapshots
      .sort(this.store, this.sorter, () => this.skipped)
      .then(() => this.onChange?.(this.store.snapshot()))
      .catch((error: Error) => this.log?.({ event: 'sort', state: 'failed', error: error.message }))
      .finally(() => {
        this.sorting = undefined;
        this.sortWhenDue();
      });
  }

  describe(iri: string, page?: number): RDF.Quad[] {
    return describe(this.store, iri, { page });
  }

  *dump(): Iterable<RDF.Quad> {
    yield* this.store.allQuads();
  }

  recent(limit: number): { id: string; received: string; record: string }[] {
    return this.db.recent(limit).map((r) => ({ id: r.id, received: r.received, record: recordIri(this.base, r.id) }));
  }

  stats(): CatalogStats {
    const store = this.store;
    // Counted when read (one pass over the index, cached until a change): /health never pays for it.
    return { records: this.db.count(), quads: store.size(), get triples() { return store.triples(); } };
  }

  /** Waits for a sort and a snapshot being written (tests, a command that exits once done). */
  async settled(): Promise<void> {
    while (this.sorting) await this.sorting;
    await this.snapshots.settled();
  }

  async close(): Promise<void> {
    await this.queries?.close();
    await this.closeParts();
  }

  /** Stops the conversion and sorting threads and closes the database. */
  private async closeParts(): Promise<void> {
    await this.pool?.close();
    await this.ingestThreads.close();
    await this.sorter.close();
    this.db.close();
  }
}

/** The answer for one record of an ingest. */
function answerOf(o: PackedOutcome): IngestOutcome {
  if (!o.ok) return { index: o.index, line: o.line, id: o.id, ok: false, warnings: [], error: o.error ?? 'unreadable record' };
  return { index: o.index, line: o.line, id: o.id, ok: true, work: o.iris!.work, record: o.iris!.record, warnings: o.diagnostics };
}
