/**
 * The same HTTP answers in both modes: the embedded index, and catalod in front of a real
 * Virtuoso (serve --store). The same records go into both (the seed, a second catalogue's record
 * of the same work, fixtures, generated records); then resources, stored queries and ad hoc
 * SPARQL (every query form, result format, dataset, path, aggregate, error) are asked of both and
 * compared: graphs as graphs (isomorphism), rows as multisets, or in order where the query orders.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCatalog } from '../../src/catalog/memory.js';
import { LocalRunner } from '../../src/query/local.js';
import { createApp } from '../../src/server/app.js';
import { StoreCatalog } from '../../src/remote/catalog.js';
import { fixtureText } from '../fixtures/load.js';
import { ROOT, SEED, SEED_SWAPPED, SEED_COPY, parse, sameGraph } from '../helpers.js';
import { startVirtuoso, virtuosoAvailable, type Virtuoso } from '../helpers/virtuoso.js';

const BASE = 'http://localhost:3000/';
const WORK = `${BASE}work/doi/10.1186/s12888-022-03999-9`;
const RECORD = `${BASE}record/pubmed-9158348`;
const PERSON = `${WORK}/person/gillardsteve`;
const GENERATED = execFileSync('node', [`${ROOT}bench/generate.mjs`, '--count', '120', '--seed', '7'], { encoding: 'utf8', maxBuffer: 64 << 20 });
const TEXTS = [SEED, SEED_SWAPPED, SEED_COPY, fixtureText('pages/hard-names.txt'), fixtureText('pages/namesakes.txt'), GENERATED];

const available = virtuosoAvailable();
let virtuoso: Virtuoso;
let dir: string;
let embedded: Hono;
let store: Hono;
let storeCatalog: StoreCatalog;

beforeAll(async () => {
  if (!available) return;
  virtuoso = await startVirtuoso();
  dir = mkdtempSync(join(tmpdir(), 'catalod-both-'));
  const memory = new MemoryCatalog({ base: BASE, queries: (source) => new LocalRunner(source) });
  storeCatalog = await StoreCatalog.open({ base: BASE, dir, store: { query: virtuoso.endpoint, update: virtuoso.updateEndpoint, user: virtuoso.user, password: virtuoso.password }, workers: 2, jobs: 1 });
  for (const [i, text] of TEXTS.entries()) {
    await memory.ingest(text, `text${i}`);
    await storeCatalog.ingest(text, `text${i}`);
  }
  expect(await storeCatalog.settled(60_000)).toBe(true);
  const quiet = () => undefined;
  embedded = createApp({ catalog: memory, log: quiet });
  store = createApp({ catalog: storeCatalog, log: quiet });
}, 180_000);

afterAll(async () => {
  await storeCatalog?.close();
  await virtuoso?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** GET (or POST a form) on both apps. */
