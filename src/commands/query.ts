/** `catalod query --data DIR 'SPARQL'`: one query over a data folder, printed as a table (or JSON/CSV). */
import { PersistentCatalog } from '../catalog/persistent.js';
import { LocalRunner } from '../query/local.js';

export interface QueryOptions {
  data: string;
  base: string;
  to: 'table' | 'json' | 'csv';
  timeout: number;
}

const MEDIA: Record<QueryOptions['to'], string> = { table: 'application/sparql-results+json', json: 'application/sparql-results+json', csv: 'text/csv' };

interface SparqlJson {
  head: { vars?: string[] };
  results?: { bindings: Record<string, { value: string }>[] };
  boolean?: boolean;
}

/** Runs the query; returns the exit code (0 answered, 1 the query failed). */
export async function queryCommand(query: string, options: QueryOptions): Promise<number> {
  const catalog = new PersistentCatalog({ dir: options.data, base: options.base, runner: (_, store) => new LocalRunner(store, { timeoutMs: options.timeout * 1000 }) });
  const construct = /^\s*(?:PREFIX[^\n]*\n|BASE[^\n]*\n|#[^\n]*\n|\s)*(CONSTRUCT|DESCRIBE)\b/i.test(query);
  const response = await catalog.queries.run({ query, mediaType: construct ? 'text/turtle' : MEDIA[options.to] });
  await catalog.close();
  if (response.status !== 200) {
    process.stderr.write(`${response.status}: ${response.body}\n`);
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
