/** N-Quads and N-Triples, written directly: one line a quad, canonical escaping, streaming. */
import type { Quad, Term } from 'n3';
import type { Converted } from '../convert.js';
import type { RecordWriter } from './format.js';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
// What canonical N-Triples escapes: controls, `"`, `\`, U+007F, U+FFFE/U+FFFF.
const NEEDS_ESCAPE = /[^ !#-[\]-~\u0080-\uFFFD]/;
const ESCAPE_ALL = /[^ !#-[\]-~\u0080-\uFFFD]/g;
const NAMED: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f' };

function escapeChar(c: string): string {
  return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A term in N-Triples syntax. */
export function termToNt(t: Term): string {
  switch (t.termType) {
    case 'NamedNode':
      return `<${t.value}>`;
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Literal': {
      const v = NEEDS_ESCAPE.test(t.value) ? t.value.replace(ESCAPE_ALL, escapeChar) : t.value;
      if (t.language) return `"${v}"@${t.language}`;
      return t.datatype.value === XSD_STRING ? `"${v}"` : `"${v}"^^<${t.datatype.value}>`;
    }
    default:
      return '';
  }
}

/** One quad as an N-Quads line; the graph is dropped for N-Triples. */
export function quadLine(q: Quad, withGraph: boolean): string {
  const g = withGraph && q.graph.termType !== 'DefaultGraph' ? ` ${termToNt(q.graph)}` : '';
  return `${termToNt(q.subject)} ${termToNt(q.predicate)} ${termToNt(q.object)}${g} .\n`;
}

/** Line writer over converted records. */
export function lineWriter(withGraph: boolean): RecordWriter {
  return {
    write: (c: Converted) => {
      let out = '';
      for (const q of c.quads) out += quadLine(q, withGraph);
      return out;
    },
    end: () => '',
  };
}
