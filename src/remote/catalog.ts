/**
 * The catalogue in front of a SPARQL store (`serve --store`): the store holds the graphs and
 * answers the queries; catalod keeps what only it does (reading records, minting graphs, the
 * pages, the embed, stored queries, the guards).
 *
 * - The writer (a data folder): source records in SQLite, the authority, acknowledged once
 *   committed there; the outbox (outbox.ts) delivered to the store in order by the delivery thread,
 *   retried while the store is down. Dumps are written from the records.
 * - A read-only front (no data folder, `--read-only`): reads only; any number of them serve one
 *   store, and what the writer delivered is readable on every one.
 * - Reads: a resource's description is read with a few bounded queries (a page at a time, as the
 *   embedded index pages it: src/store/describe.ts); `/sparql` and stored queries go through the
 *   query workers (query-worker.ts). A store that cannot be reached makes reads answer 503 with
 *   Retry-After (StoreUnavailableError), never an empty page.
 */
import type * as RDF from '@rdfjs/types';
import { fileURLToPath } from 'node:url';
import { DataFactory, Parser } from 'n3';
import type { Catalog, CatalogStats, IngestBody, IngestOutcome, OrcidOutcome, StoreStatus } from '../catalog.js';
import { normaliseBase, recordIri } from '../mapping/iris.js';
import { RecordDb, type NewRecord } from '../store/db.js';
import { ReadOnlyStoreError, UserError } from '../store/errors.js';
import { DESCRIBE_PAGE_SIZE, pagingQuads, WORK_RECORDS_PER_PAGE } from '../store/describe.js';
import { NS } from '../rdf/namespaces.js';
import type { QueryRunner } from '../query/types.js';
import { WorkerPool } from '../query/pool.js';
import { IngestThreads } from '../jobs/ingest.js';
import { DEFAULT_JOBS, type PackedOutcome } from '../jobs/pool.js';
import { workerScript } from '../worker-script.js';
import { convertText, type Converted } from '../convert.js';
import { orcidTable } from '../orcid.js';
import { StoreClient, StoreUnavailableError, type StoreEndpoints } from './client.js';
import { DeliveryThread } from './delivery-thread.js';
import { rowOf, type SparqlJson } from './forward.js';
import type { RemoteInit } from './query-worker.js';
import { dialectOf, type Dialect } from './dialect.js';

const { namedNode, quad } = DataFactory;
const PRIMARY_TOPIC = `${NS.foaf}primaryTopic`;
const METADATA_DOCUMENT = 'http://purl.org/spar/fabio/MetadataDocument';

export interface StoreCatalogOptions {
  base: string;
  store: StoreEndpoints;
  /** The data folder of the writer; absent for a read-only front. */
  dir?: string;
  /** Query workers kept (default 2), deadline (default 30 s), per-client share: as the embedded pool. */
  workers?: number;
  timeoutMs?: number;
  perClient?: number;
  /** Ingest threads (default: the machine's cores). */
  jobs?: number;
  log?: (line: object) => void;
  /** How often the counts (/health, VoID, home) are read again from the store (default 30 s). */
  statsEveryMs?: number;
  /** The store's dialect (dialect.ts); default: told by its Server header, which needs the store up at start. */
  dialect?: Dialect['name'];
  /** Delivery retry back-off, first and most (ms). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** SQLite (the writer) + the store behind it. */
export class StoreCatalog implements Catalog {
  readonly base: string;
  readonly queries: QueryRunner;
  readonly db?: RecordDb;
  readonly readOnly?: string;
  readonly dumps: boolean;
  readonly readsElsewhere = true;
  private readonly client: StoreClient;
  private readonly delivery?: DeliveryThread;
  private readonly ingestThreads?: IngestThreads;
  private counts: CatalogStats = { records: 0, quads: 0 };
  private readDown?: { since: string; error: string };
  private probed = 0;
  private readonly timer: NodeJS.Timeout;
  private recentRecords: { id: string; received: string; record: string }[] = [];
  private gen = 0;
  private deliveredSeen = 0;

  /**
   * Opens the catalogue: the record store (writer), the delivery and query threads, the first counts.
   * @example
   * const catalog = await StoreCatalog.open({ base, dir: './data', store: { query: 'http://127.0.0.1:8890/sparql', update: 'http://127.0.0.1:8890/sparql-auth', user: 'dba', password: 'dba' } });
   */
  static async open(options: StoreCatalogOptions): Promise<StoreCatalog> {
    let dialect: Dialect;
    try {
      dialect = await dialectOf(new StoreClient(options.store), normaliseBase(options.base), options.dialect);
    } catch (error) {
      throw new UserError(`cannot reach the SPARQL store at ${options.store.query} to tell what it is (${(error as Error).message}): start it first, or give --store-dialect (virtuoso or standard)`);
    }
    const catalog = new StoreCatalog(options, dialect);
    await catalog.refresh();
    return catalog;
  }

