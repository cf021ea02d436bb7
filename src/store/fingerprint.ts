/**
 * The mapping's fingerprint: a hash of everything that decides which quads a record becomes
 * (the vocabulary files and the converter's own code: readers, extraction, mapping, terms) and
 * of the index layout. A snapshot stamped with another fingerprint was made by another mapping
 * and is rebuilt, never served; hashing the code, not a version number, means a changed mapping
 * cannot be missed by forgetting to bump one.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Code folders and files (under src/ or dist/) whose contents decide the quads and their layout. */
const CODE = ['readers', 'extract', 'mapping', 'rdf', 'store/compact', 'convert', 'orcid'];
const VOCAB = fileURLToPath(new URL('../../vocab/', import.meta.url));
const CODE_ROOT = fileURLToPath(new URL('../', import.meta.url));

let cached: string | undefined;

/**
 * The fingerprint of this installation's mapping (hex, computed once per process).
 * @example
 * mappingFingerprint(); // 'a3f1…'
 */
export function mappingFingerprint(): string {
  if (cached) return cached;
  const hash = createHash('sha256');
  const add = (root: string, file: string) => hash.update(`${relative(root, file)}\n`).update(readFileSync(file));
  for (const file of filesUnder(VOCAB)) add(VOCAB, file);
  for (const entry of CODE) {
    const folder = join(CODE_ROOT, entry);
    for (const file of exists(folder) ? filesUnder(folder) : codeFiles(CODE_ROOT, entry)) add(CODE_ROOT, file);
  }
  return (cached = hash.digest('hex'));
}

/** Every file under `dir`, sorted, maps and declarations left out. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !/\.(map|d\.ts)$/.test(e.name))
    .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}

/** `name.ts` or `name.js` in `dir`, whichever this build has. */
function codeFiles(dir: string, name: string): string[] {
  return ['.ts', '.js'].map((ext) => join(dir, `${name}${ext}`)).filter(exists);
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
