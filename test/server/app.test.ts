/** The rest of the app: dumps, VoID, /health, the home page, CORS, request logs, a base with a path, security headers, errors. */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MemoryCatalog } from '../../src/catalog/memory.js';
import { LocalRunner } from '../../src/query/local.js';
import { createApp } from '../../src/server/app.js';
import { contentSecurityPolicy, scriptHash } from '../../src/server/security.js';
import { fixtureText } from '../fixtures/load.js';
import { SEED, parse, sameGraph, triples } from '../helpers.js';
import { BASE, WORK, mediaType, parseJsonld, parseRdfXml, testServer } from './helpers.js';

const server = await testServer({ texts: [SEED, fixtureText('pages/hard-names.txt')] });
const { app, catalog } = server;
const all = () => [...catalog.dump()];

describe('dumps', () => {
  it('/dump.nq streams every quad, graphs kept', async () => {
    const res = await app.request('/dump.nq');
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe('application/n-quads');
    expect(res.body).toBeInstanceOf(ReadableStream);
    const quads = parse(await res.text());
    expect(quads.length).toBe(catalog.stats().quads);
    expect(sameGraph(quads, all())).toBe(true);
  });

  it('/dump.ttl streams the merged graph as Turtle', async () => {
    const res = await app.request('/dump.ttl');
    expect(mediaType(res)).toBe('text/turtle');
    expect(sameGraph(parse(await res.text(), 'text/turtle'), triples(all()))).toBe(true);
  });

  it('/dump.jsonld streams JSON-LD in catalod’s context that expands to the same quads', async () => {
    const res = await app.request('/dump.jsonld');
    expect(mediaType(res)).toBe('application/ld+json');
    const doc = await res.json();
    expect(doc['@context'].schema).toBe('http://schema.org/');
    expect(doc['@graph']).toHaveLength(5);
    expect(sameGraph(await parseJsonld(doc), all())).toBe(true);
  });

  it('streams in several chunks for a larger catalogue, and dumps an empty one', async () => {
    // Ten copies of the seed under other ids: over 4,000 quads, more than one chunk's worth.
    const big = await testServer({ texts: [...Array(10).keys()].map((i) => SEED.replaceAll('pubmed-9158348', `pubmed-copy${i}`)) });
    const reader = (await big.app.request('/dump.nq')).body!.getReader();
    let chunks = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks++;
    expect(chunks).toBeGreaterThan(1);
    expect(parse(await (await big.app.request('/dump.nq')).text()).length).toBe(big.catalog.stats().quads);
    const empty = await testServer({ texts: [] });
    expect(await (await empty.app.request('/dump.nq')).text()).toBe('');
    expect(await (await empty.app.request('/dump.jsonld')).json()).toMatchObject({ '@graph': [] });
    expect(parse(await (await empty.app.request('/dump.ttl')).text(), 'text/turtle')).toEqual([]);
  });
});

describe('/.well-known/void', () => {
  const VOID = 'http://rdfs.org/ns/void#';
  const DS = `${BASE}.well-known/void#dataset`;

  it('describes the dataset: size, classes, examples, dumps, endpoint, licence', async () => {
    const res = await app.request('/.well-known/void');
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe('text/turtle');
    const quads = parse(await res.text(), 'text/turtle');
    const objects = (p: string, s = DS) => quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object.value);
    expect(objects('http://www.w3.org/1999/02/22-rdf-syntax-ns#type')).toEqual([`${VOID}Dataset`]);
    expect(Number(objects(`${VOID}triples`)[0])).toBeGreaterThan(0);
    expect(objects(`${VOID}sparqlEndpoint`)).toEqual([`${BASE}sparql`]);
    expect(objects(`${VOID}dataDump`).sort()).toEqual([`${BASE}dump.jsonld`, `${BASE}dump.nq`, `${BASE}dump.ttl`]);
    expect(objects('http://purl.org/dc/terms/license')).toHaveLength(1);
    expect(objects(`${VOID}exampleResource`)).toHaveLength(3);
    expect(objects(`${VOID}exampleResource`).every((w) => w.startsWith(`${BASE}work/`))).toBe(true);
    const partitions = objects(`${VOID}classPartition`);
    expect(Number(objects(`${VOID}classes`)[0])).toBe(partitions.length);
    const articles = quads.find((q) => q.predicate.value === `${VOID}class` && q.object.value === 'http://schema.org/ScholarlyArticle')!;
    expect(objects(`${VOID}entities`, articles.subject.value)).toEqual(['5']);
  });

  it('is negotiated in the RDF syntaxes', async () => {
    const turtle = parse(await (await app.request('/.well-known/void')).text(), 'text/turtle');
    const xml = await parseRdfXml(await (await app.request('/.well-known/void', { headers: { accept: 'application/rdf+xml' } })).text());
    const ld = await app.request('/.well-known/void', { headers: { accept: 'application/ld+json' } });
    expect(mediaType(ld)).toBe('application/ld+json');
    expect(sameGraph(xml, turtle)).toBe(true);
    expect(sameGraph(await parseJsonld(await ld.json()), turtle)).toBe(true);
    expect((await app.request('/.well-known/void', { headers: { accept: 'image/png' } })).status).toBe(406);
  });
});

