/**
 * What a conversion worker does with a batch, as plain functions (the worker entry only routes
 * messages to them, and tests call them in-process). Two shapes of batch:
 * - texts (convertTexts): whole input texts read and converted, each record packed for a store;
 * - items (convertItems): records the main thread already read, converted for `convert`'s writer
 *   or `load`'s check.
 * A record whose conversion throws is a failed outcome: one bad record never loses the batch.
 */
import { convertItem, diagnostics, formatDiagnostic, type Outcome } from '../convert.js';
import { InputError, isRecordError, readText, type ReadItem } from '../readers/index.js';
import { PageReader } from '../readers/page.js';
import type { RecordError } from '../model.js';
import { workKeysOf, type OrcidTable } from '../orcid.js';
import { reportOf } from '../report.js';
import { encodeGraph, packQuads } from './packed.js';
import { splitFor, type RecordChunk } from './chunks.js';
import type { ConvertInput, PackedOutcome, PackedText, PackOptions } from './pool.js';

/** What every conversion in a worker applies. */
export interface ConversionSettings {
  base: string;
  orcids?: OrcidTable;
}

/** What `convert`/`load` want back per record (items batches). */
export interface ItemsRequest {
  /** `--to` format whose per-record chunk to make (see chunks.ts); none for `load`'s check. */
  format?: string;
  /** Make the `--report` block too. */
  report?: boolean;
  /** Give back each record's text and layout (what `load` stores). */
  keep?: boolean;
}

/**
 * A run of page-text lines for one PageReader (see feed.ts): a segment starts at the input's first
 * record or at a `Loading…` marker line, where a page reader's state starts afresh; a long
 * segment comes in several chunks, all to the same worker, which keeps the reader between them.
 */
export interface PageChunk {
  /** Input name, as records and diagnostics give it. */
  file: string;
  /** Segment id, unique in its pool. */
  segment: number;
  /** The segment's first chunk: a new reader. */
  first: boolean;
  /** After the lines: `end` the reader (last chunk), keep it `open` for the next chunk, or `drop` it (the input failed). */
  then: 'end' | 'open' | 'drop';
  /** The lines as UTF-8, each ending in LF (or CRLF) but perhaps the input's last. */
  bytes: Uint8Array;
  /** Line number of the first line. */
  firstLine: number;
}

/** One read item converted for the CLI. */
export interface ItemResult {
  ok: boolean;
  /** Exactly diagnostics(outcome) of src/convert.ts. */
  diagnostics: string[];
  /** reportOf(outcome), when asked. */
  report?: string;
  /** Record id, for ok. */
  id?: string;
  /** workKeysOf(work), for ok. */
  workKeys?: string[];
  /** The writer's per-record part, for ok when a format was asked. */
  chunk?: RecordChunk;
  /** The failure, for !ok (the main thread renumbers a page segment's records: see feed.ts). */
  error?: RecordError;
  /** The record's text and layout, when `keep` was asked and it was read. */
  body?: string;
  layout?: string;
}

const readers = new Map<number, PageReader>();

/** The records a chunk of page text completes (the segment's reader kept between its chunks). */
export function pageItems(chunk: PageChunk): ReadItem[] {
  const reader = chunk.first ? new PageReader(chunk.file) : readers.get(chunk.segment);
  if (!reader) throw new Error(`conversion worker: no page segment ${chunk.segment}`);
  const items: ReadItem[] = [];
  const lines = Buffer.from(chunk.bytes.buffer, chunk.bytes.byteOffset, chunk.bytes.byteLength).toString('utf8').split('\n');
  // As readStream cuts lines: one CR before each LF goes, and the byte-order mark of line 1.
  // (A last empty piece, after the final LF, is a blank line to the reader: it ignores it.)
  if (chunk.firstLine === 1) lines[0] = lines[0]!.replace(/^\uFEFF/, '');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const text = line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
    for (const item of reader.push(text, chunk.firstLine + i)) items.push(item);
  }
  if (chunk.then === 'end') for (const item of reader.end()) items.push(item);
  if (chunk.then === 'open') readers.set(chunk.segment, reader);
  else readers.delete(chunk.segment);
  return items;
}

/** convertItem, with a throw turned into the record's own failure (its line and index kept). */
export function safeConvert(item: ReadItem, settings: ConversionSettings): Outcome {
  try {
    return convertItem(item, settings);
  } catch (e) {
    const message = `conversion failed: ${e instanceof Error ? e.message : String(e)}`;
    return { ok: false, error: { source: item.source, message } };
  }
}

/**
 * Converts whole texts (readText + convertItem), each record packed for the store.
 * @example
 * convertTextsHere([{ text, file: 'a.txt' }], { base: 'http://localhost:3000/' }); // [{ outcomes: [{ index: 1, ok: true, … }] }]
 */
