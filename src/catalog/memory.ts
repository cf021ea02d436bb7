/**
 * A catalogue held in memory: records in a Map, their quads in the same index the server uses
 * (one named graph per record). For tests and small data; nothing survives the process. The
 * durable catalogue stands on the same contract (`src/catalog.ts`).
 */
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Catalog, CatalogStats, IngestOutcome } from '../catalog.js';
import { convertText } from '../convert.js';
import { DEFAULT_BASE, normaliseBase } from '../mapping/iris.js';
import type { OrcidTable } from '../orcid.js';
import type { QueryResponse, QueryRunner } from '../query/types.js';
import { CompactStore } from '../store/compact/store.js';
import { describe } from '../store/describe.js';
import { ChangeLog, removeNoting, replaceNoting } from './changes.js';

/** A query runner, or a function making one over the catalogue's query source. */
export type RunnerFactory = QueryRunner | ((source: CompactStore) => QueryRunner);

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
  private readonly changes = new ChangeLog();
  /** The index, also the Comunica source: record graphs as named graphs, their merge as the default graph. */
  readonly store = new CompactStore();
  readonly source = this.store;
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
    const touched = new Set<string>();
    const answered = outcomes.map((o): IngestOutcome => {
      if (!o.ok) {
        const e = o.error;
        return { index: e.source.index, line: e.source.line, id: e.recordId, ok: false, warnings: [], error: e.message };
      }
      const id = o.work.record.id.value;
      replaceNoting(this.store, DataFactory.namedNode(o.iris.record), o.quads, touched);
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
    this.settle(touched);
    return answered;
  }

  get generation(): number {
    return this.changes.generation;
  }

  changedSince(generation: number): ReadonlySet<string> | undefined {
    return this.changes.since(generation);
  }

  /** Notes what changed; sorts what was added into the index once enough has gathered. */
  private settle(touched: Set<string>): void {
    this.changes.note(touched);
    this.store.index();
  }

  async delete(id: string): Promise<boolean> {
    const held = this.records.get(id);
    if (!held) return false;
    const touched = new Set<string>();
    removeNoting(this.store, DataFactory.namedNode(held.record), touched);
    this.records.delete(id);
    this.settle(touched);
    return true;
  }

  /** See `describe` in src/store/describe.ts. */
  describe(iri: string, page?: number): RDF.Quad[] {
    return describe(this.store, iri, { page });
  }

  *dump(): Iterable<RDF.Quad> {
    yield* this.store.allQuads();
  }

  recent(limit: number): { id: string; received: string; record: string }[] {
    return [...this.records.values()]
      .sort((a, b) => b.seq - a.seq)
      .slice(0, limit)
      .map(({ id, received, record }) => ({ id, received, record }));
  }

  stats(): CatalogStats {
    return { records: this.records.size, quads: this.store.size() };
  }

  async close(): Promise<void> {
    await this.queries.close();
  }
}
