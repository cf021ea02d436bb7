/**
 * The record store: an embedded SQLite database (WAL, synchronous FULL) holding each source
 * record as received. A write returns only after its transaction is committed, so whatever was
 * acknowledged survives a crash; the query index is derived from this and rebuilt on start.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

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
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly one: Database.Statement;

  constructor(dir: string, options: { readonly?: boolean } = {}) {
    if (!options.readonly) mkdirSync(dir, { recursive: true });
    this.db = new Database(join(dir, 'records.sqlite'), { readonly: !!options.readonly, fileMustExist: !!options.readonly });
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.exec(`CREATE TABLE IF NOT EXISTS records (
        id TEXT PRIMARY KEY, format TEXT NOT NULL, body TEXT NOT NULL, hash TEXT NOT NULL, received TEXT NOT NULL,
        seq INTEGER NOT NULL DEFAULT 0)`);
      this.db.exec('CREATE INDEX IF NOT EXISTS records_seq ON records(seq)');
    }
    this.db.pragma('busy_timeout = 5000');
    this.upsert = this.db.prepare(
      `INSERT INTO records (id, format, body, hash, received, seq) VALUES (@id, @format, @body, @hash, @received,
         (SELECT COALESCE(MAX(seq), 0) + 1 FROM records))
       ON CONFLICT(id) DO UPDATE SET format = excluded.format, body = excluded.body, hash = excluded.hash,
         received = excluded.received, seq = excluded.seq`,
    );
    this.remove = this.db.prepare('DELETE FROM records WHERE id = ?');
    this.one = this.db.prepare('SELECT id, format, body, hash, received FROM records WHERE id = ?');
  }

  /** Writes records in one transaction (a present id is replaced); returns when committed. */
  put(records: readonly NewRecord[]): StoredRecord[] {
    const received = new Date().toISOString();
    const stored = records.map((r) => ({ ...r, hash: contentHash(r.body), received }));
    this.db.transaction(() => {
      for (const r of stored) this.upsert.run(r);
    })();
    return stored;
  }

  /** Deletes a record; true when it was there. */
  delete(id: string): boolean {
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

  /** How many records there are. */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}
