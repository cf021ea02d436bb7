/**
 * The SPARQL 1.1 Protocol (https://www.w3.org/TR/sparql11-protocol/), a test per section: query
 * via GET, URL-encoded POST and direct POST (2.1.1–2.1.3), the RDF dataset (2.1.4), response
 * formats (2.1.5), success and failure responses (2.1.6, 2.1.7), the update operation (2.2,
 * refused), and the Service Description at the endpoint.
 */
import { describe, expect, it } from 'vitest';
import { fixtureText } from '../fixtures/load.js';
import { SEED, parse } from '../helpers.js';
import { BASE, RECORD, WORK, mediaType, parseJsonld, parseRdfXml, testServer } from './helpers.js';

const OTHER = `${BASE}record/pubmed-10123456`;
const server = await testServer({ texts: [SEED, fixtureText('pages/en-staff-lines.txt')] });
const { app } = server;
const COUNT = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
const WORKS = 'PREFIX schema: <http://schema.org/> SELECT ?work WHERE { ?work a schema:ScholarlyArticle } ORDER BY ?work';
const CONSTRUCT = `PREFIX schema: <http://schema.org/> CONSTRUCT { ?w schema:name ?t } WHERE { ?w a schema:ScholarlyArticle ; schema:name ?t }`;
const q = (query: string, extra = '') => `/sparql?query=${encodeURIComponent(query)}${extra}`;
const rows = async (res: Response) => (await res.json()).results.bindings as Record<string, { value: string }>[];
const count = async (res: Response) => Number((await rows(res))[0]!.n!.value);
const total = () => server.catalog.stats().quads;

describe('2.1.1 query via GET', () => {
  it('answers a SELECT as SPARQL JSON by default', async () => {
    const res = await app.request(q(WORKS));
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe('application/sparql-results+json');
    expect((await rows(res)).map((b) => b.work!.value)).toEqual([`${BASE}work/doi/10.1186/s12884-023-05512-3`, WORK]);
  });

  it('answers 400 for a missing query parameter, and for a repeated one', async () => {
    const missing = await app.request('/sparql?default-graph-uri=x');
    expect(missing.status).toBe(400);
    expect(await missing.text()).toMatch(/missing query/);
    expect((await app.request(`${q(COUNT)}&query=ASK%7B%7D`)).status).toBe(400);
  });
});

