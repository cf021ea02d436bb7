/**
 * Answers computed outside the engine (a SPARQL store's, read back by src/remote/forward.ts)
 * written exactly as the embedded engine writes its own: the same serialisers, through an engine
 * that never evaluates a query. So the modes answer in the same bytes, and only query/ knows
 * Comunica.
 */
import type * as RDF from '@rdfjs/types';
import { QueryEngine } from '@comunica/query-sparql-rdfjs';
import { booleanBody, quadsBody, rowsBody } from './execute.js';

/**
 * Writes rows, booleans and quads in a negotiated media type.
 * @example
 * const writer = new AnswerWriter();
 * await writer.boolean(true, 'application/sparql-results+json'); // '{"head":{},"boolean":true}\n'
 */
export class AnswerWriter {
  private readonly engine = new QueryEngine();

  /** A SELECT answer (SPARQL JSON, XML, CSV, TSV). */
  rows(vars: string[], rows: Record<string, RDF.Term | undefined>[], mediaType: string): Promise<string> {
    return rowsBody(this.engine, vars, rows, mediaType);
  }

  /** An ASK answer. */
  boolean(value: boolean, mediaType: string): Promise<string> {
    return booleanBody(this.engine, value, mediaType);
  }

  /** A CONSTRUCT or DESCRIBE answer (Turtle, N-Triples, N-Quads, JSON-LD, RDF/XML). */
  quads(quads: RDF.Quad[], mediaType: string): Promise<string> {
    return quadsBody(this.engine, quads, mediaType);
  }
}
