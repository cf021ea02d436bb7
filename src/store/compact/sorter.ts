/**
 * Sorts on a thread of its own, so that merging the delta into the sorted indexes (seconds at a
 * million records) never holds the HTTP thread: the writer keeps appending meanwhile, and only
 * installs the result (see QuadTable.install). One sort at a time; the thread is started on the
 * first sort and kept.
 */
import { Worker } from 'node:worker_threads';
import { workerScript } from '../../worker-script.js';
import type { SortInput, SortOutput } from './sort.js';

/**
 * A sorting thread.
 * @example
 * const sorter = new BackgroundSorter();
 * table.install(await sorter.sort({ columns, dead, end: slots, terms }));
 */
export class BackgroundSorter {
  private worker?: Worker;

  /** Sorts `input` on the thread; rejects if the thread dies. */
  sort(input: SortInput): Promise<SortOutput> {
    const worker = (this.worker ??= this.start());
    return new Promise((resolve, reject) => {
      const done = () => {
        worker.unref();
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (output: SortOutput) => (done(), resolve(output));
      const onError = (error: Error) => (done(), (this.worker = undefined), reject(error));
      const onExit = (code: number) => (done(), (this.worker = undefined), reject(new Error(`the sorting thread stopped (exit ${code})`)));
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      // Held while it sorts (a caller awaiting the sort keeps the process up), let go when idle.
      worker.ref();
      worker.postMessage(input);
    });
  }

  /** Stops the thread. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(workerScript('./sort-worker.js', import.meta.url, 'store/compact'));
    worker.unref();
    return worker;
  }
}
