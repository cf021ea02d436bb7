/**
 * Whole-dataset dumps, streamed as `catalog.dump()` is iterated (a chunk per few milliseconds of
 * work, made when the client takes the last one, each after a turn of the event loop: memory
 * stays flat and other requests are answered meanwhile; an abort signal stops a dump at shutdown):
 * - `/dump.nq`: N-Quads, each record's triples in its named graph;
 * - `/dump.ttl`: Turtle, graphs merged;
 * - `/dump.jsonld`: one JSON-LD document in catalod's context, a named graph per record, nodes
 *   written with compact IRIs and explicit value objects (no JSON-LD processing per record).
 */
import type * as RDF from '@rdfjs/types';
import { Writer } from 'n3';
import type { Catalog } from '../catalog.js';
import { quadLine } from '../writers/nquads.js';
import { catalodContext } from '../writers/jsonld.js';
import { prefixes } from '../mapping/terms.js';

/** Quads written at a time; a chunk is as many such steps as fit in its time slice. */
const STEP = 100;
/** Milliseconds of work a chunk may take before the event loop gets a turn. */
const SLICE_MS = 8;
/** Characters a chunk holds at most. */
const CHUNK_CHARS = 256 * 1024;
const encoder = new TextEncoder();

export interface DumpOptions {
  /**
   * Stops the dump when aborted (the server shutting down): the response is cut off, never ended
   * as if complete, so a client can tell a partial dump from a whole one.
   */
  signal?: AbortSignal;
}

/** Resolves once the event loop has served what was waiting (I/O, timers): a chunk never follows a chunk without a turn for other requests. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Up to `count` more quads. */
function take(iterator: Iterator<RDF.Quad>, count: number): RDF.Quad[] {
  const out: RDF.Quad[] = [];
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    out.push(next.value);
    if (out.length === count) break;
  }
  return out;
}

/**
 * A byte stream: `start`, the texts `write` makes of successive batches of quads, then `end()`.
 * A chunk is made only when the reader asks for one (the response's backpressure), takes at most
 * `SLICE_MS` of work, and is made only after the event loop has had a turn: a client reading as fast as loopback allows would otherwise have
 * every write chained in microtasks, and the server would answer nothing else until the end.
 */
function streamOf(quads: Iterable<RDF.Quad>, write: (batch: RDF.Quad[]) => string, end: () => string, start = '', options: DumpOptions = {}): ReadableStream<Uint8Array> {
  const { signal } = options;
  let iterator: Iterator<RDF.Quad> | undefined;
  let started = false;
  let finished = false;
  let onAbort: (() => void) | undefined;
  const stop = () => {
    finished = true;
    iterator?.return?.();
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (!signal) return;
      onAbort = () => {
        if (finished) return;
        stop();
        controller.error(signal.reason ?? new Error('the dump was stopped'));
      };
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    },
    async pull(controller) {
      await yieldToEventLoop();
      if (finished) return;
      iterator ??= quads[Symbol.iterator]();
      let text = started ? '' : start;
      started = true;
      const until = performance.now() + SLICE_MS;
      let done = false;
      do {
        const batch = take(iterator, STEP);
        done = batch.length < STEP;
        if (batch.length) text += write(batch);
      } while (!done && text.length < CHUNK_CHARS && performance.now() < until);
      if (done) text += end();
      if (text) controller.enqueue(encoder.encode(text));
      if (done) {
        stop();
        controller.close();
      }
    },
    cancel() {
      stop();
    },
  });
}

/**
 * N-Quads of the whole catalogue.
 * @example
 * return c.body(nquadsDump(catalog, { signal: shutdown.signal }), 200, { 'Content-Type': 'application/n-quads' });
 */
export function nquadsDump(catalog: Catalog, options: DumpOptions = {}): ReadableStream<Uint8Array> {
  return streamOf(catalog.dump(), (batch) => batch.map((q) => quadLine(q, true)).join(''), () => '', '', options);
}

/**
 * Turtle of the whole catalogue, graphs merged (a triple several records state may be written more than once; it is one triple).
 * @example
 * return c.body(turtleDump(catalog), 200, { 'Content-Type': 'text/turtle' });
 */