export function convertTextsHere(inputs: readonly ConvertInput[], settings: ConversionSettings, options: PackOptions = {}): PackedText[] {
  return inputs.map(({ text, file }) => {
    let items: ReadItem[];
    try {
      items = readText(text, file);
    } catch (e) {
      if (e instanceof InputError) return { inputError: e.message };
      throw e;
    }
    return { outcomes: items.map((item) => packOutcome(item, safeConvert(item, settings), options)) };
  });
}

/** One record's outcome in the shape PackedOutcome describes. */
export function packOutcome(item: ReadItem, outcome: Outcome, options: PackOptions = {}): PackedOutcome {
  const raw = isRecordError(item) ? undefined : item;
  const packed: PackedOutcome = {
    index: item.source.index,
    line: item.source.line,
    ok: outcome.ok && !!raw,
    warnings: [],
    diagnostics: diagnostics(outcome),
  };
  if (raw) {
    packed.layout = raw.layout;
    if (options.bodies ?? true) packed.body = raw.text;
  }
  if (!outcome.ok) {
    packed.error = outcome.error.message;
    if (outcome.error.recordId) packed.id = outcome.error.recordId;
    return packed;
  }
  packed.id = outcome.work.record.id.value;
  packed.warnings = outcome.work.warnings.map((w) => w.message);
  packed.iris = { work: outcome.iris.work, record: outcome.iris.record };
  packed.workKeys = workKeysOf(outcome.work);
  const graph = packQuads(outcome.quads);
  if (options.encoded) packed.encoded = encodeGraph(graph);
  else packed.graph = graph;
  return packed;
}

/**
 * Converts read items for `convert` (diagnostics, report, the format's chunk) or `load` (no format).
 * @example
 * await convertItemsHere(items, { base }, { format: 'nquads' }); // [{ ok: true, diagnostics: [], chunk: { bytes } }, …]
 */
export async function convertItemsHere(items: readonly ReadItem[], settings: ConversionSettings, request: ItemsRequest): Promise<ItemResult[]> {
  const split = request.format === undefined ? undefined : splitFor(request.format);
  if (request.format !== undefined && !split) throw new Error(`conversion pool: no worker split for format ${request.format}`);
  const results: ItemResult[] = [];
  for (const item of items) {
    const outcome = safeConvert(item, settings);
    const result: ItemResult = { ok: outcome.ok, diagnostics: diagnostics(outcome) };
    if (request.report) result.report = reportOf(outcome);
    if (request.keep && !isRecordError(item)) {
      result.body = item.text;
      result.layout = item.layout;
    }
    if (!outcome.ok) result.error = outcome.error;
    else {
      result.id = outcome.work.record.id.value;
      result.workKeys = workKeysOf(outcome.work);
      if (split) {
        try {
          result.chunk = await split.chunk(outcome, settings.base);
        } catch (e) {
          // The one-thread writer would have thrown here too: say which record, stop the command.
          throw new Error(formatDiagnostic(outcome.work.source.file, outcome.work.source.line, result.id, `cannot write: ${(e as Error).message}`));
        }
      }
    }
    results.push(result);
  }
  return results;
}

/** The buffers a message of results can hand over rather than copy. */
export function transferables(results: readonly (ItemResult | PackedText)[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const r of results) {
    if ('outcomes' in r) {
      for (const o of r.outcomes) {
        if (o.graph) out.add(o.graph.triples.buffer as ArrayBuffer);
        if (o.encoded) for (const a of [o.encoded.keys, o.encoded.ends, o.encoded.hashes, o.encoded.triples]) out.add(a.buffer as ArrayBuffer);
      }
    }
    else if ('chunk' in r && r.chunk) {
      if ('bytes' in r.chunk) out.add(r.chunk.bytes.buffer as ArrayBuffer);
      if ('graph' in r.chunk) out.add(r.chunk.graph.triples.buffer as ArrayBuffer);
    }
  }
  return [...out];
}

/**
 * Makes each byte chunk the sole view of its memory, so it can be transferred: a record's N-Quads
 * of 4 KiB or more already are (Buffer.allocUnsafe gives them memory of their own); a smaller one,
 * a slice of Node's shared pool, is copied. (Gathering a batch into one buffer copied every byte
 * of the output once more, which cost more than the gain of one transfer.)
 */
export function ownBytes(results: ItemResult[]): void {
  for (const r of results) {
    if (!r.chunk || !('bytes' in r.chunk)) continue;
    const b = r.chunk.bytes;
    if (b.byteOffset !== 0 || b.byteLength !== b.buffer.byteLength || !(b.buffer instanceof ArrayBuffer)) r.chunk = { bytes: new Uint8Array(b) };
  }
}
