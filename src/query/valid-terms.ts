/**
 * Only valid RDF leaves the engine. `IRI("http://x/a b")` or `IRI("…\"<…>")` makes an IRI no RDF
 * syntax can write: N-Triples and Turtle would be broken, JSON-LD not even JSON. So:
 * - CONSTRUCT / DESCRIBE: a triple with such an IRI is left out of the graph, as SPARQL 1.1
 *   §16.2 says of a template instantiation that is not valid RDF;
 * - SELECT: such a value is left unbound in its row, in every result format alike (TSV could not
 *   write it, and one query should give the same rows whatever the format).
 */
import type * as RDF from '@rdfjs/types';

/** Characters RFC 3987 and the RDF syntaxes never allow in an IRI (the SPARQL IRIREF exclusions). */
const INVALID_IRI = /[\u0000-\u0020<>"{}|^`\\]/;

/**
 * True when a term can be written in every RDF syntax: a literal's datatype counts too.
 * @example
 * validTerm(DataFactory.namedNode('http://x/a b')); // false
 */
export function validTerm(term: RDF.Term): boolean {
  if (term.termType === 'NamedNode') return !INVALID_IRI.test(term.value);
  if (term.termType === 'Literal') return !INVALID_IRI.test(term.datatype.value);
  if (term.termType === 'Quad') return validQuad(term);
  return true;
}

/** True when every term of a quad is valid. */
export function validQuad(quad: RDF.BaseQuad): boolean {
  return validTerm(quad.subject) && validTerm(quad.predicate) && validTerm(quad.object) && validTerm(quad.graph);
}

/**
 * A row without its invalid values (the same row when all are valid).
 * @example
 * validBindings(row); // row.filter(validTerm), without a copy when nothing is dropped
 */
export function validBindings(row: RDF.Bindings): RDF.Bindings {
  for (const [, term] of row) if (!validTerm(term)) return row.filter((t) => validTerm(t));
  return row;
}
