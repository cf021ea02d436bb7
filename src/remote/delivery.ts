/**
 * Delivery: the outbox (outbox.ts) sent to the store in order, for as long as the catalogue runs,
 * retried with back-off while the store is down. `serve --store` runs it on a thread of its own
 * (delivery-worker.ts), so converting and sending a large batch never holds the HTTP thread;
 * it is woken after each commit and looks again every few seconds whatever happens.
 */
import { StoreUnavailableError, type StoreClient } from './client.js';
import { pendingCount, sendBatch, type OutboxOptions } from './outbox.js';
import type { RecordDb } from '../store/db.js';
import { orcidTable } from '../orcid.js';

/** What the delivery loop tells whoever runs it. */
export interface DeliveryStatus {
  /** The store's watermark: every change up to it is in the store. */
  delivered: number;
  /** Records waiting to be sent. */
  pending: number;
  /** Since when (ISO time) the store cannot be reached, and why; absent while it answers. */
  down?: { since: string; error: string };
  /** Records the store refused or that no longer convert, since start (the latest few). */
  failed: { id: string; error: string }[];
}

export interface DeliveryOptions extends Omit<OutboxOptions, 'signal' | 'orcids'> {
  /** First retry after this many ms; doubled up to `maxBackoffMs` (defaults 250 and 30,000). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Look for changes at least this often, even without a wake-up (default 2,000 ms). */
  pollMs?: number;
  onStatus?: (status: DeliveryStatus) => void;
  log?: (line: object) => void;
}

/**
 * Sends every change, then waits for more, until `signal` aborts.
 * @example
 * const loop = new DeliveryLoop(db, client, { base, onStatus: (s) => console.log(s.pending) });
 * loop.run(signal); loop.wake(); // after a commit
 */
export class DeliveryLoop {
  private wakeUp?: () => void;
  private woken = false;
  readonly status: DeliveryStatus;

  constructor(
    private readonly db: RecordDb,
    private readonly client: StoreClient,
    private readonly options: DeliveryOptions,
  ) {
    this.status = { delivered: db.watermark(client.endpoints.query), pending: 0, failed: [] };
  }

  /** Something was committed: look now. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Runs until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    let backoff = this.options.backoffMs ?? 250;
    while (!signal.aborted) {
      try {
        const sent = await sendBatch(this.db, this.client, { ...this.options, orcids: orcidTable(this.db.orcids()), signal });
        backoff = this.options.backoffMs ?? 250;
        if (this.status.down) this.options.log?.({ event: 'store', up: true, after: this.status.down });
        this.status.down = undefined;
        if (sent) {
          this.status.delivered = sent.seq;
          for (const f of sent.failed) this.options.log?.({ event: 'store', refused: f.id, error: f.error });
          this.status.failed = [...this.status.failed, ...sent.failed].slice(-20);
        }
        this.report();
        if (sent) continue;
        await this.idle(this.options.pollMs ?? 2000, signal);
      } catch (error) {
        if (signal.aborted) break;
        const why = error instanceof StoreUnavailableError ? error.message : `delivery failed: ${(error as Error).message}`;
        if (!this.status.down) this.options.log?.({ event: 'store', up: false, error: why });
        this.status.down ??= { since: new Date().toISOString(), error: why };
        this.report();
        await this.idle(backoff, signal, false);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 30_000);
      }
    }
  }

  private report(): void {
    this.status.pending = pendingCount(this.db, this.status.delivered);
    this.options.onStatus?.({ ...this.status, failed: [...this.status.failed] });
  }

  /** Waits `ms`, or less when woken (unless `wakeable` is false: a store that is down is not hammered on every commit). */
  private idle(ms: number, signal: AbortSignal, wakeable = true): Promise<void> {
    if (wakeable && this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.wakeUp = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      if (wakeable) this.wakeUp = done;
    });
  }
}
