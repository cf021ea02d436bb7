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

/** A term's N-Triples bytes: cached on catalod's terms, encoded on the fly for others. */
function termBytes(t: RDF.Term): Buffer {
  return t instanceof Iri || t instanceof Lit ? t.ntBytes : Buffer.from(termToNt(t));
}

const SPACE = 0x20;
const END = Buffer.from(' .\n');

/**
 * One record's quads as N-Quads (or N-Triples) bytes. Copying each term's cached UTF-8 into one
 * buffer is several times cheaper than building a string and encoding it on write.
 */
export function quadsToBytes(quads: readonly RDF.Quad[], withGraph: boolean): Buffer {
  const parts: Buffer[] = [];
  let size = 0;
  for (const q of quads) {
    const g = withGraph && q.graph.termType !== 'DefaultGraph' ? termBytes(q.graph) : undefined;
    const s = termBytes(q.subject), p = termBytes(q.predicate), o = termBytes(q.object);
    parts.push(s, p, o, g ?? END);
    size += s.length + p.length + o.length + 2 + (g ? g.length + 1 : 0) + END.length;
  }
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (let i = 0; i < parts.length; i += 4) {
    at += parts[i]!.copy(out, at);
    out[at++] = SPACE;
    at += parts[i + 1]!.copy(out, at);
    out[at++] = SPACE;
    at += parts[i + 2]!.copy(out, at);
    const g = parts[i + 3]!;
    if (g !== END) {
      out[at++] = SPACE;
      at += g.copy(out, at);
    }
    at += END.copy(out, at);
  }
  return out;
}

/** Line writer over converted records. */
export function lineWriter(withGraph: boolean): RecordWriter {
  return {
    write: (c: Converted) => quadsToBytes(c.quads, withGraph),
    end: () => '',
  };
}
