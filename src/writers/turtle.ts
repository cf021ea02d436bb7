/** Turtle and TriG through n3's writer, one record after another into one document. */
import { Writer, DataFactory } from 'n3';
import type { Converted } from '../convert.js';
import { prefixes } from '../mapping/terms.js';
import type { RecordWriter, WriterOptions } from './format.js';

/** An n3 writer whose output is collected after each record, so the document streams. */
export function n3Writer(format: 'Turtle' | 'TriG', options: WriterOptions): RecordWriter {
  let chunks: string[] = [];
  const sink = { write: (chunk: string) => void chunks.push(chunk), end: () => undefined };
  const writer = new Writer(sink as never, { format, prefixes: { ...prefixes(), '': options.base }, end: false });
  const take = () => {
    const out = chunks.join('');
    chunks = [];
    return out;
  };
  return {
    write(c: Converted) {
      for (const q of c.quads) writer.addQuad(format === 'TriG' ? q : DataFactory.quad(q.subject, q.predicate, q.object));
      return take();
    },
    end() {
      return new Promise<string>((resolve, reject) => writer.end((error) => (error ? reject(error) : resolve(take()))));
    },
  };
}
