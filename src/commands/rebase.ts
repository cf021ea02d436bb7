/**
 * `catalod rebase --data DIR --base NEW`: changes the base IRI a data folder remembers. The
 * folder holds the source records as received; every IRI is derived from them under the base, so
 * re-basing is only the stored base changing: the next `serve` or `query` finds the index snapshot
 * stamped with the old base and rebuilds it from the records. A SPARQL store the folder was synced
 * to still holds the graphs under the old IRIs: the watermarks are dropped so the next `sync` (or
 * `serve --store`) pushes every record anew, and the old graphs are for its owner to clear.
 */
import { normaliseBase } from '../mapping/iris.js';
import { RecordDb } from '../store/db.js';
import { UserError } from '../store/errors.js';
import { FolderLock } from '../store/lock.js';

export interface RebaseOptions {
  data: string;
  base: string;
}

/** Re-bases the folder; returns the exit code (0). Refused while a server or a load holds the folder. */
export function rebaseCommand(options: RebaseOptions): number {
  const lock = FolderLock.acquire(options.data, 'rebase');
  try {
    const db = RecordDb.open(options.data);
    try {
      if (db.readOnly) throw new UserError(`cannot re-base ${options.data}: it cannot be written (${db.readOnly})`);
      const base = normaliseBase(options.base);
      const before = db.storedBase();
      if (before === base) {
        process.stderr.write(`${options.data} already has the base ${base}\n`);
        return 0;
      }
      const synced = db.db.transaction(() => {
        db.setBase(base);
        // The stores outside hold graphs named under the old base: push everything to them again.
        return db.db.prepare("DELETE FROM meta WHERE key LIKE 'delivered %' OR key LIKE 'full push %'").run().changes;
      })();
      if (synced > 0) process.stderr.write('the SPARQL stores this folder was synced to keep their graphs under the old base: clear them, then `catalod sync --all`\n');
      process.stderr.write(`${options.data}: base ${before ?? '(none remembered)'} → ${base}; the index is rebuilt from the records when the folder is next served or queried\n`);
      return 0;
    } finally {
      db.close();
    }
  } finally {
    lock.release();
  }
}
