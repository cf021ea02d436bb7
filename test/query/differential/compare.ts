/**
 * Comparing two engines' answers to one query (SPARQL JSON results): the same rows, in the same
 * order where the query's order is total, else as multisets; or the same error status. A
 * difference is told as the rows one side has and the other lacks.
 */
import type { QueryResponse } from '../../../src/query/types.js';

type JsonTerm = { type: string; value: string; datatype?: string; 'xml:lang'?: string };

/** The rows of a SPARQL JSON answer, each as one canonical line (variables sorted). */
export function rowsOf(response: QueryResponse): string[] {
  const json = JSON.parse(response.body) as { results?: { bindings: Record<string, JsonTerm>[] } };
  return (json.results?.bindings ?? []).map((b) =>
    Object.keys(b)
      .sort()
      .map((k) => `${k}=${termText(b[k]!)}`)
      .join(' '),
  );
}

function termText(t: JsonTerm): string {
  if (t.type === 'uri') return `<${t.value}>`;
  if (t.type === 'bnode') return `_:${t.value}`;
  const dt = t.datatype && t.datatype !== 'http://www.w3.org/2001/XMLSchema#string' ? `^^<${t.datatype}>` : '';
  return `${JSON.stringify(t.value)}${t['xml:lang'] ? `@${t['xml:lang'].toLowerCase()}` : ''}${dt}`;
}

/**
 * Undefined when `ours` answers as `theirs` does, else what differs.
 * @example
 * compareAnswers(catalodResponse, comunicaResponse, false) // undefined, or 'rows differ: …'
 */
export function compareAnswers(ours: QueryResponse, theirs: QueryResponse, ordered: boolean): string | undefined {
  if (ours.status !== theirs.status || ours.status !== 200) {
    if (ours.status === theirs.status) return undefined;
    return `status ${ours.status} (${ours.body.slice(0, 300)}) where Comunica answered ${theirs.status} (${theirs.body.slice(0, 300)})`;
  }
  const [a, b] = [rowsOf(ours), rowsOf(theirs)];
  const sorted = ordered ? [a, b] : [[...a].sort(), [...b].sort()];
  if (sorted[0]!.join('\n') === sorted[1]!.join('\n')) return undefined;
  const missing = difference(b, a), extra = difference(a, b);
  if (!missing.length && !extra.length) return `same rows, another order:\n  catalod:  ${a.slice(0, 8).join('\n            ')}\n  Comunica: ${b.slice(0, 8).join('\n            ')}`;
  const show = (rows: string[]) => rows.slice(0, 6).map((r) => `\n    ${r}`).join('') + (rows.length > 6 ? `\n    … ${rows.length - 6} more` : '');
  return `rows differ (catalod ${a.length}, Comunica ${b.length}):\n  missing from catalod:${show(missing)}\n  extra in catalod:${show(extra)}`;
}

/** Rows of `a` not matched one for one in `b` (multiset difference). */
function difference(a: string[], b: string[]): string[] {
  const counts = new Map<string, number>();
  for (const r of b) counts.set(r, (counts.get(r) ?? 0) + 1);
  return a.filter((r) => {
    const n = counts.get(r) ?? 0;
    if (n > 0) counts.set(r, n - 1);
    return n === 0;
  });
}
