/**
 * A catalogue held in memory: records in a Map, their quads in the same index the server uses
 * (one named graph per record). For tests and small data; nothing survives the process. The
 * durable catalogue stands on the same contract (`src/catalog.ts`).
 */
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import type { Catalog, CatalogStats, IngestBody, IngestOutcome, OrcidOutcome } from '../catalog.js';
import { convertItem, convertText, type Converted } from '../convert.js';
import { DEFAULT_BASE, normaliseBase } from '../mapping/iris.js';
import { orcidTable, workKeysOf, type OrcidEntry, type OrcidTable } from '../orcid.js';
import { isRecordError, readText } from '../readers/index.js';
import type { QueryResponse, QueryRunner } from '../query/types.js';
import { CompactStore } from '../store/compact/store.js';
import { describe } from '../store/describe.js';
import { ChangeLog, removeNoting, replaceNoting } from './changes.js';
import { changeOutcomes, orcidRowKey, WorkRecords, rederiveWorks } from './orcids.js';

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
  /** The record's own text, re-converted when the ORCID table changes. */
  body: string;
}

/** A body's whole text (a test catalogue reads it in one piece). */
async function bodyText(body: IngestBody): Promise<string> {
  if (typeof body === 'string') return body;
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  if (body instanceof Uint8Array) return decoder.decode(body);
  let text = '';
  for await (const chunk of body) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
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
  /** The ORCID rows by work and author, and the table made of them. */
  private readonly orcidRows = new Map<string, OrcidEntry>();
  private orcids: OrcidTable;
  /** Which records each work key names: what an ORCID change re-derives. */
  private readonly works = new WorkRecords();
  private seq = 0;

  constructor(options: MemoryCatalogOptions = {}) {
    this.base = normaliseBase(options.base ?? DEFAULT_BASE);
    for (const e of [...(options.orcids?.values() ?? [])].flat()) this.orcidRows.set(orcidRowKey(e), e);
    this.orcids = orcidTable(this.orcidRows.values());
    const q = options.queries;
    this.queries = typeof q === 'function' ? q(this.source) : (q ?? noRunner);
  }

  /** Converts `text`; each record that converts replaces any record with its id. Throws InputError when `text` holds no record. */
  async ingest(body: IngestBody, file: string): Promise<IngestOutcome[]> {
    const items = readText(await bodyText(body), file);
    const received = new Date().toISOString();
    const touched = new Set<string>();
    const answered = items.map((item): IngestOutcome => {
      const o = convertItem(item, { base: this.base, orcids: this.orcids });
      if (!o.ok || isRecordError(item)) {
        if (o.ok) return { index: item.source.index, line: item.source.line, ok: false, warnings: [], error: 'unreadable record' };
        const e = o.error;
        return { index: e.source.index, line: e.source.line, id: e.recordId, ok: false, warnings: [], error: e.message };
      }
      const id = o.work.record.id.value;
      replaceNoting(this.store, DataFactory.namedNode(o.iris.record), o.quads, touched);
      this.records.delete(id);
      this.records.set(id, { id, received, record: o.iris.record, work: o.iris.work, seq: ++this.seq, body: item.text });
      this.works.set(id, workKeysOf(o.work));
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
    this.works.remove(id);
    this.settle(touched);
    return true;
  }

  async putOrcids(entries: OrcidEntry[]): Promise<OrcidOutcome[]> {
    for (const e of entries) this.orcidRows.set(orcidRowKey(e), e);
    this.orcids = orcidTable(this.orcidRows.values());
    return changeOutcomes(entries, this.rederive(entries), { put: true });
  }

  async deleteOrcids(entries: OrcidEntry[]): Promise<OrcidOutcome[]> {
    const removed = entries.map((e) => this.orcidRows.delete(orcidRowKey(e)));
    this.orcids = orcidTable(this.orcidRows.values());
    return changeOutcomes(entries, this.rederive(entries.filter((_, i) => removed[i])), { put: false, removed });
  }

  /** Re-converts the held records of the works `entries` name (and only those), by work key. */
  private rederive(entries: readonly OrcidEntry[]): Map<string, Converted[]> {
    const touched = new Set<string>();
    const byKey = rederiveWorks(entries, this.works, (id) => this.reconvert(id, touched));
    if (touched.size > 0) this.settle(touched);
    return byKey;
  }

  /** Converts a held record again with the current ORCID table and replaces its graph. */
  private reconvert(id: string, touched: Set<string>): Converted | undefined {
    const held = this.records.get(id)!;
    const converted = convertText(held.body, `record:${id}`, { base: this.base, orcids: this.orcids }).find((o): o is Converted => o.ok);
    if (converted) replaceNoting(this.store, DataFactory.namedNode(held.record), converted.quads, touched);
    return converted;
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
    const store = this.store;
    // Counted when read (one pass over the index, cached until a change): /health never pays for it.
    return { records: this.records.size, quads: store.size(), get triples() { return store.triples(); } };
  }

  async close(): Promise<void> {
    await this.queries.close();
  }
}
