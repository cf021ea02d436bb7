/**
 * Answers in the forms the suites write them, read into one shape: SPARQL XML (.srx), JSON
 * (.srj), TSV, CSV, result sets in RDF (the DAWG `rs:` vocabulary, .ttl/.rdf), and graphs
 * (.ttl/.rdf/.nt) for CONSTRUCT. CSV keeps only text: its values are read as simple literals
 * (blank nodes as `_:…`), and an answer compared to it is reduced the same way (`asCsv`).
 */
import type * as RDF from '@rdfjs/types';
import { DataFactory, Parser } from 'n3';
import { readRdf, readSuiteFile } from './suite.js';

const { namedNode, blankNode, literal } = DataFactory;

/** One solution: variable name → term (unbound variables absent). */
export type Row = Map<string, RDF.Term>;

/** An answer: solutions, a boolean or a graph. */
export type Answer =
  | { kind: 'bindings'; variables: string[]; rows: Row[] }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'graph'; quads: RDF.Quad[] };

const RS = 'http://www.w3.org/2001/sw/DataAccess/tests/result-set#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** The expected answer a test's result file holds. */
export async function readExpected(iri: string): Promise<Answer> {
  const extension = iri.replace(/^.*\./, '');
  if (extension === 'srx') return parseSrx(readSuiteFile(iri));
  if (extension === 'srj') return parseSrj(readSuiteFile(iri));
  if (extension === 'tsv') return parseTsv(readSuiteFile(iri));
  if (extension === 'csv') return parseCsv(readSuiteFile(iri));
  const quads = await readRdf(iri);
  return quads.some((q) => q.predicate.value === RDF_TYPE && q.object.value === `${RS}ResultSet`) ? resultSetOf(quads) : { kind: 'graph', quads };
}

// ---- SPARQL XML ----

/** SPARQL Query Results XML, read with a few patterns (the format is flat and the suites' files are well formed). */
export function parseSrx(xml: string): Answer {
  const body = xml.replace(/<!--[\s\S]*?-->/g, '');
  const boolean = /<boolean>\s*(true|false)\s*<\/boolean>/.exec(body);
  if (boolean) return { kind: 'boolean', value: boolean[1] === 'true' };
  const variables = [...body.matchAll(/<variable\s+name\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]!);
  const rows = [...body.matchAll(/<result\s*>([\s\S]*?)<\/result>|<result\s*\/>/g)].map((m) => {
    const row: Row = new Map();
    for (const b of (m[1] ?? '').matchAll(/<binding\s+name\s*=\s*["']([^"']+)["']\s*>([\s\S]*?)<\/binding>/g)) row.set(b[1]!, srxTerm(b[2]!));
    return row;
  });
  return { kind: 'bindings', variables, rows };
}

/** The term inside a `<binding>`. */
function srxTerm(xml: string): RDF.Term {
  const m = /<(uri|bnode|literal)((?:\s+[^>]*?)?)(\/>|>([\s\S]*?)<\/\1>)/.exec(xml);
  if (!m) throw new Error(`no term in ${xml}`);
  const [, kind, attributes = '', , content = ''] = m;
  const text = decodeXml(content);
  if (kind === 'uri') return namedNode(text.trim());
  if (kind === 'bnode') return blankNode(text.trim());
  const lang = /xml:lang\s*=\s*["']([^"']*)["']/.exec(attributes)?.[1];
  const datatype = /datatype\s*=\s*["']([^"']*)["']/.exec(attributes)?.[1];
  return literal(text, lang ? lang : datatype ? namedNode(decodeXml(datatype)) : undefined);
}

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[e]!,
  );
}

// ---- SPARQL JSON ----

type JsonTerm = { type: string; value: string; 'xml:lang'?: string; datatype?: string };

