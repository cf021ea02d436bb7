/** Linked Data resources: negotiation, suffixes, headers, 404/406, and what each format says. */
import { describe, expect, it } from 'vitest';
import { framedDocument } from '../../src/writers/jsonld.js';
import { schemaEmbed } from '../../src/writers/schema.js';
import { citationMeta } from '../../src/writers/html.js';
import { pathToIri } from '../../src/server/resources.js';
import { SEED, convertSeed, parse, sameGraph, triples } from '../helpers.js';
import { fixtureText } from '../fixtures/load.js';
import { BASE, RECORD, WORK, WORK_PATH, mediaType, parseJsonld, parseRdfXml, testServer } from './helpers.js';

const RDFLIB = 'application/rdf+xml, text/rdf+n3;q=0.9, application/xhtml+xml;q=0.5, */*;q=0.1';
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const SCHEMA = 'application/ld+json; profile="https://schema.org"';
const seed = convertSeed(BASE);
const seedTriples = triples(seed.quads);
const server = await testServer();
const get = async (path: string, accept?: string): Promise<Response> => server.app.request(path, { headers: accept ? { accept } : {} });

describe('a work dereferenced with content negotiation', () => {
  it('answers Turtle by default (*/* or no Accept), the whole description', async () => {
    for (const accept of [undefined, '*/*']) {
      const res = await get(WORK_PATH, accept);
      expect(res.status).toBe(200);
      expect(mediaType(res)).toBe('text/turtle');
      expect(sameGraph(parse(await res.text(), 'text/turtle'), seedTriples)).toBe(true);
    }
  });

  it('gives rdflib (RDF/XML first, */* last) RDF/XML that parses to the same graph', async () => {
    const res = await get(WORK_PATH, RDFLIB);
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe('application/rdf+xml');
    expect(sameGraph(await parseRdfXml(await res.text()), seedTriples)).toBe(true);
  });

  it('gives browsers the HTML page', async () => {
    const res = await get(WORK_PATH, BROWSER);
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe('text/html');
    expect(await res.text()).toMatch(/^<!DOCTYPE html>/);
  });

  it('answers N-Triples and N-Quads (graphs merged: the default graph)', async () => {
    for (const type of ['application/n-triples', 'application/n-quads']) {
      const res = await get(WORK_PATH, type);
      expect(mediaType(res)).toBe(type);
      const quads = parse(await res.text(), type);
      expect(quads.every((q) => q.graph.termType === 'DefaultGraph')).toBe(true);
      expect(sameGraph(quads, seedTriples)).toBe(true);
    }
  });

  it('answers JSON-LD framed around the work in catalod’s context, as the converter frames it', async () => {
    const res = await get(WORK_PATH, 'application/ld+json');
    expect(mediaType(res)).toBe('application/ld+json');
    const doc = await res.json();
    expect(doc).toEqual(await framedDocument(seed.quads, RECORD));
    expect(sameGraph(triples(await parseJsonld(doc)), seedTriples)).toBe(true);
  });

  it('answers the schema.org embed for the schema.org profile, as the converter writes it', async () => {
    for (const accept of ['application/ld+json;profile="https://schema.org"', 'application/ld+json; profile="http://schema.org/"']) {
      const res = await get(WORK_PATH, accept);
      expect(res.headers.get('content-type')).toBe(`${SCHEMA}; charset=utf-8`);
      expect(await res.json()).toEqual(schemaEmbed(seed, BASE));
    }
  });

  it('gives a plain application/json client JSON-LD', async () => {
    const res = await get(WORK_PATH, 'application/json');
    expect(mediaType(res)).toBe('application/ld+json');
  });

  it('follows q-values', async () => {
    const res = await get(WORK_PATH, 'text/html;q=0.4, application/n-triples;q=0.5, text/turtle;q=0.3');
    expect(mediaType(res)).toBe('application/n-triples');
  });

  it('says Vary: Accept, where each format is (Link rel=alternate) and which one this is (Content-Location)', async () => {
    const res = await get(WORK_PATH, 'text/turtle');
    expect(res.headers.get('vary')).toMatch(/\bAccept\b/);
    const link = res.headers.get('link')!;
    for (const [ext, type] of [['.ttl', 'text/turtle'], ['.jsonld', 'application/ld+json'], ['.nt', 'application/n-triples'], ['.nq', 'application/n-quads'], ['.rdf', 'application/rdf+xml'], ['.html', 'text/html']])
      expect(link).toContain(`<${WORK}${ext}>; rel="alternate"; type="${type}"`);
    expect(res.headers.get('content-location')).toBe(`${WORK}.ttl`);
  });

  it('answers 406 listing what is offered when nothing acceptable is', async () => {
    const res = await get(WORK_PATH, 'image/png, application/pdf;q=0.5');
    expect(res.status).toBe(406);
    expect(mediaType(res)).toBe('text/plain');
    const body = await res.text();
    for (const type of ['text/turtle', 'application/ld+json', 'application/n-triples', 'application/n-quads', 'application/rdf+xml', 'text/html']) expect(body).toContain(type);
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await server.app.request(WORK_PATH, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe('text/turtle');
    expect(await res.text()).toBe('');
  });
});

describe('format suffixes', () => {
  const cases: [string, string][] = [
    ['.ttl', 'text/turtle'],
    ['.nt', 'application/n-triples'],
    ['.nq', 'application/n-quads'],
    ['.rdf', 'application/rdf+xml'],
    ['.jsonld', 'application/ld+json'],
    ['.schema.jsonld', SCHEMA],
    ['.html', 'text/html'],
  ];
  it.each(cases)('%s picks %s whatever Accept says, and does not vary', async (ext, type) => {
    const res = await get(`${WORK_PATH}${ext}`, 'text/html');
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe(type);
    expect(res.headers.get('vary')).toBeNull();
    expect(res.headers.get('link')).toContain(`<${WORK}.ttl>`);
  });

  it('leaves a dot that belongs to a DOI alone, and takes a suffix off it only when the rest is known', async () => {
    const dotted = SEED.replaceAll('10.1186/s12888-022-03999-9', '10.1234/report.ttl').replaceAll('pubmed-9158348', 'pubmed-dotted');
    const { app } = await testServer({ texts: [dotted] });
    const iri = `${BASE}work/doi/10.1234/report.ttl`;
    const asHtml = await app.request('/work/doi/10.1234/report.ttl', { headers: { accept: 'text/html' } });
    expect(asHtml.status).toBe(200);
    expect(mediaType(asHtml)).toBe('text/html');
    expect(asHtml.headers.get('vary')).toMatch(/Accept/);
    const nt = await app.request('/work/doi/10.1234/report.ttl.nt');
    expect(mediaType(nt)).toBe('application/n-triples');
    expect(parse(await nt.text(), 'application/n-triples').some((q) => q.subject.value === iri)).toBe(true);
    expect((await app.request('/work/doi/10.1234/report')).status).toBe(404);
  });
});

describe('unknown IRIs', () => {
  it('answers 404, as a page for browsers and as text otherwise', async () => {
    const html = await get('/work/doi/10.9999/none', BROWSER);
    expect(html.status).toBe(404);
    expect(mediaType(html)).toBe('text/html');
    const text = await get('/work/doi/10.9999/none.ttl');
    expect(text.status).toBe(404);
    expect(mediaType(text)).toBe('text/plain');
    expect((await get('/nothing/here')).status).toBe(404);
  });

  it('answers 404 for a suffix a resource is not offered in', async () => {
    expect((await get('/journal/bmcpsychiatry.schema.jsonld')).status).toBe(404);
  });
});

describe('the work page', () => {
  const html = get(WORK_PATH, BROWSER).then((r) => r.text());

  it('has the title, the authors in order, journal, date, identifiers, licence and abstract', async () => {
    const page = await html;
    const w = seed.work;
    expect(page).toContain(`<h1>${w.title!.value}</h1>`);
    const authors = [...page.match(/<ol>([\s\S]*?)<\/ol>/)![1]!.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a>/g)];
    expect(authors.map((m) => m[2])).toEqual(w.authors.map((a) => a.name));
    expect(authors[0]![1]).toBe(`${WORK_PATH}/person/gillardsteve`);
    expect(page).toContain('>BMC Psychiatry</a>');
    expect(page).toContain('<time datetime="2022-06-01">');
    expect(page).toContain('href="https://doi.org/10.1186/s12888-022-03999-9"');
    expect(page).toContain('href="https://pubmed.ncbi.nlm.nih.gov/35650562/"');
    expect(page).toContain('rel="license"');
    expect(page).toContain('BACKGROUND: Peer workers');
    expect(page).toMatch(/<html lang="en">/);
  });

  it('links every format', async () => {
    const page = await html;
    for (const ext of ['.ttl', '.jsonld', '.schema.jsonld', '.nt', '.nq', '.rdf', '.html']) expect(page).toContain(`href="${WORK_PATH}${ext}"`);
  });

  it('carries the schema.org JSON-LD and the citation_* meta tags in its head, as the converter writes them', async () => {
    const page = await html;
    const head = page.slice(0, page.indexOf('</head>'));
    const script = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(head)![1]!;
    expect(JSON.parse(script)).toEqual(schemaEmbed(seed, BASE));
    const meta = [...head.matchAll(/<meta name="(citation_[a-z_]+)" content="([^"]*)">/g)].map((m) => [m[1], m[2]!.replace(/&amp;/g, '&')]);
    expect(meta).toEqual(citationMeta(seed));
  });
});