  private constructor(private readonly options: StoreCatalogOptions, readonly dialect: Dialect) {
    this.base = normaliseBase(options.base);
    this.client = new StoreClient(options.store);
    if (options.dir) {
      this.db = RecordDb.open(options.dir);
      this.readOnly = this.db.readOnly;
      this.ingestThreads = new IngestThreads({ threads: options.jobs ?? DEFAULT_JOBS, base: this.base, orcids: orcidTable(this.db.orcids()) });
      if (!this.readOnly) {
        this.delivery = new DeliveryThread({ dir: options.dir, base: this.base, store: options.store, backoffMs: options.backoffMs, maxBackoffMs: options.maxBackoffMs, merged: dialect.merged }, (line) => options.log?.(line), (status) => {
          // What was rendered before a delivery may be stale now: the pages age out with the generation.
          if (status.delivered !== this.deliveredSeen) this.gen++;
          this.deliveredSeen = status.delivered;
        });
      }
    } else {
      this.readOnly = 'a read-only front: writes go to the catalod that has the data folder';
    }
    this.dumps = !!this.db;
    const init: RemoteInit = { base: this.base, store: options.store, dialect };
    this.queries = new WorkerPool({
      sourceModule: fileURLToPath(import.meta.url), // unused by the remote worker, which opens no source
      workerUrl: workerScript('./query-worker.js', import.meta.url, 'remote'),
      init,
      size: options.workers ?? 2,
      timeoutMs: options.timeoutMs,
      perClient: options.perClient,
    });
    this.timer = setInterval(() => void this.refresh(), options.statsEveryMs ?? 30_000).unref();
  }

  /** Goes up as changes are delivered, and at every refresh of the counts: a front cannot know what another wrote, so what it rendered ages out. */
  get generation(): number {
    return this.gen;
  }

  changedSince(): ReadonlySet<string> | undefined {
    return undefined;
  }

  async ingest(body: IngestBody, file: string): Promise<IngestOutcome[]> {
    const db = this.writable();
    const outcomes: IngestOutcome[] = [];
    const { inputError } = await this.ingestThreads!.ingest(body, file, (slice) => {
      outcomes.push(...slice.map(answerOf));
      const accepted = slice.filter((o) => o.ok && o.id !== undefined);
      if (accepted.length === 0) return;
      db.put(accepted.map((o): NewRecord => ({ id: o.id!, format: o.layout!, body: o.body! })));
      this.delivery?.wake();
    });
    if (inputError) return [{ index: 1, line: 1, ok: false, warnings: [], error: inputError }];
    return outcomes;
  }

  async delete(id: string): Promise<boolean> {
    if (!this.writable().delete(id)) return false;
    this.delivery?.wake();
    return true;
  }

  async putOrcids(): Promise<OrcidOutcome[]> {
    throw new ReadOnlyStoreError('ORCID rows are not taken in front of a store yet: load them with `catalod load --orcid`, then `catalod sync --all`');
  }

  async deleteOrcids(): Promise<OrcidOutcome[]> {
    return this.putOrcids();
  }

  /** Resolves once every change committed so far is in the store (false at the timeout). */
  async settled(timeoutMs = 30_000): Promise<boolean> {
    if (!this.db || !this.delivery) return true;
    return this.delivery.delivered(this.db.changeCounter(), timeoutMs);
  }