/** SPARQL Query Results JSON. */
export function parseSrj(text: string): Answer {
  const json = JSON.parse(text) as { head: { vars?: string[] }; boolean?: boolean; results?: { bindings: Record<string, JsonTerm>[] } };
  if (typeof json.boolean === 'boolean') return { kind: 'boolean', value: json.boolean };
  const rows = (json.results?.bindings ?? []).map((b) => new Map(Object.entries(b).map(([k, t]) => [k, jsonTerm(t)])));
  return { kind: 'bindings', variables: json.head.vars ?? [], rows };
}

function jsonTerm(t: JsonTerm): RDF.Term {
  if (t.type === 'uri') return namedNode(t.value);
  if (t.type === 'bnode') return blankNode(t.value);
  return literal(t.value, t['xml:lang'] ? t['xml:lang'] : t.datatype ? namedNode(t.datatype) : undefined);
}

// ---- TSV and CSV ----

/** SPARQL TSV: each value a term in SPARQL/Turtle syntax. */
export function parseTsv(text: string): Answer {
  const [head = '', ...lines] = text.replace(/\r?\n$/, '').split(/\r?\n/);
  const variables = head.split('\t').map((v) => v.replace(/^\?/, ''));
  const rows = lines.map((line) => {
    const row: Row = new Map();
    line.split('\t').forEach((value, i) => value !== '' && row.set(variables[i]!, turtleTerm(value)));
    return row;
  });
  return { kind: 'bindings', variables, rows };
}

/** One term in Turtle syntax (numbers and booleans included). */
function turtleTerm(text: string): RDF.Term {
  return new Parser({ format: 'text/turtle' }).parse(`<urn:s> <urn:p> ${text} .`)[0]!.object;
}

/** SPARQL CSV: values as text; `_:x` read as a blank node, everything else as a simple literal. */
export function parseCsv(text: string): Answer {
  const [head, ...records] = csvRecords(text);
  const variables = head ?? [];
  const rows = records.map((fields) => {
    const row: Row = new Map();
    fields.forEach((value, i) => value !== '' && row.set(variables[i]!, csvValue(value)));
    return row;
  });
  return { kind: 'bindings', variables, rows };
}

function csvValue(value: string): RDF.Term {
  return value.startsWith('_:') ? blankNode(value.slice(2)) : literal(value);
}

/** An answer's solutions as CSV keeps them (what `parseCsv` reads back). */
export function asCsv(answer: Answer): Answer {
  if (answer.kind !== 'bindings') return answer;
  const text = (t: RDF.Term) => (t.termType === 'BlankNode' ? t : literal(t.value));
  return { ...answer, rows: answer.rows.map((row) => new Map([...row].map(([k, t]) => [k, text(t)]))) };
}

/** CSV records (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks). */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') record.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field), records.push(record), (record = []), (field = '');
    } else field += c;
  }
  if (field !== '' || record.length) record.push(field), records.push(record);
  return records;
}

// ---- result sets in RDF ----

/** A DAWG result set written in RDF (`rs:ResultSet`, `rs:solution`, `rs:binding`, `rs:index`). */
function resultSetOf(quads: RDF.Quad[]): Answer {
  const objects = (s: RDF.Term, p: string) => quads.filter((q) => q.subject.equals(s) && q.predicate.value === RS + p).map((q) => q.object);
  const set = quads.find((q) => q.predicate.value === RDF_TYPE && q.object.value === `${RS}ResultSet`)!.subject;
  const boolean = objects(set, 'boolean')[0];
  if (boolean) return { kind: 'boolean', value: boolean.value === 'true' };
  const solutions = objects(set, 'solution').map((s) => {
    const row: Row = new Map();
    for (const b of objects(s, 'binding')) row.set(objects(b, 'variable')[0]!.value, objects(b, 'value')[0]!);
    return { row, index: Number(objects(s, 'index')[0]?.value ?? 0) };
  });
  solutions.sort((a, b) => a.index - b.index);
  return { kind: 'bindings', variables: objects(set, 'resultVariable').map((v) => v.value), rows: solutions.map((s) => s.row) };
}
