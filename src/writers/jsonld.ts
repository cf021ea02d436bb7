/**
 * A framed JSON-LD document per work, compacted with catalod's own context (`vocab/`), inline so
 * the document expands offline anywhere. The record's named graph wraps it, so expanding it gives
 * exactly the N-Quads.
 */
import type * as RDF from '@rdfjs/types';
import type { Converted } from '../convert.js';
import { offlineLoader } from '../jsonld-loader.js';
import { vocabJson } from '../vocab.js';
import { termToNt } from './nquads.js';
import { jsonSequence, type RecordWriter } from './format.js';

/** catalod's JSON-LD context, as an object. */
export function catalodContext(): Record<string, unknown> {
  return vocabJson<{ '@context': Record<string, unknown> }>('catalod.context.jsonld')['@context'];
}

/** Frames the quads of one record around its article. */
export async function framedDocument(quads: RDF.Quad[], graph: string): Promise<Record<string, unknown>> {
  // Loaded on first use: jsonld pulls in an HTTP stack that every other format would pay for at start-up.
  const { default: jsonld } = await import('jsonld');
  const nquads = quads.map((q) => `${termToNt(q.subject)} ${termToNt(q.predicate)} ${termToNt(q.object)} .\n`).join('');
  const expanded = await jsonld.fromRDF(nquads, { format: 'application/n-quads' });
  const context = catalodContext();
  const frame = { '@context': context, ...vocabJson<Record<string, unknown>>('work.frame.jsonld') };
  const framed = await jsonld.frame(expanded, frame as never, { documentLoader: offlineLoader as never, omitGraph: true } as never);
  const { '@context': _, ...body } = framed as unknown as Record<string, unknown>;
  return { '@context': context, '@id': graph, '@graph': [body] };
}

/** `--to jsonld`: one framed document per work; an array when there are several. */
export function jsonldWriter(): RecordWriter {
  const seq = jsonSequence();
  return {
    write: async (c: Converted) => seq.add(JSON.stringify(await framedDocument(c.quads, c.iris.record), null, 2)),
    end: () => seq.end(),
  };
}