describe('other resources', () => {
  it('shows a person as a property table with what points to them', async () => {
    const res = await get(`${WORK_PATH}/person/fosterrhiannon`, BROWSER);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<h1>Rhiannon Foster</h1>');
    expect(page).toMatch(/<th scope="row">schema:familyName<\/th><td><span>Foster<\/span><\/td>/);
    expect(page).toContain('Referenced by');
    expect(page).toContain(`href="${WORK_PATH}"`);
  });

  it('describes a journal, the record and an identifier in RDF', async () => {
    for (const path of ['/journal/bmcpsychiatry', '/record/pubmed-9158348', '/id/doi/10.1186/s12888-022-03999-9', '/collection/pubmed', '/org/biomedcentral']) {
      const res = await get(path, 'application/n-triples');
      expect(res.status, path).toBe(200);
      const quads = parse(await res.text(), 'application/n-triples');
      expect(quads.some((q) => q.subject.value === BASE + path.slice(1))).toBe(true);
    }
  });

  it('answers JSON-LD in catalod’s context for them, the resource first', async () => {
    const res = await get('/journal/bmcpsychiatry', 'application/ld+json');
    const doc = await res.json();
    expect(doc['@graph'][0].id).toBe(`${BASE}journal/bmcpsychiatry`);
    expect(doc['@graph'][0].name).toBe('BMC Psychiatry');
  });
});

