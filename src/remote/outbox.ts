/**
 * The outbox: what the record store (SQLite, the authority) has that a store outside has not been
 * sent yet, and the one request that sends a batch of it. The change log (src/store/db.ts) already
 * numbers every put and delete in the transaction that acknowledges it; the outbox is that log
 * read past a watermark kept per store. A batch goes as one SPARQL Update: for each record,
 * `DROP SILENT GRAPH` and `INSERT DATA` of its graph as it is now (a deleted record: the DROP
 * alone). Replacing a whole graph is idempotent, so a batch sent twice (the answer lost, the
 * process killed before the watermark moved) leaves each record's graph there exactly once.
 */
import type { RecordDb } from '../store/db.js';
import type { OrcidTable } from '../orcid.js';
import { recordIri } from '../mapping/iris.js';
import { recordGraph } from './record-graph.js';
import { StoreRequestError, type StoreClient } from './client.js';

/** A record changed after the watermark, at its latest change number. */
export interface Pending {
  id: string;
  kind: 'record' | 'work';
  seq: number;
}

/** What one batch did. */
export interface Sent {
  /** Records whose graph is now in the store as stored (replaced or dropped). */
  records: number;
  quads: number;
  /** The watermark after the batch. */
  seq: number;
  /** Records that could not be sent (the store refused their graph, or they no longer convert): reported, passed over. */
  failed: { id: string; error: string }[];
}

export interface OutboxOptions {
  base: string;
  orcids?: OrcidTable;
  /** Most records per update request (default 200). */
  records?: number;
  /** The merged graph to keep beside the record graphs, for a store whose default graph is not their merge (dialect.ts). */
  merged?: string;
  /** Most bytes of update text per request, roughly (default 4 MiB). */
  bytes?: number;
  signal?: AbortSignal;
}

/**
 * Changes after `since`, each record once at its latest number, oldest first.
 * @example
 * pending(db, db.watermark(url), 200); // [{ id: 'pubmed-9158348', kind: 'record', seq: 17 }, …]
 */
export function pending(db: RecordDb, since: number, limit: number): Pending[] {
  return db.db.prepare('SELECT id, kind, MAX(seq) AS seq FROM changes WHERE seq > ? GROUP BY kind, id ORDER BY MAX(seq) LIMIT ?').all(since, limit) as Pending[];
}

/** How many records wait to be sent after `since`. */
export function pendingCount(db: RecordDb, since: number): number {
  return (db.db.prepare("SELECT COUNT(DISTINCT id) AS n FROM changes WHERE seq > ? AND kind = 'record'").get(since) as { n: number }).n;
}

/**
 * True when the change log no longer reaches back to the watermark (an index snapshot pruned it
 * before this store was first sent anything): only a full push (`sync --all`) brings it up to date.
 */
export function needsFullPush(db: RecordDb, store: string): boolean {
  return db.watermark(store) < db.prunedUpTo();
}

/** The SPARQL Update replacing one record's graph (or dropping it), and its size in quads. */
function replaceGraph(db: RecordDb, change: Pending, options: OutboxOptions, inStore: boolean): { text: string; quads: number; error?: string } {
  const graph = recordIri(options.base, change.id);
  // A graph the store does not hold has nothing to take out of the merged graph, nor to drop: the costly part of a replace, skipped for new records.
  const drop = inStore ? `${options.merged ? unmerge(options.base, options.merged, graph) : ''}DROP SILENT GRAPH <${graph}>` : '';
  const row = db.get(change.id);
  if (!row) return { text: drop, quads: 0 };
  const made = recordGraph(row, { base: options.base, orcids: options.orcids });
  if ('error' in made) return { text: drop, quads: 0, error: made.error };
  // N-Quads lines of one graph → N-Triples lines inside GRAPH { } (a literal cannot hold a raw line break, so the suffix is unambiguous).
  const triples = made.nquads.replaceAll(` <${graph}> .\n`, ' .\n');
  const alsoMerged = options.merged ? ` GRAPH <${options.merged}> {\n${triples}}` : '';
  const insert = `INSERT DATA { GRAPH <${graph}> {\n${triples}}${alsoMerged} }`;
  return { text: drop ? `${drop} ;\n${insert}` : insert, quads: made.quads };
}

/**
 * Which of these record graphs the store holds (one query a batch). Only asked where a replace
 * costs more than a drop (a merged graph to keep); otherwise every graph is taken as held.
 */
