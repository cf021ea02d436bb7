/**
 * A graceful stop for `catalod serve`: on SIGTERM or SIGINT stop accepting connections, let the
 * requests in flight finish for a bounded time (a query near its deadline, a dump being written),
 * then close the catalogue and exit 0. A second signal exits at once.
 */
import type { Server } from 'node:http';

/** How long in-flight requests may take to finish after a stop signal, by default (seconds). */
export const DEFAULT_DRAIN_SECONDS = 10;

/**
 * Closes the server: no new connections, idle ones closed, and resolves true once every request
 * in flight has been answered, or false when `drainMs` ran out and the rest were cut.
 * @example
 * const drained = await drainServer(server, 10_000, dumpsAbort);
 */
export function drainServer(server: Server, drainMs: number, cutOff?: AbortController): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      // Streams that watch the signal (dumps) end themselves; the rest are cut with their connection.
      cutOff?.abort(new Error('the server is stopping'));
      server.closeAllConnections();
      resolve(false);
    }, drainMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve(true);
    });
    // Connections kept alive but idle would hold close() open until their client hangs up.
    server.closeIdleConnections();
  });
}

export interface StopOptions {
  server: Server;
  drainMs: number;
  /** Aborted when the drain runs out (the app's `shutdown` signal, which dumps watch). */
  cutOff?: AbortController;
  /** Closes what the server stood on (the catalogue, its workers, the folder lock), after the drain. */
  close: () => Promise<void>;
  log: (line: object) => void;
}

/**
 * Stops the process gracefully on SIGTERM and SIGINT.
 * @example
 * stopOnSignals({ server, drainMs: 10_000, close: () => catalog.close(), log });
 */
export function stopOnSignals(options: StopOptions): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      options.log({ event: 'stopped', signal, drained: false, note: 'second signal: exiting at once' });
      process.exit(1);
    }
    stopping = true;
    options.log({ event: 'stopping', signal, drainSeconds: options.drainMs / 1000 });
    const drained = await drainServer(options.server, options.drainMs, options.cutOff);
    await options.close();
    options.log({ event: 'stopped', signal, drained });
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
