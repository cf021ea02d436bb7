/** Turtle and TriG through n3's writer, one record after another into one document. */
import { Writer, DataFactory } from 'n3';
import type * as RDF from '@rdfjs/types';
import type { Converted } from '../convert.js';
import { prefixes } from '../mapping/terms.js';
import type { RecordWriter, WriterOptions } from './format.js';

/** An n3 writer whose output is collected after each record, so the document streams. */
export function n3Writer(format: 'Turtle' | 'TriG', options: WriterOptions): RecordWriter {
  let chunks: string[] = [];
  const sink = { write: (chunk: string) => void chunks.push(chunk), end: () => undefined };
  const writer = new Writer(sink as never, { format, prefixes: prefixes(), end: false });
  const take = () => {
    const out = chunks.join('');
    chunks = [];
    return out;
  };
  return {
    write(c: Converted) {
      for (const q of bySubject(c.quads)) writer.addQuad(format === 'TriG' ? q : DataFactory.quad(q.subject, q.predicate, q.object));
      return take();
    },
    end() {
      return new Promise<string>((resolve, reject) => writer.end((error) => (error ? reject(error) : resolve(take()))));
    },
  };
}

/** The quads regrouped by subject (first-seen order kept), so each subject is written once. */
function bySubject(quads: RDF.Quad[]): RDF.Quad[] {
  const groups = new Map<string, RDF.Quad[]>();
  for (const q of quads) {
    const group = groups.get(q.subject.value);
    if (group) group.push(q);
    else groups.set(q.subject.value, [q]);
  }
  return [...groups.values()].flat();
}
