/**
 * The record store: an embedded SQLite database (WAL, synchronous FULL) holding each source
 * record as received. A write returns only after its transaction is committed, so whatever was
 * acknowledged survives a crash; the query index is derived from this and rebuilt on start.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
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
        `INSERT INTO records (id, format, body, hash, received, seq) VALUES (@id, @format, @body, @hash, @received,
           (SELECT COALESCE(MAX(seq), 0) + 1 FROM records))
         ON CONFLICT(id) DO UPDATE SET format = excluded.format, body = excluded.body, hash = excluded.hash,
           received = excluded.received, seq = excluded.seq`,
      );
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
      for (const r of stored) this.upsert.run(r);
    })();
    return stored;
  }

  /** Deletes a record; true when it was there. */
  delete(id: string): boolean {
    if (this.readOnly) throw new ReadOnlyStoreError(this.readOnly);
    return this.remove.run(id).changes > 0;
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
    })();
  }

  /** Deletes ORCID rows by work and author in one transaction; returns, per row, whether it was there. */
  deleteOrcids(entries: readonly Pick<OrcidEntry, 'work' | 'author'>[]): boolean[] {
    if (this.readOnly) throw new ReadOnlyStoreError(this.readOnly);
    const remove = this.db.prepare('DELETE FROM orcids WHERE work = ? AND author = ?');
    return this.db.transaction(() => entries.map((e) => remove.run(e.work, e.author).changes > 0))();
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
