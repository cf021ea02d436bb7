/**
 * Pages that show rather than download (issue 14): a stored query's answer as an HTML table with
 * the machine formats one link away, VoID as a page for browsers (RDF still the default), the
 * query editor's layout rules for a phone, examples and messages that speak of the server's own
 * base, and a crawl of every page of a server mounted under a path whose links all stay under it.
 */
import { describe, expect, it } from 'vitest';
import { MemoryCatalog } from '../../src/catalog/memory.js';
import { LocalRunner } from '../../src/query/local.js';
import { createApp } from '../../src/server/app.js';
import { SEED } from '../helpers.js';
import { BASE, WORK, mediaType, testServer } from './helpers.js';

/** What Chromium sends when it navigates. */
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8';

const { app } = await testServer();

/** A server over the seed whose base is `base` (a port, a path). */
async function serverAt(base: string) {
  const catalog = new MemoryCatalog({ base, queries: (source) => new LocalRunner(source) });
  await catalog.ingest(SEED, 'seed');
  return createApp({ catalog, log: () => undefined });
}

/** Every `href` and form `action` of a page, entities decoded. */
function links(html: string): string[] {
  return [...html.matchAll(/\s(?:href|action)="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
}

describe('a stored query asked for as HTML: a table', () => {
  const path = '/queries/works-by-author-name?name=Gillard';

  it('a browser gets a table; IRIs minted here link to their pages, literals are text', async () => {
    const res = await app.request(path, { headers: { accept: BROWSER } });
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe('text/html');
    expect(res.headers.get('vary')).toContain('Accept');
    const html = await res.text();
    expect(html).toContain('<th scope="col">work</th>');
    expect(html).toContain(`<a href="/work/doi/10.1186/s12888-022-03999-9">${WORK}</a>`);
    expect(html).toContain('<span>Steve Gillard</span>');
    expect(html).toMatch(/<caption>1 row<\/caption>/);
  });

  it('the machine formats are one link away, and each answers in its type', async () => {
    const html = await (await app.request(path, { headers: { accept: BROWSER } })).text();
    const expected: Record<string, string> = { json: 'application/sparql-results+json', xml: 'application/sparql-results+xml', csv: 'text/csv', tsv: 'text/tab-separated-values' };
    for (const [format, type] of Object.entries(expected)) {
      const href = `/queries/works-by-author-name?name=Gillard&format=${format}`;
      expect(links(html), format).toContain(href);
      const res = await app.request(href, { headers: { accept: BROWSER } });
      expect(res.status, format).toBe(200);
      expect(mediaType(res), format).toBe(type);
      expect(res.headers.get('content-disposition'), format).toBeNull();
    }
  });

  it('machines keep SPARQL: `*/*`, no Accept and SPARQL XML are not HTML', async () => {
    expect(mediaType(await app.request(path, { headers: { accept: '*/*' } }))).toBe('application/sparql-results+json');
    expect(mediaType(await app.request(path))).toBe('application/sparql-results+json');
    expect(mediaType(await app.request(path, { headers: { accept: 'application/sparql-results+xml' } }))).toBe('application/sparql-results+xml');
    expect(mediaType(await app.request(`${path}&format=html`, { headers: { accept: '*/*' } }))).toBe('text/html');
  });

  it('an unknown format is a 400 naming the known ones', async () => {
    const res = await app.request(`${path}&format=pdf`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/html, json, xml, csv, tsv/);
  });

  it('web IRIs link out; IRIs of other schemes are shown, never linked', async () => {
    const orcid = await (await app.request('/queries/authors-with-orcid', { headers: { accept: BROWSER } })).text();
    // No ORCID iDs in the seed: the table is there, empty or not, and no link has a script scheme.
    expect(orcid).toContain('<table>');
    const { TermCell } = await import('../../src/server/pages/stored-queries.js');
    const cell = (value: string) => String(TermCell({ term: { type: 'uri', value }, base: BASE }));
    expect(cell('https://orcid.org/0000-0002-1825-0097')).toBe('<a href="https://orcid.org/0000-0002-1825-0097" rel="external nofollow">https://orcid.org/0000-0002-1825-0097</a>');
    expect(cell('javascript:alert(1)')).toBe('<span>javascript:alert(1)</span>');
  });

  it('a browser following the form on /queries lands on the table', async () => {
    const list = await (await app.request('/queries', { headers: { accept: BROWSER } })).text();
    const form = /<form method="get" action="(\/queries\/works-by-journal-year)">([\s\S]*?)<\/form>/.exec(list)!;
    expect(form).not.toBeNull();
    const names = [...form[2]!.matchAll(/<input[^>]* name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(['journal', 'year']);
    const res = await app.request(`${form[1]}?journal=BMC+Psychiatry&year=2022`, { headers: { accept: BROWSER } });
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe('text/html');
    expect(await res.text()).toContain('The impact of working as a peer worker');
  });

  it('a missing parameter, asked for by a browser, is a 400 page with the message and a way back', async () => {
    const res = await app.request('/queries/works-by-journal-year?journal=x', { headers: { accept: BROWSER } });
    expect(res.status).toBe(400);
    expect(mediaType(res)).toBe('text/html');
    const html = await res.text();
    expect(html).toContain('missing parameter year');
    expect(links(html)).toContain('/queries#works-by-journal-year');
  });
});

describe('VoID for a browser', () => {
  it('a page: the dataset, its classes, its links; the Turtle below; the syntaxes one link away', async () => {
    const res = await app.request('/.well-known/void', { headers: { accept: BROWSER } });
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe('text/html');
    expect(res.headers.get('vary')).toContain('Accept');
    const html = await res.text();
    expect(html).toContain('<h1>VoID description</h1>');
    expect(html).toContain('catalod: catalogue records of scholarly articles as linked data');
    expect(html).toMatch(/<a href="\/sparql">http:\/\/localhost:3000\/sparql<\/a>/);
    expect(html).toMatch(/<a href="\/dump\.nq">/);
    expect(html).toContain('<a href="https://creativecommons.org/publicdomain/zero/1.0/">CC0 1.0</a>');
    expect(html).toContain('id="classes"');
    expect(html).toContain('schema:ScholarlyArticle');
    expect(html).toContain('void:classPartition');
    for (const f of ['turtle', 'jsonld', 'ntriples', 'nquads', 'rdfxml']) expect(links(html)).toContain(`/.well-known/void?format=${f}`);
  });

  it('machines keep RDF: Turtle for `*/*` and no Accept, each syntax asked for, ?format= for links', async () => {
    expect(mediaType(await app.request('/.well-known/void', { headers: { accept: '*/*' } }))).toBe('text/turtle');
    expect(mediaType(await app.request('/.well-known/void'))).toBe('text/turtle');
    expect(mediaType(await app.request('/.well-known/void', { headers: { accept: 'application/ld+json' } }))).toBe('application/ld+json');
    expect(mediaType(await app.request('/.well-known/void', { headers: { accept: 'application/rdf+xml,text/html;q=0.5' } }))).toBe('application/rdf+xml');
    expect(mediaType(await app.request('/.well-known/void?format=ntriples', { headers: { accept: BROWSER } }))).toBe('application/n-triples');
    expect((await app.request('/.well-known/void?format=html')).status).toBe(400);
    expect((await app.request('/.well-known/void', { headers: { accept: 'image/png' } })).status).toBe(406);
  });

  it('the header links to it on every page', async () => {
    const home = await (await app.request('/', { headers: { accept: BROWSER } })).text();
    expect(/<header class="site">[\s\S]*?<\/header>/.exec(home)![0]).toContain('href="/.well-known/void"');
  });
});

describe('the query editor on a phone', () => {
  it('keeps YASGUI’s buttons out of the editor and lets long IRIs wrap', async () => {
    const html = await (await app.request('/sparql', { headers: { accept: BROWSER } })).text();
    expect(html).toContain('.yasqe .yasqe_buttons{position:static');
    expect(html).toMatch(/\.yasr \.dataTable td[^{]*\{[^}]*overflow-wrap:anywhere/);
    expect(html).toContain('.yasgui .controlbar{flex-wrap:nowrap');
  });
});

describe('examples and messages speak of the server’s base, not localhost:3000', () => {
  const base = 'http://catalogue.example:8080/lib/';
  const made = serverAt(base);

  it('/queries (page and JSON) gives examples under the base', async () => {
    const html = await (await (await made).request('/lib/queries', { headers: { accept: BROWSER } })).text();
    expect(html).not.toContain('localhost:3000');
    expect(html).toContain(`${base}work/doi/10.1186/s12888-022-03999-9`);
    expect(html).toContain(`placeholder="${base}work/doi/10.1186/s12888-022-03999-9"`);
    const json = await (await (await made).request('/lib/queries', { headers: { accept: 'application/json' } })).text();
    expect(json).not.toContain('localhost:3000');
    expect(json).toContain(`${base}work/doi`);
  });

  it('the runnable example link of each query answers, under the base', async () => {
    const html = await (await (await made).request('/lib/queries', { headers: { accept: BROWSER } })).text();
    const examples = [...html.matchAll(/<a href="([^"]+)">run with the example values<\/a>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    expect(examples.every((h) => h.startsWith('/lib/queries/'))).toBe(true);
    expect(examples.length).toBeGreaterThan(3);
    for (const href of examples) {
      const res = await (await made).request(href, { headers: { accept: BROWSER } });
      expect(res.status, href).toBe(200);
      expect(await res.text(), href).toContain('<table>');
    }
  });

  it('a refused parameter’s message and an unknown query’s message name the base', async () => {
    const bad = await (await made).request('/lib/queries/authors-of-work?work=nope');
    expect(bad.status).toBe(400);
    const message = await bad.text();
    expect(message).toContain(`e.g. ${base}work/doi/`);
    expect(message).not.toContain('localhost:3000');
    expect(await (await (await made).request('/lib/queries/nothing')).text()).toContain(`${base}queries`);
  });

  it('the query editor’s examples use the base, in their comments too', async () => {
    const html = await (await (await made).request('/lib/sparql', { headers: { accept: BROWSER } })).text();
    expect(html).not.toContain('localhost:3000');
    expect(html).toContain(`${base}work/doi/10.1186/s12888-022-03999-9`);
  });
});

describe('a server under a path: every link of every page stays under it and answers', () => {
  const base = 'http://localhost:3000/cat/';

  it('the brand link is the base itself, and answers the home page', async () => {
    const cat = await serverAt(base);
    const home = await cat.request('/cat/', { headers: { accept: BROWSER } });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<a class="brand" href="/cat/">');
    const bare = await cat.request('/cat');
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/cat/');
  });

  it('a crawl from /cat/ (pages, forms’ actions, format links) finds no link outside /cat/ and no 404', async () => {
    const cat = await serverAt(base);
    const origin = new URL(base).origin;
    const seen = new Set<string>();
    const queue = ['/cat/'];
    const outside: string[] = [];
    const missing: string[] = [];
    // Seed the crawl with the pages a person reaches by typing: a search, a person by ORCID-less IRI.
    queue.push('/cat/search?q=Gillard', '/cat/search?q=peer');
    while (queue.length && seen.size < 400) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await cat.request(path, { headers: { accept: BROWSER } });
      if (res.status === 404) missing.push(path);
      if (res.status >= 300 && res.status < 400) {
        queue.push(res.headers.get('location')!);
        continue;
      }
      if (mediaType(res) !== 'text/html') continue;
      for (const href of links(await res.text())) {
        if (href.startsWith('#') || href.startsWith('data:')) continue;
        const url = new URL(href, `${origin}${path}`);
        if (url.origin !== origin) continue; // another site (a DOI resolver, a vocabulary)
        if (!url.pathname.startsWith('/cat/')) {
          outside.push(`${path} → ${href}`);
          continue;
        }
        // A form's action is crawled bare: a 400 for its missing parameters still shows it exists.
        queue.push(url.pathname + url.search);
      }
    }
    expect(outside).toEqual([]);
    expect(missing).toEqual([]);
    // The crawl reached each kind of page.
    const reached = [...seen].join('\n');
    for (const kind of ['/cat/sparql', '/cat/queries', '/cat/.well-known/void', '/cat/search?q=', '/cat/work/doi/', '/person/', '/cat/queries/works-by-author-name?', '/cat/dump.nq']) expect(reached, kind).toContain(kind);
  }, 120_000);
});
