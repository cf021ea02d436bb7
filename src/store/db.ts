/**
 * The record store: an embedded SQLite database (WAL, synchronous FULL) holding each source
 * record as received. A write returns only after its transaction is committed, so whatever was
 * acknowledged survives a crash; the query index is derived from this (see src/store/snapshot.ts).
 *
 * Every change (a record put or deleted, a work's ORCID rows changed) is numbered in the change
 * log in the same transaction: the index snapshot is stamped with the number it had reached, and
 * a restart re-derives only what changed after it.
 */
import Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCorrupt, isReadOnly, ReadOnlyStoreError, UserError } from './errors.js';
import type { OrcidEntry } from '../orcid.js';

/** A stored source record. */
export interface StoredRecord {
  id: string;
  /** Input layout it was read as (`page-staff-table`, `solr-json`, …). */
  format: string;
  /** The record's own text, as received. */
  body: string;
  /** SHA-256 of the body, hex. */
  hash: string;
  /** ISO time it was received. */
  received: string;
}

/** One record to write. */
export interface NewRecord {
  id: string;
  format: string;
  body: string;
}

/** One change since a snapshot: a record to re-derive (or drop, when gone), or a work whose ORCID rows changed. */
export interface Change {
  kind: 'record' | 'work';
  /** Record id, or work key (`doi:…`). */
  id: string;
}

