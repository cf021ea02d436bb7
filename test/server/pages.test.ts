/**
 * The pages people read, through `app.request()`: home, search (answered by the stored queries),
 * the record page (abstract sections, ORCID iDs, the embed box), person pages, the query editor
 * and YASGUI's files; and the view helpers behind them.
 */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseOrcidCsv } from '../../src/orcid.js';
import { checkQuery } from '../../src/query/validate.js';
import { licenceLabel, resourcePage } from '../../src/server/pages.js';
import { exampleQuery } from '../../src/server/query-ui.js';
import { loadStoredQueries } from '../../src/server/queries.js';
import { capitalised } from '../../src/server/search.js';
import { Index, abstractParts, embedSnippet, workView } from '../../src/server/view.js';
import { htmlSnippet } from '../../src/writers/html.js';
import { SEED, convertSeed } from '../helpers.js';
import { fixtureText } from '../fixtures/load.js';
import { BASE, WORK, WORK_PATH, mediaType, testServer } from './helpers.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const GILLARD = '0000-0002-1825-0097';
const { table: orcids } = parseOrcidCsv(`work,author,orcid\n10.1186/s12888-022-03999-9,1,${GILLARD}\n`, 'ids.csv');
const server = await testServer({ texts: [SEED, fixtureText('pages/hard-names.txt')], orcids });
const { app, catalog, spy } = server;
/** Element text as a browser reads it back: the five entities the pages' escaping writes, decoded. */
const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };
const unescapeText = (text: string) => text.replace(/&(?:lt|gt|quot|#39|amp);/g, (e) => ENTITIES[e]!);
const html = async (path: string, accept = BROWSER) => {
  const res = await app.request(path, { headers: { accept } });
  return { res, text: await res.text() };
};

describe('abstract sections', () => {
  it('cuts a structured abstract at its labels', () => {
    expect(abstractParts('BACKGROUND: Peer workers help. METHODS: We asked 32. RESULTS: Good. CONCLUSIONS: Keep them.')).toEqual([
      { label: 'BACKGROUND', text: 'Peer workers help.' },
      { label: 'METHODS', text: 'We asked 32.' },
      { label: 'RESULTS', text: 'Good.' },
      { label: 'CONCLUSIONS', text: 'Keep them.' },
    ]);
  });

  it('leaves an unstructured abstract whole, and capitals inside a sentence alone', () => {
    expect(abstractParts('We studied peer workers. RESULTS: were good.')).toEqual([{ text: 'We studied peer workers. RESULTS: were good.' }]);
    expect(abstractParts('BACKGROUND: HIV: a review of COVID-19: cases. METHODS: counts')).toEqual([
      { label: 'BACKGROUND', text: 'HIV: a review of COVID-19: cases.' },
      { label: 'METHODS', text: 'counts' },
    ]);
    expect(abstractParts('OBJECTIVE: x. MATERIALS AND METHODS: y.').map((p) => p.label)).toEqual(['OBJECTIVE', 'MATERIALS AND METHODS']);
  });
});

describe('view helpers', () => {
  it('names Creative Commons licences', () => {
    expect(licenceLabel('https://creativecommons.org/licenses/by/4.0/')).toBe('CC BY 4.0');
    expect(licenceLabel('https://creativecommons.org/licenses/by-nc-sa/3.0/igo/')).toBe('https://creativecommons.org/licenses/by-nc-sa/3.0/igo/');
    expect(licenceLabel('https://creativecommons.org/licenses/by-nc/2.0/uk/')).toBe('CC BY-NC 2.0 UK');
    expect(licenceLabel('https://creativecommons.org/publicdomain/zero/1.0/')).toBe('CC0 1.0');
    expect(licenceLabel('https://example.org/licence')).toBe('https://example.org/licence');
  });

  it('capitalises each word of a name typed in lower case', () => {
    expect(capitalised('steve gillard')).toBe('Steve Gillard');
    expect(capitalised("o'brien")).toBe("O'Brien");
    expect(capitalised('smith-jones')).toBe('Smith-Jones');
    expect(capitalised('müller')).toBe('Müller');
  });

  it('the embed snippet read back from the catalogue is the converter’s `--to html` snippet', () => {
    const view = workView(new Index(catalog.describe(WORK)), WORK)!;
    const seed = convertSeed(BASE);
    // The catalogue's seed carries an ORCID iD the plain conversion has not: compare without it.
    const plain = { ...view, authors: view.authors.map((a) => ({ ...a, orcid: undefined, orcidIri: undefined, iri: a.iri.startsWith('https://orcid.org/') ? `${WORK}/person/gillardsteve` : a.iri })) };
    expect(embedSnippet(plain)).toBe(htmlSnippet(seed, BASE));
  });
});

describe('the record page', () => {
  const page = html(WORK_PATH);

  it('sets the abstract’s sections apart under their own headings', async () => {
    const { text } = await page;
    expect([...text.matchAll(/<section><h3>([^<]+)<\/h3>/g)].map((m) => m[1])).toEqual(['Background', 'Methods', 'Results', 'Conclusions']);
    expect(text).toMatch(/<h3>Background<\/h3>\s*<p>Peer workers are increasingly employed/);
  });

  it('shows an ORCID iD with the iD icon and its full URL, linked, and links that author to a page here', async () => {
    const { text } = await page;
    const first = /<section class="authors"[\s\S]*?<li>([\s\S]*?)<\/li>/.exec(text)![1]!;
    expect(first).toContain(`href="/person?iri=${encodeURIComponent(`https://orcid.org/${GILLARD}`)}"`);
    expect(first).toMatch(new RegExp(`<a class="orcid" href="https://orcid.org/${GILLARD}"[^>]*><svg[^>]*aria-hidden="true"[\\s\\S]*?</svg>https://orcid.org/${GILLARD}</a>`));
  });

  it('offers the head snippet to copy: the same text as in its own head, escaped in a read-only textarea', async () => {
    const { text } = await page;
    const boxed = /<textarea id="embed-snippet" readonly[^>]*>([\s\S]*?)<\/textarea>/.exec(text)![1]!;
    const snippet = unescapeText(boxed);
    expect(text.slice(0, text.indexOf('</head>'))).toContain(snippet);
    expect(snippet).toBe(embedSnippet(workView(new Index(catalog.describe(WORK)), WORK)!));
    expect(text).toMatch(/<button type="button" class="secondary" id="copy-embed" hidden(?:="")?>/);
  });

  it('gives the catalogue provenance, the licence by name and the language by name', async () => {
    const { text } = await page;
    expect(text).toMatch(/collection PubMed · National Center for Biotechnology Information · format MEDLINE\/PubMed · version 1784718818019377152/);
    expect(text).toContain('rel="license">CC BY 4.0</a>');
    expect(text).toContain('<dt>Language</dt><dd>English</dd>');
  });

  it('is one page of semantic HTML: lang, one h1, an article with labelled sections, a viewport', async () => {
    const { text } = await page;
    expect(text).toMatch(/<html lang="en">/);
    expect(text.match(/<h1>/g)).toHaveLength(1);
    expect(text).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1"\/?>/);
    for (const id of ['authors', 'details', 'abstract', 'records', 'formats', 'embed']) expect(text).toContain(`aria-labelledby="${id}"><h2 id="${id}">`);
    expect(text).not.toMatch(/https?:\/\/(?!localhost|orcid\.org|doi\.org|pubmed|www\.ncbi|creativecommons|schema\.org|www\.w3\.org)[^"'\s<]*\.(?:css|js|woff2?)/);
  });
});

describe('person pages', () => {
  it('a person minted here: their works and co-authors, then their statements', async () => {
    const { res, text } = await html(`${WORK_PATH}/person/fosterrhiannon`);
    expect(res.status).toBe(200);
    expect(res.headers.get('vary')).toBe('Accept');
    expect(res.headers.get('content-location')).toBe(`${WORK}/person/fosterrhiannon.html`);
    expect(res.headers.get('link')).toContain(`<${WORK}/person/fosterrhiannon.ttl>; rel="alternate"; type="text/turtle"`);
    expect(text).toContain('<h1>Rhiannon Foster</h1>');
    expect(text).toContain('Works here (1)');
    expect(text).toContain(`<a href="${WORK_PATH}">The impact of working as a peer worker`);
    expect(text).toContain('author 2 of 20');
    expect(text).toContain('Co-authors (19)');
    expect(text).toContain(`href="/person?iri=${encodeURIComponent(`https://orcid.org/${GILLARD}`)}">Steve Gillard</a>`);
    expect(text).toMatch(/<th scope="row">schema:familyName<\/th><td><span>Foster<\/span><\/td>/);
    expect(spy.requests.some((r) => r.stored === 'coauthors')).toBe(true);
  });

  it('leaves a person’s RDF to the resource handler, and answers the .html suffix with the page', async () => {
    const turtle = await app.request(`${WORK_PATH}/person/fosterrhiannon`, { headers: { accept: 'text/turtle' } });
    expect(mediaType(turtle)).toBe('text/turtle');
    const suffixed = await app.request(`${WORK_PATH}/person/fosterrhiannon.html`, { headers: { accept: 'text/turtle' } });
    expect(mediaType(suffixed)).toBe('text/html');
    expect(suffixed.headers.get('vary')).toBeNull();
    expect(await suffixed.text()).toContain('<h1>Rhiannon Foster</h1>');
  });

  it('an ORCID iD person at /person?iri=: the iD shown and linked, their works', async () => {
    const { res, text } = await html(`/person?iri=${encodeURIComponent(`https://orcid.org/${GILLARD}`)}`);
    expect(res.status).toBe(200);
    expect(text).toContain('<h1>Steve Gillard</h1>');
    expect(text).toContain(`<a class="orcid" href="https://orcid.org/${GILLARD}"`);
    expect(text).toContain('author 1 of 20');
  });

  it('/person sends IRIs minted here to their own path, and answers 404 for no person', async () => {
    const local = await app.request(`/person?iri=${encodeURIComponent(`${WORK}/person/whitesarah`)}`);
    expect(local.status).toBe(301);
    expect(local.headers.get('location')).toBe(`${WORK_PATH}/person/whitesarah`);
    expect((await app.request(`/person?iri=${encodeURIComponent('https://doi.org/10.1186/s12888-022-03999-9')}`)).status).toBe(404);
    expect((await app.request('/person?iri=https%3A%2F%2Forcid.org%2F0000-0000-0000-0000')).status).toBe(404);
  });
});

describe('the home page', () => {
  it('names the dataset, counts it, gives its licence, a search box and the recent records with their titles', async () => {
    const { text } = await html('/');
    expect(text).toContain('<h1>Catalogue records of scholarly articles as linked data</h1>');
    expect(text).toMatch(/<dt>Records<\/dt><dd>5<\/dd>/);
    // The dataset's size in distinct triples of the merged default graph (what COUNT(*) over it gives), not quads.
    expect(text).toContain(`<dt>Triples</dt><dd>${catalog.stats().triples!.toLocaleString('en')}</dd>`);
    expect(text).toContain('rel="license">CC0 1.0</a>');
    expect(text).toContain('<form class="search" role="search" method="get" action="/search">');
    expect(text).toContain(`<a href="${WORK_PATH}">The impact of working as a peer worker`);
    expect(text).toContain('record <a href="/record/pubmed-9158348">pubmed-9158348</a>');
  });

  it('shows the licence the app is given', async () => {
    const other = await testServer({ license: 'https://creativecommons.org/licenses/by/4.0/' });
    expect(await (await other.app.request('/')).text()).toContain('rel="license">CC BY 4.0</a>');
  });
});

describe('search', () => {
  const titles = (text: string, group: string) => {
    const section = new RegExp(`<h2 id="group-\\d+">${group}[\\s\\S]*?</section>`).exec(text)?.[0] ?? '';
    return [...section.matchAll(/<li><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
  };

  it('by an author’s family name, through the stored query', async () => {
    spy.requests.length = 0;
    const { text } = await html('/search?q=Gillard');
    expect(titles(text, 'Authors named “Gillard”')).toEqual(['The impact of working as a peer worker in mental health services: a longitudinal mixed methods study']);
    expect(text).toContain('Steve Gillard, Rhiannon Foster, Sarah White et al. · <cite>BMC Psychiatry</cite> · <time datetime="2022-06-01">2022</time>');
    expect(text).toContain('Matched: Steve Gillard');
    expect(spy.requests.map((r) => r.stored).sort()).toEqual(['works-by-author-folded', 'works-by-author-name', 'works-by-journal-word', 'works-by-title-word']);
    expect(spy.requests.every((r) => r.bindings && !r.query.includes('"Gillard"'))).toBe(true);
  });

  it('by a name typed in lower case, with accents', async () => {
    expect(titles((await html('/search?q=m%C3%BCller')).text, 'Authors named “müller”')).toEqual(['Multilingual consent forms in European cancer trials: a mixed methods evaluation']);
  });

  it('by DOI (any form), PMID or PMCID', async () => {
    for (const q of ['https://doi.org/10.1186/S12888-022-03999-9', '35650562', 'pmc9158348']) {
      const { text } = await html(`/search?q=${encodeURIComponent(q)}`);
      expect(text, q).toMatch(/<h2 id="group-0">Identifier /);
      expect(titles(text, 'Identifier'), q).toEqual(['The impact of working as a peer worker in mental health services: a longitudinal mixed methods study']);
    }
  });

  it('by words of a title, in any letter case', async () => {
    const { text } = await html('/search?q=MIXED%20METHODS');
    expect(titles(text, 'Titles with “MIXED METHODS”')).toEqual([
      'Multilingual consent forms in European cancer trials: a mixed methods evaluation',
      'The impact of working as a peer worker in mental health services: a longitudinal mixed methods study',
    ]);
  });

  it('says so when nothing matches, and escapes what was typed', async () => {
    const { text } = await html('/search?q=%3Cscript%3Enothing');
    expect(text).toContain('No work matches <strong>&lt;script&gt;nothing</strong>');
    expect(text).not.toContain('<script>nothing');
  });
});

describe('the query editor', () => {
  it('/sparql for a browser: YASGUI from this server, the stored queries as examples, and the form without script', async () => {
    const { res, text } = await html('/sparql');
    expect(mediaType(res)).toBe('text/html');
    expect(res.headers.get('vary')).toBe('Accept');
    const script = /<script src="(\/assets\/yasgui\/[\d.]+\/yasgui\.min\.js)"><\/script>/.exec(text)![1]!;
    expect(text).toMatch(/<link rel="stylesheet" href="\/assets\/yasgui\/[\d.]+\/yasgui\.min\.css"\/?>/);
    expect(text).toMatch(/<form method="get" action="\/sparql">/);
    const config = JSON.parse(/<script type="application\/json" id="catalod-query-config">([\s\S]*?)<\/script>/.exec(text)![1]!);
    expect(config.endpoint).toBe('/sparql');
    expect(config.examples.map((e: { name: string }) => e.name)).toEqual(loadStoredQueries().map((q) => q.name));
    const js = await app.request(script, { headers: { 'accept-encoding': 'gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(gunzipSync(Buffer.from(await js.arrayBuffer())).toString('utf8')).toMatch(/Yasgui/);
  });

  it('queries and the service description are still answered as before', async () => {
    const q = await app.request('/sparql?query=ASK%7B%7D', { headers: { accept: 'text/html,*/*;q=0.8' } });
    expect(mediaType(q)).toBe('application/sparql-results+json');
    const sd = await app.request('/sparql', { headers: { accept: 'text/turtle' } });
    expect(mediaType(sd)).toBe('text/turtle');
  });

  it('serves only the YASGUI build files, at the installed version', async () => {
    const { text } = await html('/sparql');
    const version = /\/assets\/yasgui\/([\d.]+)\//.exec(text)![1]!;
    expect((await app.request(`/assets/yasgui/${version}/yasgui.min.css`)).status).toBe(200);
    expect((await app.request(`/assets/yasgui/${version}/package.json`)).status).toBe(404);
    expect((await app.request(`/assets/yasgui/${version}/..%2Fpackage.json`)).status).toBe(404);
    expect((await app.request('/assets/yasgui/0.0.0/yasgui.min.js')).status).toBe(404);
  });

  it('every stored query with parameters makes an example that parses and finds rows in the seed', async () => {
    // The seed as `catalod serve` starts with it: no ORCID iDs, so authors keep their minted IRIs.
    const plain = await testServer();
    for (const stored of loadStoredQueries()) {
      const example = exampleQuery(stored, BASE);
      expect(checkQuery(example.query).ok, stored.name).toBe(true);
      const res = await plain.catalog.queries.run({ query: example.query, mediaType: 'application/sparql-results+json' });
      expect(res.status, `${stored.name}: ${res.body}`).toBe(200);
      if (!stored.params.length) continue;
      expect(example.query, stored.name).toMatch(/^# Example values: /m);
      expect(JSON.parse(res.body).results.bindings.length, stored.name).toBeGreaterThan(0);
    }
  });
});

describe('escaping by construction', () => {
  const TITLE = `The "impact" of <script>alert('x')</script></textarea><b>peer</b> & work`;
  const hostile = (async () => (await testServer({ texts: [SEED.replaceAll('The impact of working as a peer worker in mental health services: a longitudinal mixed methods study', TITLE)] })).app)();
  const get = async (path: string) => (await (await hostile).request(path, { headers: { accept: BROWSER } })).text();
  const ESCAPED = 'The &quot;impact&quot; of &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;/textarea&gt;&lt;b&gt;peer&lt;/b&gt; &amp; work';

  it('a title full of markup is text on the record page: in the h1, the title, the textarea and the JSON-LD', async () => {
    const text = await get(WORK_PATH);
    expect(text).toContain(`<h1>${ESCAPED}</h1>`);
    expect(text).toContain(`<title>${ESCAPED} · catalod</title>`);
    expect(text.match(/<script\b/g)).toHaveLength(2); // the JSON-LD and the copy button's own script
    expect(text.match(/<\/textarea>/g)).toHaveLength(1);
    expect(text).not.toMatch(/<b>peer/);
    const ld = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(text)![1]!);
    expect(ld.name).toBe(TITLE);
    const boxed = /<textarea id="embed-snippet"[^>]*>([\s\S]*?)<\/textarea>/.exec(text)![1]!;
    expect(unescapeText(boxed)).toContain(`"name": ${JSON.stringify(TITLE).replace(/</g, '\\u003c')}`);
  });

  it('… and on the person, home and search pages', async () => {
    for (const path of [`${WORK_PATH}/person/fosterrhiannon`, '/', '/search?q=impact']) {
      const text = await get(path);
      expect(text, path).toContain(`>${ESCAPED}</a>`);
      expect(text, path).not.toMatch(/<script>alert|<b>peer/);
    }
  });
});

describe('a page of a hub resource', () => {
  const journal = `${BASE}journal/bmcpsychiatry`;
  const render = (paging?: { page: number; first: string; previous?: string; next?: string }) => resourcePage(journal, catalog.describe(journal), { base: BASE, alternates: [], paging });

  it('links to the first, previous and next pages, by path', () => {
    const text = render({ page: 2, first: `${journal}?page=1`, previous: `${journal}?page=1`, next: `${journal}?page=3` });
    const nav = /<nav aria-label="pages of this description">([\s\S]*?)<\/nav>/.exec(text)![1]!;
    expect(nav).toContain('Page 2 of the statements');
    expect(nav).toContain('<a href="/journal/bmcpsychiatry?page=1">First page</a>');
    expect(nav).toContain('<a href="/journal/bmcpsychiatry?page=1" rel="prev">Previous page</a>');
    expect(nav).toContain('<a href="/journal/bmcpsychiatry?page=3" rel="next">Next page</a>');
  });

  it('the last page has no next link; a whole description no page links at all', () => {
    expect(render({ page: 3, first: `${journal}?page=1`, previous: `${journal}?page=2` })).not.toContain('rel="next"');
    expect(render()).not.toContain('<nav aria-label="pages');
  });
});
