/**
 * The dataset's counts as VoID and the service description state them, checked against COUNT
 * queries run through the app: the default graph's distinct triples, and the record graphs' quads.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type * as RDF from '@rdfjs/types';
import { SEED, parse } from '../helpers.js';
import { BASE, testServer } from './helpers.js';

const VOID = 'http://rdfs.org/ns/void#';
const DCT = 'http://purl.org/dc/terms/';
const DS = `${BASE}.well-known/void#dataset`;

// The seed again under another record id: the same work, so most triples are stated twice.
const COPY = SEED.replace('id | pubmed-9158348 |', 'id | pubmed-9158348-copy |');

let app: Hono;
beforeAll(async () => {
  ({ app } = await testServer({ texts: [SEED, COPY] }));
});

/** The single `?n` a COUNT query answers through `/sparql`. */
async function count(query: string): Promise<number> {
  const res = await app.request(`/sparql?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/sparql-results+json' } });
  expect(res.status).toBe(200);
  const json = (await res.json()) as { results: { bindings: { n: { value: string } }[] } };
  return Number(json.results.bindings[0]!.n.value);
}

/** Objects of (s, p) in a parsed description. */
function objects(quads: RDF.Quad[], s: string, p: string): string[] {
  return quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object.value);
}

describe('dataset counts', () => {
  it('the copy shares triples with the seed, so triples and quads differ', async () => {
    const triples = await count('SELECT (COUNT(*) AS ?n) { ?s ?p ?o }');
    const quads = await count('SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }');
    expect(triples).toBeGreaterThan(0);
    expect(quads).toBeGreaterThan(triples);
  });

  it("VoID: void:triples is the default graph's distinct triples, the record graphs a subset with their quads", async () => {
    const quads = parse(await (await app.request('/.well-known/void')).text(), 'text/turtle');
    expect(objects(quads, DS, `${VOID}triples`).map(Number)).toEqual([await count('SELECT (COUNT(*) AS ?n) { ?s ?p ?o }')]);
    const [subset] = objects(quads, DS, `${VOID}subset`);
    expect(subset).toBe(`${BASE}.well-known/void#record-graphs`);
    expect(objects(quads, subset!, `${VOID}triples`).map(Number)).toEqual([await count('SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }')]);
    expect(objects(quads, subset!, `${DCT}title`)).toEqual(['The record graphs']);
    expect(objects(quads, subset!, `${DCT}description`)[0]).toMatch(/counted as quads/);
  });

  it("the service description's default graph states the same distinct triples", async () => {
    const res = await app.request('/sparql', { headers: { accept: 'text/turtle' } });
    const quads = parse(await res.text(), 'text/turtle');
    const stated = quads.filter((q) => q.predicate.value === `${VOID}triples`).map((q) => Number(q.object.value));
    expect(stated).toEqual([await count('SELECT (COUNT(*) AS ?n) { ?s ?p ?o }')]);
  });
});
