/**
 * Differential test: hundreds of generated queries (generate.ts) over a generated catalogue,
 * answered by catalod as the server answers them (a WorkerPool of query workers over the shared
 * CompactStore: plan cache, pushdown, the index as Comunica's source) and by Comunica alone (a
 * worker over an n3 store of the same quads, default graph = merge of the record graphs). They
 * must give the same rows (as lists where the query orders them totally, else as multisets) or
 * both the same error status, and catalod must not run past its deadline where Comunica answers.
 *
 * Reproduce a failure: `DIFF_SEED=<seed> DIFF_ONLY=<index> npx vitest run test/query/differential`.
 * Change the amount: `DIFF_QUERIES` (default 200), `DIFF_RECORDS` (default 30).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { WorkerPool } from '../../../src/query/pool.js';
import type { QueryResponse } from '../../../src/query/types.js';
import { catalogue } from './data.js';
import { PREFIXES, generateQueries, type GeneratedQuery } from './generate.js';
import { compareAnswers, rowsOf } from './compare.js';

const SEED = Number(process.env.DIFF_SEED ?? 20_261_203);
const COUNT = Number(process.env.DIFF_QUERIES ?? 200);
const RECORDS = Number(process.env.DIFF_RECORDS ?? 30);
const PARALLEL = 2;
const ONLY = process.env.DIFF_ONLY === undefined ? undefined : Number(process.env.DIFF_ONLY);
/** catalod's deadline; a query Comunica answers within COMUNICA_FAST must not reach it. */
const DEADLINE_MS = 5_000;
const COMUNICA_FAST_MS = 1_000;
const JSON_RESULTS = 'application/sparql-results+json';

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
let catalod: WorkerPool;
let comunica: WorkerPool;
let queries: GeneratedQuery[];

