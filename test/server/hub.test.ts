/**
 * A hub resource (the collection, the institution, the journal every record links to) with
 * 30,500 incoming links: its description comes a page at a time in every format, pages link on
 * (hydra:next in the RDF, `Link: rel="next"`), walking them gives every link once, and a real
 * server keeps answering `/health` while hub pages are rendered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { convertSeed, parse } from '../helpers.js';
import { BASE, mediaType, parseJsonld, parseRdfXml, testServer, type TestServer } from './helpers.js';
import { idleHealth, listen, probe, typical, type Listening } from './probe.js';
import { DESCRIBE_PAGE_SIZE, HYDRA, WORK_RECORDS_PER_PAGE } from '../../src/store/describe.js';

const { namedNode, literal, quad } = DataFactory;
const HUB = `${BASE}collection/pubmed`;
const HUB_PATH = '/collection/pubmed';
const IS_PART_OF = 'http://purl.org/dc/terms/isPartOf';
const NEXT = `${HYDRA}next`;
const SORTED = 30_000;
const DELTA = 500;
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/**
 * The seed's catalogue-record statements, made again for record `gen-i` and a work of its own:
 * each generated record links to the seed's collection, institution and journal, as a real
 * record of that catalogue would.
 */
function generatedRecord(template: RDF.Quad[], seedIris: { record: string; work: string }, i: number): RDF.Quad[] {
  const self = namedNode(`${BASE}record/gen-${i}`);
  const work = namedNode(`${BASE}work/record/gen-${i}`);
  const swap = <T extends RDF.Term>(t: T): T => (t.value === seedIris.record ? self : t.value === seedIris.work ? work : t) as T;
  return [
    ...template.map((q) => quad(swap(q.subject), q.predicate, swap(q.object))),
    quad(work, namedNode('http://schema.org/name'), literal(`Generated work ${i}`)),
    quad(work, namedNode('http://schema.org/isPartOf'), namedNode(`${BASE}journal/bmcpsychiatry`)),
  ];
}

let server: TestServer;
let expectedIncoming: Set<string>;

/** Loads `count` generated records from `from` straight into the index. */
function load(from: number, count: number, template: RDF.Quad[], seedIris: { record: string; work: string }): void {
  for (let i = from; i < from + count; i++) server.catalog.store.replaceGraph(namedNode(`${BASE}record/gen-${i}`), generatedRecord(template, seedIris, i));
}

beforeAll(async () => {
  server = await testServer();
  const seed = convertSeed(BASE);
  const { record, work } = seed.iris;
  const template = seed.quads.filter((q) => q.subject.value === record || (q.subject.value === work && q.object.value === record));
  expect(template.some((q) => q.predicate.value === IS_PART_OF && q.object.value === HUB)).toBe(true);
  load(0, SORTED, template, { record, work });
  server.catalog.store.index(true);
  // Some more after the sort: the unsorted delta is paged too.
  load(SORTED, DELTA, template, { record, work });
  expectedIncoming = new Set([record, ...Array.from({ length: SORTED + DELTA }, (_, i) => `${BASE}record/gen-${i}`)]);
}, 120_000);

const get = (path: string, accept?: string) => server.app.request(path, { headers: accept ? { accept } : {} });

/** The object of `predicate` on `subject` in `quads`. */
const objectOf = (quads: RDF.Quad[], subject: string, predicate: string) => quads.find((q) => q.subject.value === subject && q.predicate.value === predicate)?.object.value;