/** SHA-256 of a record body, hex. */
export function contentHash(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The SQLite record store in `dir/records.sqlite`. */
export class RecordDb {
  readonly db: Database.Database;
  /** Why writes are refused (the folder cannot be written), or undefined for a writable store. */
  readonly readOnly?: string;
  /** The temporary folder holding the copy a read-only store is read from. */
  private readonly copy?: string;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly one: Database.Statement;
  private readonly log?: Database.Statement;

  /**
   * Opens the store for writing, or, given `readOnly` (the reason), reads a copy of it: SQLite
   * cannot read a WAL database in a folder it may not write (it needs its `-shm` file there).
   */
  constructor(dir: string, options: { readOnly?: string } = {}) {
    const file = join(dir, 'records.sqlite');
    this.readOnly = options.readOnly;
    try {
      if (options.readOnly) this.copy = copyForReading(dir);
      else mkdirSync(dir, { recursive: true });
      this.db = this.copy ? new Database(join(this.copy, 'records.sqlite'), { readonly: true, fileMustExist: true }) : new Database(file);
    } catch (error) {
      this.discardCopy();
      throw openFailure(file, error);
    }
    try {
      if (!this.readOnly) createSchema(this.db);
      this.db.pragma('busy_timeout = 5000');
      this.upsert = this.db.prepare(
        `INSERT INTO records (id, format, body, hash, received, seq) VALUES (@id, @format, @body, @hash, @received, @seq)
         ON CONFLICT(id) DO UPDATE SET format = excluded.format, body = excluded.body, hash = excluded.hash,
           received = excluded.received, seq = excluded.seq`,
      );
      if (!this.readOnly) this.log = this.db.prepare('INSERT INTO changes (id, kind) VALUES (?, ?)');
      this.remove = this.db.prepare('DELETE FROM records WHERE id = ?');
      this.one = this.db.prepare('SELECT id, format, body, hash, received FROM records WHERE id = ?');
    } catch (error) {
      this.close();
      throw openFailure(file, error);
    }
  }

  /**
   * The store in `dir`: writable, or read-only when the folder (or the file) cannot be written.
   * @example
   * const db = RecordDb.open('./data');
   * if (db.readOnly) console.log(`serving read-only: ${db.readOnly}`);
   */
  static open(dir: string): RecordDb {
    try {
      return new RecordDb(dir);
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      if (!isReadOnly(cause) || !existsSync(join(dir, 'records.sqlite'))) throw error;
      return new RecordDb(dir, { readOnly: `${(cause as Error).message}` });
    }
  }

  /** Writes records in one transaction (a present id is replaced); returns when committed. */
  put(records: readonly NewRecord[]): StoredRecord[] {
    if (this.readOnly) throw new ReadOnlyStoreError(this.readOnly);
    const received = new Date().toISOString();
    const stored = records.map((r) => ({ ...r, hash: contentHash(r.body), received }));
    this.db.transaction(() => {
      for (const r of stored) this.upsert.run({ ...r, seq: this.logChange(r.id, 'record') });
    })();
    return stored;
  }

  /** Deletes a record; true when it was there. */
  delete(id: string): boolean {
    if (this.readOnly) throw new ReadOnlyStoreError(this.readOnly);
    return this.db.transaction(() => {
      const gone = this.remove.run(id).changes > 0;
      if (gone) this.logChange(id, 'record');
      return gone;
    })();
  }

  /** Numbers a change in the log (inside the caller's transaction); returns its number. */
  private logChange(id: string, kind: Change['kind']): number {
    return Number(this.log!.run(id, kind).lastInsertRowid);
  }

  /** The store's identity: a random id made with it, so a snapshot of another store is told apart. */
  get id(): string {
    if (!this.hasTable('meta')) return 'unidentified';
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'store'").get() as { value: string } | undefined;
    return row?.value ?? 'unidentified';
  }

  /** How far the change log has counted (0 for a store that never changed). */
  changeCounter(): number {
    if (!this.hasTable('sqlite_sequence')) return 0;
    const row = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").get() as { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  /**
   * What changed after change `since`, each once, oldest first; undefined when the log no longer
   * reaches back that far (pruned past it) or has not reached it (the store is older than the
   * snapshot: restored from a backup).
   */
  changesSince(since: number): Change[] | undefined {
    if (!this.hasTable('changes')) return undefined;
    const pruned = Number((this.db.prepare("SELECT value FROM meta WHERE key = 'pruned'").get() as { value: string } | undefined)?.value ?? 0);
    if (since < pruned || since > this.changeCounter()) return undefined;
    return this.db.prepare('SELECT id, kind FROM changes WHERE seq > ? GROUP BY kind, id ORDER BY MAX(seq)').all(since) as Change[];
  }

  private hasTable(name: string): boolean {
    return !!this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);
  }

  /** Forgets the changes up to `upTo` (a snapshot holds them now), never past what a store outside still has to be sent (see watermark). */
  pruneChanges(upTo: number): void {
    if (this.readOnly) return;
    const sent = (this.db.prepare("SELECT MIN(CAST(value AS INTEGER)) AS n FROM meta WHERE key LIKE 'delivered %'").get() as { n: number | null }).n;
    if (sent !== null) upTo = Math.min(upTo, sent);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM changes WHERE seq <= ?').run(upTo);
      this.db.prepare("INSERT INTO meta (key, value) VALUES ('pruned', ?) ON CONFLICT(key) DO UPDATE SET value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))").run(upTo);
    })();
  }

  /**
   * How far the changes have been sent to a store outside (`serve --store`, `catalod sync`),
   * by the store's query URL: every record whose latest change is at or below it is there.
   * 0 when nothing was sent yet.
   */
  watermark(store: string): number {
    if (!this.hasTable('meta')) return 0;
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(`delivered ${store}`) as { value: string } | undefined;
    return Number(row?.value ?? 0);
  }

  /** Records that the changes up to `seq` have reached `store`; committed when this returns. */
  setWatermark(store: string, seq: number): void {
    if (this.readOnly) throw new ReadOnlyStoreError(this.readOnly);
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(`delivered ${store}`, String(seq));
  }

  /** The change log's oldest number still held: changes at or below it were pruned (0 when none were). */
  prunedUpTo(): number {
    if (!this.hasTable('meta')) return 0;
    return Number((this.db.prepare("SELECT value FROM meta WHERE key = 'pruned'").get() as { value: string } | undefined)?.value ?? 0);
  }

  /**
   * The base IRI the folder's records are minted under, remembered when the folder was made (or
   * first used after it could remember one): every command on the folder agrees on it, so `query`
   * prints the IRIs `serve` serves. Undefined for a folder older than the key.
   */
  storedBase(): string | undefined {
    if (!this.hasTable('meta')) return undefined;
    return (this.db.prepare("SELECT value FROM meta WHERE key = 'base'").get() as { value: string } | undefined)?.value;
  }

  /** Remembers the base IRI (replacing one remembered before: `catalod rebase`); committed when this returns. */
  setBase(base: string): void {
    if (this.readOnly) throw new ReadOnlyStoreError(this.readOnly);
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('base', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(base);
  }

  /** One record by id. */
  get(id: string): StoredRecord | undefined {
    return this.one.get(id) as StoredRecord | undefined;
  }

  /** Every record, oldest first, without holding them all in memory. */
  *all(): Generator<StoredRecord> {
    yield* this.db.prepare('SELECT id, format, body, hash, received FROM records ORDER BY seq').iterate() as IterableIterator<StoredRecord>;
  }

  /** The most recently received records. */
  recent(limit: number): Omit<StoredRecord, 'body'>[] {
    return this.db.prepare('SELECT id, format, hash, received FROM records ORDER BY seq DESC LIMIT ?').all(limit) as Omit<StoredRecord, 'body'>[];
  }

  /**
   * Writes ORCID rows in one transaction (a row for the same work and author is replaced);
   * returns when committed.
   */
  putOrcids(entries: readonly OrcidEntry[]): void {
    if (this.readOnly) throw new ReadOnlyStoreError(this.readOnly);
    const put = this.db.prepare('INSERT INTO orcids (work, author, orcid) VALUES (?, ?, ?) ON CONFLICT(work, author) DO UPDATE SET orcid = excluded.orcid');
    this.db.transaction(() => {
      for (const e of entries) put.run(e.work, e.author, e.orcid);
      for (const work of new Set(entries.map((e) => e.work))) this.logChange(work, 'work');
    })();
  }

  /** Deletes ORCID rows by work and author in one transaction; returns, per row, whether it was there. */
  deleteOrcids(entries: readonly Pick<OrcidEntry, 'work' | 'author'>[]): boolean[] {
    if (this.readOnly) throw new ReadOnlyStoreError(this.readOnly);
    const remove = this.db.prepare('DELETE FROM orcids WHERE work = ? AND author = ?');
    return this.db.transaction(() => {
      const removed = entries.map((e) => remove.run(e.work, e.author).changes > 0);
      for (const work of new Set(entries.filter((_, i) => removed[i]).map((e) => e.work))) this.logChange(work, 'work');
      return removed;
    })();
  }

  /** Every stored ORCID row (`line` is its order in the table); none in a store older than the table. */
  orcids(): OrcidEntry[] {
    const exists = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'orcids'").get();
    if (!exists) return [];
    const rows = this.db.prepare('SELECT work, author, orcid FROM orcids ORDER BY rowid').all() as Omit<OrcidEntry, 'line'>[];
    return rows.map((r, i) => ({ ...r, line: i + 1 }));
  }

  /** How many records there are. */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number }).n;
  }

  /** Closes the database (and drops a read-only store's copy). */
  close(): void {
    if (this.db?.open) this.db.close();
    this.discardCopy();
  }

  private discardCopy(): void {
    if (this.copy) rmSync(this.copy, { recursive: true, force: true });
  }
}