describe('representations kept between requests', () => {
  it('follow the catalogue: a record of the same work, then its deletion, show at once; an unrelated record changes nothing', async () => {
    const own = await testServer();
    const fetch = async (path: string, accept: string) => (await own.app.request(path, { headers: { accept } })).text();
    const first = { html: await fetch(WORK_PATH, BROWSER), nt: await fetch(WORK_PATH, 'application/n-triples'), journal: await fetch('/journal/bmcpsychiatry', 'application/n-triples') };
    // Another work in another journal: the seed's representations stay as they were.
    await own.catalog.ingest(fixtureText('pages/hard-names.txt'), 'hard.txt');
    expect(await fetch(WORK_PATH, BROWSER)).toBe(first.html);
    expect(await fetch('/journal/bmcpsychiatry', 'application/n-triples')).toBe(first.journal);
    // The same article from a second catalogue: the work is now described by two records.
    const other = SEED.replace('id | pubmed-9158348 |', 'id | othercat-1 |');
    await own.catalog.ingest(other, 'other.txt');
    const merged = await fetch(WORK_PATH, 'application/n-triples');
    expect(merged).toContain(`<${BASE}record/othercat-1>`);
    expect(await fetch(WORK_PATH, BROWSER)).not.toBe(first.html);
    await own.catalog.delete('othercat-1');
    expect(await fetch(WORK_PATH, 'application/n-triples')).not.toContain(`<${BASE}record/othercat-1>`);
    expect(sameGraph(parse(await fetch(WORK_PATH, 'application/n-triples'), 'application/n-triples'), parse(first.nt, 'application/n-triples'))).toBe(true);
  });
});