async function both(path: string, accept: string, form?: Record<string, string>): Promise<[Response, Response]> {
  const init = (): RequestInit => (form ? { method: 'POST', headers: { accept, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() } : { headers: { accept } });
  return Promise.all([embedded.request(path, init()), store.request(path, init())]);
}

type Json = { head: { vars?: string[] }; boolean?: boolean; results?: { bindings: Record<string, { type: string; value: string; datatype?: string; 'xml:lang'?: string }>[] } };

/** A SPARQL JSON row as one comparable line. */
const rowKey = (row: NonNullable<Json['results']>['bindings'][number]) =>
  Object.keys(row)
    .sort()
    .map((k) => `${k}=${row[k]!.type}:${row[k]!.value}^${row[k]!.datatype ?? ''}@${row[k]!['xml:lang'] ?? ''}`)
    .join(' | ');

/** Both answers of a SELECT or ASK, compared: in order when `ordered`, else as multisets. */
async function sameRows(query: string, ordered = false, extra: Record<string, string> = {}): Promise<number> {
  const [a, b] = await both('/sparql', 'application/sparql-results+json', { query, ...extra });
  const [ja, jb] = [await a.text(), await b.text()];
  expect([a.status, b.status], `${query}\n${ja}\n${jb}`).toEqual([200, 200]);
  const [x, y] = [JSON.parse(ja) as Json, JSON.parse(jb) as Json];
  if (x.boolean !== undefined) {
    expect(y.boolean).toBe(x.boolean);
    return 1;
  }
  // (The embedded engine lists a FROM query's variables in another order: the same set.)
  expect([...y.head.vars!].sort()).toEqual([...x.head.vars!].sort());
  const [rx, ry] = [x.results!.bindings.map(rowKey), y.results!.bindings.map(rowKey)];
  if (!ordered) [rx, ry].forEach((r) => r.sort());
  expect(ry).toEqual(rx);
  return rx.length;
}

/** Both answers of a CONSTRUCT or DESCRIBE (or a resource), compared as graphs. */
async function sameGraphs(path: string, accept = 'application/n-triples', form?: Record<string, string>): Promise<number> {
  const [a, b] = await both(path, accept, form);
  const [ta, tb] = [await a.text(), await b.text()];
  expect([a.status, b.status], `${path}\n${tb.slice(0, 500)}`).toEqual([200, 200]);
  const format = accept === 'text/turtle' ? 'text/turtle' : 'application/n-triples';
  const [ga, gb] = [parse(ta, format), parse(tb, format)];
  expect(gb.length).toBe(ga.length);
  expect(sameGraph(ga, gb)).toBe(true);
  return ga.length;
}

const P = `PREFIX schema: <http://schema.org/> PREFIX fabio: <http://purl.org/spar/fabio/> PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX foaf: <http://xmlns.com/foaf/0.1/> PREFIX pro: <http://purl.org/spar/pro/> PREFIX oco: <https://w3id.org/oc/ontology/> PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>\n`;

describe.skipIf(!available)(`the same answers embedded and in front of Virtuoso${available ? '' : ' (skipped: virtuoso-t is not installed; apt-get install virtuoso-opensource)'}`, () => {
  it('counts: the default graph is the merge of the record graphs (a triple two records state counts once), the named graphs are the record graphs', async () => {
    expect(await sameRows('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')).toBe(1);
    expect(await sameRows('SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p')).toBeGreaterThan(20);
    expect(await sameRows('SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g')).toBe(storeCatalog.stats().records);
    expect(await sameRows('SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }')).toBe(1);
    const [h] = await Promise.all([store.request('/health')]);
    const health = await h.json();
    expect(health.store.pending).toBe(0);
  });

  it('SELECT with ORDER BY, LIMIT, OFFSET, OPTIONAL, !BOUND, VALUES, paths, FILTER, aggregates', async () => {
    expect(await sameRows(`${P}SELECT ?w ?t WHERE { ?w a fabio:JournalArticle ; dcterms:title ?t } ORDER BY ?w LIMIT 25 OFFSET 5`, true)).toBe(25);
    expect(await sameRows(`${P}SELECT ?w WHERE { ?w a fabio:JournalArticle OPTIONAL { ?w prism:doi ?d } FILTER(!BOUND(?d)) }`)).toBeGreaterThanOrEqual(0);
    expect(await sameRows(`${P}SELECT ?w ?t WHERE { VALUES ?w { <${WORK}> <${BASE}work/none> } ?w dcterms:title ?t }`)).toBe(1);
    expect(await sameRows(`${P}SELECT ?role ?next WHERE { <${WORK}> pro:isDocumentContextFor ?role . ?role oco:hasNext* ?next }`)).toBeGreaterThan(5);
    expect(await sameRows(`${P}SELECT ?w WHERE { ?w dcterms:title ?t FILTER(CONTAINS(LCASE(?t), "peer")) }`)).toBeGreaterThan(0);
    expect(await sameRows(`${P}SELECT (COUNT(DISTINCT ?a) AS ?n) (SAMPLE(?x) AS ?any) WHERE { ?w schema:author ?a BIND(1 AS ?x) }`)).toBe(1);
    expect(await sameRows(`${P}SELECT ?j (COUNT(?w) AS ?n) WHERE { ?w schema:isPartOf ?j } GROUP BY ?j HAVING (COUNT(?w) > 1) ORDER BY DESC(?n) ?j`, true)).toBeGreaterThan(0);
  });

  it('ASK, CONSTRUCT and DESCRIBE', async () => {
    await sameRows(`${P}ASK { <${WORK}> a fabio:JournalArticle }`);
    await sameRows(`${P}ASK { <${WORK}> a fabio:Nothing }`);
    expect(await sameGraphs('/sparql', 'application/n-triples', { query: `${P}CONSTRUCT { ?w schema:name ?t } WHERE { ?w dcterms:title ?t }` })).toBeGreaterThan(100);
    expect(await sameGraphs('/sparql', 'text/turtle', { query: `DESCRIBE <${WORK}>` })).toBeGreaterThan(20);
    expect(await sameGraphs('/sparql', 'application/n-triples', { query: `${P}DESCRIBE ?p WHERE { <${WORK}> schema:author ?p }` })).toBeGreaterThan(5);
  });

  it('datasets: FROM, FROM NAMED and the protocol graphs read only local graphs; another host’s graph is empty', async () => {
    expect(await sameRows(`SELECT ?s ?p ?o FROM <${RECORD}> WHERE { ?s ?p ?o }`)).toBeGreaterThan(100);
    expect(await sameRows(`${P}SELECT ?g ?r FROM NAMED <${RECORD}> WHERE { GRAPH ?g { ?r foaf:primaryTopic ?w } }`)).toBe(1);
    expect(await sameRows(`SELECT (COUNT(*) AS ?n) FROM NAMED <${RECORD}> WHERE { ?s ?p ?o }`)).toBe(1);
    expect(await sameRows('SELECT * FROM <http://example.org/elsewhere> WHERE { ?s ?p ?o }')).toBe(0);
    expect(await sameRows('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', false, { 'default-graph-uri': RECORD })).toBe(1);
    expect(await sameRows(`SELECT ?g WHERE { GRAPH ?g { <${WORK}> ?p ?o } } GROUP BY ?g`)).toBe(3);
  });

  it('every result format of a SELECT gives the same rows (CSV and TSV text equal when ordered)', async () => {
    const query = `${P}SELECT ?w ?t WHERE { ?w a fabio:JournalArticle ; dcterms:title ?t } ORDER BY ?w LIMIT 10`;
    for (const accept of ['text/csv', 'text/tab-separated-values', 'application/sparql-results+xml']) {
      const [a, b] = await both('/sparql', accept, { query });
      expect(await b.text()).toBe(await a.text());
    }
  });

  it('refusals and the row cap: malformed 400, updates 403, SERVICE 400, a cut answer says so', async () => {
    for (const [query, status] of [['SELECT * WHERE { ?s ?p', 400], ['DROP ALL', 403], ['SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }', 400]] as const) {
      const [a, b] = await both('/sparql', 'application/sparql-results+json', { query });
      expect([a.status, b.status]).toEqual([status, status]);
    }
    const capped = createApp({ catalog: storeCatalog, rowCap: 7, log: () => undefined });
    const res = await capped.request('/sparql', { method: 'POST', headers: { accept: 'application/sparql-results+json', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ query: 'SELECT * WHERE { ?s ?p ?o }' }).toString() });
    expect(res.headers.get('x-catalod-truncated')).toBe('true');
    expect((await res.json()).results.bindings).toHaveLength(7);
  });

  it('stored queries with their parameters', async () => {
    const runs: [string, Record<string, string>][] = [
      ['authors-of-work', { work: WORK }],
      ['coauthors', { person: PERSON }],
      ['work-by-identifier', { id: '10.1186/s12888-022-03999-9' }],
      ['works-by-author-name', { name: 'Gillard' }],
      ['works-by-journal-year', { journal: 'BMC Psychiatry', year: '2022' }],
      ['works-by-title-word', { word: 'peer' }],
      ['authors-with-orcid', {}],
    ];
    for (const [name, params] of runs) {
      const path = `/queries/${name}?${new URLSearchParams(params)}`;
      const [a, b] = await both(path, 'application/sparql-results+json');
      const [ta, tb] = [await a.text(), await b.text()];
      expect([a.status, b.status], `${name}: ${tb.slice(0, 300)}`).toEqual([200, 200]);
      const [x, y] = [JSON.parse(ta) as Json, JSON.parse(tb) as Json];
      expect(y.results!.bindings.map(rowKey).sort(), name).toEqual(x.results!.bindings.map(rowKey).sort());
    }
  });

  it('Linked Data resources: a work, a record, a person, a journal, a hub, in Turtle and N-Triples; unknown is 404', async () => {
    for (const iri of [WORK, RECORD, PERSON]) expect(await sameGraphs(iri.slice(BASE.length - 1))).toBeGreaterThan(5);
    expect(await sameGraphs(WORK.slice(BASE.length - 1), 'text/turtle')).toBeGreaterThan(20);
    expect(await sameGraphs('/journal/bmcpsychiatry')).toBeGreaterThan(3);
    expect(await sameGraphs('/collection/pubmed')).toBeGreaterThan(100);
    const [a, b] = await both('/work/doi/10.9999/none', 'text/turtle');
    expect([a.status, b.status]).toEqual([404, 404]);
    const [pa, pb] = await both(WORK.slice(BASE.length - 1), 'text/html');
    expect([pa.status, pb.status]).toEqual([200, 200]);
    expect(await pb.text()).toContain('Peer');
  });

  it('opens no connection to any host but the store: FROM, SERVICE, DESCRIBE and Virtuoso pragmas naming another host reach nothing', async () => {
    let connections = 0;
    const listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const other = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/data`;
    try {
      const statuses: number[] = [];
      for (const query of [
        `SELECT * FROM <${other}> WHERE { ?s ?p ?o }`,
        `SELECT * FROM NAMED <${other}> WHERE { GRAPH ?g { ?s ?p ?o } }`,
        `SELECT * WHERE { SERVICE <${other}> { ?s ?p ?o } }`,
        `DESCRIBE <${other}>`,
        `define get:soft "replace" SELECT * FROM <${other}> WHERE { ?s ?p ?o }`,
        `SELECT * WHERE { GRAPH <${other}> { ?s ?p ?o } }`,
      ]) {
        const res = await store.request('/sparql', { method: 'POST', headers: { accept: 'application/sparql-results+json, text/turtle', 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ query }).toString() });
        statuses.push(res.status);
        await res.arrayBuffer();
      }
      const protocol = await store.request(`/sparql?query=${encodeURIComponent('SELECT * WHERE { ?s ?p ?o }')}&default-graph-uri=${encodeURIComponent(other)}`, { headers: { accept: 'application/sparql-results+json' } });
      statuses.push(protocol.status);
      statuses.push((await store.request(`/person?iri=${encodeURIComponent(other)}`)).status);
      expect(statuses).toEqual([200, 200, 400, 200, 400, 200, 200, 404]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(connections).toBe(0);
    } finally {
      listener.close();
    }
  });

  it('a query the store cannot finish in time is stopped at the deadline (503) while /health keeps answering', async () => {
    const hurried = createApp({ catalog: storeCatalog, timeoutMs: 1500, log: () => undefined });
    const started = performance.now();
    const heavy = Promise.resolve(
      hurried.request('/sparql', {
        method: 'POST',
        headers: { accept: 'application/sparql-results+json', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query: 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }' }).toString(),
      }),
    );
    const probes: number[] = [];
    let done = false;
    void heavy.finally(() => (done = true));
    while (!done) {
      const t = performance.now();
      expect((await hurried.request('/health')).status).toBe(200);
      probes.push(performance.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const res = await heavy;
    expect(res.status).toBe(503);
    expect(performance.now() - started).toBeLessThan(8000);
    expect(probes.length).toBeGreaterThan(5);
    // The HTTP thread is never the one waiting: every probe answers at once (the bound leaves room for a busy CI machine).
    expect(probes.sort((x, y) => x - y)[Math.floor(probes.length / 2)]).toBeLessThan(50);
    expect(Math.max(...probes)).toBeLessThan(500);
  });
});
