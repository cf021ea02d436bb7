/**
 * The base IRI a data folder remembers (its `base` key in the store's meta table): `load`,
 * `serve`, `query`, `sync` and `export` all mint and read IRIs under it, so what `query` prints is
 * what `serve` serves. The first command to make the folder (or to use an older folder that
 * remembers none) stores the base it was given, or its default; later ones without `--base` take
 * it, and a different `--base` is refused: the stored records are one thing, their IRIs another,
 * and mixing two bases in one folder would leave half its links pointing nowhere.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseBase } from '../mapping/iris.js';
import { RecordDb } from '../store/db.js';
import { UsageError } from './usage.js';

/**
 * The folder's base: the remembered one, else `given` or `fallback`, remembered now (unless the
 * store cannot be written). A `given` base other than the remembered one is a UsageError saying
 * how to re-base.
 */
export function settleBase(db: RecordDb, dir: string, given: string | undefined, fallback: string): string {
  const stored = db.storedBase();
  const wanted = given === undefined ? undefined : normaliseBase(given);
  if (stored !== undefined) {
    if (wanted !== undefined && wanted !== stored)
      throw new UsageError(`${dir} was made with --base ${stored}, not ${wanted}: leave --base out (or give that one), or re-base the folder with \`catalod rebase --data ${dir} --base ${wanted}\``);
    return stored;
  }
  const base = wanted ?? normaliseBase(fallback);
  if (!db.readOnly) db.setBase(base);
  return base;
}

/**
 * settleBase on the folder `dir`, opened for the purpose. A folder with no store yet is created
 * only when `create` (load, serve); otherwise its base is `given` or `fallback`, and the command
 * says what is missing.
 */
export function folderBase(dir: string, given: string | undefined, fallback: string, create = false): string {
  if (!create && !existsSync(join(dir, 'records.sqlite'))) return normaliseBase(given ?? fallback);
  const db = RecordDb.open(dir);
  try {
    return settleBase(db, dir, given, fallback);
  } finally {
    db.close();
  }
}
