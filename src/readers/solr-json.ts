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

// Integers past 15 digits (Solr's 19-digit `_version_`) lose precision as numbers: keep their digits.
const LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\w.+-])(-?\d{16,})(?![\w.])/g;

/** JSON.parse, with long integers read as strings of their digits. */
export function parseJson(text: string): unknown {
  return JSON.parse(text.replace(LONG_INTEGER, (match, digits?: string) => (digits ? `"${digits}"` : match)));
}

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
  return { source: { file, line, index }, layout: 'solr-json', fields, text: JSON.stringify(doc) };
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
    if (open) this.sink({ line: open.line, index: ++this.count, message: open.message });
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
      value = parseJson(line);
    } catch (e) {
      this.sink({ line: lineNo, index: ++this.count, message: `malformed JSON: ${(e as Error).message}` });
      return;
    }
    this.emitValue(value, lineNo);
  }

  private emitText(text: string, lineNo: number): void {
    try {
      this.emitValue(parseJson(text), lineNo);
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
  /** The string just read, while it may still be a key. */
  private key = '';
  private stringStart = 0;
  /** Depth at which an opening `{` starts a doc: 0 for a bare top-level doc, -1 after the docs array. */
  private docsDepth = 0;
  private inDoc = false;
  private docLine = 0;
  private topLine = 0;
  private buffer: string[] = [];
  constructor(private readonly emit: (text: string, line: number) => void) {}

  push(line: string, lineNo: number): void {
    const text = line + '\n';
    let from = this.inDoc ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') {
          this.inString = false;
          this.key = text.slice(this.stringStart, i);
        }
        continue;
      }
      if (c === '"') {
        this.inString = true;
        this.stringStart = i + 1;
        continue;
      }
      if (c === '[' || c === '{') {
        if (this.depth === 0) this.topLine = lineNo;
        if (c === '[' && (this.depth === 0 || this.key === 'docs')) this.openDocs();
        if (c === '{' && this.depth === this.docsDepth) {
          this.inDoc = true;
          this.docLine = lineNo;
          this.buffer = [];
          from = i;
        }
        this.depth++;
      } else if (c === ']' || c === '}') {
        this.depth--;
        if (c === '}' && this.inDoc && this.depth === this.docsDepth) {
          this.buffer.push(text.slice(from, i + 1));
          this.emit(this.buffer.join(''), this.docLine);
          this.inDoc = false;
          from = -1;
        }
        if (c === ']' && this.depth + 1 === this.docsDepth) this.docsDepth = -1;
        if (this.depth === 0) this.docsDepth = 0;
      }
      if (c !== ':' && c !== ' ' && c !== '\n' && c !== '\t' && c !== '\r') this.key = '';
    }
    if (this.inDoc && from >= 0) this.buffer.push(text.slice(from));
  }

  /** Where the input stops inside a doc, or inside the response or array around the docs. */
  end(): { line: number; message: string } | undefined {
    if (this.inDoc) return { line: this.docLine, message: 'JSON cut short: the doc that starts here never closes' };
    if (this.depth > 0) return { line: this.topLine, message: 'JSON cut short: what starts here never closes; the docs before the cut were read' };
    return undefined;
  }

  /** A docs array opens: its objects are the docs, and a top-level object holding it is none. */
  private openDocs(): void {
    this.docsDepth = this.depth + 1;
    this.inDoc = false;
    this.buffer = [];
  }
}
