/**
 * Reads inputs for the conversion pool and hands back the answers in input order: the streaming
 * half of `convert --jobs N` and `load --jobs N`.
 *
 * The main thread does as little as it can, since it is one thread feeding all the others. For
 * page text it only cuts lines and watches for the `Loading…` marker that opens every record
 * page: PageReader starts afresh at such a line whatever came before (see its `push`), so the
 * text from one marker to the next is a *segment* that any worker can read on its own, with the
 * same records, lines and diagnostics. A segment longer than a chunk goes to one worker in several
 * chunks (its reader kept between them), so an input without markers still streams in bounded
 * memory. Solr JSON is split here, as readFile does, and its records are sent in batches.
 *
 * Layout detection, the empty-input and binary-input errors, a byte-order mark and CRLF are
 * handled as RecordSplitter and readStream (src/readers/index.ts) handle them, so every input
 * gives what `--jobs 1` gives. Records of a segment are numbered from its start on the worker;
 * the answers are renumbered here (only a failure's diagnostic shows the number).
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { diagnostics } from '../convert.js';
import { InputError, RecordSplitter, type ReadItem } from '../readers/index.js';
import { labels } from '../readers/labels.js';
import { reportOf } from '../report.js';
import type { ConversionPool } from './pool.js';
import type { ItemResult, ItemsRequest, PageChunk } from './records.js';

/** What the feed gives, in input order: a batch's records, or an input that failed as a whole (its message). */
export type FeedEvent = { results: ItemResult[] } | { inputError: string };

export interface FeedOptions {
  /** Batches out at once (default 2 per worker, at least 3). */
  inFlight?: number;
  /** Characters of page text per chunk before a segment is cut at the next marker (default 256 Ki). */
  chunkChars?: number;
  /** Characters past which a segment with no marker yet is sent on in another chunk (default 4 Mi). */
  maxChunkChars?: number;
  /** Solr JSON records per batch (default 128). */
  batch?: number;
}

/** Per input: records taken so far, and where the current segment's numbering starts. */
interface FileCount {
  label: string;
  firstLine: number;
  count: number;
  base: number;
}

type Entry =
  | { answer: Promise<ItemResult[]>; file: FileCount; segmentStart: boolean; renumber: boolean }
  | { inputError: string }
  | { check: FileCount };

// As RecordSplitter detects a layout (src/readers/index.ts): binary, then JSON, else page text.
const BINARY = /[\u0000-\u0008\u000E-\u001A\uFFFD]/;
const JSON_START = /^\s*(?:\{\s*(?:["}]|$)|\[\s*(?:[[{"\]]|$))/;
const MARKER_MAX = 64;

/** True for the line PageReader restarts at (`Loading…`, `Cargando…`), as PageReader.push tests it. */
function isLoadingMarker(line: string): boolean {
  const trimmed = line.trim();
  return trimmed !== '' && trimmed.length <= MARKER_MAX && labels().markers.get(trimmed.toLowerCase()) === 'loading';
}

/** An ASCII white-space byte (tab to CR, space). */
const blank = (b: number) => b === 32 || (b >= 9 && b <= 13);

/**
 * isLoadingMarker on a line's UTF-8 bytes, decoding only a line that could be one: once ASCII
 * white space is off both ends, a line that ends in ASCII on both sides (no other white space to
 * trim) and is longer than 3 × MARKER_MAX bytes has more than MARKER_MAX UTF-16 units, so is none.
 */
function isMarkerLine(bytes: Buffer): boolean {
  let s = 0;
  let e = bytes.length;
  while (s < e && blank(bytes[s]!)) s++;
  while (e > s && blank(bytes[e - 1]!)) e--;
  if (s === e) return false;
  if (e - s > 3 * MARKER_MAX && bytes[s]! < 0x80 && bytes[e - 1]! < 0x80) return false;
  return isLoadingMarker(bytes.toString('utf8', s, e));
}

/**
 * Streams every input's converted records, in input order.
 * @example
 * for await (const e of feedRecords(pool, ['a.txt'], { format: 'nquads' })) if ('results' in e) write(e.results);
 */
