/**
 * `catalod export --data DIR --shards OUTDIR`: every stored record's named graph, written as gzip
 * N-Quads shards (`catalod-00001.nq.gz`, …, at most `--shard-size` records each, in store order)
 * with a `manifest.json` of counts and SHA-256 checksums: the input bulk loaders take (Virtuoso's
 * ld_dir + rdf_loader_run, QLever, Oxigraph, Neptune's bulk loader), far faster than pushing
 * records one by one. Each graph is what src/remote/record-graph.ts makes, so an exported graph is
 * the one `serve` and `sync` deliver.
 *
 * The store is read in one SQLite read transaction, so the shards are one consistent state of it
 * (the manifest names it by store id and change counter) even while a server writes; rows are
 * streamed, never all held. Each shard is written to `NAME.tmp`, flushed to disk, then renamed, and
 * the manifest is written last: a killed export never leaves a half shard under a final name, and
 * a folder with a manifest holds a complete export. A record that no longer converts is skipped,
 * said on stderr and listed in the manifest; the exit code is then 1, as `load` and `convert`.
 * `--jobs N` (N > 1) converts on the worker pool (src/jobs/pool.ts) in batches, a bounded number in
 * flight, taken back in store order: the shards are byte for byte those of `--jobs 1`, which
 * converts in this thread.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import cliProgress from 'cli-progress';
import { normaliseBase, recordIri } from '../mapping/iris.js';
import { orcidTable, type OrcidTable } from '../orcid.js';
import { recordGraph, type RecordGraph } from '../remote/record-graph.js';
import { ConversionPool, DEFAULT_JOBS } from '../jobs/pool.js';
import { readText, type ReadItem } from '../readers/index.js';
import { RecordDb, type StoredRecord } from '../store/db.js';
import { UserError } from '../store/errors.js';

export interface ExportOptions {
  /** Data folder holding the record store. */
  data: string;
  /** Folder the shards and the manifest are written to (created). */
  shards: string;
  /** Most records per shard (default 100,000). */
  shardSize?: number;
  /** Base IRI of every minted IRI. */
  base: string;
  /** Replace an export already in the folder. */
  force?: boolean;
  /** Worker threads converting (default DEFAULT_JOBS of src/jobs/pool.ts); 1 converts in this thread. */
  jobs?: number;
}

/** One shard as the manifest lists it. */
export interface ShardEntry {
  file: string;
  records: number;
  quads: number;
  /** Size of the gzip file. */
  bytes: number;
  /** SHA-256 of the gzip file's bytes, hex. */
  sha256: string;
}

/** `manifest.json`: what was exported, from which state of which store. */
export interface ExportManifest {
  /** ISO time the export finished. */
  generated: string;
  base: string;
  /** The store's id (`RecordDb.id`). */
  store: string;
  /** The store's change counter when it was read. */
  changeCounter: number;
  records: number;
  quads: number;
  skipped: { id: string; error: string }[];
  shards: ShardEntry[];
}

/** Default records per shard. */
export const DEFAULT_SHARD_SIZE = 100_000;
/** Shard file names: `catalod-00001.nq.gz`, … (a `.tmp` suffix while written). */
const SHARD_NAME = /^catalod-\d{5,}\.nq\.gz(\.tmp)?$/;

/** The file name of shard `n` (1-based). */
export const shardName = (n: number): string => `catalod-${String(n).padStart(5, '0')}.nq.gz`;

/**
 * Exports the store as shards and a manifest; returns the exit code (0 all exported, 1 records skipped).
 * @example
 * process.exitCode = await exportCommand({ data: './data', shards: './dump', base: 'http://localhost:3000/' });
 */
export async function exportCommand(options: ExportOptions): Promise<number> {
  const size = options.shardSize ?? DEFAULT_SHARD_SIZE;
  if (!Number.isInteger(size) || size < 1) throw new UserError(`--shard-size must be a whole number ≥ 1, not ${size}`);
  if (!existsSync(join(options.data, 'records.sqlite'))) throw new UserError(`no catalod store in ${options.data} (no records.sqlite): give the data folder \`catalod load\` filled`);
  prepareFolder(options.shards, options.force ?? false);
  const base = normaliseBase(options.base);
  const db = RecordDb.open(options.data);
  try {
    return await exportStore(db, { base, size, dir: options.shards, jobs: options.jobs ?? DEFAULT_JOBS });
  } finally {
    db.close();
  }
}

