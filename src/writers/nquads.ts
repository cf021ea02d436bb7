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