/** The table and the settings a writable store runs with. */
function createSchema(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS records (
    id TEXT PRIMARY KEY, format TEXT NOT NULL, body TEXT NOT NULL, hash TEXT NOT NULL, received TEXT NOT NULL,
    seq INTEGER NOT NULL DEFAULT 0)`);
  db.exec('CREATE INDEX IF NOT EXISTS records_seq ON records(seq)');
  // The trusted ORCID table (`catalod load --orcid`, `POST /orcids`): applied whenever a record converts.
  db.exec('CREATE TABLE IF NOT EXISTS orcids (work TEXT NOT NULL, author TEXT NOT NULL COLLATE NOCASE, orcid TEXT NOT NULL, PRIMARY KEY (work, author))');
  // The change log (see the header) and the store's identity.
  db.exec("CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'record')");
  db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('store', ?)").run(randomUUID());
  // A store made before the log: its numbering starts past the records' own order, and nothing before it is logged.
  if (!db.prepare("SELECT 1 FROM sqlite_sequence WHERE name = 'changes'").get()) {
    const last = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS n FROM records').get() as { n: number }).n;
    if (last > 0) {
      db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('changes', ?)").run(last);
      db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('pruned', ?)").run(last);
    }
  }
}

/** Copies the database (and its write-ahead log, which holds committed records too) to a new temporary folder. */
function copyForReading(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'catalod-readonly-'));
  for (const name of ['records.sqlite', 'records.sqlite-wal']) {
    if (existsSync(join(dir, name))) copyFileSync(join(dir, name), join(copy, name));
  }
  return copy;
}

/** The error to throw when the store cannot be opened: one line for a damaged file, the cause kept. */
function openFailure(file: string, error: unknown): Error {
  if (isCorrupt(error)) return new UserError(`${file} is not a readable catalod store (${(error as Error).message}): restore it from a backup, or move it aside to start afresh`);
  if (isReadOnly(error) && !existsSync(file)) return new UserError(`cannot create the store ${file}: ${(error as Error).message}`);
  return Object.assign(new Error(`cannot open ${file}: ${(error as Error).message}`, { cause: error }), { code: (error as { code?: string }).code });
}
