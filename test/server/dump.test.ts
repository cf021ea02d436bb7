/**
 * Dumps: every quad, in each syntax; a chunk is made only when the client takes one; an abort
 * cuts the dump off (never ended as if whole); and a real server keeps answering `/health`
 * while it streams a dump of 300,000 quads to clients reading as fast as loopback allows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import jsonld from 'jsonld';
import type { Catalog } from '../../src/catalog.js';
import { jsonldDump, nquadsDump, turtleDump } from '../../src/server/dump.js';
import { offlineLoader } from '../../src/jsonld-loader.js';
import { parse } from '../helpers.js';
import { BASE, testServer, type TestServer } from './helpers.js';
import { idleHealth, listen, probe, typical, type Listening } from './probe.js';

const { namedNode, literal, quad } = DataFactory;

/** Ten statements of a generated record, in its own graph. */
function recordQuads(i: number): RDF.Quad[] {
  const record = namedNode(`${BASE}record/gen-${i}`);
  const work = namedNode(`${BASE}work/record/gen-${i}`);
  const p = (local: string) => namedNode(`http://schema.org/${local}`);
  return [
    quad(record, namedNode('http://purl.org/dc/terms/isPartOf'), namedNode(`${BASE}collection/pubmed`)),
    quad(record, namedNode('http://purl.org/dc/terms/identifier'), literal(`gen-${i}`)),
    quad(record, namedNode('http://xmlns.com/foaf/0.1/primaryTopic'), work),
    quad(work, p('name'), literal(`Generated work number ${i}, with a title of some length`)),
    quad(work, p('headline'), literal(`Generated work number ${i}`, 'en')),
    quad(work, p('datePublished'), literal(`20${String(i % 25).padStart(2, '0')}-01-01`, namedNode('http://www.w3.org/2001/XMLSchema#date'))),
    quad(work, p('isPartOf'), namedNode(`${BASE}journal/j${i % 2000}`)),
    quad(work, p('author'), namedNode(`${work.value}/author/1`)),
    quad(namedNode(`${work.value}/author/1`), p('name'), literal(`Author ${i}`)),
    quad(namedNode(`${work.value}/author/1`), p('familyName'), literal(`Family ${i % 977}`)),
  ].map((q) => quad(q.subject, q.predicate, q.object, record));
}

/** A catalogue of the seed and `records` generated records, loaded straight into the index. */
async function catalogue(records: number): Promise<TestServer> {
  const server = await testServer();
  for (let i = 0; i < records; i++) server.catalog.store.replaceGraph(namedNode(`${BASE}record/gen-${i}`), recordQuads(i));
  server.catalog.store.index(true);
  return server;
}

/** Every chunk of a stream, as text. */
async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/** The catalogue with its dump counted: how many quads the dump has taken so far. */
function counted(catalog: Catalog): { catalog: Catalog; taken: () => number } {
  let taken = 0;
  const dump = function* () {
    for (const q of catalog.dump()) {
      taken++;
      yield q;
    }
  };
  return { catalog: Object.assign(Object.create(catalog) as Catalog, { dump }), taken: () => taken };
}

const key = (q: RDF.Quad) => `${q.subject.value} ${q.predicate.value} ${q.object.termType}:${q.object.value}:${q.object.termType === 'Literal' ? `${(q.object as RDF.Literal).language}^${(q.object as RDF.Literal).datatype.value}` : ''} ${q.graph.value}`;