describe('pathToIri', () => {
  it('turns percent-encoded UTF-8 back into the characters catalod mints as they are', () => {
    expect(pathToIri('journal/caf%C3%A9')).toBe('journal/café');
    expect(pathToIri('journal/caf%c3%a9')).toBe('journal/café');
    // ASCII escapes and characters IRIs keep encoded stay as they are.
    expect(pathToIri('work/doi/10.1/a%3Cb%3E')).toBe('work/doi/10.1/a%3Cb%3E');
    expect(pathToIri('x/%F0%9F%98%80')).toBe('x/%F0%9F%98%80');
    expect(pathToIri('x/%C3')).toBe('x/%C3');
  });

  it('normalises escapes as RFC 3986 §6.2.2 says: upper-case hex digits, unreserved characters decoded', () => {
    expect(pathToIri('work/doi/10.1/a%3cb%3e')).toBe('work/doi/10.1/a%3Cb%3E');
    expect(pathToIri('x/%c3')).toBe('x/%C3');
    expect(pathToIri('x/%41%7a%2D%2e%5F%7E')).toBe('x/Az-._~');
  });

  it('reads a DOI’s slash sent as %2F (catalod never mints %2F), and encodes what catalod encodes', () => {
    expect(pathToIri('work/doi/10.1186%2Fs12888-022-03999-9')).toBe('work/doi/10.1186/s12888-022-03999-9');
    expect(pathToIri('work/doi/10.1186%2fs12888-022-03999-9')).toBe('work/doi/10.1186/s12888-022-03999-9');
    expect(pathToIri('x/a[b]%7C')).toBe('x/a%5Bb%5D%7C');
    expect(pathToIri('x/100%25')).toBe('x/100%25');
    expect(pathToIri('x/%28a%29%3A')).toBe('x/(a):');
  });
});

describe('every spelling of a resource path', () => {
  const SICI = '10.1002/(SICI)1097-4636(199706)35:4<437::AID-JBM4>3.0.CO;2-E';
  const sici = SEED.replaceAll('10.1186/s12888-022-03999-9', SICI).replace('id | pubmed-9158348 |', 'id | sici-1 |');

  it('finds a DOI holding < and > whether its escapes are written %3C or %3c, with the same answer', async () => {
    const own = await testServer({ texts: [SEED, sici] });
    const upper = '/work/doi/10.1002/(sici)1097-4636(199706)35:4%3C437::aid-jbm4%3E3.0.co;2-e';
    const bodies: string[] = [];
    for (const path of [upper, upper.replace('%3C', '%3c').replace('%3E', '%3e'), upper.replaceAll('(', '%28').replaceAll(')', '%29')]) {
      const res = await own.app.request(path, { headers: { accept: 'application/n-triples' } });
      expect(res.status, path).toBe(200);
      bodies.push(await res.text());
    }
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toContain(`<${BASE}work/doi/10.1002/(sici)1097-4636(199706)35:4%3C437::aid-jbm4%3E3.0.co;2-e>`);
  });

  it('finds a DOI whose / is sent as %2F or %2f, with or without a format suffix', async () => {
    const plain = await (await get(WORK_PATH, 'application/n-triples')).text();
    for (const path of ['/work/doi/10.1186%2Fs12888-022-03999-9', '/work/doi/10.1186%2fs12888-022-03999-9', '/work/doi%2F10.1186%2Fs12888-022-03999-9']) {
      const res = await get(path, 'application/n-triples');
      expect(res.status, path).toBe(200);
      expect(await res.text()).toBe(plain);
    }
    const ttl = await get('/work/doi/10.1186%2Fs12888-022-03999-9.ttl');
    expect(ttl.status).toBe(200);
    expect(mediaType(ttl)).toBe('text/turtle');
    expect((await get('/work/doi/10.1186/s12888%2D022%2d03999-9', 'application/n-triples')).status).toBe(200);
  });
});