beforeAll(async () => {
  const data = catalogue(RECORDS, SEED % 1000);
  queries = generateQueries(data.samples, SEED, COUNT);
  const rowCap = 1_000_000;
  catalod = new WorkerPool({ sourceModule: root('dist/store/compact/worker-source.js'), init: data.store.snapshot(), size: PARALLEL, maxSize: PARALLEL, timeoutMs: DEADLINE_MS, rowCap });
  comunica = new WorkerPool({ sourceModule: root('test/query/fixture-source.mjs'), init: { nquads: data.nquads }, size: PARALLEL, maxSize: PARALLEL, timeoutMs: 20_000, rowCap });
  await Promise.all([catalod.ready(), comunica.ready()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([catalod?.close(), comunica?.close()]);
});

/** One query on both sides at once. */
async function both(text: string): Promise<[QueryResponse, QueryResponse]> {
  const request = { query: text, mediaType: JSON_RESULTS };
  return Promise.all([catalod.run(request), comunica.run(request)]);
}

/** Shapes the generator found wrong once, kept as named cases (the data is the same generated catalogue). */
const FOUND: Record<string, GeneratedQuery> = {
  'ORDER BY over an empty join (VALUES with no row): no row, not a deadline': {
    text: `${PREFIXES}\nSELECT ?w WHERE { ?w pro:isDocumentContextFor ?r . VALUES ?w { } } ORDER BY ?w`,
    ordered: true,
  },
  'a FILTER in a group after a BIND does not see the bound variable': {
    text: `${PREFIXES}\nSELECT * WHERE { ?r foaf:primaryTopic ?w . BIND(?r AS ?r2) { ?w fabio:hasPublicationYear ?y . FILTER(?r2 != <urn:catalod:absent>) } }`,
    ordered: false,
  },
  'ORDER BY + LIMIT over a join whose != filter Comunica pushes into one input': {
    text: `${PREFIXES}\nSELECT ?role ?g ?work WHERE { ?role pro:withRole ?type . GRAPH ?g { ?prev oco:hasNext ?role . ?work pro:isDocumentContextFor ?role . FILTER(?prev != ?role) } } ORDER BY ?prev ?role ?g ?work LIMIT 12`,
    ordered: true,
  },
  'OPTIONAL with a FILTER of its own (= an IRI && = an absent IRI)': {
    text: `${PREFIXES}\nSELECT ?r ?w WHERE { ?r dcterms:isPartOf ?c . OPTIONAL { ?r a fabio:MetadataDocument . ?r foaf:primaryTopic ?w . FILTER(?w = <urn:catalod:absent> && ?r = <urn:catalod:absent>) } }`,
    ordered: false,
  },
  'OPTIONAL with two patterns and a FILTER the index does not take (a literal compared)': {
    text: `${PREFIXES}\nSELECT ?j ?w ?t WHERE { ?j a schema:Periodical . OPTIONAL { ?w schema:isPartOf ?j . ?w schema:name ?t . FILTER(?t != "no such title" && ?j != <urn:catalod:absent>) } }`,
    ordered: false,
  },
  'OPTIONAL whose FILTER reads the left side': {
    text: `${PREFIXES}\nSELECT ?w ?p ?f WHERE { ?w schema:author ?p . OPTIONAL { ?p schema:familyName ?f . FILTER(?w != ?p && bound(?w)) } }`,
    ordered: false,
  },
};

describe('shapes found by the generator', () => {
  for (const [name, query] of Object.entries(FOUND)) {
    it(name, async () => {
      const [ours, theirs] = await both(query.text);
      if (ours.status !== 200 || theirs.status !== 200) await Promise.all([catalod.ready(), comunica.ready()]);
      expect(theirs.status).toBe(200);
      expect(compareAnswers(ours, theirs, query.ordered)).toBeUndefined();
    });
  }
});

describe('generated queries: catalod gives the rows Comunica alone gives', () => {
  it(`${COUNT} queries from seed ${SEED}`, async () => {
    const failures: string[] = [];
    const tally = { rows: 0, answered: 0, withRows: 0, bothErrors: 0, comunicaSlow: 0, comunicaFailed: 0 };
    const check = async (query: GeneratedQuery, i: number) => {
      const [ours, theirs] = await both(query.text);
      const elapsed = `catalod ${ours.elapsedMs} ms, Comunica ${theirs.elapsedMs} ms`;
      // A worker stopped at its deadline, or recycled after an error, is replaced: let the next query find it started.
      if (ours.status !== 200 || theirs.status !== 200) await Promise.all([catalod.ready(), comunica.ready()]);
      const comunicaSlow = theirs.status === 503 || (ours.status === 503 && (theirs.elapsedMs ?? 0) >= COMUNICA_FAST_MS);
      if (comunicaSlow) {
        tally.comunicaSlow++;
        return;
      }
      // Comunica alone has no join actor for some shapes it plans itself (an OPTIONAL it bind-joins
      // with a FILTER inside): an engine limitation, not a query error, that catalod may not share.
      if (ours.status === 200 && theirs.status !== 200 && /none of the configured actors were able/.test(theirs.body)) {
        tally.comunicaFailed++;
        return;
      }
      const problem =
        ours.status === 503
          ? `catalod ran past its ${DEADLINE_MS / 1000} s deadline; Comunica answered in ${theirs.elapsedMs} ms`
          : compareAnswers(ours, theirs, query.ordered);
      if (theirs.status === 200) {
        tally.answered++;
        const n = rowsOf(theirs).length;
        tally.rows += n;
        if (n > 0) tally.withRows++;
      } else if (ours.status === theirs.status) tally.bothErrors++;
      if (problem) failures.push(`--- seed ${SEED}, query ${i} (DIFF_SEED=${SEED} DIFF_ONLY=${i}); ${elapsed}\n${query.text}\n${problem}`);
    };
    const todo = [...queries.entries()].filter(([i]) => ONLY === undefined || i === ONLY);
    // PARALLEL queries at a time, each pool having that many workers.
    await Promise.all(Array.from({ length: PARALLEL }, async () => {
      for (let next = todo.shift(); next; next = todo.shift()) await check(next[1], next[0]);
    }));
    console.log(`differential seed ${SEED}: ${JSON.stringify(tally)}, ${failures.length} failing of ${ONLY === undefined ? COUNT : 1}`);
    expect(failures.join('\n\n')).toBe('');
    if (ONLY !== undefined) return;
    // The generator must give queries that both engines answer, and that find something.
    expect(tally.answered).toBeGreaterThan(COUNT * 0.8);
    expect(tally.withRows).toBeGreaterThan(COUNT * 0.4);
    expect(tally.comunicaSlow).toBeLessThan(COUNT * 0.05);
    expect(tally.comunicaFailed).toBeLessThan(COUNT * 0.05);
  }, 600_000);
});
