/** N-Quads and N-Triples, written directly: one line a quad, canonical escaping, streaming. */
import type * as RDF from '@rdfjs/types';
import type { Converted } from '../convert.js';
import { Iri, Lit, escapeLiteral } from '../rdf/terms.js';
import type { RecordWriter } from './format.js';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/** A term in N-Triples syntax (catalod's own terms carry it ready-made). */
export function termToNt(t: RDF.Term): string {
  if (t instanceof Iri || t instanceof Lit) return t.nt;
  switch (t.termType) {
    case 'NamedNode':
      return `<${t.value}>`;
    case 'BlankNode':
      return `_:${t.value}`;
    case 'Literal': {
      const v = `"${escapeLiteral(t.value)}"`;
      if (t.language) return `${v}@${t.language}`;
      return t.datatype.value === XSD_STRING ? v : `${v}^^<${t.datatype.value}>`;
    }
    default:
      return '';
  }
}

/** One quad as an N-Quads line; the graph is dropped for N-Triples. */
export function quadLine(q: RDF.Quad, withGraph: boolean): string {
  const g = withGraph && q.graph.termType !== 'DefaultGraph' ? ` ${termToNt(q.graph)}` : '';
  return `${termToNt(q.subject)} ${termToNt(q.predicate)} ${termToNt(q.object)}${g} .\n`;
}

const SPACE = 0x20;
const END = Buffer.from(' .\n');

/**
 * Writes one record's lines straight into a reused scratch buffer: IRIs (reused by many quads)
 * are copied from their cached UTF-8, literals are encoded in place. Building a string and
 * encoding it on write cost several times more.
 */
class LineBuffer {
  private buf = Buffer.allocUnsafe(1 << 20);
  private at = 0;

  /** A term: its cached bytes for catalod's IRIs, encoded in place otherwise. */
  term(t: RDF.Term): void {
    if (t instanceof Iri) return this.bytes(t.ntBytes);
    const text = t instanceof Lit ? t.nt : termToNt(t);
    this.room(text.length * 3);
    this.at += this.buf.write(text, this.at);
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.at);
    this.at += b.length;
  }

  space(): void {
    this.room(1);
    this.buf[this.at++] = SPACE;
  }

  /** What was written since the last take, as a buffer of its own. */
  take(): Buffer {
    const out = Buffer.allocUnsafe(this.at);
    this.buf.copy(out, 0, 0, this.at);
    this.at = 0;
    return out;
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(bigger, 0, 0, this.at);
    this.buf = bigger;
  }
}

const scratch = new LineBuffer();

/** One record's quads as N-Quads (or N-Triples, without graphs) bytes. */
export function quadsToBytes(quads: readonly RDF.Quad[], withGraph: boolean): Buffer {
  for (const q of quads) {
    scratch.term(q.subject);
    scratch.space();
    scratch.term(q.predicate);
    scratch.space();
    scratch.term(q.object);
    if (withGraph && q.graph.termType !== 'DefaultGraph') {
      scratch.space();
      scratch.term(q.graph);
    }
    scratch.bytes(END);
  }
  return scratch.take();
}

/** Line writer over converted records. */
export function lineWriter(withGraph: boolean): RecordWriter {
  return {
    write: (c: Converted) => quadsToBytes(c.quads, withGraph),
    end: () => '',
  };
}
