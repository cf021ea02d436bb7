/** Stored queries: the list, typed parameters bound as RDF terms, each shipped query's answer. */
import { describe, expect, it } from 'vitest';
import { parseOrcidCsv } from '../../src/orcid.js';
import { bindParams, loadStoredQueries, parseStoredQuery } from '../../src/server/queries.js';
import { fixtureText } from '../fixtures/load.js';
import { SEED, convertSeed } from '../helpers.js';
import { BASE, WORK, mediaType, testServer } from './helpers.js';

const { table: orcids } = parseOrcidCsv('work,author,orcid\n10.1186/s12888-022-03999-9,1,0000-0002-1825-0097\n35650562,"Foster, Rhiannon",0000-0002-1694-233X\n', 'ids.csv');
const server = await testServer({ texts: [SEED, fixtureText('pages/hard-names.txt')], orcids });
const { app } = server;
const XSD = 'http://www.w3.org/2001/XMLSchema#';
type Row = Record<string, { value: string }>;
const run = async (path: string): Promise<Row[]> => {
  const res = await app.request(path, { headers: { accept: 'application/sparql-results+json' } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()).results.bindings;
};
const SHIPPED = [
  'authors-of-work',
  'authors-with-orcid',
  'coauthors',
  'journals',
  'work-by-identifier',
  'works-by-author-folded',
  'works-by-author-name',
  'works-by-journal-word',
  'works-by-journal-year',
  'works-by-title-word',
  'works-in-journal',
  'works-in-year',
  'years',
];

describe('the header convention', () => {
  it('reads the description and the typed parameters', () => {
    const q = parseStoredQuery('x', '# Works of a journal\n# in a year.\n# @param journal string the journal\n# @param year xsd:gYear the year (e.g. 2022)\nSELECT * {}');
    expect(q.description).toBe('Works of a journal in a year.');
    expect(q.params).toEqual([{ name: 'journal', type: 'string', description: 'the journal' }, { name: 'year', type: 'xsd:gYear', description: 'the year (e.g. 2022)' }]);
  });

  it('refuses an unknown type', () => {
    expect(() => parseStoredQuery('x', '# @param when xsd:dateTimeStamp\nSELECT * {}')).toThrow(/unknown type/);
  });

  it('binds each value as a typed N-Triples term, or says what is wrong', () => {
    const q = parseStoredQuery('x', '# @param work IRI w\n# @param year xsd:gYear y\n# @param name string n\nSELECT * {}');
    expect(bindParams(q, { work: WORK, year: '2022', name: 'O"Brien\n' })).toEqual({
      ok: true,
      bindings: { work: `<${WORK}>`, year: `"2022"^^<${XSD}gYear>`, name: '"O\\"Brien"' },
    });
    expect(bindParams(q, { work: WORK, year: '2022' })).toEqual({ ok: false, message: expect.stringMatching(/^missing parameter name/) });
    expect(bindParams(q, { work: WORK, year: '22', name: 'x' })).toEqual({ ok: false, message: expect.stringMatching(/^parameter year must be a year/) });
    expect(bindParams(q, { work: 'http://x/> } ?s ?p ?o {', year: '2022', name: 'x' })).toEqual({ ok: false, message: expect.stringMatching(/^parameter work must be an absolute IRI/) });
    expect(bindParams(q, { work: 'not an iri', year: '2022', name: 'x' }).ok).toBe(false);
  });

  it('every shipped query parses, documents its parameters, and is a SELECT', () => {
    const queries = loadStoredQueries();
    expect(queries.map((q) => q.name)).toEqual(SHIPPED);
    for (const q of queries) {
      expect(q.description, q.name).not.toBe('');
      expect(q.query).toMatch(/SELECT/);
      for (const p of q.params) expect(p.description, `${q.name} ${p.name}`).not.toBe('');
    }
  });
});

describe('GET /queries', () => {
  it('lists the queries as JSON with name, description, params', async () => {
    const res = await app.request('/queries', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe('application/json');
    const { queries } = await res.json();
    expect(queries.map((q: { name: string }) => q.name)).toEqual(SHIPPED);
    const byYear = queries.find((q: { name: string }) => q.name === 'works-by-journal-year');
    expect(byYear.params.map((p: { name: string; type: string }) => `${p.name}:${p.type}`)).toEqual(['journal:string', 'year:xsd:gYear']);
    expect(byYear.href).toBe('/queries/works-by-journal-year');
  });

  it('shows browsers a page with a form per query', async () => {
    const res = await app.request('/queries', { headers: { accept: 'text/html,*/*;q=0.8' } });
    expect(mediaType(res)).toBe('text/html');
    const page = await res.text();
    expect(page).toContain('<form method="get" action="/queries/works-by-journal-year">');
    expect(page).toContain('name="year"');
  });
});

describe('GET /queries/NAME', () => {
  it('authors-of-work: the seed authors in order', async () => {
    const rows = await run(`/queries/authors-of-work?work=${encodeURIComponent(WORK)}`);
    expect(rows.map((r) => r.familyName!.value)).toEqual(convertSeed(BASE).work.authors.map((a) => a.family));
  });

  it('works-by-author-name: family or full name, as the record writes it', async () => {
    for (const name of ['Gillard', 'Steve Gillard']) {
      const rows = await run(`/queries/works-by-author-name?name=${encodeURIComponent(name)}`);
      expect(rows.map((r) => r.work!.value), name).toEqual([WORK]);
    }
    expect(await run('/queries/works-by-author-name?name=Steve')).toEqual([]);
    expect(await run('/queries/works-by-author-name?name=gillard')).toEqual([]);
  });

  it('coauthors: everyone who wrote a work with the person', async () => {
    const person = 'https://orcid.org/0000-0002-1825-0097';
    const rows = await run(`/queries/coauthors?person=${encodeURIComponent(person)}`);
    expect(rows).toHaveLength(19);
    expect(rows.map((r) => r.coauthorName!.value)).toContain('Rhiannon Foster');
    expect(rows.every((r) => r.works!.value === '1')).toBe(true);
  });

  it('works-by-journal-year: journal name as written, and the year', async () => {
    const rows = await run('/queries/works-by-journal-year?journal=BMC%20Psychiatry&year=2022');
    expect(rows.map((r) => r.work!.value)).toEqual([WORK]);
    expect(await run('/queries/works-by-journal-year?journal=BMC%20Psychiatry&year=2021')).toEqual([]);
    expect(server.spy.requests.at(-1)!.bindings).toEqual({ journal: '"BMC Psychiatry"', year: `"2021"^^<${XSD}gYear>` });
    expect(server.spy.requests.at(-1)!.stored).toBe('works-by-journal-year');
  });

  it('work-by-identifier: DOI in any case or as a URL, PMID, PMCID', async () => {
    for (const id of ['10.1186/S12888-022-03999-9', 'https://doi.org/10.1186/s12888-022-03999-9', 'doi:10.1186/s12888-022-03999-9', '35650562', 'PMC9158348', 'pmc9158348']) {
      const rows = await run(`/queries/work-by-identifier?id=${encodeURIComponent(id)}`);
      expect(rows.map((r) => r.work!.value), id).toEqual([WORK]);
    }
    expect(await run('/queries/work-by-identifier?id=10.1186/nothing')).toEqual([]);
  });

  it('authors-with-orcid: the attached iDs', async () => {
    const rows = await run('/queries/authors-with-orcid');
    expect(rows.map((r) => `${r.name!.value} ${r.orcid!.value}`)).toEqual(['Rhiannon Foster 0000-0002-1694-233X', 'Steve Gillard 0000-0002-1825-0097']);
  });

  it('binds text as a literal: quotes and braces in a value add no query structure', async () => {
    expect(await run(`/queries/works-by-author-name?name=${encodeURIComponent('x")) } UNION { ?work ?p ?o } #')}`)).toEqual([]);
  });

  it('answers 400 for a missing or ill-typed parameter, 404 for an unknown query', async () => {
    const missing = await app.request('/queries/works-by-journal-year?journal=BMC%20Psychiatry');
    expect(missing.status).toBe(400);
    expect(await missing.text()).toMatch(/missing parameter year/);
    const badYear = await app.request('/queries/works-by-journal-year?journal=x&year=last%20year');
    expect(badYear.status).toBe(400);
    expect(await badYear.text()).toMatch(/parameter year must be a year/);
    const badIri = await app.request('/queries/coauthors?person=Steve%20Gillard');
    expect(badIri.status).toBe(400);
    expect((await app.request('/queries/nothing-like-this')).status).toBe(404);
  });

  it('negotiates the result format as /sparql does', async () => {
    const csv = await app.request(`/queries/authors-of-work?work=${encodeURIComponent(WORK)}`, { headers: { accept: 'text/csv' } });
    expect(mediaType(csv)).toBe('text/csv');
    expect((await csv.text()).split('\r\n')[0]).toBe('record,position,person,name,familyName,givenName');
    const json = await app.request(`/queries/authors-of-work?work=${encodeURIComponent(WORK)}`);
    expect(mediaType(json)).toBe('application/sparql-results+json');
    expect((await app.request(`/queries/authors-of-work?work=${encodeURIComponent(WORK)}`, { headers: { accept: 'text/turtle' } })).status).toBe(406);
  });
});
