/**
 * The source module query workers load (see src/query/pool.ts): opens the shared store from a
 * snapshot, and moves to newer snapshots as the main thread writes.
 */
import { CompactStore, type CompactState } from './store.js';

/** Opens the store over the shared memory of a snapshot. */
export async function openSource(init: CompactState): Promise<CompactStore> {
  return CompactStore.open(init);
}

/** Moves an open store to a newer snapshot. */
export function applyUpdate(source: CompactStore, message: { state: CompactState }): void {
  source.update(message.state);
}