  /** A page of a resource's description, read from the store as src/store/describe.ts reads it from the index. */
  async describe(iri: string, page = 1): Promise<RDF.Quad[]> {
    if (!Number.isSafeInteger(page) || page < 1 || /[<>"{}|\\^`\s]/.test(iri)) return [];
    const graphs = await this.select(`SELECT DISTINCT ?g WHERE { GRAPH ?g { ?r <${PRIMARY_TOPIC}> <${iri}> } FILTER(STRSTARTS(STR(?g), "${this.base}record/")) } ORDER BY ?g OFFSET ${(page - 1) * WORK_RECORDS_PER_PAGE} LIMIT ${WORK_RECORDS_PER_PAGE + 1}`);
    let out: RDF.Quad[];
    let more: boolean;
    if (graphs.length || page > 1 && (await this.isWork(iri))) {
      more = graphs.length > WORK_RECORDS_PER_PAGE;
      const values = graphs.slice(0, WORK_RECORDS_PER_PAGE).map((r) => `<${r.g!.value}>`).join(' ');
      out = values ? await this.construct(`CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?g { ${values} } GRAPH ?g { ?s ?p ?o } }`) : [];
    } else {
      const size = DESCRIBE_PAGE_SIZE;
      const skip = (page - 1) * size;
      const [own, incoming] = await Promise.all([
        this.select(`SELECT DISTINCT ?p ?o WHERE { <${iri}> ?p ?o } OFFSET ${skip} LIMIT ${size + 1}`),
        this.select(`SELECT DISTINCT ?s ?p WHERE { ?s ?p <${iri}> } OFFSET ${skip} LIMIT ${size + 1}`),
      ]);
      more = own.length > size || incoming.length > size;
      const s = namedNode(iri);
      out = [
        ...own.slice(0, size).map((r) => quad(s, r.p as RDF.Quad_Predicate, r.o as RDF.Quad_Object)),
        ...incoming.slice(0, size).map((r) => quad(r.s as RDF.Quad_Subject, r.p as RDF.Quad_Predicate, s)),
      ];
    }
    if (!out.length) return [];
    if (more || page > 1) out.push(...pagingQuads(iri, page, more));
    return out;
  }

  private async isWork(iri: string): Promise<boolean> {
    return (await this.select(`SELECT ?r WHERE { GRAPH ?g { ?r <${PRIMARY_TOPIC}> <${iri}> } FILTER(STRSTARTS(STR(?g), "${this.base}record/")) } LIMIT 1`)).length > 0;
  }

  /** Every quad of every record graph, converted from the records (what the outbox sends). */
  *dump(): Iterable<RDF.Quad> {
    if (!this.db) return;
    const orcids = orcidTable(this.db.orcids());
    for (const row of this.db.all()) {
      const converted = convertText(row.body, `record:${row.id}`, { base: this.base, orcids }).find((o): o is Converted => o.ok);
      if (converted) yield* converted.quads;
    }
  }

  recent(limit: number): { id: string; received: string; record: string }[] {
    if (this.db) return this.db.recent(limit).map((r) => ({ id: r.id, received: r.received, record: recordIri(this.base, r.id) }));
    return this.recentRecords.slice(0, limit);
  }

  stats(): CatalogStats {
    return this.db ? { ...this.counts, records: this.db.count() } : this.counts;
  }

  storeStatus(): StoreStatus {
    const status = this.delivery?.status;
    // A read failed: look again (at most once a second, off this call) so the state clears once the store is back.
    if (this.readDown && Date.now() - this.probed > 1000) {
      this.probed = Date.now();
      void this.send('ASK {}', 'application/sparql-results+json').then((r) => r.body?.cancel(), () => undefined);
    }
    return {
      endpoint: this.client.endpoints.query,
      down: status?.down ?? this.readDown,
      ...(status ? { pending: status.pending, delivered: status.delivered } : {}),
    };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.delivery?.close();
    await this.ingestThreads?.close();
    await this.queries.close();
    this.db?.close();
  }

  private writable(): RecordDb {
    if (!this.db || this.readOnly) throw new ReadOnlyStoreError(this.readOnly ?? 'no data folder');
    return this.db;
  }

  /** Reads the counts (and a read-only front's recent records) again; a store that does not answer is noted, not thrown. */
  private async refresh(): Promise<void> {
    try {
      const g = `FILTER(STRSTARTS(STR(?g), "${this.base}record/"))`;
      const [quads, records] = await Promise.all([
        this.select(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } ${g} }`),
        this.db ? Promise.resolve([]) : this.select(`SELECT ?g WHERE { GRAPH ?g { ?g a <${METADATA_DOCUMENT}> } ${g} } LIMIT 10000`),
      ]);
      this.counts = { records: this.db ? 0 : records.length, quads: Number(quads[0]?.n?.value ?? 0) };
      if (!this.db) this.recentRecords = records.slice(0, 20).map((r) => ({ id: r.g!.value.slice(`${this.base}record/`.length), received: '', record: r.g!.value }));
      this.gen++;
    } catch {
      // noted by select(); the counts stay as they were
    }
  }

  /** A SELECT's rows; a store that cannot be reached throws StoreUnavailableError (503 to the client). */
  private async select(query: string): Promise<Record<string, RDF.Term | undefined>[]> {
    const json = (await (await this.send(query, 'application/sparql-results+json')).json()) as SparqlJson;
    return (json.results?.bindings ?? []).map(rowOf);
  }

  private async construct(query: string): Promise<RDF.Quad[]> {
    return new Parser({ format: 'application/n-triples' }).parse(await (await this.send(query, 'application/n-triples')).text());
  }

  private async send(query: string, accept: string): Promise<Response> {
    try {
      const response = await this.client.query(query, accept, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
      this.readDown = undefined;
      return response;
    } catch (error) {
      if (error instanceof StoreUnavailableError || (error as Error).name === 'TimeoutError') {
        this.readDown ??= { since: new Date().toISOString(), error: (error as Error).message };
        throw error instanceof StoreUnavailableError ? error : new StoreUnavailableError(`the store did not answer in time: ${(error as Error).message}`);
      }
      throw error;
    }
  }
}

/** What a client is told about one record of its body. */
function answerOf(o: PackedOutcome): IngestOutcome {
  if (!o.ok) return { index: o.index, line: o.line, id: o.id, ok: false, warnings: [], error: o.error ?? 'unreadable record' };
  return { index: o.index, line: o.line, id: o.id, ok: true, work: o.iris!.work, record: o.iris!.record, warnings: o.diagnostics };
}
