/**
 * A catalogue held in memory: records in a Map, their quads in an n3 Store (one named graph per
 * record). For tests and small data; nothing survives the process. The durable catalogue stands
 * on the same contract (`src/catalog.ts`).
 */
import type * as RDF from '@rdfjs/types';
import { DataFactory, Store, termToId } from 'n3';
import type { Catalog, CatalogStats, IngestOutcome } from '../catalog.js';
import { convertText } from '../convert.js';
import { DEFAULT_BASE, normaliseBase } from '../mapping/iris.js';
import type { OrcidTable } from '../orcid.js';
import type { QueryResponse, QueryRunner } from '../query/types.js';
import { MergedSource } from '../store/merged-source.js';

const FOAF_PRIMARY_TOPIC = DataFactory.namedNode('http://xmlns.com/foaf/0.1/primaryTopic');

/** A query runner, or a function making one over the catalogue's query source. */
export type RunnerFactory = QueryRunner | ((source: MergedSource) => QueryRunner);

export interface MemoryCatalogOptions {
  /** Base IRI records are minted under (default `http://localhost:3000/`). */
  base?: string;
  /**
   * Runs SPARQL over the catalogue. Pass a factory to build it over this catalogue's source,
   * e.g. `(source) => new LocalRunner(source)`. Without one, every query is answered 501.
   */
  queries?: RunnerFactory;
  /** Trusted ORCID iDs to attach while converting. */
  orcids?: OrcidTable;
}

interface Held {
  id: string;
  received: string;
  record: string;
  work: string;
  seq: number;
}

/** Answers every query with 501: no runner was configured. */
const noRunner: QueryRunner = {
  run: async (): Promise<QueryResponse> => ({ status: 501, mediaType: 'text/plain', body: 'no SPARQL query runner configured for this catalogue\n' }),
  close: async () => undefined,
};

/**
 * The in-memory catalogue.
 * @example
 * const catalog = new MemoryCatalog({ base: 'http://localhost:3000/', queries: (source) => new LocalRunner(source) });
 * const outcomes = await catalog.ingest(readFileSync('samples/seed-pubmed-9158348.txt', 'utf8'), 'seed.txt');
 * catalog.describe(outcomes[0].work!); // every quad about the work, merged over its records' graphs
 */
export class MemoryCatalog implements Catalog {
  readonly base: string;
  readonly store = new Store();
  /** The Comunica source over the store: record graphs as named graphs, their merge as the default graph. */
  readonly source = new MergedSource(this.store);
  readonly queries: QueryRunner;
  private readonly records = new Map<string, Held>();
  private readonly orcids?: OrcidTable;
  private seq = 0;

  constructor(options: MemoryCatalogOptions = {}) {
    this.base = normaliseBase(options.base ?? DEFAULT_BASE);
    this.orcids = options.orcids;
    const q = options.queries;
    this.queries = typeof q === 'function' ? q(this.source) : (q ?? noRunner);
  }

  /** Converts `text`; each record that converts replaces any record with its id. Throws InputError when `text` holds no record. */
  async ingest(text: string, file: string): Promise<IngestOutcome[]> {
    const outcomes = convertText(text, file, { base: this.base, orcids: this.orcids });
    const received = new Date().toISOString();
    return outcomes.map((o): IngestOutcome => {
      if (!o.ok) {
        const e = o.error;
        return { index: e.source.index, line: e.source.line, id: e.recordId, ok: false, warnings: [], error: e.message };
      }
      const id = o.work.record.id.value;
      const graph = DataFactory.namedNode(o.iris.record);
      this.dropGraph(graph);
      this.store.addQuads(o.quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object, graph)));
      this.records.delete(id);
      this.records.set(id, { id, received, record: o.iris.record, work: o.iris.work, seq: ++this.seq });
      return {
        index: o.work.source.index,
        line: o.work.source.line,
        id,
        ok: true,
        work: o.iris.work,
        record: o.iris.record,
        warnings: o.work.warnings.map((w) => w.message),
      };
    });
  }

  async delete(id: string): Promise<boolean> {
    const held = this.records.get(id);
    if (!held) return false;
    this.dropGraph(DataFactory.namedNode(held.record));
    this.records.delete(id);
    return true;
  }

  /**
   * For a work: every triple of the graphs of the records about it. For anything else: the
   * triples with `iri` as subject and those pointing to it. Each triple once, in the default graph.
   */
  describe(iri: string): RDF.Quad[] {
    const node = DataFactory.namedNode(iri);
    const graphs = this.store.getQuads(null, FOAF_PRIMARY_TOPIC, node, null).map((q) => q.graph);
    const found: Iterable<RDF.Quad>[] = graphs.length
      ? graphs.map((g) => this.store.readQuads(null, null, null, g))
      : [this.store.readQuads(node, null, null, null), this.store.readQuads(null, null, node, null)];
    const seen = new Set<string>();
    const out: RDF.Quad[] = [];
    for (const quads of found)
      for (const q of quads) {
        const key = `${termToId(q.subject as never)} ${termToId(q.predicate as never)} ${termToId(q.object as never)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(DataFactory.quad(q.subject, q.predicate, q.object));
      }
    return out;
  }

  *dump(): Iterable<RDF.Quad> {
    yield* this.store.readQuads(null, null, null, null);
  }

  recent(limit: number): { id: string; received: string; record: string }[] {
    return [...this.records.values()]
      .sort((a, b) => b.seq - a.seq)
      .slice(0, limit)
      .map(({ id, received, record }) => ({ id, received, record }));
  }

  stats(): CatalogStats {
    return { records: this.records.size, quads: this.store.size };
  }

  /** Removes a graph's quads now (n3's `deleteGraph` removes them later, through a stream). */
  private dropGraph(graph: RDF.NamedNode): void {
    this.store.removeQuads(this.store.getQuads(null, null, null, graph));
  }

  async close(): Promise<void> {
    await this.queries.close();
  }
}
