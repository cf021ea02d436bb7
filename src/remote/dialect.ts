/**
 * What a store needs beyond the standard to give catalod's answers. catalod's default graph is
 * the RDF merge of the record graphs (each triple once), and its named graphs are the record
 * graphs. A store configured with a union default graph that is a set (Fuseki's
 * `tdb2:unionDefaultGraph`, GraphDB, Oxigraph's `union_default_graph`) gives that as it is:
 * nothing to add. Virtuoso does not (measured on 7.2): a query without FROM reads every graph,
 * its own system graphs among them (5,611 triples in a fresh database), and a triple stated in two
 * graphs is matched twice; FROM <g1> FROM <g2> matches it twice too. So for Virtuoso catalod
 * keeps a merged graph beside the record graphs (the outbox maintains it: outbox.ts) and puts
 * Virtuoso's own pragma before each query it forwards that names no graphs: the merged graph as
 * the default graph. (Named graphs are kept to the record graphs for every store by forward.ts.)
 */
import type { StoreClient } from './client.js';

export interface Dialect {
  name: 'standard' | 'virtuoso';
  /** The graph holding the merge of the record graphs, maintained on every write; none for a standard store. */
  merged?: string;
}

/**
 * The merged graph's IRI under a base.
 * @example
 * mergedGraph('http://localhost:3000/'); // 'http://localhost:3000/graph/merged'
 */
export const mergedGraph = (base: string): string => `${base}graph/merged`;

/**
 * The dialect of the store behind `client`, from its `Server` header.
 * @example
 * await dialectOf(client, base); // { name: 'virtuoso', merged: 'http://localhost:3000/graph/merged' }
 */
export async function dialectOf(client: StoreClient, base: string, name?: Dialect['name']): Promise<Dialect> {
  name ??= /virtuoso/i.test((await client.product()) ?? '') ? 'virtuoso' : 'standard';
  return name === 'standard' ? { name } : { name, merged: mergedGraph(base) };
}

/**
 * The pragmas to put before a forwarded query (Virtuoso only; '' for a standard store).
 * `ownDataset`: the query names its graphs (FROM / FROM NAMED), which then stand alone.
 * @example
 * preamble(dialect, false); // 'define input:default-graph-uri <http://localhost:3000/graph/merged>\n'
 */
export function preamble(dialect: Dialect | undefined, ownDataset: boolean): string {
  if (!dialect?.merged || ownDataset) return '';
  return `define input:default-graph-uri <${dialect.merged}>\n`;
}
