/** One string per distinct triple (graph ignored), for merging graphs: each triple once. */
import type * as RDF from '@rdfjs/types';
import { termToId } from 'n3';

/** The triple's key: equal for equal subject, predicate and object, whatever the graph. */
export function tripleKey(q: RDF.Quad): string {
  return `${termToId(q.subject as never)} ${termToId(q.predicate as never)} ${termToId(q.object as never)}`;
}
