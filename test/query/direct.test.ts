/**
 * Each stored query's direct executor gives exactly the rows the engine gives for its
 * queries/NAME.rq text, on real converted records (the seed with ORCID iDs, the fixtures and a
 * generated corpus with name reuse across records).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { QueryEngine } from '@comunica/query-sparql-rdfjs';
import { DataFactory } from 'n3';
import { generateRecords } from '../../bench/generate.mjs';
import { convertText } from '../../src/convert.js';
import { parseOrcidCsv } from '../../src/orcid.js';
import { executeQuery } from '../../src/query/execute.js';
import { DIRECT } from '../../src/query/direct.js';
import { CompactStore } from '../../src/store/compact/store.js';
import { ROOT, SEED, SEED_COPY, SEED_SWAPPED, converted } from '../helpers.js';
import { fixtureText } from '../fixtures/load.js';

const BASE = 'http://localhost:3000/';
const store = new CompactStore();
const engine = new QueryEngine();
const lit = (v: string) => JSON.stringify(v);

beforeAll(() => {
  const { table } = parseOrcidCsv('work,author,orcid\n35650562,1,0000-0002-1825-0097\n35650562,3,0000-0002-1694-233X\n', 'ids.csv');
  const corpus = [...generateRecords({ count: 300, seed: 5, persons: 150 })].join('\n');
  const records = [
    ...converted(convertText(SEED, 'seed.txt', { orcids: table })),
    ...converted(convertText(fixtureText('pages/hard-names.txt'), 'hard.txt')),
    ...converted(convertText(corpus, 'corpus.txt')),
  ];
  for (const c of records) store.replaceGraph(DataFactory.namedNode(c.iris.record), c.quads);
  store.index(true);
});

/** Rows as sorted lines of `var=term` for comparing as multisets. */
function rowsOf(body: string): string[] {
  const json = JSON.parse(body) as { results: { bindings: Record<string, { type: string; value: string; datatype?: string }>[] } };
  return json.results.bindings.map((b) => Object.keys(b).sort().map((k) => `${k}=${b[k]!.type}:${b[k]!.value}^${b[k]!.datatype ?? ''}`).join(' ')).sort();
}

async function both(name: string, bindings: Record<string, string>) {
  const query = readFileSync(`${ROOT}queries/${name}.rq`, 'utf8');
  const request = { query, mediaType: 'application/sparql-results+json', bindings };
  const viaEngine = await executeQuery(engine, store, request);
  const viaIndex = await executeQuery(engine, store, { ...request, stored: name });
  expect(viaEngine.status, viaEngine.body).toBe(200);
  expect(viaIndex.status, viaIndex.body).toBe(200);
  return { engine: rowsOf(viaEngine.body), direct: rowsOf(viaIndex.body), directBody: viaIndex.body };
}

const cases: [string, Record<string, string>][] = [
  ['works-by-author-name', { name: lit('Gillard') }],
  ['works-by-author-name', { name: lit('Steve Gillard') }],
  ['work-by-identifier', { id: lit('10.1186/s12888-022-03999-9') }],
  ['work-by-identifier', { id: lit('35650562') }],
  ['work-by-identifier', { id: lit('PMC9158348') }],
  ['works-by-journal-year', { journal: lit('BMC Psychiatry'), year: '"2022"^^<http://www.w3.org/2001/XMLSchema#gYear>' }],
  ['authors-of-work', { work: `<${BASE}work/doi/10.1186/s12888-022-03999-9>` }],
  ['coauthors', { person: '<https://orcid.org/0000-0002-1825-0097>' }],
  ['authors-with-orcid', {}],
  ['works-by-title-word', { word: lit('peer worker') }],
  ['works-by-title-word', { word: lit('MENTAL HEALTH') }],
  ['works-by-title-word', { word: lit('nothing-has-this-word') }],
  // Folded matching (issue 14): accents, case, `Family, Given`, particles, ø and ß, on the hard-names fixture.
  ['works-by-author-folded', { text: lit('Gillard, Steve') }],
  ['works-by-author-folded', { text: lit('nunez jose') }],
  ['works-by-author-folded', { text: lit('Anna VAN DER BERG') }],
  ['works-by-author-folded', { text: lit('Sorensen Strauss') }],
  ['works-by-author-folded', { text: lit(', ;') }],
  ['works-by-journal-word', { word: lit('psychiatry') }],
  ['works-by-journal-word', { word: lit('BMC') }],
  ['works-by-journal-word', { word: lit(' - ') }],
  ['journals', {}],
  ['years', {}],
  ['works-in-journal', { periodical: `<${BASE}journal/bmcpsychiatry>` }],
  ['works-in-year', { year: '"2023"^^<http://www.w3.org/2001/XMLSchema#gYear>' }],
];

