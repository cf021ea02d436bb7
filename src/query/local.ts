/**
 * Runs queries in-process on a given source: for the CLI `query` command and for tests. The
 * deadline is best effort only: the answer comes at the deadline and the result stream is dropped,
 * but work Comunica has already scheduled, or a regular expression that never returns, goes on
 * (use the WorkerPool, pool.ts, where a deadline must really stop the work).
 */
import { QueryEngine } from '@comunica/query-sparql-rdfjs';
import { DEFAULT_TIMEOUT_MS, deadlineResponse, executeQuery, type QuerySource } from './execute.js';
import type { QueryRequest, QueryResponse, QueryRunner } from './types.js';

export interface LocalRunnerOptions {
  /** Deadline when a request has none (default 30 s). */
  timeoutMs?: number;
  /** Row cap when a request has none (default 10,000). */
  rowCap?: number;
}

/**
 * @example
 * const runner = new LocalRunner(new MergedSource(store));
 * const res = await runner.run({ query: 'SELECT * WHERE { ?s ?p ?o } LIMIT 1', mediaType: 'text/csv' });
 */
export class LocalRunner implements QueryRunner {
  private readonly engine = new QueryEngine();

  constructor(private readonly source: QuerySource, private readonly options: LocalRunnerOptions = {}) {}

  async run(request: QueryRequest): Promise<QueryResponse> {
    const started = performance.now();
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const withDefaults = { ...request, rowCap: request.rowCap ?? this.options.rowCap };
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<QueryResponse>((resolve) => {
      timer = setTimeout(() => {
        controller.abort(new Error('deadline'));
        resolve(deadlineResponse(timeoutMs, performance.now() - started));
      }, timeoutMs);
    });
    try {
      return await Promise.race([executeQuery(this.engine, this.source, withDefaults, { signal: controller.signal }), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {}
}
