/**
 * Reader for record page text as copied or scraped from VuFind: a top block (title, cut-short
 * abstract, labelled rows as a pipe table or `Label: value` lines) and/or the Solr staff view
 * (a `field | value |` table or `field value` lines). Fed line by line so files stream.
 */
import type { RawField, RawRecord, TopBlock } from './raw.js';
import { labels, type LabelKey } from './labels.js';
import { vocabJson } from '../vocab.js';

type State = 'idle' | 'head' | 'rows' | 'rowsPipe' | 'staffPipe' | 'staffLines' | 'skip';

interface Draft {
  line: number;
  text: string[];
  fields: Map<string, RawField>;
  top?: TopBlock;
  lastRow?: string;
  lastField?: string;
}

const STAFF_PIPE = /^([A-Za-z_][\w.-]*) \|(.*)\|\s*$/;
const SEPARATOR = /^-{3,}(\|-*)*\|?$/;
const LABEL = /^([^|:]{1,40}):\s*(.*)$/;

let knownFields: Set<string> | undefined;
function isFieldName(token: string): boolean {
  knownFields ??= new Set(vocabJson<{ fields: string[] }>('solr-fields.json').fields);
  return knownFields.has(token) || /^[a-z][A-Za-z0-9]*(_[A-Za-z0-9]+)+_?$/.test(token);
}

/** Splits a page-text stream into records. `push` returns the records a line completed. */
export class PageReader {
  private state: State = 'idle';
  private draft?: Draft;
  private count = 0;
  constructor(private readonly file: string) {}

  /** Takes one line (without its end-of-line) and its 1-based number. */
  push(raw: string, lineNo: number): RawRecord[] {
    const line = raw.replace(/\s+$/, '');
    const done: RawRecord[] = [];
    if (line.trim() === '') return done;
    const marker = labels().markers.get(line.trim().toLowerCase());
    if (marker === 'loading') return this.restart(done, lineNo, 'head', line);
    if (marker === 'similar') return this.finish(done, 'skip');
    if (marker === 'tabs' || SEPARATOR.test(line.trim())) return this.note(done, line);
    if (this.state === 'rowsPipe') return this.pipeContinuation(done, line);
    const staff = STAFF_PIPE.exec(line);
    if (staff && isFieldName(staff[1]!)) return this.staffPipe(done, staff[1]!, staff[2]!.trim(), line, lineNo);
    const token = /^(\S+)(?:\s(.*))?$/.exec(line.trim())!;
    if (this.state !== 'staffPipe' && this.state !== 'head' && isFieldName(token[1]!))
      return this.staffLine(done, token[1]!, token[2]?.trim() ?? '', line, lineNo);
    const label = LABEL.exec(line.trim());
    const key = label && labels().rows.get(label[1]!.trim().toLowerCase());
    if (label && key && this.state !== 'skip') return this.row(done, key, label[1]!.trim(), label[2]!, line, lineNo);
    return this.text(done, line, lineNo);
  }

  /** Flushes the last record at the end of input. */
  end(): RawRecord[] {
    return this.finish([], 'idle');
  }

  private restart(done: RawRecord[], lineNo: number, state: State, line: string): RawRecord[] {
    this.finish(done, state);
    this.draft = { line: lineNo, text: [line], fields: new Map() };
    return done;
  }

  private finish(done: RawRecord[], next: State): RawRecord[] {
    const d = this.draft;
    if (d && (d.fields.size > 0 || d.top)) done.push(this.toRecord(d));
    this.draft = undefined;
    this.state = next;
    return done;
  }

  private note(done: RawRecord[], line: string): RawRecord[] {
    this.draft?.text.push(line);
    return done;
  }

  private ensure(lineNo: number): Draft {
    return (this.draft ??= { line: lineNo, text: [], fields: new Map() });
  }

  private staffPipe(done: RawRecord[], name: string, value: string, line: string, lineNo: number): RawRecord[] {
    // A field seen twice means the next record's staff view has begun.
    if (this.draft?.fields.has(name) || this.state === 'skip') this.finish(done, 'idle');
    const d = this.ensure(lineNo);
    d.text.push(line);
    d.fields.set(name, { values: value === '' ? [] : [value], joined: true, line: lineNo });
    this.state = 'staffPipe';
    return done;
  }

  private staffLine(done: RawRecord[], name: string, value: string, line: string, lineNo: number): RawRecord[] {
    if (this.draft?.fields.has(name) || this.state === 'skip') this.finish(done, 'idle');
    const d = this.ensure(lineNo);
    d.text.push(line);
    d.fields.set(name, { values: value === '' ? [] : [value], joined: false, line: lineNo });
    d.lastField = name;
    this.state = 'staffLines';
    return done;
  }

  private row(done: RawRecord[], key: LabelKey, label: string, rest: string, line: string, lineNo: number): RawRecord[] {
    if (this.state === 'staffPipe' || this.state === 'staffLines') this.finish(done, 'idle');
    const d = this.ensure(lineNo);
    d.text.push(line);
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

  private pipeContinuation(done: RawRecord[], line: string): RawRecord[] {
    const d = this.draft!;
    d.text.push(line);
    if (line.trim() === '|') this.state = 'rows';
    else d.top!.rows.get(d.lastRow!)!.values.push(line.trim().replace(/^\|\s*/, '').replace(/\s*\|$/, ''));
    if (this.state === 'rows') d.lastRow = undefined;
    return done;
  }

  private text(done: RawRecord[], line: string, lineNo: number): RawRecord[] {
    switch (this.state) {
      case 'skip':
        return done;
      case 'staffLines': {
        const d = this.draft!;
        d.text.push(line);
        d.fields.get(d.lastField!)!.values.push(line.trim());
        return done;
      }
      case 'rows': {
        const d = this.draft!;
        if (d.lastRow) {
          d.text.push(line);
          d.top!.rows.get(d.lastRow)!.values.push(line.trim());
          return done;
        }
        return this.startHead(done, line, lineNo);
      }
      case 'head':
        return this.headLine(line, lineNo, done);
      default:
        return this.startHead(done, line, lineNo);
    }
  }

  /** A text line outside any record part: a new record's top block begins with its title. */
  private startHead(done: RawRecord[], line: string, lineNo: number): RawRecord[] {
    this.finish(done, 'head');
    this.draft = { line: lineNo, text: [], fields: new Map() };
    return this.headLine(line, lineNo, done);
  }

  private headLine(line: string, lineNo: number, done: RawRecord[]): RawRecord[] {
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

  private toRecord(d: Draft): RawRecord {
    this.count += 1;
    const layout = d.fields.size === 0 ? 'page-top' : [...d.fields.values()][0]!.joined ? 'page-staff-table' : 'page-staff-lines';
    return {
      source: { file: this.file, line: d.line, index: this.count },
      layout,
      fields: d.fields,
      top: d.top,
      text: d.text.join('\n'),
      problems: [],
    };
  }
}
