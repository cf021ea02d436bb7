/**
 * Stored queries whose cost is bounded like a record fetch's, answered on the calling thread
 * from the index (src/query/direct.ts), everything else passed to another runner (the worker
 * pool). A worker round trip costs about as much as these answers themselves, and a record page
 * is already described on this thread from the same index. Only executors bounded by one
 * resource's neighbourhood qualify: a work's authors, one identifier, a person's co-authors, a
 * journal's year; never a scan (title words, every ORCID iD) nor a name any number of people share.
 */
import type { CompactStore } from '../store/compact/store.js';
import { answerDirectly, deadlineResponse } from './execute.js';
import type { QueryRequest, QueryResponse, QueryRunner } from './types.js';

/** Stored queries answered inline. */
export const INLINE_STORED = new Set(['authors-of-work', 'work-by-identifier', 'coauthors', 'works-by-journal-year']);

/**
 * @example
 * const runner = new InlineStoredRunner(catalogStore, new WorkerPool({ … }));
 */
export class InlineStoredRunner implements QueryRunner {
  constructor(private readonly store: CompactStore, private readonly next: QueryRunner) {}

  async run(request: QueryRequest): Promise<QueryResponse> {
    if (!request.stored || !INLINE_STORED.has(request.stored)) return this.next.run(request);
    const started = performance.now();
    let answer: QueryResponse | undefined;
    try {
      answer = answerDirectly(this.store, request);
    } catch {
      // A bad parameter and the like: the worker path gives the full, tested answer for it.
      return this.next.run(request);
    }
    if (!answer) return this.next.run(request);
    const elapsedMs = performance.now() - started;
    if (request.timeoutMs !== undefined && elapsedMs > request.timeoutMs) return deadlineResponse(request.timeoutMs, elapsedMs);
    return { ...answer, elapsedMs: Math.round(elapsedMs) };
  }

  close(): Promise<void> {
    return this.next.close();
  }
}
