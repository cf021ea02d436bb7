/**
 * The conversion pipeline: records from a reader → the model → RDF quads.
 * One record's failure is reported as its own outcome and never stops the others.
 */
import type { CQuad } from './rdf/terms.js';
import type { RecordError, Warning, Work } from './model.js';
import { readFile, readText, isRecordError, type ReadItem } from './readers/index.js';
import { extract } from './extract/index.js';
import { workToQuads } from './mapping/graph.js';
import { irisFor, normaliseBase, DEFAULT_BASE, type WorkIris } from './mapping/iris.js';
import { attachOrcids, type OrcidTable } from './orcid.js';

export interface ConvertOptions {
  base?: string;
  orcids?: OrcidTable;
}

/** A record converted: the work, its IRIs and its quads (all in the record's graph). */
export interface Converted {
  ok: true;
  work: Work;
  iris: WorkIris;
  quads: CQuad[];
}

/** A record that could not be converted. */
export interface Failed {
  ok: false;
  error: RecordError;
}

export type Outcome = Converted | Failed;

/** Converts one read item. */
export function convertItem(item: ReadItem, options: ConvertOptions = {}): Outcome {
  if (isRecordError(item)) return { ok: false, error: item };
  const work = extract(item);
  if (!('record' in work)) return { ok: false, error: work };
  if (options.orcids) work.warnings.push(...attachOrcids(work, options.orcids));
  const base = normaliseBase(options.base ?? DEFAULT_BASE);
  return { ok: true, work, iris: irisFor(base, work), quads: workToQuads(work, { base }) };
}

/** Converts every record in a string (tests, HTTP bodies). Throws InputError when it holds none. */
export function convertText(text: string, file = '<input>', options: ConvertOptions = {}): Outcome[] {
  return readText(text, file).map((item) => convertItem(item, options));
}

/** Streams the outcomes of every record in a file (`-` for stdin). Throws InputError when it holds none. */
export async function* convertFile(path: string, options: ConvertOptions = {}): AsyncGenerator<Outcome> {
  for await (const item of readFile(path)) yield convertItem(item, options);
}

/**
 * `file:line: record-id: message`, the one shape every diagnostic takes. Control characters a
 * record brought in (a NUL, an escape sequence, a line break) are shown as `\u001B`, so one
 * diagnostic stays one line and a terminal never runs what a record holds.
 * @example
 * formatDiagnostic('a.txt', 3, 'pubmed-1', 'warning: no DOI'); // 'a.txt:3: pubmed-1: warning: no DOI'
 */
export function formatDiagnostic(file: string, line: number | undefined, recordId: string | undefined, message: string): string {
  return showControls(`${file}:${line ?? 1}: ${recordId ?? '-'}: ${message}`);
}

const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;

/**
 * Text for a terminal: control characters as `\u001B`.
 * @example
 * showControls('a\u001B[2Jb'); // 'a\\u001B[2Jb'
 */
export function showControls(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** The diagnostics of one outcome, ready for stderr. */
export function diagnostics(outcome: Outcome): string[] {
  if (!outcome.ok) {
    const e = outcome.error;
    return [formatDiagnostic(e.source.file, e.source.line, e.recordId ?? `record #${e.source.index}`, `error: ${e.message}`)];
  }
  const w = outcome.work;
  return w.warnings.map((x: Warning) => formatDiagnostic(w.source.file, x.line ?? w.source.line, w.record.id.value, `warning: ${x.message}`));
}