describe('2.1.2 query via URL-encoded POST', () => {
  it('runs the query of the form, with dataset parameters from the body', async () => {
    const body = new URLSearchParams({ query: COUNT, 'default-graph-uri': RECORD }).toString();
    const res = await app.request('/sparql', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe('application/sparql-results+json');
    expect(await count(res)).toBe(server.catalog.describe(WORK).length);
    expect(server.spy.requests.at(-1)!.defaultGraphs).toEqual([RECORD]);
  });
});

describe('2.1.3 query via POST directly', () => {
  it('runs the body as the query, dataset parameters from the URL', async () => {
    const res = await app.request(`/sparql?named-graph-uri=${encodeURIComponent(OTHER)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/sparql-query', accept: 'text/csv' },
      body: 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }',
    });
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe('text/csv');
    expect(await res.text()).toBe(`g\r\n${OTHER}\r\n`);
  });

  it('answers 415 for another body type', async () => {
    const res = await app.request('/sparql', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: COUNT });
    expect(res.status).toBe(415);
  });
});

describe('2.1.4 specifying an RDF dataset', () => {
  it('makes the default graph the merge of every record graph when none is given', async () => {
    expect(await count(await app.request(q(COUNT)))).toBeLessThanOrEqual(total());
    const named = await app.request(q('SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }'));
    expect(await count(named)).toBe(2);
  });

  it('takes default-graph-uri (repeatable) as the default graph', async () => {
    const one = await app.request(q(COUNT, `&default-graph-uri=${encodeURIComponent(RECORD)}`));
    const seedQuads = [...server.catalog.dump()].filter((x) => x.graph.value === RECORD).length;
    expect(await count(one)).toBe(seedQuads);
    const both = await app.request(q(COUNT, `&default-graph-uri=${encodeURIComponent(RECORD)}&default-graph-uri=${encodeURIComponent(OTHER)}`));
    expect(await count(both)).toBe(await count(await app.request(q(COUNT))));
    expect(server.spy.requests.at(-2)!.defaultGraphs).toEqual([RECORD, OTHER]);
  });

  it('takes named-graph-uri (repeatable) as the only named graphs', async () => {
    const res = await app.request(q('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g', `&named-graph-uri=${encodeURIComponent(RECORD)}`));
    expect((await rows(res)).map((b) => b.g!.value)).toEqual([RECORD]);
  });

  it('lets the protocol dataset win over FROM, and a FROM of an unknown graph read nothing', async () => {
    const from = await app.request(q(`SELECT (COUNT(*) AS ?n) FROM <${OTHER}> WHERE { ?s ?p ?o }`, `&default-graph-uri=${encodeURIComponent(RECORD)}`));
    expect(await count(from)).toBe([...server.catalog.dump()].filter((x) => x.graph.value === RECORD).length);
    const nowhere = await app.request(q('SELECT (COUNT(*) AS ?n) FROM <http://example.org/elsewhere> WHERE { ?s ?p ?o }'));
    expect(await count(nowhere)).toBe(0);
  });
});

describe('2.1.5 accepted response formats', () => {
  const select = 'PREFIX schema: <http://schema.org/> SELECT ?t WHERE { ?w a schema:ScholarlyArticle ; schema:name ?t } ORDER BY ?t LIMIT 1';
  it('SELECT: SPARQL JSON, SPARQL XML, CSV, TSV', async () => {
    const json = await app.request(q(select), { headers: { accept: 'application/sparql-results+json' } });
    expect(mediaType(json)).toBe('application/sparql-results+json');
    expect((await json.json()).head.vars).toEqual(['t']);
    const xml = await app.request(q(select), { headers: { accept: 'application/sparql-results+xml' } });
    expect(mediaType(xml)).toBe('application/sparql-results+xml');
    expect(await xml.text()).toMatch(/<sparql xmlns="http:\/\/www.w3.org\/2005\/sparql-results#"[^>]*>[\s\S]*<variable name="t"\/>/);
    const csv = await app.request(q(select), { headers: { accept: 'text/csv' } });
    expect(mediaType(csv)).toBe('text/csv');
    expect((await csv.text()).split('\r\n')[0]).toBe('t');
    const tsv = await app.request(q(select), { headers: { accept: 'text/tab-separated-values' } });
    expect(mediaType(tsv)).toBe('text/tab-separated-values');
    expect((await tsv.text()).split('\n')[0]).toBe('?t');
  });

  it('ASK: SPARQL JSON by default, and XML', async () => {
    const json = await app.request(q('ASK { ?s ?p ?o }'));
    expect(mediaType(json)).toBe('application/sparql-results+json');
    expect((await json.json()).boolean).toBe(true);
    const xml = await app.request(q('ASK { ?s ?p ?o }'), { headers: { accept: 'application/sparql-results+xml' } });
    expect(await xml.text()).toContain('<boolean>true</boolean>');
  });

  it('CONSTRUCT: Turtle by default, N-Triples, N-Quads, JSON-LD, RDF/XML, each parsing to the same graph', async () => {
    const turtle = await app.request(q(CONSTRUCT));
    expect(mediaType(turtle)).toBe('text/turtle');
    const graph = parse(await turtle.text(), 'text/turtle');
    expect(graph.length).toBe(2);
    for (const type of ['application/n-triples', 'application/n-quads']) {
      const res = await app.request(q(CONSTRUCT), { headers: { accept: type } });
      expect(mediaType(res)).toBe(type);
      expect(parse(await res.text(), type).length).toBe(2);
    }
    const jsonld = await app.request(q(CONSTRUCT), { headers: { accept: 'application/ld+json' } });
    expect(mediaType(jsonld)).toBe('application/ld+json');
    expect((await parseJsonld(await jsonld.json())).length).toBe(2);
    const rdfxml = await app.request(q(CONSTRUCT), { headers: { accept: 'application/rdf+xml' } });
    expect(mediaType(rdfxml)).toBe('application/rdf+xml');
    expect((await parseRdfXml(await rdfxml.text())).length).toBe(2);
  });

  it('DESCRIBE: Turtle by default', async () => {
    const res = await app.request(q(`DESCRIBE <${WORK}>`));
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe('text/turtle');
    expect(parse(await res.text(), 'text/turtle').some((x) => x.subject.value === WORK)).toBe(true);
  });

  it('negotiates with q-values and answers 406 for a type the query form has not', async () => {
    const res = await app.request(q(COUNT), { headers: { accept: 'text/csv;q=0.5, application/sparql-results+xml;q=0.9' } });
    expect(mediaType(res)).toBe('application/sparql-results+xml');
    const json = await app.request(q(COUNT), { headers: { accept: 'application/json' } });
    expect(mediaType(json)).toBe('application/sparql-results+json');
    const refused = await app.request(q(COUNT), { headers: { accept: 'text/turtle' } });
    expect(refused.status).toBe(406);
    expect(await refused.text()).toContain('application/sparql-results+json');
    expect((await app.request(q(CONSTRUCT), { headers: { accept: 'text/csv' } })).status).toBe(406);
  });
});

describe('2.1.6 success responses', () => {
  it('answers 200 with Vary: Accept, CORS, and says nothing of truncation when nothing was cut', async () => {
    const res = await app.request(q(COUNT), { headers: { origin: 'https://example.org' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('vary')).toMatch(/Accept/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('x-catalod-truncated')).toBeNull();
  });

  it('cuts at the row cap and says so in headers', async () => {
    const capped = await testServer({ rowCap: 3 });
    const res = await capped.app.request(q('SELECT * WHERE { ?s ?p ?o }'), { headers: { accept: 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-catalod-truncated')).toBe('true');
    expect(res.headers.get('x-catalod-row-cap')).toBe('3');
    expect((await res.text()).trim().split('\r\n')).toHaveLength(4);
    expect(capped.spy.requests[0]!.rowCap).toBe(3);
  });

  it('passes the deadline to the runner and its answer through when it passes', async () => {
    const late = await testServer({ timeoutMs: 1234, reply: () => ({ status: 503, mediaType: 'text/plain', body: 'query stopped: it ran past its deadline of 1.234 s\n' }) });
    const res = await late.app.request(q(COUNT));
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/deadline/);
    expect(late.spy.requests[0]!.timeoutMs).toBe(1234);
  });
});

describe('2.1.7 failure responses', () => {
  it('answers 400 with the parser’s message for a malformed query', async () => {
    const res = await app.request(q('SELECT ?x WHERE { ?x ?y }'));
    expect(res.status).toBe(400);
    expect(mediaType(res)).toBe('text/plain');
    expect(await res.text()).toMatch(/^malformed query: Parse error on line 1/);
  });

  it('answers 400 for SERVICE: no outbound request, ever', async () => {
    const res = await app.request(q('SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }'));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/SERVICE is not allowed/);
  });
});

describe('2.2 update operation: refused, 403 (the endpoint is read-only)', () => {
  it('refuses a form update, a direct update, update syntax as a query, and update= in the URL', async () => {
    const form = await app.request('/sparql', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'update=DROP%20ALL' });
    const direct = await app.request('/sparql', { method: 'POST', headers: { 'content-type': 'application/sparql-update' }, body: 'DROP ALL' });
    const asQuery = await app.request(q('INSERT DATA { <urn:a> <urn:b> <urn:c> }'));
    const inUrl = await app.request('/sparql?update=DROP%20ALL');
    for (const res of [form, direct, asQuery, inUrl]) {
      expect(res.status).toBe(403);
      expect(await res.text()).toMatch(/read-only/);
    }
    expect(server.catalog.stats().records).toBe(2);
  });
});

describe('service description (GET /sparql without a query)', () => {
  const SD = 'http://www.w3.org/ns/sparql-service-description#';
  it('describes the endpoint in Turtle by default', async () => {
    const res = await app.request('/sparql');
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe('text/turtle');
    const quads = parse(await res.text(), 'text/turtle');
    const has = (p: string, o: string) => quads.some((x) => x.subject.value === `${BASE}sparql` && x.predicate.value === p && x.object.value === o);
    expect(has('http://www.w3.org/1999/02/22-rdf-syntax-ns#type', `${SD}Service`)).toBe(true);
    expect(has(`${SD}endpoint`, `${BASE}sparql`)).toBe(true);
    expect(has(`${SD}supportedLanguage`, `${SD}SPARQL11Query`)).toBe(true);
    for (const f of ['SPARQL_Results_JSON', 'SPARQL_Results_XML', 'SPARQL_Results_CSV', 'SPARQL_Results_TSV', 'Turtle', 'N-Triples', 'N-Quads', 'JSON-LD', 'RDF_XML'])
      expect(has(`${SD}resultFormat`, `http://www.w3.org/ns/formats/${f}`)).toBe(true);
    // The default graph is the merge, not the union: no sd:UnionDefaultGraph, a comment instead.
    expect(quads.some((x) => x.object.value === `${SD}UnionDefaultGraph`)).toBe(false);
    expect(quads.some((x) => /RDF merge/.test(x.object.value))).toBe(true);
  });

  it('is negotiated: RDF/XML and JSON-LD parse to the same graph', async () => {
    const turtle = parse(await (await app.request('/sparql')).text(), 'text/turtle');
    const xml = await parseRdfXml(await (await app.request('/sparql', { headers: { accept: 'application/rdf+xml' } })).text());
    const jsonld = await parseJsonld(await (await app.request('/sparql', { headers: { accept: 'application/ld+json' } })).json());
    expect(xml.length).toBe(turtle.length);
    expect(jsonld.length).toBe(turtle.length);
  });

  it('gives browsers a page with a query form that GETs /sparql', async () => {
    const res = await app.request('/sparql', { headers: { accept: 'text/html,*/*;q=0.8' } });
    expect(mediaType(res)).toBe('text/html');
    const page = await res.text();
    expect(page).toMatch(/<form method="get" action="\/sparql">/);
    expect(page).toMatch(/<textarea id="query" name="query"/);
  });
});
