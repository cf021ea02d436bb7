/** What a SPARQL query asks of the query layer, and what comes back. Shared by the HTTP server, the CLI and the worker pool. */

/** One SPARQL request. */
export interface QueryRequest {
  /** The query text (SPARQL 1.1 Query; updates are refused before this point). */
  query: string;
  /** Result media type wanted (already negotiated), e.g. `application/sparql-results+json`, `text/turtle`. */
  mediaType: string;
  /** Protocol `default-graph-uri` values: the default graph is the merge of these local graphs only. */
  defaultGraphs?: string[];
  /** Protocol `named-graph-uri` values: only these local graphs are named graphs. */
  namedGraphs?: string[];
  /** Pre-bound variables (stored query parameters), as N-Triples terms by variable name (without `?`). */
  bindings?: Record<string, string>;
  /** Deadline in milliseconds; the work is stopped when it passes. */
  timeoutMs?: number;
  /** At most this many result rows (or quads); more is cut and said in `truncated`. */
  rowCap?: number;
  /** The stored query's name, when the text is `queries/NAME.rq`: a source that can answer it directly does (see direct.ts). */
  stored?: string;
  /** Who asks (the client's address): the worker pool limits what one client may hold at once. */
  client?: string;
}

/** The answer, fully serialised. */
export interface QueryResponse {
  /** 200, or 400 (bad query), 413 (too large), 429 (too many from one client), 503 (deadline, queue full), 500. */
  status: number;
  mediaType: string;
  body: string;
  /**
   * The body as UTF-8, when the runner has it so: a worker's answer crosses to the HTTP thread
   * as these bytes, without a copy, and is written out as it is (`body` then decodes on demand).
   */
  bytes?: Uint8Array<ArrayBuffer>;
  /** Rows were cut at the row cap. */
  truncated?: boolean;
  /** Query form: `bindings`, `boolean`, `quads`. */
  kind?: 'bindings' | 'boolean' | 'quads';
  /** Milliseconds spent. */
  elapsedMs?: number;
  /** The engine failed mid-evaluation and may still hold work: the worker that ran it is replaced rather than reused. */
  recycle?: boolean;
}

/** Runs queries (in-process or on worker threads). */
export interface QueryRunner {
  run(request: QueryRequest): Promise<QueryResponse>;
  close(): Promise<void>;
}
