/** Plan reuse (src/query/plans.ts): a text is parsed once, and its plan answers every time as a fresh parse would. */
import { beforeAll, describe, expect, it } from 'vitest';
import { QueryEngine } from '@comunica/query-sparql-rdfjs';
import { DataFactory } from 'n3';
import { convertText } from '../../src/convert.js';
import { executeQuery } from '../../src/query/execute.js';
import { PlanCache, planBytes } from '../../src/query/plans.js';
import { CompactStore } from '../../src/store/compact/store.js';
import { SEED, converted } from '../helpers.js';
import { fixtureText } from '../fixtures/load.js';

const store = new CompactStore();
const engine = new QueryEngine();

beforeAll(() => {
  for (const c of converted([...convertText(SEED, 'seed.txt'), ...convertText(fixtureText('pages/hard-names.txt'), 'hard.txt')])) {
    store.replaceGraph(DataFactory.namedNode(c.iris.record), c.quads);
  }
  store.index(true);
});

describe('PlanCache', () => {
  it('parses a text once, and keeps the least recently used out past its limit', () => {
    const plans = new PlanCache(2);
    const a = plans.get('SELECT * { ?s ?p ?o }');
    expect(a.checked.ok).toBe(true);
    expect(a.algebra).toBeDefined();
    expect(plans.get('SELECT * { ?s ?p ?o }')).toBe(a);
    plans.get('ASK { ?s ?p ?o }');
    plans.get('SELECT ?s { ?s ?p ?o }');
    expect(plans.get('SELECT * { ?s ?p ?o }')).not.toBe(a);
  });

  it('is bounded in bytes: large texts push older plans out, one larger than the budget is not kept', () => {
    const values = (n: number, tag: string) => `SELECT * WHERE { VALUES ?v { ${Array.from({ length: n }, (_, i) => `"${tag}${i}"`).join(' ')} } }`;
    const big = [values(3000, 'a'), values(3000, 'b'), values(3000, 'c')];
    const budget = planBytes(big[0]!) * 2 + planBytes('ASK {}');
    const plans = new PlanCache(500, { maxBytes: budget });
    plans.get('ASK {}');
    for (const text of big) {
      expect(plans.get(text).checked.ok).toBe(true);
      expect(plans.bytes).toBeLessThanOrEqual(budget);
    }
    expect(plans.size).toBe(2); // the two newest large plans; ASK and the first large one went
    const a = plans.get(big[2]!);
    expect(plans.get(big[2]!)).toBe(a);
    const huge = values(40_000, 'h');
    expect(planBytes(huge)).toBeGreaterThan(budget);
    expect(plans.get(huge).checked.ok).toBe(true);
    expect(plans.size).toBe(2);
    expect(plans.get(big[2]!)).toBe(a);
  });

  it('keeps a refusal as a refusal', () => {
    const plan = new PlanCache().get('DELETE WHERE { ?s ?p ?o }');
    expect(plan.checked.ok).toBe(false);
    expect(plan.algebra).toBeUndefined();
  });
});

describe('a reused plan', () => {
  const queries = [
    'PREFIX schema: <http://schema.org/> SELECT ?work ?name WHERE { ?work schema:author ?a . ?a schema:name ?name OPTIONAL { ?a schema:givenName ?g } } ORDER BY ?name',
    'PREFIX schema: <http://schema.org/> SELECT ?j (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w schema:isPartOf ?p . ?p schema:name ?j } GROUP BY ?j',
    'PREFIX schema: <http://schema.org/> CONSTRUCT { ?w schema:name ?t } WHERE { ?w schema:name ?t FILTER(CONTAINS(?t, "e")) }',
  ];
  for (const query of queries) {
    it(`answers the same each time: ${query.slice(38, 90)}…`, async () => {
      const mediaType = query.includes('CONSTRUCT') ? 'application/n-triples' : 'application/sparql-results+json';
      const bodies = [];
      for (let i = 0; i < 3; i++) {
        const res = await executeQuery(engine, store, { query, mediaType });
        expect(res.status, res.body).toBe(200);
        bodies.push(res.body);
      }
      expect(bodies[0]!.length).toBeGreaterThan(100);
      expect(bodies[1]).toBe(bodies[0]);
      expect(bodies[2]).toBe(bodies[0]);
    });
  }

  it('with parameters bound differently each time', async () => {
    const query = 'PREFIX schema: <http://schema.org/> SELECT ?w WHERE { ?w schema:datePublished ?d }';
    const run = async (d: string) => JSON.parse((await executeQuery(engine, store, { query, mediaType: 'application/sparql-results+json', bindings: { d } })).body).results.bindings.length;
    const all = JSON.parse((await executeQuery(engine, store, { query, mediaType: 'application/sparql-results+json' })).body).results.bindings.length;
    expect(all).toBeGreaterThan(1);
    expect(await run('"1999-01-01"^^<http://www.w3.org/2001/XMLSchema#date>')).toBe(0);
    expect(await run('"1999-01-01"^^<http://www.w3.org/2001/XMLSchema#date>')).toBe(0);
    expect(all).toBe(JSON.parse((await executeQuery(engine, store, { query, mediaType: 'application/sparql-results+json' })).body).results.bindings.length);
  });
});
