/**
 * The catalogue as `catalod serve` runs it: source records kept in SQLite (the authority), their
 * graphs in the shared-memory index (derived, rebuilt on start), queries on worker threads that
 * read the index without a copy.
 */
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Catalog, CatalogStats, IngestOutcome, OrcidOutcome } from '../catalog.js';
import { convertItem, convertText, diagnostics, type Converted } from '../convert.js';
import { normaliseBase, recordIri } from '../mapping/iris.js';
import { readText, isRecordError } from '../readers/index.js';
import { RecordDb, type NewRecord, type StoredRecord } from '../store/db.js';
import { isCorrupt, UserError } from '../store/errors.js';
import { CompactStore, type CompactState } from '../store/compact/store.js';
import { describe } from '../store/describe.js';
import type { QueryRunner } from '../query/types.js';
import { ChangeLog, removeNoting, replaceNoting } from './changes.js';
import { orcidTable, workKeysOf, type OrcidEntry, type OrcidTable } from '../orcid.js';
import { changeOutcomes, WorkRecords, rederiveWorks } from './orcids.js';

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
}

/** A stored record left out of the index at start-up, and why. */
export interface SkippedRecord {
  id: string;
  error: string;
}

/** SQLite + shared-memory index + query workers. */
export class PersistentCatalog implements Catalog {
  readonly base: string;
  private readonly changes = new ChangeLog();
  readonly db: RecordDb;
  readonly store = new CompactStore();
  readonly queries: QueryRunner;
  private readonly onChange?: (state: CompactState) => void;
  /** Stored records that could not be indexed at start-up (kept in the store, not served). */
  readonly skipped: SkippedRecord[] = [];
  /** The stored ORCID table, applied to every record converted. */
  private orcids: OrcidTable = new Map();
  /** Which records each work key names: what an ORCID change re-derives. */
  private readonly works = new WorkRecords();

  constructor(options: PersistentCatalogOptions) {
    this.base = normaliseBase(options.base);
    this.db = options.db ?? RecordDb.open(options.dir);
    try {
      this.orcids = orcidTable(this.db.orcids());
      this.rebuild(options.progress);
    } catch (error) {
      this.db.close();
      throw isCorrupt(error) ? new UserError(`the store in ${options.dir} is damaged (${(error as Error).message}): restore it from a backup`) : error;
    }
    this.queries = options.runner(this.store.snapshot(), this.store);
    this.onChange = options.onChange;
  }

  /** Derives the index from every stored record (start-up). */
  private rebuild(progress?: (done: number, total: number) => void): void {
    const total = this.db.count();
    let done = 0;
    for (const row of this.db.all()) {
      const error = this.indexRecord(row);
      if (error) this.skipped.push({ id: String(row.id), error });
      if (++done % 1000 === 0) progress?.(done, total);
    }
    this.store.index(true);
    progress?.(done, total);
  }

  /** Puts one stored record's graph in the index; returns why it could not, if it could not. */
  private indexRecord(row: StoredRecord): string | undefined {
    // A row written by hand or by another version may hold anything: one bad row must not stop the rest.
    if (typeof row.body !== 'string') return `its stored body is not text (${row.body === null ? 'null' : typeof row.body})`;
    try {
      const outcomes = convertText(row.body, `record:${row.id}`, { base: this.base, orcids: this.orcids });
      const converted = outcomes.filter((o) => o.ok);
      if (converted.length === 0) return outcomes.map((o) => (o.ok ? '' : o.error.message)).join('; ') || 'no record in its stored text';
      for (const outcome of converted) this.store.replaceGraph(DataFactory.namedNode(recordIri(this.base, row.id)), outcome.quads);
      for (const outcome of converted) this.works.set(String(row.id), workKeysOf(outcome.work));
      return undefined;
    } catch (error) {
      return `its stored text no longer converts: ${(error as Error).message}`;
    }
  }

  /** Why writes are refused (a read-only data folder), or undefined. */
  get readOnly(): string | undefined {
    return this.db.readOnly;
  }

  async ingest(text: string, file: string): Promise<IngestOutcome[]> {
    const outcomes: IngestOutcome[] = [];
    const accepted: { record: NewRecord; converted: Converted }[] = [];
    let items;
    try {
      items = readText(text, file);
    } catch (e) {
      return [{ index: 1, line: 1, ok: false, warnings: [], error: (e as Error).message }];
    }
    items.forEach((item, i) => {
      const outcome = convertItem(item, { base: this.base, orcids: this.orcids });
      const line = item.source.line;
      if (!outcome.ok || isRecordError(item)) {
        const error = outcome.ok ? 'unreadable record' : outcome.error.message;
        outcomes.push({ index: i + 1, line, id: outcome.ok ? undefined : outcome.error.recordId, ok: false, warnings: [], error });
        return;
      }
      const id = outcome.work.record.id.value;
      accepted.push({ record: { id, format: item.layout, body: item.text }, converted: outcome });
      outcomes.push({ index: i + 1, line, id, ok: true, work: outcome.iris.work, record: outcome.iris.record, warnings: diagnostics(outcome) });
    });
    // Acknowledged only once committed: the database first, then the derived index.
    this.db.put(accepted.map((a) => a.record));
    const touched = new Set<string>();
    for (const { converted } of accepted) replaceNoting(this.store, DataFactory.namedNode(converted.iris.record), converted.quads, touched);
    for (const { record, converted } of accepted) this.works.set(record.id, workKeysOf(converted.work));
    if (accepted.length > 0) this.changed(touched);
    return outcomes;
  }

  async delete(id: string): Promise<boolean> {
    if (!this.db.delete(id)) return false;
    const touched = new Set<string>();
    removeNoting(this.store, DataFactory.namedNode(recordIri(this.base, id)), touched);
    this.works.remove(id);
    this.changed(touched);
    return true;
  }

  async putOrcids(entries: OrcidEntry[]): Promise<OrcidOutcome[]> {
    this.db.putOrcids(entries);
    this.orcids = orcidTable(this.db.orcids());
    return changeOutcomes(entries, this.rederive(entries), { put: true });
  }

  async deleteOrcids(entries: OrcidEntry[]): Promise<OrcidOutcome[]> {
    const removed = this.db.deleteOrcids(entries);
    this.orcids = orcidTable(this.db.orcids());
    return changeOutcomes(entries, this.rederive(entries.filter((_, i) => removed[i])), { put: false, removed });
  }

  /** Re-converts the stored records of the works `entries` name (and only those), by work key. */
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
    this.changes.note(touched);
    this.store.index();
    this.onChange?.(this.store.snapshot());
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

  async close(): Promise<void> {
    await this.queries.close();
    this.db.close();
  }
}