describe('/health and the home page', () => {
  it('/health answers at once with the counts', async () => {
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', records: 5, quads: catalog.stats().quads });
  });

  it('/ links the endpoint, queries, VoID and dumps, and lists recent records', async () => {
    const res = await app.request('/', { headers: { accept: 'text/html' } });
    expect(mediaType(res)).toBe('text/html');
    const page = await res.text();
    for (const href of ['/sparql', '/queries', '/.well-known/void', '/dump.nq']) expect(page).toContain(`href="${href}"`);
    expect(page).toContain('href="/record/pubmed-9158348"');
  });
});

describe('CORS', () => {
  it('answers a preflight on read endpoints', async () => {
    const res = await app.request('/sparql', {
      method: 'OPTIONS',
      headers: { origin: 'https://example.org', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('lets scripts elsewhere read resources and their headers', async () => {
    const res = await app.request('/work/doi/10.1186/s12888-022-03999-9', { headers: { origin: 'https://example.org' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Catalod-Truncated');
  });
});

describe('request logs', () => {
  it('writes one JSON object per request: time, method, path, status, ms', async () => {
    const logs: Record<string, unknown>[] = [];
    const quiet = createApp({ catalog, log: (line) => logs.push(line as Record<string, unknown>) });
    await quiet.request('/health');
    await quiet.request('/work/doi/10.9999/none');
    await quiet.request('/sparql?query=ASK%7B%7D', { method: 'GET' });
    expect(logs).toHaveLength(3);
    expect(logs[0]).toEqual({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), method: 'GET', path: '/health', status: 200, ms: expect.any(Number) });
    expect(logs[1]).toMatchObject({ path: '/work/doi/10.9999/none', status: 404 });
    expect(logs[2]).toMatchObject({ path: '/sparql', status: 200 });
  });

  it('logs to stdout as JSON lines by default', async () => {
    const written: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      await createApp({ catalog }).request('/health');
    } finally {
      process.stdout.write = original;
    }
    expect(JSON.parse(written.join(''))).toMatchObject({ method: 'GET', path: '/health', status: 200 });
  });
});

describe('a base IRI with a path', () => {
  it('serves everything under that path', async () => {
    const base = 'https://example.org/catalod/';
    const c = new MemoryCatalog({ base, queries: (source) => new LocalRunner(source) });
    await c.ingest(SEED, 'seed.txt');
    const a = createApp({ catalog: c, log: () => undefined });
    const work = await a.request('/catalod/work/doi/10.1186/s12888-022-03999-9', { headers: { accept: 'application/n-triples' } });
    expect(work.status).toBe(200);
    expect(parse(await work.text(), 'application/n-triples').some((q) => q.subject.value === `${base}work/doi/10.1186/s12888-022-03999-9`)).toBe(true);
    expect((await a.request('/catalod/health')).status).toBe(200);
    expect((await a.request('/catalod/sparql?query=ASK%7B%7D')).status).toBe(200);
    expect((await a.request('/work/doi/10.1186/s12888-022-03999-9')).status).toBe(404);
    const page = await (await a.request('/catalod/work/doi/10.1186/s12888-022-03999-9.html')).text();
    expect(page).toContain('href="/catalod/sparql"');
    expect(page).toContain('href="/catalod/work/doi/10.1186/s12888-022-03999-9/person/gillardsteve"');
  });
});

void WORK;

const YASGUI_VERSION = (createRequire(import.meta.url)('@zazuko/yasgui/package.json') as { version: string }).version;

describe('security headers and errors', () => {
  const expectSecurityHeaders = (res: Response, what: string) => {
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp, what).toContain("default-src 'self'");
    expect(csp, what).toContain("frame-ancestors 'none'");
    expect(csp, what).toContain("object-src 'none'");
    expect(csp, what).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
    expect(res.headers.get('referrer-policy'), what).toBe('strict-origin-when-cross-origin');
  };

  it('puts them on pages, API answers, assets, preflights and errors', async () => {
    const answers: [string, Promise<Response> | Response][] = [
      ['home page', app.request('/', { headers: { accept: 'text/html' } })],
      ['work page', app.request('/work/doi/10.1186/s12888-022-03999-9', { headers: { accept: 'text/html' } })],
      ['query editor', app.request('/sparql', { headers: { accept: 'text/html' } })],
      ['JSON-LD', app.request('/work/doi/10.1186/s12888-022-03999-9', { headers: { accept: 'application/ld+json' } })],
      ['SPARQL results', app.request('/sparql?query=ASK%7B%7D', { headers: { accept: 'application/sparql-results+json' } })],
      ['health', app.request('/health')],
      ['asset', app.request(`/assets/yasgui/${YASGUI_VERSION}/yasgui.min.css`)],
      ['dump', app.request('/dump.nq')],
      ['404', app.request('/work/doi/10.9999/none')],
      ['400', app.request('/sparql?query=SELECT%20WHERE%20%7B')],
      ['406', app.request('/.well-known/void', { headers: { accept: 'image/png' } })],
      ['403 write', app.request('/records', { method: 'POST', body: 'x' })],
      ['preflight', app.request('/sparql', { method: 'OPTIONS', headers: { origin: 'https://example.org', 'access-control-request-method': 'POST' } })],
    ];
    for (const [what, answer] of answers) {
      const res = await answer;
      expect(res.status, what).not.toBe(500);
      expectSecurityHeaders(res, what);
    }
  });

  it('lets every inline script of the pages run, by its hash, and no other', async () => {
    for (const path of ['/sparql', '/work/doi/10.1186/s12888-022-03999-9', '/']) {
      const res = await app.request(path, { headers: { accept: 'text/html' } });
      const csp = res.headers.get('content-security-policy')!;
      const html = await res.text();
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/(?:ld\+)?json")[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
      for (const source of inline) expect(csp, `${path}: ${source.slice(0, 60)}`).toContain(scriptHash(source));
    }
    expect(contentSecurityPolicy()).not.toContain(scriptHash('alert(1)'));
  });

  it('answers an unexpected failure 500 with a generic message, the detail only in the log', async () => {
    const logs: Record<string, unknown>[] = [];
    const failing = await testServer({});
    const broken = createApp({ catalog: Object.assign(Object.create(failing.catalog), { stats: () => { throw new Error('boom at /srv/secret/path.js'); } }), log: (line) => logs.push(line as Record<string, unknown>) });
    const res = await broken.request('/health');
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).toBe('internal error: the server failed to answer this request (the detail is in its log)\n');
    expectSecurityHeaders(res, '500');
    expect(logs.find((l) => l.event === 'error')).toMatchObject({ path: '/health', error: expect.stringContaining('boom at /srv/secret/path.js') });
  });

  it('refuses a write token that cannot be sent in a Bearer header', () => {
    expect(() => createApp({ catalog, token: 'p@ss word!' })).toThrow(/cannot be sent in a Bearer header/);
    expect(() => createApp({ catalog, token: 'abc-._~+/DEF==', log: () => undefined })).not.toThrow();
  });
});
