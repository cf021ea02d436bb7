/**
 * The HTTP thread's handle on the delivery thread (delivery-worker.ts): wakes it after a commit,
 * keeps its latest status for /health, and waits for it on close.
 */
import { Worker } from 'node:worker_threads';
import { workerScript } from '../worker-script.js';
import type { DeliveryStatus } from './delivery.js';
import type { DeliveryWorkerData, FromDelivery, ToDelivery } from './delivery-worker.js';

/**
 * Starts the delivery thread.
 * @example
 * const delivery = new DeliveryThread({ dir: './data', base, store: { query: url, update, user, password } }, log);
 * delivery.wake(); // after each commit
 */
export class DeliveryThread {
  private readonly worker: Worker;
  status: DeliveryStatus = { delivered: 0, pending: 0, failed: [] };
  private readonly stopped: Promise<void>;
  private readonly watchers = new Set<() => void>();

  constructor(data: DeliveryWorkerData, log: (line: object) => void, onStatus?: (status: DeliveryStatus) => void) {
    this.worker = new Worker(workerScript('./delivery-worker.js', import.meta.url, 'remote'), { workerData: data });
    this.stopped = new Promise((resolve) => {
      this.worker.on('message', (message: FromDelivery) => {
        if (message.type === 'status') {
          this.status = message.status;
          onStatus?.(message.status);
          for (const w of [...this.watchers]) w();
        } else if (message.type === 'log') log(message.line);
        else resolve();
      });
      this.worker.on('exit', () => resolve());
      this.worker.on('error', (error) => log({ event: 'store', error: `delivery thread failed: ${error.message}` }));
    });
  }

  /** Something was committed: send it now. */
  wake(): void {
    this.worker.postMessage({ type: 'wake' } satisfies ToDelivery);
  }

  /** Resolves once every change up to `seq` is in the store (tests; a writer that wants read-your-writes). */
  async delivered(seq: number, timeoutMs = 30_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.status.delivered < seq) {
      if (Date.now() > deadline) return false;
      await new Promise<void>((resolve) => {
        const done = () => (this.watchers.delete(done), clearTimeout(t), resolve());
        const t = setTimeout(done, Math.max(1, deadline - Date.now()));
        this.watchers.add(done);
      });
    }
    return true;
  }

  /** Stops after the batch in hand (an unsent change stays in the outbox for the next start). */
  async close(): Promise<void> {
    this.worker.postMessage({ type: 'stop' } satisfies ToDelivery);
    const t = setTimeout(() => void this.worker.terminate(), 10_000);
    await this.stopped;
    clearTimeout(t);
  }
}
