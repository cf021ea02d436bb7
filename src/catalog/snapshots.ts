/**
 * Keeping the index's snapshot (src/store/snapshot.ts) for a catalogue: restoring it on start,
 * sorting the index on a thread of its own when its delta has grown, and writing a snapshot of
 * each sort in the background, then forgetting the changes it holds. Writes to the catalogue
 * never wait for any of this: a sort works on the slots appended before it started, and the
 * snapshot is written from a frozen copy while writes go on.
 */
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import type { Change, RecordDb } from '../store/db.js';
import type { CompactStore } from '../store/compact/store.js';
import type { BackgroundSorter } from '../store/compact/sorter.js';
import { mappingFingerprint } from '../store/fingerprint.js';
import { freezeIndex, readSnapshot, SNAPSHOT_FILE, SnapshotRejected, writeSnapshot, type SkippedEntry } from '../store/snapshot.js';

/** Where the index came from on start, for the start-up log line. */
export type IndexOrigin = { from: 'snapshot'; changed: number; readMs: number; bytes: number } | { from: 'records'; why: string };

export interface SnapshotKeeperOptions {
  dir: string;
  db: RecordDb;
  base: string;
  /** Write snapshots (false: a read-only folder, or a command that only reads). */
  write: boolean;
  /** Told when a snapshot is written or fails. */
  log?: (line: object) => void;
}

/**
 * A catalogue's snapshot keeper.
 * @example
 * const keeper = new SnapshotKeeper({ dir, db, base, write: true, log });
 * const restored = await keeper.restore(store, 2); // the changes to re-derive, or why the index must be rebuilt
 */
export class SnapshotKeeper {
  private readonly file: string;
  /** The snapshot being written, if any. */
  private writing?: Promise<void>;

  constructor(private readonly options: SnapshotKeeperOptions) {
    this.file = join(options.dir, SNAPSHOT_FILE);
    // A snapshot cut short by a crash mid-write is never read: drop it.
    if (options.write) rmSync(`${this.file}.tmp`, { force: true });
  }

  /** Reads the snapshot into `store` (on `threads` threads); returns what changed in the store since it, or why it cannot be used. */
  async restore(store: CompactStore, threads = 1): Promise<{ changes: Change[]; skipped: SkippedEntry[]; readMs: number; bytes: number } | { why: string }> {
    const started = performance.now();
    const { db, base } = this.options;
    try {
      const { state, stamp, skipped, bytes } = await readSnapshot(this.file, { fingerprint: mappingFingerprint(), base, store: db.id }, { threads });
      const changes = db.changesSince(stamp.changes);
      if (!changes) {
        const why = stamp.changes > db.changeCounter() ? 'the record store is older than the snapshot (restored from a backup?)' : 'the change log no longer reaches back to the snapshot';
        return { why };
      }
      store.update(state);
      const changed = new Set(changes.map((c) => c.id));
      return { changes, skipped: skipped.filter((s) => !changed.has(s.id)), readMs: Math.round(performance.now() - started), bytes };
    } catch (error) {
      if (error instanceof SnapshotRejected) return { why: error.message };
      throw error;
    }
  }

  /**
   * Sorts `store` (on `sorter`'s thread when given) and, once sorted, writes its snapshot in the
   * background; resolves once the sort is installed.
   */
  async sort(store: CompactStore, sorter: BackgroundSorter | undefined, skipped: () => readonly SkippedEntry[]): Promise<void> {
    const { db, base, write } = this.options;
    await store.sort(sorter, (state, input) => {
      if (!write || this.writing) return () => undefined;
      const frozen = freezeIndex(state, input);
      const stamp = { fingerprint: mappingFingerprint(), base, store: db.id, changes: db.changeCounter() };
      return (sorted) => {
        this.writing = this.write(() => writeSnapshot(this.file, frozen, sorted, stamp, skipped()), stamp.changes).finally(() => (this.writing = undefined));
      };
    });
  }

  /** Writes one snapshot, then forgets the changes it holds; a failure is logged, never thrown (the records stay the authority). */
  private async write(run: () => Promise<number>, changes: number): Promise<void> {
    const started = performance.now();
    try {
      const bytes = await run();
      this.options.db.pruneChanges(changes);
      this.options.log?.({ event: 'snapshot', state: 'written', ms: Math.round(performance.now() - started), bytes, changes });
    } catch (error) {
      this.options.log?.({ event: 'snapshot', state: 'failed', error: (error as Error).message });
    }
  }

  /** Waits for a snapshot being written (tests, orderly shutdown). */
  async settled(): Promise<void> {
    await this.writing;
  }
}
