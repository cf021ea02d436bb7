/** A snapshot reader thread: reads its share of a snapshot's sections into their shared buffers, and says whether they were whole. */
import { parentPort, workerData } from 'node:worker_threads';
import { readSectionsHere, type SectionRead } from './snapshot.js';

const { file, reads } = workerData as { file: string; reads: SectionRead[] };
try {
  readSectionsHere(file, reads);
  parentPort!.postMessage(undefined);
} catch (error) {
  parentPort!.postMessage((error as Error).message);
}
