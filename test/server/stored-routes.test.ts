/**
 * Every stored query gives the same rows in the same order by both routes: `/queries/NAME`
 * (answered by src/query/direct.ts from the index) and `/sparql` with the query's text, its
 * parameters written in as typed terms (as the `/sparql` page's examples are made), answered by
 * the engine. The catalogue has one author's works dated with every precision mixed, so a query
 * that sorts by date must sort them newest first the same way on both.
 */
import { describe, expect, it } from 'vitest';
import { parseOrcidCsv } from '../../src/orcid.js';
import { loadStoredQueries, type StoredQuery } from '../../src/server/queries.js';
import { DEFAULT_QUERY } from '../../src/server/pages/query-editor.js';
import { exampleQuery } from '../../src/server/query-ui.js';
import { SEED } from '../helpers.js';
import { BASE, WORK, testServer } from './helpers.js';

/** The dates of the works added to the seed's (2022-06-01), one record each: dates, a month and years mixed. */
const DATES = ['2023-11-01', '2023-04-03', '2023', '2022-08-18', '2021', '2024-01-05', '2023-04'];
/** Newest first, as every route must list them. */
const NEWEST_FIRST = ['2024-01-05', '2023-11-01', '2023-04-03', '2023-04', '2023', '2022-08-18', '2022-06-01', '2021'];

/**
 * A copy of the seed record as another record of another work: its record id, PMID, PMCID and
 * DOI numbered `n`, published on `date` (a year alone, a year and month, or a full date).
 */
function seedCopy(n: number, date: string): string {
  const year = date.slice(0, 4);
  return SEED.replaceAll('9158348', String(9158400 + n))
    .replaceAll('35650562', String(35650600 + n))
    .replaceAll('s12888-022-03999-9', `s12888-022-0400${n}-9`)
    .replace('BioMed Central 2022-06-01', year === date ? 'BioMed Central' : `BioMed Central ${date}`)
    .replace('\n2022\n', `\n${year}\n`)
    .replace('publishDate | 2022 |', `publishDate | ${year} |`);
}

const { table: orcids } = parseOrcidCsv('work,author,orcid\n35650562,1,0000-0002-1825-0097\n35650562,3,0000-0002-1694-233X\n', 'ids.csv');
const { app } = await testServer({ texts: [SEED, ...DATES.map((d, i) => seedCopy(i + 1, d))], orcids });
const stored = loadStoredQueries();

type Binding = { type: string; value: string; datatype?: string; 'xml:lang'?: string };
interface Answer {
  vars: string[];
  rows: Record<string, Binding>[];
}

/** A SPARQL JSON answer, checked to be a 200. */
async function answer(res: Response): Promise<Answer> {
  const body = await res.text();
  expect(res.status, body).toBe(200);
  const json = JSON.parse(body) as { head: { vars: string[] }; results: { bindings: Record<string, Binding>[] } };
  return { vars: json.head.vars, rows: json.results.bindings };
}

const JSON_RESULTS = { accept: 'application/sparql-results+json' };

/** The stored query through `/queries/NAME?…`. */
async function viaStored(name: string, params: Record<string, string>): Promise<Answer> {
  return answer(await app.request(`/queries/${name}?${new URLSearchParams(params)}`, { headers: JSON_RESULTS }));
}

/** The same query's text with the values written in as typed terms, as the `/sparql` page's examples are made. */
function withValues(q: StoredQuery, params: Record<string, string>): string {
  const described = { ...q, params: q.params.map((p) => ({ ...p, description: `(e.g. ${params[p.name]})` })) };
  return exampleQuery(described, BASE).query;
}

/** A query's text through `/sparql`. */
async function viaSparql(query: string): Promise<Answer> {
  const body = new URLSearchParams({ query });
  return answer(await app.request('/sparql', { method: 'POST', body, headers: { ...JSON_RESULTS, 'content-type': 'application/x-www-form-urlencoded' } }));
}

/** Each row as one line, in order. */
const lines = (a: Answer) => a.rows.map((r) => a.vars.map((v) => (r[v] ? `${v}=${r[v]!.type}:${r[v]!.value}^${r[v]!.datatype ?? ''}@${r[v]!['xml:lang'] ?? ''}` : `${v}=`)).join(' '));

const SECOND = `${BASE}work/doi/10.1186/s12888-022-04001-9`;

