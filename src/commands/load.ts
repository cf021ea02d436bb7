/**
 * `catalod load --data DIR FILE…`: stores records offline (no server), in batches, with a
 * progress bar on a terminal. Each record is converted first, so what is stored is known good;
 * bad records are reported and skipped as `convert` does. The data folder is locked while it
 * loads: a server running on it (or another load) makes it stop at once, naming that process.
 */
import { statSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { convertItem, diagnostics } from '../convert.js';
import { normaliseBase } from '../mapping/iris.js';
import { InputError, isRecordError, readFile } from '../readers/index.js';
import { RecordDb, type NewRecord } from '../store/db.js';
import { isStorageFull, UserError } from '../store/errors.js';
import { FolderLock } from '../store/lock.js';

export interface LoadOptions {
  data: string;
  base: string;
  /** Records per committed transaction. */
  batch?: number;
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
  const db = openWritable(options.data);
  const base = normaliseBase(options.base);
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
  for (const file of files) {
    try {
      for await (const item of readFile(file)) {
        const outcome = convertItem(item, { base });
        for (const d of diagnostics(outcome)) say(d);
        if (!outcome.ok || isRecordError(item)) {
          failed++;
          continue;
        }
        bytes += Buffer.byteLength(item.text) + 1;
        batch.push({ id: outcome.work.record.id.value, format: item.layout, body: item.text });
        if (batch.length >= size) flush();
      }
    } catch (e) {
      if (!(e instanceof InputError) && (e as NodeJS.ErrnoException).code === undefined) throw e;
      say(e instanceof InputError ? e.message : `${file}: ${(e as Error).message}`);
      empty++;
    }
  }
  flush();
  bar?.stop();
  process.stderr.write(`stored ${stored} record(s) in ${options.data}${failed ? `, skipped ${failed}` : ''}\n`);
  db.close();
  return empty ? 2 : failed ? 1 : 0;
}

/** The store, writable, or a one-line error saying why it cannot be. */
function openWritable(dir: string): RecordDb {
  const db = RecordDb.open(dir);
  if (!db.readOnly) return db;
  db.close();
  throw new UserError(`cannot load into ${dir}: it cannot be written (${db.readOnly})`);
}
