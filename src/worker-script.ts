/** Where a worker thread's script is: beside the caller when built, the built copy in dist/ when run from TypeScript source. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The URL of the built worker script `relative` (to the calling module), e.g. `./sort-worker.js`.
 * Worker threads get no TypeScript transform, so from `src/` (vitest, tsx) the script in `dist/`
 * runs instead; `folder` is the caller's folder under `src/`.
 * @example
 * new Worker(workerScript('./sort-worker.js', import.meta.url, 'store/compact'));
 */
export function workerScript(relative: string, from: string, folder: string): URL {
  if (from.endsWith('.js')) return new URL(relative, from);
  const root = new URL(`${'../'.repeat(folder.split('/').length + 1)}dist/${folder}/`, from);
  const built = new URL(relative, root);
  if (!existsSync(fileURLToPath(built))) throw new Error(`${fileURLToPath(built)} is missing: run \`npm run build\` (worker threads cannot run TypeScript source)`);
  return built;
}
