/**
 * The query layer over the shared-memory store (src/store/compact): in-process, and on worker
 * threads opening it from SharedArrayBuffers through its source module, following updates.
 */
import { fileURLToPath } from 'node:url';
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { LocalRunner } from '../../src/query/local.js';
import { WorkerPool } from '../../src/query/pool.js';
import { CompactStore } from '../../src/store/compact/store.js';
import { OTHER, OTHER_QUADS, RECORD, SEED } from './data.js';

const { namedNode } = DataFactory;
const JSON_RESULTS = 'application/sparql-results+json';
const COUNT = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
const COUNT_GRAPHS = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }';
const count = (body: string) => Number(JSON.parse(body).results.bindings[0].n.value);

function compact(): CompactStore {
  const store = new CompactStore();
  store.replaceGraph(namedNode(RECORD), SEED.quads);
  store.replaceGraph(namedNode(OTHER), OTHER_QUADS);
  store.index(true);
  return store;
}

describe('queries over the compact store', () => {
  it('in-process: merged default graph, GRAPH ?g, protocol graphs', async () => {
    const runner = new LocalRunner(compact());
    const n = SEED.quads.length;
    expect(count((await runner.run({ query: COUNT, mediaType: JSON_RESULTS })).body)).toBe(n + 1);
    expect(count((await runner.run({ query: COUNT_GRAPHS, mediaType: JSON_RESULTS })).body)).toBe(n + 2);
    expect(count((await runner.run({ query: COUNT, mediaType: JSON_RESULTS, defaultGraphs: [RECORD, OTHER] })).body)).toBe(n + 1);
    expect(count((await runner.run({ query: COUNT_GRAPHS, mediaType: JSON_RESULTS, namedGraphs: [OTHER] })).body)).toBe(2);
  });

  it('on worker threads: opened from shared memory, following broadcast snapshots', async () => {
    const store = compact();
    const sourceModule = fileURLToPath(new URL('../../dist/store/compact/worker-source.js', import.meta.url));
    const pool = new WorkerPool({ sourceModule, init: store.snapshot(), size: 2 });
    try {
      const ask = { query: COUNT, mediaType: JSON_RESULTS };
      for (const res of await Promise.all([pool.run(ask), pool.run(ask)])) expect(count(res.body)).toBe(SEED.quads.length + 1);

      store.replaceGraph(namedNode(OTHER), []);
      store.index(true);
      const state = store.snapshot();
      pool.setInit(state);
      await pool.broadcast({ state });
      for (const res of await Promise.all([pool.run(ask), pool.run(ask), pool.run(ask)])) {
        expect(res).toMatchObject({ status: 200, mediaType: JSON_RESULTS });
        expect(count(res.body)).toBe(SEED.quads.length);
      }
    } finally {
      await pool.close();
    }
  });
});