/** Parameters for each stored query: the headers' examples, and values that reach the works of mixed dates. */
const CASES: Record<string, Record<string, string>[]> = {
  'authors-of-work': [{ work: WORK }, { work: SECOND }],
  'authors-with-orcid': [{}],
  coauthors: [{ person: 'https://orcid.org/0000-0002-1825-0097' }],
  'work-by-identifier': [{ id: '10.1186/s12888-022-03999-9' }, { id: 'https://doi.org/10.1186/S12888-022-04003-9' }, { id: '35650562' }, { id: 'PMC9158348' }],
  'works-by-author-name': [{ name: 'Gillard' }, { name: 'Steve Gillard' }, { name: 'Worner' }, { name: 'Nobody-Here' }],
  'works-by-journal-year': [{ journal: 'BMC Psychiatry', year: '2022' }, { journal: 'BMC Psychiatry', year: '2023' }],
  'works-by-title-word': [{ word: 'peer worker' }, { word: 'MENTAL HEALTH' }],
  'works-by-author-folded': [{ text: 'Gillard, Steve' }, { text: 'gillard' }, { text: 'Worner' }],
  'works-by-journal-word': [{ word: 'Psychiatry' }, { word: 'bmc psychiatry' }],
  journals: [{}],
  years: [{}],
  'works-in-journal': [{ periodical: `${BASE}journal/bmcpsychiatry` }],
  'works-in-year': [{ year: '2023' }, { year: '2021' }],
};

describe('every stored query: the same rows in the same order at /queries/NAME and at /sparql', () => {
  it('has parameters for every stored query, and for every parameter', () => {
    expect(Object.keys(CASES).sort()).toEqual(stored.map((q) => q.name).sort());
    for (const q of stored) for (const params of CASES[q.name]!) expect(Object.keys(params).sort(), q.name).toEqual(q.params.map((p) => p.name).sort());
  });

  for (const q of stored)
    for (const params of CASES[q.name] ?? [])
      it(`${q.name} ${JSON.stringify(params)}`, async () => {
        const direct = await viaStored(q.name, params);
        const engine = await viaSparql(withValues(q, params));
        if (params.name !== 'Nobody-Here') expect(direct.rows.length, 'a query that finds nothing proves little').toBeGreaterThan(0);
        expect(direct.vars).toEqual(engine.vars);
        expect(lines(direct)).toEqual(lines(engine));
      });
});

describe('dates of mixed precision sort newest first', () => {
  const dates = (a: Answer) => [...new Set(a.rows.map((r) => r.date?.value ?? ''))];

  it('works-by-author-name: one author\'s works, dates, a month and years mixed', async () => {
    const q = stored.find((s) => s.name === 'works-by-author-name')!;
    expect(dates(await viaStored(q.name, { name: 'Gillard' }))).toEqual(NEWEST_FIRST);
    expect(dates(await viaSparql(withValues(q, { name: 'Gillard' })))).toEqual(NEWEST_FIRST);
  });

  it('works-by-journal-year: a year\'s works, full dates before the month before the year alone', async () => {
    const q = stored.find((s) => s.name === 'works-by-journal-year')!;
    const params = { journal: 'BMC Psychiatry', year: '2023' };
    expect(dates(await viaStored(q.name, params))).toEqual(['2023-11-01', '2023-04-03', '2023-04', '2023']);
    expect(dates(await viaSparql(withValues(q, params)))).toEqual(['2023-11-01', '2023-04-03', '2023-04', '2023']);
  });

  it('the /sparql page\'s first query lists the works newest first', async () => {
    expect(dates(await viaSparql(DEFAULT_QUERY))).toEqual(NEWEST_FIRST);
  });

  it('a bare ORDER BY DESC(?date), which the index sorts itself, still gives the engine\'s order (datatype first)', async () => {
    const query = 'PREFIX schema: <http://schema.org/>\nSELECT ?work ?date WHERE { ?work schema:datePublished ?date } ORDER BY DESC(?date) ?work';
    const viaIndex = await viaSparql(query);
    // The same query with an ORDER BY the index does not take (an expression), so the engine sorts.
    const viaEngine = await viaSparql(query.replace('DESC(?date) ?work', 'DESC(?date) STR(?work)'));
    expect(lines(viaIndex)).toEqual(lines(viaEngine));
    expect(dates(viaIndex)).not.toEqual(NEWEST_FIRST);
  });
});
