/**
 * `catalod query --data DIR 'SPARQL'`: one query over a data folder, printed as a table (or JSON/CSV).
 * The query runs on a worker thread, as the server's do, so `--timeout` really stops it: Comunica
 * does not stop on an abort, and a catastrophic regular expression never yields.
 */
import { fileURLToPath } from 'node:url';
import { PersistentCatalog } from '../catalog/persistent.js';
import { WorkerPool } from '../query/pool.js';
import { DEADLINE_STATUS } from '../query/execute.js';
import { admitQuery } from '../query/admission.js';
import { DEFAULT_BASE } from '../mapping/iris.js';
import { folderBase } from './base.js';

export interface QueryOptions {
  data: string;
  /** Base IRI; default: the one the folder remembers, else DEFAULT_BASE. */
  base?: string;
  to: 'table' | 'json' | 'csv';
  timeout: number;
}

const SOURCE_MODULE = fileURLToPath(new URL('../store/compact/worker-source.js', import.meta.url));

const MEDIA: Record<QueryOptions['to'], string> = { table: 'application/sparql-results+json', json: 'application/sparql-results+json', csv: 'text/csv' };

interface SparqlJson {
  head: { vars?: string[] };
  results?: { bindings: Record<string, { value: string }>[] };
  boolean?: boolean;
}

/** Runs the query; returns the exit code (0 answered, 1 the query failed). */
export async function queryCommand(query: string, options: QueryOptions): Promise<number> {
  const timeoutMs = options.timeout * 1000;
  // Before the index is built: a --base the folder was not made with stops here, in one line.
  const base = folderBase(options.data, options.base, DEFAULT_BASE);
  let pool: WorkerPool | undefined;
  // The worker starts on the empty index while the index is read, and is handed it once it is.
  const runner = (init: unknown) => (pool = new WorkerPool({ sourceModule: SOURCE_MODULE, init, size: 1, maxSize: 1, timeoutMs }));
  const onChange = (state: unknown) => {
    pool!.setInit(state);
    void pool!.broadcast({ state });
  };
  // Reads the snapshot the server keeps, never writes one: a server may be running on the folder.
  const catalog = await PersistentCatalog.open({ dir: options.data, base, runner, onChange, snapshots: false });
  // The deadline is the query's: the worker's start-up is not counted against it.
  await pool?.ready();
  // The form as the server reads it (the first keyword after the prologue); the local user's text is not bounded.
  const admitted = admitQuery(query, { maxQueryBytes: Infinity, maxQueryDepth: Infinity });
  const construct = admitted.ok && (admitted.form === 'CONSTRUCT' || admitted.form === 'DESCRIBE');
  const response = await catalog.queries.run({ query, mediaType: construct ? 'text/turtle' : MEDIA[options.to] });
  await catalog.close();
  if (response.status === DEADLINE_STATUS) {
    process.stderr.write(`query stopped at its deadline of ${options.timeout} s (--timeout): ask for less, or allow more time\n`);
    return 1;
  }
  if (response.status !== 200) {
    process.stderr.write(`${response.status}: ${response.body.trimEnd()}\n`);
    return 1;
  }
  process.stdout.write(options.to === 'table' && !construct ? table(JSON.parse(response.body) as SparqlJson) : response.body);
  if (response.truncated) process.stderr.write('(results cut at the row cap)\n');
  return 0;
}

/** SPARQL JSON results as an aligned text table. */
export function table(json: SparqlJson): string {
  if (json.boolean !== undefined) return `${json.boolean}\n`;
  const vars = json.head.vars ?? [];
  const rows = (json.results?.bindings ?? []).map((b) => vars.map((v) => b[v]?.value ?? ''));
  const widths = vars.map((v, i) => Math.min(60, Math.max(v.length, ...rows.map((r) => r[i]!.length))));
  const cell = (text: string, i: number) => (text.length > widths[i]! ? `${text.slice(0, widths[i]! - 1)}…` : text.padEnd(widths[i]!));
  const line = (cells: string[]) => cells.map(cell).join(' | ').trimEnd();
  return [line(vars), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line), `(${rows.length} row${rows.length === 1 ? '' : 's'})`].join('\n') + '\n';
}
