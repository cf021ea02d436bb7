/** The in-memory catalogue: ingest with per-record outcomes, replace by id, delete, describe. */
import { describe, expect, it } from 'vitest';
import { MemoryCatalog } from '../../src/catalog/memory.js';
import { InputError } from '../../src/readers/index.js';
import { fixtureText } from '../fixtures/load.js';
import { SEED, convertSeed, sameGraph, triples } from '../helpers.js';
import { BASE, RECORD, WORK } from './helpers.js';

const FOAF_PRIMARY_TOPIC = 'http://xmlns.com/foaf/0.1/primaryTopic';

describe('MemoryCatalog', () => {
  it('stores a record in its own graph and reports its IRIs', async () => {
    const catalog = new MemoryCatalog({ base: BASE });
    const [outcome] = await catalog.ingest(SEED, 'seed.txt');
    expect(outcome).toEqual({ index: 1, line: 1, id: 'pubmed-9158348', ok: true, work: WORK, record: RECORD, warnings: [] });
    const seedQuads = convertSeed(BASE).quads.length;
    // One graph holds no triple twice: its triples are its quads.
    expect(catalog.stats()).toEqual({ records: 1, quads: seedQuads, triples: seedQuads });
    expect([...catalog.dump()].every((q) => q.graph.value === RECORD)).toBe(true);
    expect(catalog.recent(5)).toEqual([{ id: 'pubmed-9158348', received: expect.any(String), record: RECORD }]);
  });

  it('stores the good records of a body and reports the bad one', async () => {
    const catalog = new MemoryCatalog({ base: BASE });
    const outcomes = await catalog.ingest(fixtureText('bad/cut-page.txt'), 'cut-page.txt');
    expect(outcomes.map((o) => [o.id, o.ok])).toEqual([['pubmed-9345678', true], ['pubmed-10123456', false]]);
    expect(outcomes[1]!.error).toMatch(/cut short/);
    expect(outcomes[1]!.line).toBe(39);
    expect(catalog.stats().records).toBe(1);
  });

  it('throws InputError for a body without any record', async () => {
    await expect(new MemoryCatalog().ingest('', 'empty.txt')).rejects.toBeInstanceOf(InputError);
  });

  it('replaces a record with the same id: its graph is the new one, the count stays', async () => {
    const catalog = new MemoryCatalog({ base: BASE });
    await catalog.ingest(SEED, 'seed.txt');
    const before = catalog.stats();
    // The same record again, as Solr JSON, with a second record.
    await catalog.ingest(fixtureText('solr/select.json'), 'select.json');
    expect(catalog.stats().records).toBe(2);
    await catalog.ingest(SEED, 'seed.txt');
    expect(catalog.stats().records).toBe(2);
    const graph = [...catalog.dump()].filter((q) => q.graph.value === RECORD);
    expect(graph.length).toBe(before.quads);
    expect(sameGraph(triples(graph), triples(convertSeed(BASE).quads))).toBe(true);
    expect(catalog.recent(1)[0]!.id).toBe('pubmed-9158348');
  });

  it('deletes a record and its graph', async () => {
    const catalog = new MemoryCatalog({ base: BASE });
    await catalog.ingest(SEED, 'seed.txt');
    expect(await catalog.delete('pubmed-9158348')).toBe(true);
    expect(await catalog.delete('pubmed-9158348')).toBe(false);
    expect(catalog.stats()).toEqual({ records: 0, quads: 0, triples: 0 });
    expect(catalog.describe(WORK)).toEqual([]);
  });

  it('describes a work by its records’ graphs, merged, graph dropped', async () => {
    const catalog = new MemoryCatalog({ base: BASE });
    await catalog.ingest(SEED, 'seed.txt');
    const quads = catalog.describe(WORK);
    expect(quads.every((q) => q.graph.termType === 'DefaultGraph')).toBe(true);
    expect(sameGraph(quads, triples(convertSeed(BASE).quads))).toBe(true);
  });

  it('describes anything else by its statements and those pointing to it', async () => {
    const catalog = new MemoryCatalog({ base: BASE });
    await catalog.ingest(SEED, 'seed.txt');
    const person = `${WORK}/person/fosterrhiannon`;
    const quads = catalog.describe(person);
    expect(quads.some((q) => q.subject.value === person && q.object.value === 'Rhiannon Foster')).toBe(true);
    expect(quads.some((q) => q.subject.value === WORK && q.object.value === person)).toBe(true);
    expect(quads.every((q) => q.subject.value === person || q.object.value === person)).toBe(true);
    expect(catalog.describe(RECORD).some((q) => q.predicate.value === FOAF_PRIMARY_TOPIC)).toBe(true);
    expect(catalog.describe(`${BASE}work/doi/10.9999/nothing`)).toEqual([]);
  });

  it('merges a triple two records state into one', async () => {
    const catalog = new MemoryCatalog({ base: BASE });
    await catalog.ingest(SEED, 'seed.txt');
    await catalog.ingest(SEED.replace(/pubmed-9158348/g, 'pubmed-copy'), 'copy.txt');
    expect(catalog.stats().records).toBe(2);
    const quads = catalog.describe(WORK);
    const keys = quads.map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(quads.filter((q) => q.predicate.value === FOAF_PRIMARY_TOPIC).map((q) => q.subject.value).sort()).toEqual([RECORD, `${BASE}record/pubmed-copy`]);
  });

  it('answers queries 501 when no runner is configured', async () => {
    const res = await new MemoryCatalog().queries.run({ query: 'ASK {}', mediaType: 'text/csv' });
    expect(res.status).toBe(501);
  });
});
