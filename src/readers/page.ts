/**
 * Reader for record page text as copied or scraped from VuFind: a top block (title, cut-short
 * abstract, labelled rows as a pipe table or `Label: value` lines) and/or the Solr staff view
 * (a `field | value |` table or `field value` lines). Fed line by line so files stream.
 *
 * A record ends where the next begins: a `Loading…` marker, a staff field seen twice, a top row
 * seen twice (the unlabelled lines before it are the next record's title and abstract), or a
 * title line after a pipe-table staff view. A "Similar Items" list is skipped up to the next
 * marker or staff view. A staff cell left open (no closing `|`) at the end of its record means
 * the record was cut short: it is reported, never converted.
 */
import type { RecordError } from '../model.js';
import { YEAR, type RawField, type RawRecord, type TopBlock, type TopRow } from './raw.js';
import { labels, type LabelKey } from './labels.js';
import { vocabJson } from '../vocab.js';

/** What a page yields: a record, or a read failure for a record cut short. */
type Item = RawRecord | RecordError;

type State = 'idle' | 'head' | 'rows' | 'rowsPipe' | 'staffPipe' | 'staffLines' | 'skip';

interface Line {
  text: string;
  no: number;
}

interface Draft {
  line: number;
  text: string[];
  fields: Map<string, RawField>;
  top?: TopBlock;
  lastRow?: string;
  lastField?: string;
  /** The pipe cell still waiting for its closing `|`. */
  open?: { name: string; line: number };
  /** Unlabelled lines after the rows: chrome, or the next record's title and abstract. */
  loose: Line[];
}

const STAFF_PIPE = /^([A-Za-z_][\w.-]*) \|/;
// Markers are short UI strings: longer lines are not looked up (most lines are long values).
const MARKER_MAX = 64;
const SEPARATOR = /^-{3,}(\|-*)*\|?$/;
// The value is the rest of the line (sliced, not matched: `\s*(.*)$` backtracked on a stray CR).
const LABEL = /^([^|:]{1,40}):/;
const URL_LINE = /^[a-z][\w+.-]*:\/\/\S+$/i;

let knownFields: Set<string> | undefined;
function isFieldName(token: string): boolean {
  knownFields ??= new Set(vocabJson<{ fields: string[] }>('solr-fields.json').fields);
  return knownFields.has(token) || /^[a-z][A-Za-z0-9]*(_[A-Za-z0-9]+)+_?$/.test(token);
}

/** A line's first word and the rest after one white-space character (a regex's `(.*)$` failed on a stray CR and broke the read). */
function firstWord(line: string): [string, string] {
  const space = line.search(/\s/);
  return space < 0 ? [line, ''] : [line.slice(0, space), line.slice(space + 1)];
}

/** The cell text of a pipe-table row line: without its outer `|`s and the spaces next to them. */
function cellText(line: string): string {
  let text = line.trim();
  if (text.startsWith('|')) text = text.slice(1).trimStart();
  if (text.endsWith('|')) text = text.slice(0, -1).trimEnd(); // `/\s*\|$/` re-read a run of spaces from each position in it
  return text;
}

/** Whether a line under a `Label: value` row continues it: links under Online Access, lines up to the year under Published. */
function continues(key: string, row: TopRow, line: string): boolean {
  if (key === 'online') return URL_LINE.test(line.trim());
  if (key === 'published') return !row.values.some((v) => YEAR.test(v));
  return true;
}

/** Splits a page-text stream into records. `push` returns the records (or read failures) a line completed. */
export class PageReader {
  private state: State = 'idle';
  private draft?: Draft;
  private count = 0;
  constructor(private readonly file: string) {}

