/**
 * One process per data folder. `serve` and `load` hold an exclusive lock on the folder for as long
 * as they run, so two servers (or a server and a load) never write one store and diverge.
 *
 * The lock is an OS file lock, taken through SQLite on `catalod.lock` (an empty database held in
 * an open EXCLUSIVE transaction): the kernel drops it when the process ends however it ends, so a
 * lock left by `kill -9` never blocks, and no timer has to keep it fresh while a long start-up
 * blocks the event loop (mkdir locks with an mtime heartbeat, as proper-lockfile's, call such a
 * lock stale after 10 s). Who holds it is written beside it in `catalod.lock.json`, for the message.
 */
import Database from 'better-sqlite3';
import { hostname } from 'node:os';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isReadOnly, UserError } from './errors.js';

/** Who holds a data folder. */
export interface LockHolder {
  pid: number;
  /** What it runs, e.g. `serve (port 3000)`; never its arguments (a token could be one). */
  command: string;
  /** ISO time the lock was taken. */
  since: string;
  host: string;
}

/** The data folder is held by another process. */
export class FolderLockedError extends UserError {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder | undefined,
  ) {
    super(`data folder ${dir} is in use by ${describeHolder(holder)}: stop it first, or use the running server (POST /records)`);
    this.name = 'FolderLockedError';
  }
}

/** The data folder cannot be written, so it cannot be locked either (`serve` then serves it read-only). */
export class FolderReadOnlyError extends UserError {
  constructor(
    readonly dir: string,
    readonly reason: string,
  ) {
    super(`data folder ${dir} cannot be written (${reason})`);
    this.name = 'FolderReadOnlyError';
  }
}

/** A holder in words: `pid 41 (serve (port 3000)) on host x since 2026-…`. */
export function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'another catalod process (it has not said which yet)';
  return `pid ${holder.pid} (catalod ${holder.command}) on host ${holder.host} since ${holder.since}`;
}

const LOCK_FILE = 'catalod.lock';
const HOLDER_FILE = 'catalod.lock.json';

/** The holder last written beside the lock (it may be gone: only the OS lock says who holds it now). */
export function readHolder(dir: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, HOLDER_FILE), 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

/**
 * An exclusive lock on a data folder, held until `release()` or the process ends.
 * @example
 * const lock = FolderLock.acquire('./data', 'load'); // throws FolderLockedError naming the holder
 * try { load(); } finally { lock.release(); }
 */
export class FolderLock {
  /** The holder whose lock was left behind (a process that died holding it), when there was one. */
  readonly previous?: LockHolder;

  private constructor(
    readonly dir: string,
    readonly holder: LockHolder,
    private readonly db: Database.Database,
    previous: LockHolder | undefined,
  ) {
    this.previous = previous;
  }

  /** Takes the lock at once or throws `FolderLockedError`; `command` is what the message will name. */
  static acquire(dir: string, command: string): FolderLock {
    let db: Database.Database | undefined;
    try {
      mkdirSync(dir, { recursive: true });
      db = new Database(join(dir, LOCK_FILE));
      // SQLite opens a file it may not write read-only, and a read-only handle cannot hold a write lock.
      if (db.readonly) throw Object.assign(new Error(`${join(dir, LOCK_FILE)} cannot be written`), { code: 'EACCES' });
      db.pragma('busy_timeout = 0');
      db.exec('BEGIN EXCLUSIVE');
      const previous = readHolder(dir);
      const holder: LockHolder = { pid: process.pid, command, since: new Date().toISOString(), host: hostname() };
      writeHolder(dir, holder);
      return new FolderLock(dir, holder, db, previous);
    } catch (error) {
      db?.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new FolderLockedError(dir, readHolder(dir));
      if (isReadOnly(error)) throw new FolderReadOnlyError(dir, (error as Error).message);
      throw error;
    }
  }

  /** Lets the folder go (the OS does the same if the process dies first). */
  release(): void {
    if (!this.db.open) return;
    rmSync(join(this.dir, HOLDER_FILE), { force: true });
    this.db.close();
  }
}

/** Writes the holder file whole or not at all (a reader never sees half of it). */
function writeHolder(dir: string, holder: LockHolder): void {
  const temporary = join(dir, `${HOLDER_FILE}.${process.pid}`);
  writeFileSync(temporary, `${JSON.stringify(holder)}\n`);
  renameSync(temporary, join(dir, HOLDER_FILE));
}
