/**
 * `catalod sync --data DIR --store URL`: pushes the records of a data folder to a SPARQL store,
 * those changed since the last sync to that store (its watermark in SQLite, the same one
 * `serve --store` moves), or with `--all` every record (a full push: a new store, or one that was
 * restored or emptied). Batches as the server's outbox sends them (src/remote/outbox.ts): each
 * record's graph replaced whole, so a batch sent twice changes nothing. Resumable after kill -9:
 * the watermark (or a full push's cursor) moves only after the store has taken a batch.
 */
import cliProgress from 'cli-progress';
import { FolderLock } from '../store/lock.js';
import { RecordDb } from '../store/db.js';
import { UserError } from '../store/errors.js';
import { normaliseBase } from '../mapping/iris.js';
import { orcidTable } from '../orcid.js';
import { StoreClient, type StoreEndpoints } from '../remote/client.js';
import { dialectOf, type Dialect } from '../remote/dialect.js';
import { needsFullPush, pendingCount, sendBatch, sendRecords, type OutboxOptions, type Sent } from '../remote/outbox.js';

export interface SyncOptions {
  data: string;
  base: string;
  store: string;
  storeUpdate?: string;
  storeUser?: string;
  storePassword?: string;
  storeDialect?: Dialect['name'];
  /** Push every record, not only the changes since the last sync. */
  all?: boolean;
  /** Records per update request (default 200). */
  batch?: number;
}

/** Runs the sync; returns the exit code (0 all sent, 1 some records refused or unconvertible). */
export async function syncCommand(options: SyncOptions): Promise<number> {
  const lock = FolderLock.acquire(options.data, 'sync');
  const db = new RecordDb(options.data);
  try {
    const endpoints: StoreEndpoints = { query: options.store, update: options.storeUpdate, user: options.storeUser, password: options.storePassword };
    const client = new StoreClient(endpoints);
    const base = normaliseBase(options.base);
    const dialect = await dialectOf(client, base, options.storeDialect).catch((error: Error) => {
      throw new UserError(`cannot reach the SPARQL store at ${options.store}: ${error.message}`);
    });
    const outbox: OutboxOptions = { base, merged: dialect.merged, orcids: orcidTable(db.orcids()), records: options.batch };
    const full = options.all || needsFullPush(db, options.store);
    if (!options.all && full) process.stderr.write('catalod: the change log no longer reaches back to the last sync: pushing every record\n');
    const failed = full ? await pushAll(db, client, outbox) : await pushChanges(db, client, outbox);
    for (const f of failed) process.stderr.write(`record ${f.id}: ${f.error}\n`);
    return failed.length ? 1 : 0;
  } finally {
    db.close();
    lock.release();
  }
}

/** Every change since the watermark. */
async function pushChanges(db: RecordDb, client: StoreClient, outbox: OutboxOptions): Promise<Sent['failed']> {
  const bar = progress(pendingCount(db, db.watermark(client.endpoints.query)));
  const failed: Sent['failed'] = [];
  for (let sent = await sendBatch(db, client, outbox); sent; sent = await sendBatch(db, client, outbox)) {
    failed.push(...sent.failed);
    bar.tick(sent.records + sent.failed.length, sent.quads);
  }
  bar.stop();
  return failed;
}

/**
 * Every stored record, from where an interrupted full push stopped (its cursor in SQLite); the
 * watermark moves to the change counter read when the push began, once the last batch is in.
 */
async function pushAll(db: RecordDb, client: StoreClient, outbox: OutboxOptions): Promise<Sent['failed']> {
  const key = `full push ${client.endpoints.query}`;
  const saved = readMeta(db, key);
  const state = saved ? (JSON.parse(saved) as { cursor: number; target: number }) : { cursor: 0, target: db.changeCounter() };
  const left = (db.db.prepare('SELECT COUNT(*) AS n FROM records WHERE seq > ?').get(state.cursor) as { n: number }).n;
  const bar = progress(left);
  const failed: Sent['failed'] = [];
  for (let sent = await sendRecords(db, client, state.cursor, outbox); sent; sent = await sendRecords(db, client, state.cursor, outbox)) {
    failed.push(...sent.failed);
    state.cursor = sent.seq;
    writeMeta(db, key, JSON.stringify(state));
    bar.tick(sent.records + sent.failed.length, sent.quads);
  }
  // Changes made during the push come after `target`: the next sync sends them.
  db.setWatermark(client.endpoints.query, Math.max(state.target, db.watermark(client.endpoints.query)));
  db.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
  bar.stop();
  return failed;
}

const readMeta = (db: RecordDb, key: string) => (db.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
const writeMeta = (db: RecordDb, key: string, value: string) => db.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);

/** A progress bar on a terminal, a summary line at the end either way. */
function progress(total: number): { tick(records: number, quads: number): void; stop(): void } {
  const started = performance.now();
  let records = 0, quads = 0;
  const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'syncing |{bar}| {value}/{total} records {quads} quads {eta_formatted}', stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
  bar?.start(Math.max(total, 1), 0, { quads: 0 });
  return {
    tick(r, q) {
      records += r;
      quads += q;
      bar?.update(Math.min(records, total), { quads });
    },
    stop() {
      bar?.stop();
      const s = (performance.now() - started) / 1000;
      process.stderr.write(`synced ${records} record(s), ${quads} quads in ${s.toFixed(1)} s (${Math.round(records / Math.max(s, 0.001))} records/s, ${Math.round(quads / Math.max(s, 0.001))} quads/s)\n`);
    },
  };
}