describe('dumps of 3,000 records', () => {
  let small: TestServer;
  let expected: Set<string>;
  beforeAll(async () => {
    small = await catalogue(3000);
    expected = new Set([...small.catalog.dump()].map(key));
  });

  it('/dump.nq holds every quad, each in its record graph', async () => {
    const quads = parse(await readAll(nquadsDump(small.catalog)));
    expect(quads.length).toBe(small.catalog.stats().quads);
    expect(new Set(quads.map(key))).toEqual(expected);
  });

  it('/dump.ttl holds every triple', async () => {
    const quads = parse(await readAll(turtleDump(small.catalog)), 'text/turtle');
    const triples = (keys: Iterable<string>) => new Set([...keys].map((k) => k.slice(0, k.lastIndexOf(' '))));
    expect(triples(quads.map(key))).toEqual(triples(expected));
  });

  it('/dump.jsonld expands to every quad', async () => {
    const doc = JSON.parse(await readAll(jsonldDump(small.catalog)));
    const nquads = (await jsonld.toRDF(doc, { format: 'application/n-quads', documentLoader: offlineLoader as never } as never)) as unknown as string;
    expect(new Set(parse(nquads).map(key))).toEqual(expected);
  }, 60_000);

  it('makes a chunk only when the reader takes one (backpressure)', async () => {
    const { catalog, taken } = counted(small.catalog);
    const reader = nquadsDump(catalog).getReader();
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The chunk read, and one made ahead for the reader; then nothing until the reader reads.
    const ahead = taken();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(taken()).toBe(ahead);
    expect(ahead).toBeLessThan(small.catalog.stats().quads / 2);
    await reader.read();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(taken()).toBeGreaterThan(ahead);
    await reader.cancel();
  });

  it('stops when its signal is aborted: the next read fails and no more quads are taken', async () => {
    for (const make of [nquadsDump, turtleDump, jsonldDump]) {
      const { catalog, taken } = counted(small.catalog);
      const controller = new AbortController();
      const reader = make(catalog, { signal: controller.signal }).getReader();
      await reader.read();
      controller.abort(new Error('server stopping'));
      const before = taken();
      await expect(reader.read()).rejects.toThrow('server stopping');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(taken()).toBe(before);
      expect(before).toBeLessThan(small.catalog.stats().quads);
    }
  });

  it('does not start at all when its signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(readAll(nquadsDump(small.catalog, { signal: controller.signal }))).rejects.toThrow();
  });

  it('lets timers run between chunks even when the reader never waits', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const started = performance.now();
    const text = await readAll(nquadsDump(small.catalog));
    const ms = performance.now() - started;
    clearInterval(timer);
    expect(text.length).toBeGreaterThan(0);
    // Each chunk waits for a turn of the event loop, so a 1 ms timer fires between chunks.
    expect(ticks).toBeGreaterThanOrEqual(Math.min(10, Math.floor(ms / 10)));
  });
});

describe('a real server streaming a dump of 300,000 quads', () => {
  let big: TestServer;
  let http: Listening;
  /** `/health` on this machine when the server is idle: what the machine's own load adds. */
  let idle: number;
  beforeAll(async () => {
    big = await catalogue(30_000);
    http = await listen(big.app);
    idle = await idleHealth(http.url);
  }, 120_000);
  afterAll(async () => {
    await http?.close();
  });

  it('answers /health within 200 ms while one dump streams, and the dump is whole', async () => {
    const { loads, health } = await probe(http.url, [[{ path: '/dump.nq' }]]);
    const [dump] = loads[0]!;
    expect(dump!.status).toBe(200);
    expect(dump!.bytes).toBeGreaterThan(big.catalog.stats().quads * 50);
    expect(health.length).toBeGreaterThan(10);
    // Within 200 ms, beyond what this machine adds to an idle server's /health (the stall this
    // guards against held every /health for the whole dump or render: seconds).
    expect(typical(health)).toBeLessThan(200 + idle);
    expect(Math.max(...health)).toBeLessThan(1000 + idle);
  }, 120_000);

  it('answers /health within 200 ms while three dumps (N-Quads, Turtle, JSON-LD) stream at once', async () => {
    const { loads, health } = await probe(http.url, [[{ path: '/dump.nq' }], [{ path: '/dump.ttl' }], [{ path: '/dump.jsonld' }]]);
    for (const [load] of loads) expect(load!.status, load!.path).toBe(200);
    expect(health.length).toBeGreaterThan(10);
    // Within 200 ms, beyond what this machine adds to an idle server's /health (the stall this
    // guards against held every /health for the whole dump or render: seconds).
    expect(typical(health)).toBeLessThan(200 + idle);
    expect(Math.max(...health)).toBeLessThan(1000 + idle);
  }, 120_000);

  it('cuts a dump off when the server stops: the client sees it end short, and the server closes', async () => {
    const controller = new AbortController();
    const own = await listen((await import('../../src/server/app.js')).createApp({ catalog: big.catalog, log: () => undefined, shutdown: controller.signal }));
    const res = await fetch(`${own.url}dump.nq`);
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    let failed = false;
    try {
      while (!(await reader.read()).done);
    } catch {
      failed = true;
    }
    expect(failed).toBe(true);
    await own.close();
  }, 60_000);
});
