/**
 * `catalod load --data DIR FILE…`: stores records offline (no server), in batches, with a
 * progress bar on a terminal. Each record is converted first, so what is stored is known good;
 * bad records are reported and skipped as `convert` does. The data folder is locked while it
 * loads: a server running on it (or another load) makes it stop at once, naming that process.
 * `--orcid FILE` stores the ORCID table (the CSV `convert --orcid` reads) beside the records: the
 * server applies it to every record; a row whose work is in neither the files nor the store is said.
 * `--jobs N` (N > 1) converts on a worker pool (src/jobs/); batches are still committed in input
 * order, and the output and exit code are those of `--jobs 1`, which converts in this thread.
 */
import { statSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { convertItem, diagnostics, type ConvertOptions } from '../convert.js';
import { extract } from '../extract/index.js';
import { loadOrcidFile, orcidTable, workKeysOf, type OrcidEntry } from '../orcid.js';
import { DEFAULT_BASE } from '../mapping/iris.js';
import { InputError, isRecordError, readFile, readText } from '../readers/index.js';
import { RecordDb, type NewRecord } from '../store/db.js';
import { isStorageFull, UserError } from '../store/errors.js';
import { FolderLock } from '../store/lock.js';
import { feedRecords } from '../jobs/feed.js';
import { ConversionPool, DEFAULT_JOBS } from '../jobs/pool.js';
import { settleBase } from './base.js';
import { UsageError } from './usage.js';

export interface LoadOptions {
  data: string;
  /** Base IRI; default: the one the folder remembers, else DEFAULT_BASE (then remembered). */
  base?: string;
  /** Records per committed transaction. */
  batch?: number;
  /** CSV (work,author,orcid) of trusted ORCID iDs to store and attach. */
  orcid?: string;
  /** Worker threads converting (default DEFAULT_JOBS of src/jobs/pool.ts); 1 converts in this thread. */
  jobs?: number;
}

/** Loads files into the record store; returns the exit code (as `convert`). */
export async function loadCommand(files: string[], options: LoadOptions): Promise<number> {
  const lock = FolderLock.acquire(options.data, 'load');
  try {
    return await loadLocked(files, options);
  } finally {
    lock.release();
  }
}

/** Loads files into a store this process holds the lock of. */
async function loadLocked(files: string[], options: LoadOptions): Promise<number> {
  if (files.length === 0 && !options.orcid) throw new UsageError('nothing to load: give record files (`-` reads stdin), or --orcid FILE');
  const orcids = options.orcid ? readOrcids(options.orcid) : undefined;
  const db = openWritable(options.data);
  let base: string;
  try {
    base = settleBase(db, options.data, options.base, DEFAULT_BASE);
  } catch (error) {
    db.close();
    throw error;
  }
  // Where the store stood: what this load added, replaced and repeated is counted from it at the end.
  const before = { records: db.count(), changes: db.changeCounter() };
  const convert: ConvertOptions = { base, orcids: orcids && orcidTable(orcids) };
  const loadedWorks = new Set<string>();
  const size = options.batch ?? 1000;
  const total = files.reduce((n, f) => n + (f === '-' ? 0 : statSync(f).size), 0);
  const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'loading |{bar}| {percentage}% {records} records {eta_formatted}', stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
  bar?.start(total || 1, 0, { records: 0 });
  let stored = 0, failed = 0, empty = 0, bytes = 0;
  let batch: NewRecord[] = [];
  const flush = () => {
    try {
      db.put(batch);
    } catch (error) {
      db.close();
      if (isStorageFull(error)) throw new UserError(`the disk holding ${options.data} is full: stored ${stored} record(s), the batch being written was not`);
      throw error;
    }
    stored += batch.length;
    batch = [];
    bar?.update(bytes, { records: stored });
  };
  const say = (line: string) => process.stderr.write(`${bar ? '\r\x1b[K' : ''}${line}\n`);
  /** A record that converted: remembered, and stored with the next batch. */
  const keep = (id: string, format: string, body: string, workKeys: string[]) => {
    for (const key of workKeys) loadedWorks.add(key);
    bytes += Buffer.byteLength(body) + 1;
    batch.push({ id, format, body });
    if (batch.length >= size) flush();
  };
  const jobs = options.jobs ?? DEFAULT_JOBS;
  if (jobs > 1 && files.length > 0) {
    const pool = new ConversionPool({ jobs, base, orcids: convert.orcids });
    try {
      for await (const event of feedRecords(pool, files, { keep: true })) {
        if ('inputError' in event) {
          say(event.inputError);
          empty++;
          continue;
        }
        for (const r of event.results) {
          for (const d of r.diagnostics) say(d);
          if (!r.ok || r.body === undefined) failed++;
          else keep(r.id!, r.layout!, r.body, r.workKeys ?? []);
        }
      }
    } finally {
      await pool.close();
    }
  } else {
    for (const file of files) {
      try {
        for await (const item of readFile(file)) {
          const outcome = convertItem(item, convert);
          for (const d of diagnostics(outcome)) say(d);
          if (!outcome.ok || isRecordError(item)) {
            failed++;
            continue;
          }
          keep(outcome.work.record.id.value, item.layout, item.text, workKeysOf(outcome.work));
        }
      } catch (e) {
        if (!(e instanceof InputError) && (e as NodeJS.ErrnoException).code === undefined) throw e;
        say(e instanceof InputError ? e.message : `${file}: ${(e as Error).message}`);
        empty++;
      }
    }
  }
  flush();
  // The bar counts the bytes of the records kept, short of the files' size by what lies between and around them.
  bar?.update(total || 1, { records: stored });
  bar?.stop();
  process.stderr.write(`${summary(db, before, stored, options.data)}${failed ? `, skipped ${failed}` : ''}\n`);
  if (orcids) storeOrcids(db, orcids, loadedWorks, options);
  db.close();
  return empty ? 2 : failed ? 1 : 0;
}

/**
 * What the load did, exactly: the distinct records now stored from it, how many of those replaced
 * a record already there, and how many records repeated an id read earlier in the load (the last
 * one read is the one kept). Counted from the change log, which holds one entry per record
 * written: the folder is locked, so every entry past `before` is this load's.
 */
function summary(db: RecordDb, before: { records: number; changes: number }, written: number, dir: string): string {
  const distinct = (db.db.prepare("SELECT COUNT(DISTINCT id) AS n FROM changes WHERE seq > ? AND kind = 'record'").get(before.changes) as { n: number }).n;
  const added = db.count() - before.records;
  const replaced = distinct - added;
  const repeated = written - distinct;
  const details = [replaced > 0 ? `${added} new, ${replaced} replacing the stored record of the same id` : '', repeated > 0 ? `${written} read: ${repeated} repeated an id read before, the last one kept` : ''].filter(Boolean);
  return `stored ${distinct} record(s) in ${dir}${details.length ? ` (${details.join('; ')})` : ''}`;
}

/** The store, writable, or a one-line error saying why it cannot be. */
function openWritable(dir: string): RecordDb {
  const db = RecordDb.open(dir);
  if (!db.readOnly) return db;
  db.close();
  throw new UserError(`cannot load into ${dir}: it cannot be written (${db.readOnly})`);
}

/** The ORCID file's good rows; its refused rows are said on stderr (as `convert --orcid`). */
function readOrcids(file: string): OrcidEntry[] {
  const { table, warnings } = loadOrcidFile(file);
  for (const w of warnings) process.stderr.write(`${w}\n`);
  return [...table.values()].flat();
}

/** Commits the ORCID rows, then says which name a work in neither the files loaded nor the store. */
function storeOrcids(db: RecordDb, entries: OrcidEntry[], loaded: Set<string>, options: LoadOptions): void {
  try {
    db.putOrcids(entries);
  } catch (error) {
    db.close();
    if (isStorageFull(error)) throw new UserError(`the disk holding ${options.data} is full: the records were stored, the ORCID table was not`);
    throw error;
  }
  let missing = entries.filter((e) => !loaded.has(e.work));
  if (missing.length > 0) {
    const stored = storedWorks(db);
    missing = missing.filter((e) => !stored.has(e.work));
  }
  for (const e of missing) process.stderr.write(`${options.orcid}:${e.line}: no work ${e.work} in ${options.data}: row kept, attached when a record of it is loaded\n`);
  process.stderr.write(`stored ${entries.length} ORCID row(s) in ${options.data}\n`);
}

/** The work keys of every stored record (read only when a row names a work this load did not bring). */
function storedWorks(db: RecordDb): Set<string> {
  const keys = new Set<string>();
  for (const row of db.all()) {
    try {
      for (const item of readText(row.body, `record:${row.id}`)) {
        const work = isRecordError(item) ? undefined : extract(item);
        if (work && 'record' in work) for (const key of workKeysOf(work)) keys.add(key);
      }
    } catch {
      // A stored record that no longer reads names no work; the server reports it at start-up.
    }
  }
  return keys;
}
