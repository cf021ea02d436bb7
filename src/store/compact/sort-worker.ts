/** The sorting thread: sorts a quad table's columns (src/store/compact/sort.ts) and hands the permutations back. */
import { parentPort } from 'node:worker_threads';
import { sortQuads, type SortInput } from './sort.js';

parentPort!.on('message', (input: SortInput) => parentPort!.postMessage(sortQuads(input)));