  /** Takes one line (without its end-of-line) and its 1-based number. */
  push(raw: string, lineNo: number): Item[] {
    const line = raw.trimEnd();
    const trimmed = line.trimStart();
    const done: Item[] = [];
    if (trimmed === '') return done;
    const marker = trimmed.length <= MARKER_MAX ? labels().markers.get(trimmed.toLowerCase()) : undefined;
    if (marker === 'loading') return this.restart(done, lineNo, line);
    if (marker === 'similar') return this.finish(done, 'skip');
    if (marker === 'tabs' || SEPARATOR.test(trimmed)) return this.note(done, line);
    if (this.state === 'rowsPipe') return this.pipeContinuation(done, line);
    const staff = STAFF_PIPE.exec(line);
    if (staff && isFieldName(staff[1]!)) return this.staffPipe(done, staff[1]!, line.slice(staff[0].length), line, lineNo);
    if (this.draft?.open) return this.cellContinuation(done, line, this.draft.open.name);
    const [token, rest] = firstWord(trimmed);
    if (this.takesStaffLine() && isFieldName(token)) return this.staffLine(done, token, rest.trim(), line, lineNo);
    const label = LABEL.exec(trimmed);
    const key = label && labels().rows.get(label[1]!.trim().toLowerCase());
    if (label && key && this.state !== 'skip') return this.row(done, key, label[1]!.trim(), trimmed.slice(label[0].length), line, lineNo);
    return this.text(done, line, lineNo);
  }

  /** Flushes the last record at the end of input. */
  end(): Item[] {
    return this.finish([], 'idle');
  }

  /** A `field value` line opens a staff field, except after a pipe-table staff view or inside a title and abstract. */
  private takesStaffLine(): boolean {
    return this.state !== 'staffPipe' && (this.state !== 'head' || this.draft?.top?.title === undefined);
  }

  private restart(done: Item[], lineNo: number, line: string): Item[] {
    this.finish(done, 'head');
    this.ensure(lineNo).text.push(line);
    return done;
  }

  /** Ends the current record: a record when it has rows or fields, a read failure when a cell was left open. */
  private finish(done: Item[], next: State): Item[] {
    const d = this.draft;
    if (d?.open) done.push(this.cutShort(d, d.open));
    else if (d && (d.fields.size > 0 || (d.top?.rows.size ?? 0) > 0)) done.push(this.toRecord(d));
    this.draft = undefined;
    this.state = next;
    return done;
  }

  private note(done: Item[], line: string): Item[] {
    this.draft?.text.push(line);
    return done;
  }

  private ensure(lineNo: number): Draft {
    return (this.draft ??= { line: lineNo, text: [], fields: new Map(), loose: [] });
  }

  /** A `field | value |` row; without its closing `|` the cell goes on over the next lines. */
  private staffPipe(done: Item[], name: string, cell: string, line: string, lineNo: number): Item[] {
    // A field seen twice means the next record's staff view has begun; so does any row below an open cell.
    if (this.draft?.fields.has(name) || this.draft?.open || this.state === 'skip') this.finish(done, 'idle');
    const closed = cell.endsWith('|');
    const value = (closed ? cell.slice(0, -1) : cell).trim();
    const d = this.ensure(lineNo);
    d.text.push(line);
    d.loose = [];
    d.fields.set(name, { values: value === '' ? [] : [value], joined: true, line: lineNo });
    d.open = closed ? undefined : { name, line: lineNo };
    this.state = 'staffPipe';
    return done;
  }

  /** A line inside a pipe cell that spans lines; a line ending in `|` closes the cell. */
  private cellContinuation(done: Item[], line: string, name: string): Item[] {
    const d = this.draft!;
    const closes = line.endsWith('|');
    const part = (closes ? line.slice(0, -1) : line).trim();
    const field = d.fields.get(name)!;
    if (part !== '') field.values = [[...field.values, part].join(' ')];
    d.text.push(line);
    if (closes) d.open = undefined;
    return done;
  }

  private staffLine(done: Item[], name: string, value: string, line: string, lineNo: number): Item[] {
    if (this.draft?.fields.has(name) || this.state === 'skip') this.finish(done, 'idle');
    const d = this.ensure(lineNo);
    d.text.push(line);
    d.loose = [];
    d.fields.set(name, { values: value === '' ? [] : [value], joined: false, line: lineNo });
    d.lastField = name;
    this.state = 'staffLines';
    return done;
  }