/** Creates the output folder; refuses one holding an export unless `force`, and clears shards of an earlier (or killed) export. */
function prepareFolder(dir: string, force: boolean): void {
  const manifest = join(dir, 'manifest.json');
  if (existsSync(manifest) && !force) throw new UserError(`${dir} already holds an export (manifest.json): give --force to replace it, or another folder`);
  try {
    mkdirSync(dir, { recursive: true });
    // The manifest first: a folder with a manifest must never list shards that are gone.
    rmSync(manifest, { force: true });
    for (const name of readdirSync(dir)) if (SHARD_NAME.test(name)) rmSync(join(dir, name), { force: true });
  } catch (error) {
    throw new UserError(`cannot write the shards to ${dir}: ${(error as Error).message}`);
  }
}

/** A stored row as the export reads it. */
type Row = Pick<StoredRecord, 'id' | 'body'>;

/** Writes every record's graph to shards, then the manifest; returns the exit code. */
async function exportStore(db: RecordDb, { base, size, dir, jobs }: { base: string; size: number; dir: string; jobs: number }): Promise<number> {
  // One read transaction: the counter, the ORCID table and every row are one state of the store.
  db.db.exec('BEGIN');
  try {
    const store = db.id;
    const changeCounter = db.changeCounter();
    const orcids = orcidTable(db.orcids());
    const total = db.count();
    const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'exporting |{bar}| {percentage}% {value}/{total} records {eta_formatted}', stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
    bar?.start(total || 1, 0);
    const say = (line: string) => process.stderr.write(`${bar ? '\r\x1b[K' : ''}${line}\n`);
    const shards: ShardEntry[] = [];
    const skipped: ExportManifest['skipped'] = [];
    let shard: ShardWriter | undefined;
    let done = 0;
    const rows = db.db.prepare('SELECT id, body FROM records ORDER BY seq').iterate() as IterableIterator<Row>;
    const pool = jobs > 1 && total > 1 ? new ConversionPool({ jobs, base, orcids }) : undefined;
    try {
      for await (const graph of pool ? graphsOnPool(rows, pool, base, jobs) : graphsHere(rows, base, orcids)) {
        if ('error' in graph) {
          say(`record ${graph.id}: ${graph.error}`);
          skipped.push({ id: graph.id, error: graph.error });
        } else {
          shard ??= new ShardWriter(dir, shards.length + 1);
          await shard.add('bytes' in graph ? graph.bytes : graph.nquads, graph.quads);
          if (shard.records >= size) {
            shards.push(await shard.close());
            shard = undefined;
          }
        }
        if (++done % 100 === 0) bar?.update(done);
      }
    } finally {
      await pool?.close();
    }
    if (shard) shards.push(await shard.close());
    bar?.update(done);
    bar?.stop();
    const manifest: ExportManifest = {
      generated: new Date().toISOString(),
      base,
      store,
      changeCounter,
      records: shards.reduce((n, s) => n + s.records, 0),
      quads: shards.reduce((n, s) => n + s.quads, 0),
      skipped,
      shards,
    };
    writeDurably(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    process.stderr.write(`exported ${manifest.records} record(s), ${manifest.quads} quad(s) in ${shards.length} shard(s) to ${dir}${skipped.length ? `, skipped ${skipped.length}` : ''}\n`);
    return skipped.length ? 1 : 0;
  } finally {
    if (db.db.inTransaction) db.db.exec('COMMIT');
  }
}

/** Each row's graph, converted in this thread. */
function* graphsHere(rows: Iterable<Row>, base: string, orcids: OrcidTable): Generator<RecordGraph> {
  for (const row of rows) yield recordGraph(row, { base, orcids });
}

/** Rows sent to a worker at once. */
const POOL_BATCH = 64;

/**
 * Each row's graph, converted on the pool: the rows read here (readText, as convertText does),
 * converted and written as N-Quads bytes on a worker, batches of them in flight (at most two per
 * worker), answered in row order. What recordGraph gives, but for the text: the lines as bytes.
 */
async function* graphsOnPool(rows: Iterable<Row>, pool: ConversionPool, base: string, jobs: number): AsyncGenerator<RecordGraph | PooledGraph> {
  const inFlight: Promise<(RecordGraph | PooledGraph)[]>[] = [];
  let batch: { row: Row; items: ReadItem[] | string }[] = [];
  const send = () => {
    const sent = batch;
    batch = [];
    const answer = pool.convertItems(sent.flatMap((b) => (typeof b.items === 'string' ? [] : b.items)), { format: 'nquads' }).then((results) => {
      let at = 0;
      return sent.map(({ row, items }) => {
        const graph = recordIri(base, row.id);
        if (typeof items === 'string') return { id: row.id, graph, error: items };
        const converted = results.slice(at, (at += items.length)).find((r) => r.ok && r.chunk && 'bytes' in r.chunk);
        if (!converted) return { id: row.id, graph, error: 'the stored record no longer converts' };
        const bytes = (converted.chunk as { bytes: Uint8Array }).bytes;
        return { id: row.id, graph, bytes, quads: lineCount(bytes) };
      });
    });
    // Awaited in order below; a batch left behind when the export fails must not be an unhandled rejection.
    answer.catch(() => {});
    inFlight.push(answer);
  };
  for (const row of rows) {
    let items: ReadItem[] | string;
    try {
      items = readText(row.body, `record:${row.id}`);
    } catch (error) {
      items = (error as Error).message;
    }
    batch.push({ row, items });
    if (batch.length < POOL_BATCH) continue;
    send();
    if (inFlight.length >= jobs * 2) yield* await inFlight.shift()!;
  }
  if (batch.length > 0) send();
  while (inFlight.length > 0) yield* await inFlight.shift()!;
}

/** A record's graph converted on a worker: its N-Quads lines as UTF-8 bytes. */
type PooledGraph = { id: string; graph: string; bytes: Uint8Array; quads: number };

/** Lines in N-Quads bytes: one per quad (a literal's line breaks are escaped). */
function lineCount(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/** Writes `text` to `file` through `file.tmp`, flushed to disk before the rename. */
function writeDurably(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  syncFile(`${file}.tmp`);
  renameSync(`${file}.tmp`, file);
}

/** Flushes a written file to disk, so a rename never makes a name point at lost data. */
function syncFile(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Counts and hashes the bytes passing through (the gzip output, as it reaches the file). */
class Digest extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }
}

/**
 * One shard being written: N-Quads text gathered into about a megabyte, gzipped, hashed, written
 * to `NAME.tmp` with backpressure, renamed to `NAME` when closed.
 * @example
 * const shard = new ShardWriter('./dump', 1);
 * await shard.add(nquads, quadCount);
 * const entry = await shard.close(); // dump/catalod-00001.nq.gz
 */
export class ShardWriter {
  readonly file: string;
  records = 0;
  quads = 0;
  private readonly gzip: Gzip = createGzip();
  private readonly digest = new Digest();
  private readonly done: Promise<void>;
  private pending: (string | Uint8Array)[] = [];
  private size = 0;

  /** Opens shard `n` (1-based) in `dir`. */
  constructor(private readonly dir: string, n: number) {
    this.file = shardName(n);
    this.done = pipeline(this.gzip, this.digest, createWriteStream(this.path('.tmp')));
    // A failed write rejects `done`; it is awaited in add/close, never left unhandled.
    this.done.catch(() => {});
  }

  private path(suffix = ''): string {
    return join(this.dir, `${this.file}${suffix}`);
  }

  /** Adds one record's graph (its N-Quads lines, as text or UTF-8 bytes, and how many quads they are). */
  async add(nquads: string | Uint8Array, quads: number): Promise<void> {
    this.records++;
    this.quads += quads;
    this.pending.push(nquads);
    this.size += nquads.length;
    if (this.size >= 1 << 20) await this.flush();
  }

  /** Hands the gathered text to gzip, waiting while it is full. */
  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.every((p) => typeof p === 'string') ? this.pending.join('') : Buffer.concat(this.pending.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
    this.pending = [];
    this.size = 0;
    if (!this.gzip.write(text)) await Promise.race([once(this.gzip, 'drain'), this.done]);
  }

  /** Finishes the file, flushes it to disk and gives it its final name; returns its manifest entry. */
  async close(): Promise<ShardEntry> {
    await this.flush();
    this.gzip.end();
    await this.done;
    syncFile(this.path('.tmp'));
    renameSync(this.path('.tmp'), this.path());
    return { file: this.file, records: this.records, quads: this.quads, bytes: this.digest.bytes, sha256: this.digest.hash.digest('hex') };
  }
}