async function graphsHeld(client: StoreClient, graphs: string[], options: OutboxOptions): Promise<Set<string>> {
  if (!options.merged || graphs.length === 0) return new Set(graphs);
  const values = graphs.map((g) => `<${g}>`).join(' ');
  const res = await client.query(`SELECT ?g WHERE { VALUES ?g { ${values} } FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }`, 'application/sparql-results+json', { signal: options.signal });
  const json = (await res.json()) as { results: { bindings: { g: { value: string } }[] } };
  return new Set(json.results.bindings.map((b) => b.g.value));
}

/**
 * Takes out of the merged graph the triples of a record graph that no other record graph states
 * (before the record graph is dropped): the merged graph stays the merge of the record graphs.
 */
function unmerge(base: string, merged: string, graph: string): string {
  const records = recordIri(base, '');
  return `DELETE { GRAPH <${merged}> { ?s ?p ?o } } WHERE { GRAPH <${graph}> { ?s ?p ?o } FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } FILTER(?other != <${graph}> && STRSTARTS(STR(?other), "${records}")) } } ;\n`;
}

/**
 * Sends the next batch of changes after the store's watermark and moves the watermark; undefined
 * when nothing waits. A store that cannot be reached throws StoreUnavailableError (nothing moves:
 * the same batch goes again later); a batch the store refuses is sent again record by record, and
 * a record it still refuses is reported in `failed` and passed over.
 * @example
 * while (await sendBatch(db, client, { base })) {} // everything changed is in the store
 */
export async function sendBatch(db: RecordDb, client: StoreClient, options: OutboxOptions): Promise<Sent | undefined> {
  const store = client.endpoints.query;
  // A work's ORCID rows changed: its records go again at the next full push (sync --all); passed over here.
  const changes = pending(db, db.watermark(store), options.records ?? 200);
  if (changes.length === 0) return undefined;
  const sent = await send(db, client, changes, options);
  db.setWatermark(store, sent.seq);
  return sent;
}

/**
 * Sends every stored record after `since` (by its change number), a batch at a time: a full push
 * (`sync --all`). Returns the batch's outcome (its `seq`: where the next batch starts), undefined
 * past the last record. The watermark is the caller's to move once the push is complete.
 */
export async function sendRecords(db: RecordDb, client: StoreClient, since: number, options: OutboxOptions): Promise<Sent | undefined> {
  const rows = db.db.prepare("SELECT id, 'record' AS kind, seq FROM records WHERE seq > ? ORDER BY seq LIMIT ?").all(since, options.records ?? 200) as Pending[];
  return rows.length ? send(db, client, rows, options) : undefined;
}

/** Sends the graphs of `changes` (in order; those past the byte budget wait for the next batch). */
async function send(db: RecordDb, client: StoreClient, changes: Pending[], options: OutboxOptions): Promise<Sent> {
  const parts: { change: Pending; text: string; quads: number; error?: string }[] = [];
  const held = await graphsHeld(client, changes.filter((c) => c.kind === 'record').map((c) => recordIri(options.base, c.id)), options);
  let bytes = 0;
  for (const change of changes) {
    const part = change.kind === 'record' ? replaceGraph(db, change, options, held.has(recordIri(options.base, change.id))) : { text: '', quads: 0 };
    parts.push({ change, ...part });
    bytes += part.text.length;
    if (bytes > (options.bytes ?? 4 << 20)) break;
  }
  const failed = parts.filter((p) => p.error).map((p) => ({ id: p.change.id, error: p.error! }));
  const texts = parts.filter((p) => p.text);
  try {
    if (texts.length) await client.update(texts.map((p) => p.text).join(' ;\n'), { signal: options.signal });
  } catch (error) {
    if (!(error instanceof StoreRequestError)) throw error;
    // One record the store refuses (or a batch too large for it) must not hold back the others: each alone.
    for (const p of texts) {
      try {
        await client.update(p.text, { signal: options.signal });
      } catch (single) {
        if (!(single instanceof StoreRequestError)) throw single;
        failed.push({ id: p.change.id, error: `the store refused its graph: ${single.message}` });
      }
    }
  }
  const ok = parts.filter((p) => p.change.kind === 'record' && !failed.some((f) => f.id === p.change.id));
  return { records: ok.length, quads: ok.reduce((n, p) => n + p.quads, 0), seq: parts[parts.length - 1]!.change.seq, failed };
}