export function turtleDump(catalog: Catalog, options: DumpOptions = {}): ReadableStream<Uint8Array> {
  let chunks: string[] = [];
  const sink = { write: (chunk: string) => void chunks.push(chunk), end: () => undefined };
  const writer = new Writer(sink as never, { format: 'Turtle', prefixes: prefixes(), end: false });
  const take = () => {
    const out = chunks.join('');
    chunks = [];
    return out;
  };
  return streamOf(
    catalog.dump(),
    (batch) => {
      for (const q of batch) writer.addQuad(q.subject as never, q.predicate as never, q.object as never);
      return take();
    },
    () => {
      // n3 writes the closing '.' to the sink synchronously.
      writer.end(() => undefined);
      return take();
    },
    '',
    options,
  );
}

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/** Compact IRIs with catalod's prefixes (`schema:name`); an IRI no prefix fits, as it is. */
function compactor(): (iri: string) => string {
  const table = Object.entries(prefixes()).sort((a, b) => b[1].length - a[1].length);
  return (iri) => {
    for (const [prefix, ns] of table) if (iri.startsWith(ns) && /^[A-Za-z_][\w.-]*$/.test(iri.slice(ns.length)) && !iri.slice(ns.length).endsWith('.')) return `${prefix}:${iri.slice(ns.length)}`;
    return iri;
  };
}

/** One node object: `@id`, `@type`, and each predicate's values as `{"@id"}` or value objects. */
function nodeJson(subject: RDF.Term, quads: RDF.Quad[], compact: (iri: string) => string): Record<string, unknown> {
  const node: Record<string, unknown> = { '@id': subject.termType === 'BlankNode' ? `_:${subject.value}` : subject.value };
  const types: string[] = [];
  const props = new Map<string, unknown[]>();
  for (const q of quads) {
    const o = q.object;
    if (q.predicate.value === RDF_TYPE && o.termType === 'NamedNode') {
      types.push(compact(o.value));
      continue;
    }
    let value: unknown;
    if (o.termType === 'NamedNode') value = { '@id': o.value };
    else if (o.termType === 'BlankNode') value = { '@id': `_:${o.value}` };
    else if (o.termType === 'Literal') {
      const lit = o as RDF.Literal;
      value = lit.language ? { '@value': lit.value, '@language': lit.language } : lit.datatype.value === XSD_STRING ? { '@value': lit.value } : { '@value': lit.value, '@type': compact(lit.datatype.value) };
    } else continue;
    const key = compact(q.predicate.value);
    const list = props.get(key);
    if (list) list.push(value);
    else props.set(key, [value]);
  }
  if (types.length) node['@type'] = types;
  for (const [key, values] of props) node[key] = values;
  return node;
}

/**
 * JSON-LD of the whole catalogue: `{"@context": catalod's, "@graph": [{"@id": record, "@graph": [nodes…]}, …]}`.
 * @example
 * return c.body(jsonldDump(catalog), 200, { 'Content-Type': 'application/ld+json' });
 */
export function jsonldDump(catalog: Catalog, options: DumpOptions = {}): ReadableStream<Uint8Array> {
  const compact = compactor();
  let graphs = 0;
  // The quads of the graph being written, kept until the graph ends (dumps come graph by graph).
  let current: { graph: string; quads: RDF.Quad[] } | undefined;
  const flush = (): string => {
    if (!current) return '';
    const bySubject = new Map<string, { subject: RDF.Term; quads: RDF.Quad[] }>();
    for (const q of current.quads) {
      const key = `${q.subject.termType}:${q.subject.value}`;
      const entry = bySubject.get(key);
      if (entry) entry.quads.push(q);
      else bySubject.set(key, { subject: q.subject, quads: [q] });
    }
    const nodes = [...bySubject.values()].map((e) => nodeJson(e.subject, e.quads, compact));
    const json = current.graph ? JSON.stringify({ '@id': current.graph, '@graph': nodes }) : nodes.map((n) => JSON.stringify(n)).join(',\n');
    current = undefined;
    return json ? (graphs++ ? ',\n' : '') + json : '';
  };
  return streamOf(
    catalog.dump(),
    (batch) => {
      let out = '';
      for (const q of batch) {
        const graph = q.graph.termType === 'DefaultGraph' ? '' : q.graph.value;
        if (current && current.graph !== graph) out += flush();
        current ??= { graph, quads: [] };
        current.quads.push(q);
      }
      return out;
    },
    () => `${flush()}\n]}\n`,
    `{"@context": ${JSON.stringify(catalodContext())},\n"@graph": [\n`,
    options,
  );
}
