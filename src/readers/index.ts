/**
 * Input detection and record streaming: page text or Solr JSON, UTF-8 with or without BOM,
 * LF or CRLF, several records per file. Yields raw records and per-record read failures.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { RecordError } from '../model.js';
import type { RawRecord } from './raw.js';
import { PageReader } from './page.js';
import { SolrJsonReader, type DocError } from './solr-json.js';

export type { RawRecord } from './raw.js';

/** A whole input that holds no record at all (empty, binary, unrecognised). */
export class InputError extends Error {
  constructor(readonly file: string, message: string, readonly line = 1) {
    super(`${file}:${line}: ${message}`);
  }
}

export type ReadItem = RawRecord | RecordError;

// JSON opens with `{"`, `{}`, `[{`, `["`, `[[`, `[]` or a lone bracket; a page title may start with `[Translated title]`.
const JSON_START = /^\s*(?:\{\s*(?:["}]|$)|\[\s*(?:[[{"\]]|$))/;

/**
 * Fields of which a VuFind Solr doc has at least one: JSON whose objects have none (`{"not":"solr"}`)
 * is some other JSON, an input with no record, not a file of records each lacking a title.
 */
const SOLR_FIELDS = ['id', 'title', 'title_full', 'title_short', 'author', 'author2', 'format', 'record_format', 'recordtype', 'spelling', 'fullrecord', '_version_'];
/** Objects without a Solr field held back, at most, before the input is judged not Solr JSON. */
const MAX_HELD = 1000;

/** True for a read failure rather than a record. */
export function isRecordError(item: ReadItem | { message: string }): item is RecordError {
  return !('fields' in item);
}

/** Line-fed record splitter for one input, whichever layout it turns out to be. */
export class RecordSplitter {
  private page?: PageReader;
  private json?: SolrJsonReader;
  private out: ReadItem[] = [];
  private seen = 0;
  private firstLine = 0;
  /** JSON objects read before any with a Solr field: records once one comes, else no record at all. */
  private held: ReadItem[] | undefined = [];

  constructor(private readonly file: string) {}

  /** Takes one line; returns the records it completed. */
  push(line: string, lineNo: number): ReadItem[] {
    if (!this.page && !this.json) {
      if (lineNo === 1) line = line.replace(/^\uFEFF/, '');
      if (line.trim() === '') return [];
      this.firstLine = lineNo;
      this.detect(line, lineNo);
    }
    if (this.page) for (const r of this.page.push(line, lineNo)) this.out.push(r);
    else this.json!.push(line, lineNo);
    return this.drain();
  }

  /** Ends the input: flushes the last record, or throws an InputError when there was none. */
  end(): ReadItem[] {
    if (!this.page && !this.json) throw new InputError(this.file, 'empty input: no catalogue record in it');
    if (this.page) for (const r of this.page.end()) this.out.push(r);
    else this.json!.end();
    if (this.held?.length) throw this.notSolr();
    const rest = this.drain();
    if (this.seen === 0)
      throw new InputError(this.file, 'no catalogue record found: expected a VuFind record page or Solr JSON docs', this.firstLine);
    return rest;
  }

  private detect(line: string, lineNo: number): void {
    if (/[\u0000-\u0008\u000E-\u001A\uFFFD]/.test(line)) throw new InputError(this.file, 'binary data, not UTF-8 text', lineNo);
    if (JSON_START.test(line)) this.json = new SolrJsonReader(this.file, (item) => this.takeJson(this.fromJson(item)));
    else this.page = new PageReader(this.file);
  }

  private fromJson(item: RawRecord | DocError): ReadItem {
    if ('fields' in item) return item;
    return { source: { file: this.file, line: item.line, index: item.index }, message: item.message };
  }

  /** Takes a JSON item: held while no object so far has a Solr field (a malformed doc counts as one meant to be). */
  private takeJson(item: ReadItem): void {
    if (this.held && 'fields' in item && !SOLR_FIELDS.some((f) => item.fields.has(f))) {
      this.held.push(item);
      if (this.held.length >= MAX_HELD) throw this.notSolr();
      return;
    }
    if (this.held) this.out.push(...this.held);
    this.held = undefined;
    this.out.push(item);
  }

  private notSolr(): InputError {
    return new InputError(this.file, `no catalogue record found: JSON, but not Solr docs (no object has a field of a VuFind record: ${SOLR_FIELDS.slice(0, 5).join(', ')}, …)`, this.firstLine);
  }

  private drain(): ReadItem[] {
    const items = this.out;
    this.out = [];
    this.seen += items.length;
    return items;
  }
}

/** Reads records from a string (tests, HTTP bodies). */
export function readText(text: string, file = '<input>'): ReadItem[] {
  const splitter = new RecordSplitter(file);
  const items: ReadItem[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) items.push(...splitter.push(lines[i]!, i + 1));
  items.push(...splitter.end());
  return items;
}

/** Streams records from a file path, or from stdin for `-`. */
export async function* readFile(path: string): AsyncGenerator<ReadItem> {
  const input: Readable = path === '-' ? process.stdin : createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  yield* readStream(input, path === '-' ? '<stdin>' : path);
}

/**
 * Streams records from a readable of UTF-8 text. Lines are cut from each chunk here rather than
 * by `readline`, whose per-line async iteration cost more than the conversion itself.
 */
export async function* readStream(input: Readable, file: string): AsyncGenerator<ReadItem> {
  input.setEncoding('utf8');
  const splitter = new RecordSplitter(file);
  let lineNo = 0;
  let rest = '';
  for await (const chunk of input as AsyncIterable<string>) {
    const text = rest + chunk;
    const done: ReadItem[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      for (const item of splitter.push(text.slice(start, end), ++lineNo)) done.push(item);
      start = nl + 1;
    }
    rest = text.slice(start);
    yield* done;
  }
  if (rest !== '') yield* splitter.push(rest.replace(/\r$/, ''), ++lineNo);
  yield* splitter.end();
}