  private row(done: Item[], key: LabelKey, label: string, rest: string, line: string, lineNo: number): Item[] {
    if (this.state === 'staffPipe' || this.state === 'staffLines') this.finish(done, 'idle');
    else if (this.draft?.top?.rows.has(key)) this.nextFromLoose(done);
    const d = this.ensure(lineNo);
    d.text.push(line);
    d.loose = [];
    d.top ??= { rows: new Map() };
    const value = rest.trim();
    const row = { label, values: [] as string[], line: lineNo };
    d.top.rows.set(key, row);
    d.lastRow = key;
    if (value === '|') {
      this.state = 'rowsPipe';
    } else if (value.startsWith('|')) {
      const inner = value.replace(/^\|/, '').replace(/\|$/, '').trim();
      if (inner !== '') row.values.push(inner);
      this.state = 'rows';
      d.lastRow = undefined; // a closed pipe cell takes no continuation lines
    } else {
      if (value !== '') row.values.push(value);
      this.state = 'rows';
    }
    return done;
  }

  /** A top row seen twice: the record ends, and the loose lines before the row head the next one. */
  private nextFromLoose(done: Item[]): void {
    const loose = this.draft!.loose;
    this.finish(done, 'head');
    for (const l of loose) this.headLine(l.text, l.no, done);
  }

  private pipeContinuation(done: Item[], line: string): Item[] {
    const d = this.draft!;
    d.text.push(line);
    if (line.trim() === '|') this.state = 'rows';
    else d.top!.rows.get(d.lastRow!)!.values.push(cellText(line));
    if (this.state === 'rows') d.lastRow = undefined;
    return done;
  }

  private text(done: Item[], line: string, lineNo: number): Item[] {
    switch (this.state) {
      case 'skip':
        return done;
      case 'staffLines': {
        const d = this.draft!;
        d.text.push(line);
        d.fields.get(d.lastField!)!.values.push(line.trim());
        return done;
      }
      case 'rows':
        return this.rowLine(done, line, lineNo);
      case 'head':
        return this.headLine(line, lineNo, done);
      default:
        return this.startHead(done, line, lineNo);
    }
  }

  /** An unlabelled line below the rows: it continues the open row, or is kept loose. */
  private rowLine(done: Item[], line: string, lineNo: number): Item[] {
    const d = this.draft!;
    const row = d.lastRow === undefined ? undefined : d.top!.rows.get(d.lastRow);
    if (row && continues(d.lastRow!, row, line)) {
      d.text.push(line);
      row.values.push(line.trim());
    } else {
      d.lastRow = undefined;
      d.loose.push({ text: line, no: lineNo });
    }
    return done;
  }

  /** A text line outside any record part: a new record's top block begins with its title. */
  private startHead(done: Item[], line: string, lineNo: number): Item[] {
    this.finish(done, 'head');
    return this.headLine(line, lineNo, done);
  }

  private headLine(line: string, lineNo: number, done: Item[]): Item[] {
    const d = this.ensure(lineNo);
    d.text.push(line);
    d.top ??= { rows: new Map() };
    if (d.top.title === undefined) {
      d.top.title = line.trim();
      d.top.titleLine = lineNo;
    } else {
      d.top.teaser = d.top.teaser ? `${d.top.teaser} ${line.trim()}` : line.trim();
    }
    return done;
  }

  private cutShort(d: Draft, open: { name: string; line: number }): RecordError {
    this.count += 1;
    return {
      source: { file: this.file, line: d.line, index: this.count },
      recordId: d.fields.get('id')?.values[0],
      message: `record cut short: the staff view's \`${open.name}\` cell opened on line ${open.line} never closes`,
    };
  }

  private toRecord(d: Draft): RawRecord {
    this.count += 1;
    const layout = d.fields.size === 0 ? 'page-top' : [...d.fields.values()][0]!.joined ? 'page-staff-table' : 'page-staff-lines';
    return { source: { file: this.file, line: d.line, index: this.count }, layout, fields: d.fields, top: d.top, text: d.text.join('\n') };
  }
}
