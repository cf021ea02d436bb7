/**
 * How each output format splits between the conversion workers and the main thread, so that
 * `convert --jobs N` writes exactly the bytes `--jobs 1` writes. A worker makes what depends on
 * one record alone (its N-Quads bytes, its JSON document, its HTML snippet, its citation); the main
 * thread keeps whatever is shared across records (the JSON array joining, the blank line between snippets, and
 * for Turtle, TriG and RDF/XML the whole writer, whose prefixes and nesting span the document).
 * Each split below mirrors its writer in src/writers/; test/commands/jobs.test.ts compares the
 * two paths byte for byte for every format.
 */
import type { Converted } from '../convert.js';
import { Iri } from '../rdf/terms.js';
import { jsonSequence } from '../writers/format.js';
import { formatNamed } from '../writers/index.js';
import { htmlSnippet } from '../writers/html.js';
import { citationJoiner, citationPart, type CitationKind } from '../writers/citation.js';
import { framedDocument } from '../writers/jsonld.js';
import { quadsToBytes } from '../writers/nquads.js';
import { schemaEmbed } from '../writers/schema.js';
import { packQuads, unpackQuads, type PackedGraph } from './packed.js';

/** What a worker makes of one record for the main thread's writer. */
export type RecordChunk = { bytes: Uint8Array } | { text: string } | { graph: PackedGraph; iris: { work: string; record: string } };

/** One format's split: the worker's part per record, and the main thread's writer over the parts. */
export interface FormatSplit {
  /** Worker side: the part of the output that depends on this record alone. */
  chunk(c: Converted, base: string): RecordChunk | Promise<RecordChunk>;
  /** Main side: a writer over the chunks, in input order. */
  joiner(base: string): ChunkJoiner;
}

/** The main thread's writer over worker chunks (same contract as RecordWriter). */
export interface ChunkJoiner {
  /** Output text or bytes for one record's chunk. */
  write(chunk: RecordChunk): string | Uint8Array | Promise<string | Uint8Array>;
  /** Text that closes the output. */
  end(): string | Promise<string>;
}

/** Bytes as the worker made them (N-Quads, N-Triples: stateless line writers). */
const bytesOf = (chunk: RecordChunk): Uint8Array => ('bytes' in chunk ? chunk.bytes : fail(chunk));
/** Text as the worker made it. */
const textOf = (chunk: RecordChunk): string => ('text' in chunk ? chunk.text : fail(chunk));

/** A chunk of the wrong kind: a bug in the split table, never input-dependent. */
function fail(chunk: RecordChunk): never {
  throw new Error(`conversion pool: unexpected chunk ${Object.keys(chunk).join(',')}`);
}

/** lineWriter (nquads.ts): each record's lines alone. */
function lines(withGraph: boolean): FormatSplit {
  return {
    chunk: (c) => ({ bytes: quadsToBytes(c.quads, withGraph) }),
    joiner: () => ({ write: bytesOf, end: () => '' }),
  };
}

/** jsonldWriter and schemaWriter: the document per record, joined by jsonSequence here. */
function json(doc: (c: Converted, base: string) => Promise<string> | string): FormatSplit {
  return {
    chunk: async (c, base) => ({ text: await doc(c, base) }),
    joiner: () => {
      const seq = jsonSequence();
      return { write: (chunk) => seq.add(textOf(chunk)), end: () => seq.end() };
    },
  };
}

/**
 * Turtle, TriG, RDF/XML: the real writer runs here on the record's quads rebuilt from the worker's
 * packed graph. These writers read `quads` only (and `iris`, given too), never `work`.
 */
function whole(name: string): FormatSplit {
  return {
    chunk: (c) => ({ graph: packQuads(c.quads), iris: { work: c.iris.work, record: c.iris.record } }),
    joiner: (base) => {
      const writer = formatNamed(name)!.create({ base });
      return {
        write: (chunk) => {
          if (!('graph' in chunk)) fail(chunk);
          const quads = unpackQuads(chunk.graph, new Iri(chunk.iris.record));
          return writer.write({ ok: true, quads, iris: chunk.iris } as unknown as Converted);
        },
        end: () => writer.end(),
      };
    },
  };
}

/** citationWriter (citation.ts): each record's entry made by citation-js on a worker (a reference costs tens of milliseconds), joined here. */
function citations(kind: CitationKind): FormatSplit {
  return {
    chunk: (c) => ({ text: citationPart(c, kind) }),
    joiner: () => {
      const joiner = citationJoiner(kind);
      return { write: (chunk) => joiner.add(textOf(chunk)), end: () => joiner.end() };
    },
  };
}

const SPLITS: Record<string, FormatSplit> = {
  nquads: lines(true),
  ntriples: lines(false),
  jsonld: json(async (c) => JSON.stringify(await framedDocument(c.quads, c.iris.record), null, 2)),
  schema: json((c, base) => JSON.stringify(schemaEmbed(c, base), null, 2)),
  html: {
    chunk: (c, base) => ({ text: htmlSnippet(c, base) }),
    joiner: () => {
      let count = 0;
      return { write: (chunk) => (count++ ? '\n' : '') + textOf(chunk), end: () => '' };
    },
  },
  turtle: whole('turtle'),
  trig: whole('trig'),
  rdfxml: whole('rdfxml'),
  bibtex: citations('bibtex'),
  ris: citations('ris'),
  csl: citations('csl'),
  citation: citations('citation'),
};

/**
 * The split of a format, or undefined for a format not listed here (convert then runs it on one
 * thread, which is always right).
 * @example
 * splitFor('nquads')!.joiner('http://localhost:3000/').write({ bytes }); // bytes
 */
export function splitFor(format: string): FormatSplit | undefined {
  return Object.hasOwn(SPLITS, format) ? SPLITS[format] : undefined;
}