describe('a hub with 30,500 incoming links', () => {
  it('answers page 1 in Turtle with the first 500 links and where the next page is, in its RDF and its Link header', async () => {
    const started = performance.now();
    const res = await get(HUB_PATH, 'text/turtle');
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    const quads = parse(await res.text(), 'text/turtle');
    const incoming = quads.filter((q) => q.object.value === HUB);
    expect(incoming.length).toBe(DESCRIBE_PAGE_SIZE);
    expect(objectOf(quads, HUB, 'http://schema.org/name')).toBeDefined();
    expect(objectOf(quads, HUB, `${HYDRA}view`)).toBe(`${HUB}?page=1`);
    expect(objectOf(quads, `${HUB}?page=1`, NEXT)).toBe(`${HUB}?page=2`);
    expect(objectOf(quads, `${HUB}?page=1`, `${HYDRA}previous`)).toBeUndefined();
    expect(res.headers.get('link')).toContain(`<${HUB}?page=2>; rel="next"`);
    expect(res.headers.get('content-location')).toBe(`${HUB}.ttl?page=1`);
    expect(ms).toBeLessThan(2000);
  });

  it('answers page 2 with other links, a previous and a next page', async () => {
    const one = parse(await (await get(HUB_PATH, 'application/n-triples')).text(), 'application/n-triples');
    const res = await get(`${HUB_PATH}?page=2`, 'application/n-triples');
    expect(res.status).toBe(200);
    const two = parse(await res.text(), 'application/n-triples');
    const subjects = (quads: RDF.Quad[]) => new Set(quads.filter((q) => q.object.value === HUB).map((q) => q.subject.value));
    const [first, second] = [subjects(one), subjects(two)];
    expect(second.size).toBe(DESCRIBE_PAGE_SIZE);
    expect([...second].filter((s) => first.has(s))).toEqual([]);
    expect(objectOf(two, `${HUB}?page=2`, `${HYDRA}previous`)).toBe(`${HUB}?page=1`);
    expect(objectOf(two, `${HUB}?page=2`, NEXT)).toBe(`${HUB}?page=3`);
    expect(res.headers.get('link')).toContain(`<${HUB}?page=1>; rel="prev"`);
  });

  it('gives every incoming link once when its pages are followed by hydra:next to the last, which has none', async () => {
    const seen = new Map<string, number>();
    let next: string | undefined = `${HUB}?page=1`;
    let pages = 0;
    while (next) {
      const res = await get(new URL(next).pathname + new URL(next).search, 'application/n-triples');
      expect(res.status).toBe(200);
      const quads = parse(await res.text(), 'application/n-triples');
      for (const q of quads) if (q.object.value === HUB && q.predicate.value === IS_PART_OF) seen.set(q.subject.value, (seen.get(q.subject.value) ?? 0) + 1);
      next = objectOf(quads, `${HUB}?page=${++pages}`, NEXT);
    }
    expect(pages).toBe(Math.ceil((SORTED + DELTA + 1) / DESCRIBE_PAGE_SIZE));
    expect(new Set(seen.keys())).toEqual(expectedIncoming);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect((await get(`${HUB_PATH}?page=${pages + 1}`, 'text/turtle')).status).toBe(404);
  });

  it('answers JSON-LD page 1 in catalod’s context: the hub first, the same graph as the N-Triples page, hydra:next included', async () => {
    const res = await get(`${HUB_PATH}?page=1`, 'application/ld+json');
    expect(mediaType(res)).toBe('application/ld+json');
    const doc = await res.json();
    expect(doc['@graph'][0].id).toBe(HUB);
    const fromJsonld = await parseJsonld(doc);
    const fromNt = parse(await (await get(HUB_PATH, 'application/n-triples')).text(), 'application/n-triples');
    const key = (q: RDF.Quad) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`;
    expect(new Set(fromJsonld.map(key))).toEqual(new Set(fromNt.map(key)));
    expect(objectOf(fromJsonld, `${HUB}?page=1`, NEXT)).toBe(`${HUB}?page=2`);
  });

  it('answers RDF/XML and N-Quads pages that parse, with hydra:next', async () => {
    const xml = await parseRdfXml(await (await get(`${HUB_PATH}?page=3`, 'application/rdf+xml')).text());
    expect(objectOf(xml, `${HUB}?page=3`, NEXT)).toBe(`${HUB}?page=4`);
    const nq = parse(await (await get(`${HUB_PATH}.nq?page=3`)).text());
    expect(objectOf(nq, `${HUB}?page=3`, NEXT)).toBe(`${HUB}?page=4`);
    expect(nq.filter((q) => q.object.value === HUB).length).toBe(DESCRIBE_PAGE_SIZE);
  });

  it('answers the HTML page 1 with a link to page 2 and at most a page of rows', async () => {
    const res = await get(HUB_PATH, BROWSER);
    expect(mediaType(res)).toBe('text/html');
    const page = await res.text();
    // (includes, not toContain: a failure would print the whole page)
    expect(page.includes(`href="${HUB_PATH}?page=2" rel="next"`), 'a next-page link').toBe(true);
    expect(page.match(/<tr>/g)!.length).toBeLessThanOrEqual(2 * DESCRIBE_PAGE_SIZE + 10);
    const two = await (await get(`${HUB_PATH}.html?page=2`)).text();
    expect(two.includes(`href="${HUB_PATH}?page=3" rel="next"`), 'page 2 links to page 3').toBe(true);
    expect(two.includes(`href="${HUB_PATH}?page=1" rel="prev"`), 'page 2 links back to page 1').toBe(true);
  });

  it('pages the institution and the journal the same way', async () => {
    for (const path of ['/org/nationalcenterforbiotechnologyinformation', '/journal/bmcpsychiatry']) {
      const res = await get(path, 'application/n-triples');
      const quads = parse(await res.text(), 'application/n-triples');
      expect(quads.filter((q) => q.object.value === BASE + path.slice(1)).length, path).toBeLessThanOrEqual(DESCRIBE_PAGE_SIZE);
      expect(objectOf(quads, `${BASE}${path.slice(1)}?page=1`, NEXT), path).toBe(`${BASE}${path.slice(1)}?page=2`);
    }
  });

  it('refuses a page that is no whole number from 1 with 400', async () => {
    for (const page of ['0', '-1', 'abc', '1.5', '', '99999999999']) expect((await get(`${HUB_PATH}?page=${page}`, 'text/turtle')).status, page).toBe(400);
  });

  it('keeps a small resource whole: no paging statements, no page links', async () => {
    const res = await get('/org/biomedcentral', 'application/n-triples');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(HYDRA);
    expect(res.headers.get('link')).not.toContain('rel="next"');
  });
});

describe('a work described by 150 catalogue records', () => {
  it('comes 100 records a page, with hydra:next on the first page and hydra:previous on the last', async () => {
    const own = await testServer();
    const work = namedNode(`${BASE}work/doi/10.1/many`);
    for (let i = 0; i < 150; i++) {
      const record = namedNode(`${BASE}record/copy-${i}`);
      own.catalog.store.replaceGraph(record, [
        quad(record, namedNode('http://xmlns.com/foaf/0.1/primaryTopic'), work),
        quad(work, namedNode('http://xmlns.com/foaf/0.1/isPrimaryTopicOf'), record),
        quad(work, namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), namedNode('http://schema.org/ScholarlyArticle')),
      ]);
    }
    const records = (quads: RDF.Quad[]) => quads.filter((q) => q.predicate.value.endsWith('isPrimaryTopicOf')).length;
    const one = parse(await (await own.app.request('/work/doi/10.1/many', { headers: { accept: 'application/n-triples' } })).text(), 'application/n-triples');
    expect(records(one)).toBe(WORK_RECORDS_PER_PAGE);
    expect(objectOf(one, `${work.value}?page=1`, NEXT)).toBe(`${work.value}?page=2`);
    const two = parse(await (await own.app.request('/work/doi/10.1/many?page=2', { headers: { accept: 'application/n-triples' } })).text(), 'application/n-triples');
    expect(records(two)).toBe(50);
    expect(objectOf(two, `${work.value}?page=2`, NEXT)).toBeUndefined();
    expect(objectOf(two, `${work.value}?page=2`, `${HYDRA}previous`)).toBe(`${work.value}?page=1`);
    expect((await own.app.request('/work/doi/10.1/many?page=3')).status).toBe(404);
    const doc = await (await own.app.request('/work/doi/10.1/many?page=2', { headers: { accept: 'application/ld+json' } })).json();
    expect(records(await parseJsonld(doc))).toBe(50);
  });
});

describe('a real server serving hub pages', () => {
  let http: Listening;
  beforeAll(async () => {
    http = await listen(server.app);
  });
  afterAll(async () => {
    await http?.close();
  });

  it('renders each page in every format quickly while /health answers within 200 ms', async () => {
    // Pages not fetched before, so each is described and rendered now, not read from the cache.
    const formats = ['text/turtle', 'application/ld+json', BROWSER, 'application/rdf+xml', 'application/n-triples'];
    // Each writer run once first: its first call compiles code, whatever the page holds.
    for (const accept of formats) expect((await fetch(`${http.url}collection/pubmed?page=3`, { headers: { accept } })).status).toBe(200);
    const groups = formats.map((accept, f) => Array.from({ length: 8 }, (_, i) => ({ path: `${HUB_PATH}?page=${10 + f * 8 + i}`, accept })));
    const idle = await idleHealth(http.url);
    const { loads, health } = await probe(http.url, groups);
    for (const load of loads.flat()) {
      expect(load.status, load.path).toBe(200);
      expect(load.link, load.path).toContain('rel="next"');
      expect(load.ms, load.path).toBeLessThan(3000);
    }
    expect(health.length).toBeGreaterThan(3);
    // Within 200 ms, beyond what this machine adds to an idle server's /health (the stall this
    // guards against held every /health for the whole dump or render: seconds).
    expect(typical(health)).toBeLessThan(200 + idle);
    expect(Math.max(...health)).toBeLessThan(1000 + idle);
  }, 60_000);
});
