/**
 * A stored record's named graph, as a store outside catalod receives it: the record converted again
 * from its stored text (with the ORCID table of the data folder), its quads written as N-Quads
 * lines. What `serve --store` delivers, `catalod sync` pushes and `catalod export` shards share
 * this, so the three never disagree on what a record's graph is.
 */
import type { ConvertOptions, Converted } from '../convert.js';
import { convertText } from '../convert.js';
import { recordIri } from '../mapping/iris.js';
import { quadLine } from '../writers/nquads.js';
import type { StoredRecord } from '../store/db.js';

/** A record's graph: its name and its quads as N-Quads lines, or why it could not be converted. */
export type RecordGraph = { id: string; graph: string; nquads: string; quads: number } | { id: string; graph: string; error: string };

/**
 * Converts a stored record to its graph.
 * @example
 * const g = recordGraph(db.get('pubmed-9158348')!, { base: 'http://localhost:3000/' });
 * g.graph; // 'http://localhost:3000/record/pubmed-9158348'
 */
export function recordGraph(row: Pick<StoredRecord, 'id' | 'body'>, options: ConvertOptions & { base: string }): RecordGraph {
  const graph = recordIri(options.base, row.id);
  let converted: Converted | undefined;
  try {
    converted = convertText(row.body, `record:${row.id}`, options).find((o): o is Converted => o.ok);
  } catch (error) {
    return { id: row.id, graph, error: (error as Error).message };
  }
  if (!converted) return { id: row.id, graph, error: 'the stored record no longer converts' };
  let nquads = '';
  for (const q of converted.quads) nquads += quadLine(q, true);
  return { id: row.id, graph, nquads, quads: converted.quads.length };
}
