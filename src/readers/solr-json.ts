/**
 * Reader for Solr documents as JSON: a select response (`response.docs`), a JSON array of docs,
 * or JSON Lines. Pretty-printed input is cut into docs by a small scanner so a large response
 * streams and one malformed doc is reported alone.
 */
import type { RawField, RawRecord } from './raw.js';

/** A doc the reader could not parse, with the line it began on. */
export interface DocError {
  line: number;
  index: number;
  message: string;
}

type Sink = (item: RawRecord | DocError) => void;

/** Turns one parsed Solr doc into a raw record. */
export function docToRecord(doc: unknown, file: string, line: number, index: number): RawRecord | DocError {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    return { line, index, message: 'a Solr doc must be a JSON object' };
  const fields = new Map<string, RawField>();
  for (const [name, value] of Object.entries(doc as Record<string, unknown>)) {
    const list = Array.isArray(value) ? value : [value];
    const values = list.filter((v) => v !== null && v !== undefined).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    fields.set(name, { values, joined: false, line });
  }
  return { source: { file, line, index }, layout: 'solr-json', fields, text: JSON.stringify(doc), problems: [] };
}

/** Cuts JSON text into Solr docs, line by line. */
export class SolrJsonReader {
  private mode?: 'lines' | 'scan';
  private count = 0;
  private scanner?: DocScanner;
  constructor(private readonly file: string, private readonly sink: Sink) {}

  /** Takes one line and its 1-based number. */
  push(line: string, lineNo: number): void {
    if (this.mode === undefined) {
      if (line.trim() === '') return;
      this.mode = this.parsesAlone(line) ? 'lines' : 'scan';
      if (this.mode === 'scan') this.scanner = new DocScanner((text, at) => this.emitText(text, at));
    }
    if (this.mode === 'lines') this.line(line, lineNo);
    else this.scanner!.push(line, lineNo);
  }

  /** Reports what is left unterminated at the end of input. */
  end(): void {
    const open = this.scanner?.end();
    if (open !== undefined) this.sink({ line: open, index: ++this.count, message: 'JSON cut short: the document that starts here never closes' });
  }

  private parsesAlone(line: string): boolean {
    try {
      return typeof JSON.parse(line) === 'object';
    } catch {
      return false;
    }
  }

  private line(line: string, lineNo: number): void {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      this.sink({ line: lineNo, index: ++this.count, message: `malformed JSON: ${(e as Error).message}` });
      return;
    }
    this.emitValue(value, lineNo);
  }

  private emitText(text: string, lineNo: number): void {
    try {
      this.emitValue(JSON.parse(text), lineNo);
    } catch (e) {
      this.sink({ line: lineNo, index: ++this.count, message: `malformed JSON: ${(e as Error).message}` });
    }
  }

  private emitValue(value: unknown, lineNo: number): void {
    const docs = (value as { response?: { docs?: unknown[] } })?.response?.docs;
    const list = Array.isArray(value) ? value : Array.isArray(docs) ? docs : [value];
    for (const doc of list) this.sink(docToRecord(doc, this.file, lineNo, ++this.count));
  }
}

/**
 * Finds the docs in pretty-printed JSON without parsing the whole: objects directly inside a
 * top-level array, or inside the array under a `docs` key; a top-level object with no `docs`
 * array is itself a doc.
 */
class DocScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private lastString = '';
  private stringStart = 0;
  private docsDepth = -1;
  private docStart = -1;
  private docLine = 0;
  private topLine = 0;
  private buffer: string[] = [];
  private topBuffer: string[] | undefined;
  private sawDocs = false;
  constructor(private readonly emit: (text: string, line: number) => void) {}

  push(line: string, lineNo: number): void {
    const text = line + '\n';
    let sliceFrom = this.docStart >= 0 ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') {
          this.inString = false;
          this.lastString = text.slice(this.stringStart, i);
        }
        continue;
      }
      if (c === '"') {
        this.inString = true;
        this.stringStart = i + 1;
      } else if (c === '[' || c === '{') {
        if (c === '[' && (this.depth === 0 || this.lastString === 'docs')) {
          this.docsDepth = this.depth + 1;
          this.sawDocs = true;
        }
        if (c === '{' && this.depth === 0) {
          this.topLine = lineNo;
          this.topBuffer = [];
        }
        if (c === '{' && this.depth === this.docsDepth) {
          this.docStart = i;
          this.docLine = lineNo;
          sliceFrom = i;
          this.buffer = [];
        }
        this.depth++;
        this.lastString = '';
      } else if (c === ']' || c === '}') {
        this.depth--;
        if (c === '}' && this.depth === this.docsDepth && this.docStart >= 0) {
          this.buffer.push(text.slice(sliceFrom, i + 1));
          this.emit(this.buffer.join(''), this.docLine);
          this.docStart = -1;
          sliceFrom = -1;
          this.buffer = [];
        }
        if (c === ']' && this.depth + 1 === this.docsDepth) this.docsDepth = -1;
        if (c === '}' && this.depth === 0 && this.topBuffer) {
          if (!this.sawDocs) {
            this.topBuffer.push(text.slice(0, i + 1));
            this.emit(this.topBuffer.join(''), this.topLine);
          }
          this.topBuffer = undefined;
          this.sawDocs = false;
        }
      } else if (c !== ':' && c !== ',' && !/\s/.test(c)) {
        this.lastString = this.lastString === 'docs' ? '' : this.lastString;
      }
    }
    if (this.docStart >= 0 && sliceFrom >= 0) this.buffer.push(text.slice(sliceFrom));
    if (this.topBuffer && !this.sawDocs) this.topBuffer.push(text);
  }

  /** The line of a document still open, if any. */
  end(): number | undefined {
    if (this.docStart >= 0) return this.docLine;
    if (this.topBuffer) return this.topLine;
    return undefined;
  }
}