export async function* feedRecords(pool: ConversionPool, inputs: readonly string[], request: ItemsRequest, options: FeedOptions = {}): AsyncGenerator<FeedEvent> {
  const inFlight = options.inFlight ?? Math.max(3, 2 * pool.size);
  const chunkChars = options.chunkChars ?? 1 << 18;
  const maxChunkChars = options.maxChunkChars ?? 1 << 22;
  const batchSize = options.batch ?? 128;
  const queue: Entry[] = [];
  let segments = 0;

  /** The oldest entry as an event (none for a check that finds records). */
  const take = async (): Promise<FeedEvent | undefined> => {
    const entry = queue.shift()!;
    if ('inputError' in entry) return entry;
    const file = 'check' in entry ? entry.check : entry.file;
    if ('check' in entry)
      return file.count === 0 ? { inputError: new InputError(file.label, 'no catalogue record found: expected a VuFind record page or Solr JSON docs', file.firstLine).message } : undefined;
    const results = await entry.answer;
    if (entry.segmentStart) file.base = file.count;
    if (entry.renumber)
      for (const r of results) {
        if (!r.error) continue;
        r.error.source.index += file.base;
        r.diagnostics = diagnostics({ ok: false, error: r.error });
        if (r.report !== undefined) r.report = reportOf({ ok: false, error: r.error });
      }
    file.count += results.length;
    return { results };
  };
  /** Queues an answer; a rejection is seen when it is taken. */
  const enqueue = (answer: Promise<ItemResult[]>, file: FileCount, segmentStart: boolean, renumber: boolean) => {
    answer.catch(() => undefined);
    queue.push({ answer, file, segmentStart, renumber });
  };

  for (const path of inputs) {
    const label = path === '-' ? '<stdin>' : path;
    const file: FileCount = { label, firstLine: 0, count: 0, base: 0 };
    let mode = 'none' as 'none' | 'page' | 'json'; // (`as`: it changes inside closures TypeScript does not follow)
    let splitter: RecordSplitter | undefined;
    let items: ReadItem[] = [];
    /** The current page chunk's bytes (whole lines), from the input's first line or a cut on. */
    let parts: Buffer[] = [];
    let size = 0;
    let segment = ++segments;
    let first = true;
    let chunkLine = 1;

    const sendItems = () => {
      if (items.length) enqueue(pool.convertItems(items, request), file, false, false);
      items = [];
    };
    /** Sends the chunk so far (to `line` exclusive), then starts the next at that line. */
    const sendPage = (then: PageChunk['then'], line: number) => {
      const bytes = Buffer.allocUnsafeSlow(size); // its own memory: it is transferred
      let at = 0;
      for (const p of parts) at += p.copy(bytes, at);
      const chunk: PageChunk = { file: label, segment, first, then, bytes, firstLine: chunkLine };
      enqueue(pool.convertPage(chunk, request), file, first, true);
      parts = [];
      size = 0;
      chunkLine = line;
      first = then !== 'open';
      if (first) segment = ++segments;
    };
    /** Adds bytes (whole lines) to the page chunk. */
    const add = (bytes: Buffer) => {
      if (bytes.length === 0) return;
      parts.push(bytes);
      size += bytes.length;
    };
    /** In page text: whether to cut before this line (a marker past chunkChars, or any line past maxChunkChars). */
    const cut = (bytes: Buffer, before: number): PageChunk['then'] | undefined =>
      before >= chunkChars && isMarkerLine(bytes) ? 'end' : before >= maxChunkChars ? 'open' : undefined;
    /** A line before the layout is known (it detects it, as RecordSplitter does), or a Solr JSON line. */
    const line = (bytes: Buffer, no: number) => {
      let text = bytes.toString('utf8');
      if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
      if (mode === 'json') {
        for (const item of splitter!.push(text, no)) items.push(item);
        if (items.length >= batchSize) sendItems();
        return;
      }
      if (no === 1) text = text.replace(/^\uFEFF/, '');
      if (text.trim() === '') return;
      if (BINARY.test(text)) throw new InputError(label, 'binary data, not UTF-8 text', no);
      file.firstLine = no;
      if (!JSON_START.test(text)) {
        mode = 'page'; // the chunk from line 1 goes on (blank lines before this one are nothing to a reader)
        return;
      }
      mode = 'json';
      parts = [];
      size = 0;
      splitter = new RecordSplitter(label);
      for (const item of splitter.push(text, no)) items.push(item);
    };

    try {
      const input: Readable = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1 << 20 });
      let lineNo = 0;
      /** Head of a line begun in an earlier read. */
      let head: Buffer[] = [];
      for await (const buf of input as AsyncIterable<Buffer>) {
        let pos = 0;
        let run = 0; // this read's bytes from `run` to `pos` are whole lines not yet added to the chunk
        for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10, pos)) {
          const bytes = head.length ? Buffer.concat([...head, buf.subarray(pos, nl)]) : buf.subarray(pos, nl);
          lineNo++;
          if (mode === 'page') {
            const then = cut(bytes, size + pos - run);
            if (then) {
              add(buf.subarray(run, pos));
              run = pos;
              sendPage(then, lineNo);
            }
          } else line(bytes, lineNo);
          if (mode !== 'json') for (const h of head) add(h);
          head = [];
          pos = nl + 1;
        }
        if (mode !== 'json') add(buf.subarray(run, pos));
        if (pos < buf.length) head.push(buf.subarray(pos));
        while (queue.length >= inFlight) {
          const event = await take();
          if (event) yield event;
        }
      }
      if (head.length) {
        const bytes = Buffer.concat(head);
        lineNo++;
        if (mode === 'page') {
          const then = cut(bytes, size);
          if (then) sendPage(then, lineNo);
        } else line(bytes, lineNo);
        if (mode !== 'json') add(bytes);
      }
      if (mode === 'none') throw new InputError(label, 'empty input: no catalogue record in it');
      if (mode === 'json') {
        for (const item of splitter!.end()) items.push(item);
        sendItems();
      } else {
        sendPage('end', lineNo + 1);
        queue.push({ check: file });
      }
    } catch (e) {
      if (!(e instanceof InputError) && (e as NodeJS.ErrnoException).code === undefined) throw e;
      if (mode === 'json') sendItems();
      if (mode === 'page') sendPage('drop', 0);
      queue.push({ inputError: e instanceof InputError ? e.message : `${path}: ${(e as Error).message}` });
    }
  }
  while (queue.length) {
    const event = await take();
    if (event) yield event;
  }
}
