/**
 * A framed JSON-LD document per work, compacted with catalod's own context (`vocab/`), inline so
 * the document expands offline anywhere. The record's named graph wraps it, so expanding it gives
 * exactly the N-Quads.
 */
import type * as RDF from '@rdfjs/types';
import type { Converted } from '../convert.js';
import { vocabJson } from '../vocab.js';
import { Compactor } from './frame.js';
import { NS, RDF_TYPE } from '../rdf/namespaces.js';
import { jsonSequence, type RecordWriter } from './format.js';

const ARTICLE = `${NS.schema}ScholarlyArticle`;

/** catalod's JSON-LD context, as an object. */
export function catalodContext(): Record<string, unknown> {
  return vocabJson<{ '@context': Record<string, unknown> }>('catalod.context.jsonld')['@context'];
}

let compactor: Compactor | undefined;

/** Frames the quads of one record around its article (the first `schema:ScholarlyArticle`), inside the record's named graph. */
export async function framedDocument(quads: RDF.Quad[], graph: string): Promise<Record<string, unknown>> {
  const context = catalodContext();
  compactor ??= new Compactor(context, vocabJson<Record<string, unknown>>('work.frame.jsonld'));
  const root = quads.find((q) => q.predicate.value === RDF_TYPE && q.object.value === ARTICLE)?.subject.value ?? quads[0]?.subject.value ?? graph;
  return { '@context': context, '@id': graph, '@graph': compactor.frameWork(quads, root) };
}

/** `--to jsonld`: one framed document per work; an array when there are several. */
export function jsonldWriter(): RecordWriter {
  const seq = jsonSequence();
  return {
    write: async (c: Converted) => seq.add(JSON.stringify(await framedDocument(c.quads, c.iris.record), null, 2)),
    end: () => seq.end(),
  };
}
