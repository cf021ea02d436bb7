/** Access to the files under `vocab/` (contexts, frames, shapes, term tables), resolved offline. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// src/vocab.ts and dist/vocab.js both sit one level below the package root.
const root = new URL('../vocab/', import.meta.url);

/** Absolute path of a file under `vocab/`. */
export function vocabPath(name: string): string {
  return fileURLToPath(new URL(name, root));
}

const cache = new Map<string, unknown>();

/** Parses (once) and returns a JSON file under `vocab/`. */
export function vocabJson<T>(name: string): T {
  if (!cache.has(name)) cache.set(name, JSON.parse(readFileSync(vocabPath(name), 'utf8')));
  return cache.get(name) as T;
}
