/**
 * Citations and embedded metadata on a served work: content negotiation answers BibTeX, RIS,
 * CSL JSON and an APA reference (as DOI content negotiation does), only for works; the record
 * page has a Cite box and carries the `citation_*` tags, a description and a canonical link,
 * read with a real HTML parser.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import core from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { citationText } from '../../src/writers/citation.js';
import { cslItem } from '../../src/writers/csl.js';
import { BASE, WORK, WORK_PATH, mediaType, testServer } from './helpers.js';

const { app, catalog } = await testServer();
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const get = (path: string, accept?: string) => app.request(path, accept ? { headers: { accept } } : {});
const item = cslItem(catalog.describe(WORK), WORK)!;

/** The citation-js reading of a body: title, family names, journal, year, DOI. */
function readBack(text: string) {
  const [c] = new core.Cite(text).data as Record<string, any>[];
  return { title: c!.title, first: c!.author[0].family, authors: c!.author.length, journal: c!['container-title'], year: c!.issued['date-parts'][0][0], doi: String(c!.DOI).toLowerCase() };
}
const EXPECTED = { title: item.title, first: 'Gillard', authors: 20, journal: 'BMC Psychiatry', year: 2022, doi: '10.1186/s12888-022-03999-9' };

describe('a work negotiates its citations', () => {
  const cases = [
    { accept: 'application/x-bibtex', kind: 'bibtex', ext: '.bib' },
    { accept: 'application/x-research-info-systems', kind: 'ris', ext: '.ris' },
    { accept: 'application/vnd.citationstyles.csl+json', kind: 'csl', ext: '.csl.json' },
    { accept: 'text/x-bibliography', kind: 'citation', ext: '.txt' },
  ] as const;

  for (const { accept, kind, ext } of cases) {
    it(`Accept: ${accept} answers the ${kind} of the work, as ${ext} does`, async () => {
      const res = await get(WORK_PATH, accept);
      expect(res.status).toBe(200);
      expect(mediaType(res)).toBe(accept);
      expect(res.headers.get('content-type')).toMatch(/charset=utf-8/i);
      expect(res.headers.get('vary')).toBe('Accept');
      expect(res.headers.get('content-location')).toBe(WORK + ext);
      const body = await res.text();
      expect(body).toBe(citationText([item], kind));
      const bySuffix = await get(WORK_PATH + ext);
      expect(bySuffix.status).toBe(200);
      expect(mediaType(bySuffix)).toBe(accept);
      expect(await bySuffix.text()).toBe(body);
    });
  }

  it('BibTeX and RIS bodies read back with citation-js to the work', async () => {
    expect(readBack(await (await get(WORK_PATH, 'application/x-bibtex')).text())).toEqual(EXPECTED);
    expect(readBack(await (await get(WORK_PATH, 'application/x-research-info-systems')).text())).toEqual(EXPECTED);
    const csl = JSON.parse(await (await get(WORK_PATH, 'application/vnd.citationstyles.csl+json')).text());
    expect(csl).toEqual([item]);
    expect(csl[0]).toMatchObject({ title: EXPECTED.title, 'container-title': 'BMC Psychiatry', issued: { 'date-parts': [[2022, 6, 1]] }, DOI: EXPECTED.doi });
  });

  it('DOI-style parameters are taken: text/x-bibliography; style=apa is the APA reference', async () => {
    const res = await get(WORK_PATH, 'text/x-bibliography; style=apa; locale=en-US');
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^Gillard, S\., Foster, R\., .*\(2022\)\. The impact of working/);
  });

  it('lists the citations among the alternates', async () => {
    const link = (await get(WORK_PATH, 'text/turtle')).headers.get('link')!;
    expect(link).toContain(`<${WORK}.bib>; rel="alternate"; type="application/x-bibtex"`);
    expect(link).toContain(`<${WORK}.ris>; rel="alternate"; type="application/x-research-info-systems"`);
    expect(link).toContain(`<${WORK}.csl.json>; rel="alternate"; type="application/vnd.citationstyles.csl+json"`);
  });

  it('only works have citations: a journal or a record answers 406, and its .bib is not found', async () => {
    for (const path of ['/journal/bmcpsychiatry', '/record/pubmed-9158348']) {
      const res = await get(path, 'application/x-bibtex');
      expect(res.status).toBe(406);
      expect((await get(path, 'text/turtle')).headers.get('link')).not.toContain('.bib>');
      expect((await get(`${path}.bib`)).status).toBe(404);
    }
  });
});

const doc = parseDocument(await (await get(WORK_PATH, BROWSER)).text());
const head = DomUtils.findOne((e) => e.name === 'head', doc.children)!;
const metas = DomUtils.findAll((e) => e.name === 'meta' && !!e.attribs.name, head.children);
/** The contents of the page head's meta tags called `name`, in order (entities decoded by the parser). */
const meta = (name: string) => metas.filter((m) => m.attribs.name === name).map((m) => m.attribs.content);

describe('the record page', () => {

  it('has a Cite box: the APA reference and links to the .bib, .ris and CSL JSON', () => {
    const section = DomUtils.findOne((e) => e.name === 'section' && e.attribs['aria-labelledby'] === 'cite', doc.children)!;
    expect(section).toBeTruthy();
    expect(DomUtils.textContent(DomUtils.findOne((e) => e.name === 'h2', section.children)!)).toBe('Cite');
    const reference = DomUtils.findOne((e) => e.attribs.class === 'reference', section.children)!;
    expect(DomUtils.textContent(reference).trim()).toBe(citationText([item], 'citation').trim());
    const links = DomUtils.findAll((e) => e.name === 'a', section.children).map((a: Element) => [a.attribs.href, a.attribs.type]);
    expect(links).toEqual([
      [`${WORK_PATH}.bib`, 'application/x-bibtex'],
      [`${WORK_PATH}.ris`, 'application/x-research-info-systems'],
      [`${WORK_PATH}.csl.json`, 'application/vnd.citationstyles.csl+json'],
    ]);
  });

  it('carries citation_abstract, citation_abstract_html_url, citation_fulltext_html_url, citation_language and citation_keywords', () => {
    expect(meta('citation_abstract')).toEqual([item.abstract]);
    expect(meta('citation_abstract_html_url')).toEqual([WORK]);
    expect(meta('citation_fulltext_html_url')).toEqual(['https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9158348/']);
    expect(meta('citation_language')).toEqual(['en']);
    expect(meta('citation_keywords')).toEqual(['Research']);
    expect(meta('citation_title')).toEqual([item.title]);
  });

  it('has a description (the abstract cut short at a word) and the work IRI as canonical URL', () => {
    const [description] = meta('description');
    expect(description!.length).toBeLessThanOrEqual(301);
    expect(description).toMatch(/^BACKGROUND: Peer workers are increasingly employed .*[^ ]…$/);
    expect(item.abstract!.startsWith(description!.slice(0, -1))).toBe(true);
    const canonical = DomUtils.findAll((e) => e.name === 'link' && e.attribs.rel === 'canonical', head.children);
    expect(canonical.map((l) => l.attribs.href)).toEqual([WORK]);
  });

  it('a non-work page has no Cite box', async () => {
    const journal = await (await get('/journal/bmcpsychiatry', BROWSER)).text();
    expect(journal).not.toContain('id="cite"');
    expect(BASE).toBe('http://localhost:3000/');
  });
});