describe('stored queries answered directly', () => {
  it('has an executor for every stored query', () => {
    expect(Object.keys(DIRECT).sort()).toEqual([
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
    ]);
  });

  for (const [name, params] of cases)
    it(`${name} ${JSON.stringify(params)} gives the engine's rows`, async () => {
      const r = await both(name, params);
      expect(r.direct).toEqual(r.engine);
    });

  it('gives the engine rows for names and journals drawn from the generated corpus', async () => {
    const people = new Set<string>();
    const journals = new Set<string>();
    for (const q of store.quads(null, DataFactory.namedNode('http://schema.org/familyName'), null, DataFactory.defaultGraph())) people.add(q.object.value);
    for (const q of store.quads(null, DataFactory.namedNode('http://schema.org/name'), null, DataFactory.defaultGraph()))
      if (q.subject.value.includes('/journal/')) journals.add(q.object.value);
    let nonEmpty = 0;
    for (const family of [...people].slice(0, 12)) {
      const r = await both('works-by-author-name', { name: lit(family) });
      expect(r.direct).toEqual(r.engine);
      if (r.direct.length > 1) nonEmpty++;
    }
    for (const journal of [...journals].slice(0, 6)) {
      for (const year of ['2019', '2021', '2023']) {
        const r = await both('works-by-journal-year', { journal: lit(journal), year: `"${year}"^^<http://www.w3.org/2001/XMLSchema#gYear>` });
        expect(r.direct).toEqual(r.engine);
      }
    }
    expect(nonEmpty).toBeGreaterThan(0);
  });

  it('answers a name nobody has with no rows, at once', async () => {
    const query = readFileSync(`${ROOT}queries/works-by-author-name.rq`, 'utf8');
    const r = await executeQuery(engine, store, { query, mediaType: 'text/csv', bindings: { name: lit('Nobody-Here') }, stored: 'works-by-author-name' });
    expect(r.status).toBe(200);
    expect(r.body).toBe('work,title,date,person,authorName\r\n');
    expect(r.elapsedMs).toBeLessThan(50);
  });

  it('works-by-title-word: past its LIMIT, the same first 100 rows in the same order as the engine', async () => {
    for (const word of ['e', 'a', 'the']) {
      const query = readFileSync(`${ROOT}queries/works-by-title-word.rq`, 'utf8');
      const request = { query, mediaType: 'application/sparql-results+json', bindings: { word: lit(word) } };
      const order = (body: string) => (JSON.parse(body).results.bindings as Record<string, { value: string }>[]).map((b) => `${b.title!.value} ${b.work!.value}`);
      const viaEngine = order((await executeQuery(engine, store, request)).body);
      const viaIndex = order((await executeQuery(engine, store, { ...request, stored: 'works-by-title-word' })).body);
      expect(viaEngine.length, word).toBe(100);
      expect(viaIndex).toEqual(viaEngine);
    }
  });

  it('works-by-title-word gives the same rows from a source without a literal scan (quads only)', () => {
    const plain = { quads: store.quads.bind(store) };
    for (const word of ['e', 'mental health', 'nothing-has-this-word']) {
      const rows = (src: Parameters<(typeof DIRECT)['works-by-title-word']>[0]) => DIRECT['works-by-title-word']!(src, { word: DataFactory.literal(word) }).rows.map((r) => `${r.title!.value} ${r.work!.value}`);
      expect(rows(plain), word).toEqual(rows(store));
      if (word === 'e') expect(rows(store)).toHaveLength(100);
    }
  });

  it('keeps the order the query asks for: authors by position', async () => {
    const r = await both('authors-of-work', { work: `<${BASE}work/doi/10.1186/s12888-022-03999-9>` });
    const positions = (JSON.parse(r.directBody).results.bindings as { position: { value: string } }[]).map((b) => Number(b.position.value));
    expect(positions).toEqual([...Array(20).keys()].map((i) => i + 1));
  });
});

describe('authors-of-work over two records of one work', () => {
  const WORK = `<${BASE}work/doi/10.1186/s12888-022-03999-9>`;
  /** The seed and a second record of it, in one store; the rows of both routes, in order. */
  async function rowsFor(second: string) {
    const two = new CompactStore();
    for (const c of converted(convertText(`${SEED}\n${second}`, 'two.txt'))) two.replaceGraph(DataFactory.namedNode(c.iris.record), c.quads);
    two.index(true);
    const query = readFileSync(`${ROOT}queries/authors-of-work.rq`, 'utf8');
    const request = { query, mediaType: 'application/sparql-results+json', bindings: { work: WORK } };
    const viaEngine = await executeQuery(engine, two, request);
    const viaIndex = await executeQuery(engine, two, { ...request, stored: 'authors-of-work' });
    expect(viaEngine.status, viaEngine.body).toBe(200);
    const list = (body: string) => (JSON.parse(body).results.bindings as Record<string, { value: string }>[]).map((b) => [b.record?.value ?? '', b.position!.value, b.name!.value].join(' '));
    expect(list(viaIndex.body)).toEqual(list(viaEngine.body));
    return list(viaIndex.body);
  }

  it('gives one list, no duplicate rows, when the records agree', async () => {
    const rows = await rowsFor(SEED_COPY);
    expect(rows).toHaveLength(20);
    expect(rows.slice(0, 2)).toEqual([' 1 Steve Gillard', ' 2 Rhiannon Foster']);
  });

  it('gives each record its own list, labelled, when they disagree on the order', async () => {
    const rows = await rowsFor(SEED_SWAPPED);
    expect(rows).toHaveLength(40);
    expect(rows.filter((r) => r.startsWith(`${BASE}record/other-9158348 `)).slice(0, 2)).toEqual([`${BASE}record/other-9158348 1 Rhiannon Foster`, `${BASE}record/other-9158348 2 Steve Gillard`]);
    expect(rows.filter((r) => r.startsWith(`${BASE}record/pubmed-9158348 `)).slice(0, 3)).toEqual([`${BASE}record/pubmed-9158348 1 Steve Gillard`, `${BASE}record/pubmed-9158348 2 Rhiannon Foster`, `${BASE}record/pubmed-9158348 3 Sarah White`]);
  });
});
