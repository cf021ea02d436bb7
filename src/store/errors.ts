/**
 * What can go wrong with the data folder, in words a user can act on, and how to tell the
 * storage failures (a full disk, a read-only folder) from bugs so they are answered as such.
 */

/**
 * An error whose message is all the user needs: the command line prints it as one line, no stack.
 * @example
 * throw new UserError('data/records.sqlite is not a catalod store (file is not a database)');
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * A write refused because the store was opened read-only (the folder cannot be written).
 * @example
 * if (db.readOnly) throw new ReadOnlyStoreError(db.readOnly);
 */
export class ReadOnlyStoreError extends UserError {
  constructor(reason: string) {
    super(`writes are off: the data folder is read-only (${reason})`);
    this.name = 'ReadOnlyStoreError';
  }
}

/** The error's code (`SQLITE_FULL`, `ENOSPC`, …), if it has one. */
export const errorCode = (error: unknown): string | undefined => (error as { code?: unknown })?.code as string | undefined;

/**
 * Whether the disk (or the database's size limit) is full: SQLite's `SQLITE_FULL`, the OS's `ENOSPC`/`EDQUOT`.
 * @example
 * isStorageFull(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })); // true
 */
export function isStorageFull(error: unknown): boolean {
  const code = errorCode(error) ?? '';
  return code.startsWith('SQLITE_FULL') || code === 'ENOSPC' || code === 'EDQUOT';
}

/**
 * Whether the error says the store or its folder cannot be written (permissions, a read-only mount).
 * @example
 * isReadOnly(Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' })); // true
 */
export function isReadOnly(error: unknown): boolean {
  if (error instanceof ReadOnlyStoreError) return true;
  const code = errorCode(error) ?? '';
  return code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'EROFS' || code === 'EACCES' || code === 'EPERM';
}

/**
 * Whether a write was refused because the store cannot be written now (opened read-only, or the
 * file or its folder turned read-only under a running server).
 * @example
 * isWriteRefused(new ReadOnlyStoreError('EROFS')); // true
 */
export function isWriteRefused(error: unknown): boolean {
  return error instanceof ReadOnlyStoreError || (errorCode(error) ?? '').startsWith('SQLITE_READONLY');
}

/**
 * Whether the database file is damaged or not a database at all.
 * @example
 * isCorrupt(Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' })); // true
 */
export function isCorrupt(error: unknown): boolean {
  const code = errorCode(error) ?? '';
  return code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT');
}
