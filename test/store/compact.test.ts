/** The shared-memory index against n3's Store as the oracle, on real converted records. */
import { describe, expect, it } from 'vitest';
import type * as RDF from '@rdfjs/types';
import { DataFactory, Store } from 'n3';
import { QueryEngine } from '@comunica/query-sparql-rdfjs';
import { CompactStore } from '../../src/store/compact/store.js';
import { Dictionary, keyTerm, termKey } from '../../src/store/compact/dictionary.js';
import { convertText } from '../../src/convert.js';
import { SEED, converted } from '../helpers.js';
import { fixtureText } from '../fixtures/load.js';

const { namedNode, literal, quad, defaultGraph } = DataFactory;

/** The seed, the same article from a second catalogue, and the fixtures' records. */
function records() {
  const other = SEED.replace('id | pubmed-9158348 |', 'id | othercat-1 |');
  return converted([...convertText(`${SEED}\n${other}`, 'two.txt'), ...convertText(fixtureText('pages/hard-names.txt'), 'hard.txt')]);
}

const key = (q: RDF.Quad) => `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)} ${q.graph.termType === 'DefaultGraph' ? '' : termKey(q.graph)}`;
const keys = (qs: Iterable<RDF.Quad>) => [...qs].map(key).sort();

function load(indexed: boolean) {
  const store = new CompactStore();
  const oracle = new Store();
  for (const c of records()) {
    store.replaceGraph(namedNode(c.iris.record), c.quads);
    oracle.addQuads(c.quads.map((q) => quad(q.subject, q.predicate, q.object, namedNode(c.iris.record))));
  }
  if (indexed) store.index(true);
  return { store, oracle };
}

/** Patterns built from terms that occur, plus unknown ones. */
function patterns(oracle: Store): [RDF.Term | null, RDF.Term | null, RDF.Term | null, RDF.Term | null][] {
  const all = oracle.getQuads(null, null, null, null);
  const pick = (i: number) => all[(i * 7919) % all.length]!;
  const out: [RDF.Term | null, RDF.Term | null, RDF.Term | null, RDF.Term | null][] = [[null, null, null, null], [namedNode('http://nowhere/x'), null, null, null]];
  for (let i = 0; i < 40; i++) {
    const q = pick(i);
    out.push([q.subject, null, null, null], [null, q.predicate, null, null], [null, null, q.object, null], [q.subject, q.predicate, null, null],
      [null, q.predicate, q.object, null], [q.subject, null, q.object, null], [q.subject, q.predicate, q.object, null], [null, null, null, q.graph],
      [q.subject, null, null, q.graph]);
  }
  return out;
}

describe('compact store: dictionary', () => {
  it('round-trips IRIs, plain, typed and language-tagged literals with any text', () => {
    const terms = [namedNode('http://ex.org/ä?b=1#c'), literal('x "y" \\ z\n'), literal('2022', namedNode('http://www.w3.org/2001/XMLSchema#gYear')), literal('hé', 'en-GB'), literal('')];
    for (const t of terms) expect(keyTerm(termKey(t)).equals(t)).toBe(true);
  });

  it('interns many terms through table growth, and a reader sees only its snapshot', () => {
    const d = new Dictionary();
    for (let i = 0; i < 50_000; i++) expect(d.intern(literal(`term ${i}`))).toBe(i);
    expect(d.find(literal('term 49999'))).toBe(49_999);
    const reader = new Dictionary(d.snapshot());
    d.intern(literal('later'));
    expect(reader.find(literal('term 123'))).toBe(123);
    expect(reader.find(literal('later'))).toBe(-1);
    expect(d.find(literal('later'))).toBe(50_000);
    expect(reader.term(7).equals(literal('term 7'))).toBe(true);
  });
});

describe('compact store: matching', () => {
  for (const indexed of [true, false]) {
    it(`gives n3's answer for every pattern in named graphs (${indexed ? 'indexed' : 'delta only'})`, () => {
      const { store, oracle } = load(indexed);
      for (const [s, p, o, g] of patterns(oracle)) {
        const expected = keys(oracle.getQuads(s as never, p as never, o as never, g as never));
        expect(keys(store.quads(s, p, o, g)), `${s?.value} ${p?.value} ${o?.value} ${g?.value}`).toEqual(expected);
        expect(store.countQuads(s, p, o, g)).toBeGreaterThanOrEqual(expected.length);
      }
    });

    it(`merges the default graph: each triple once (${indexed ? 'indexed' : 'delta only'})`, () => {
      const { store, oracle } = load(indexed);
      for (const [s, p, o] of patterns(oracle)) {
        const expected = [...new Set(oracle.getQuads(s as never, p as never, o as never, null).map((q) => key(quad(q.subject, q.predicate, q.object))))].sort();
        expect(keys(store.quads(s, p, o, defaultGraph()))).toEqual(expected);
      }
    });
  }

  it('a reader finds quads added after its last look, by subject and by object, without an index build', () => {
    const writer = new CompactStore();
    const reader = CompactStore.open(writer.snapshot());
    const [first, , second] = records();
    writer.replaceGraph(namedNode(first!.iris.record), first!.quads);
    writer.index(true);
    reader.update(writer.snapshot());
    const work = namedNode(second!.iris.work);
    expect([...reader.quads(work, null, null, defaultGraph())]).toHaveLength(0);
    // Another article: its quads go to the delta, where the reader finds them through the shared chains.
    writer.replaceGraph(namedNode(second!.iris.record), second!.quads);
    reader.update(writer.snapshot());
    const expected = second!.quads.filter((q) => q.subject.equals(work));
    expect(keys(reader.quads(work, null, null, namedNode(second!.iris.record)))).toEqual(keys(expected.map((q) => quad(q.subject, q.predicate, q.object, namedNode(second!.iris.record)))));
    const asObject = second!.quads.filter((q) => q.object.equals(work));
    expect(reader.countQuads(null, null, work, namedNode(second!.iris.record))).toBeLessThanOrEqual(reader.countQuads(null, null, work, null));
    expect([...reader.quads(null, null, work, namedNode(second!.iris.record))]).toHaveLength(asObject.length);
  });

  it('a reader on an older snapshot sees the delta as it was then, though the chains have grown since', () => {
    const writer = new CompactStore();
    const [first, , second] = records();
    writer.replaceGraph(namedNode(first!.iris.record), first!.quads);
    writer.index(true);
    const work = namedNode(first!.iris.work);
    const old = CompactStore.open(writer.snapshot());
    // The same article again under another record: its quads about the work join the work's chains.
    writer.replaceGraph(namedNode(second!.iris.record), first!.quads);
    const now = CompactStore.open(writer.snapshot());
    const about = first!.quads.filter((q) => q.subject.equals(work)).length;
    expect([...old.quads(work, null, null, null)]).toHaveLength(about);
    expect([...now.quads(work, null, null, null)]).toHaveLength(2 * about);
    expect([...old.quads(null, null, work, namedNode(second!.iris.record))]).toHaveLength(0);
  });

  it('replaces and removes graphs, before and after an index build', () => {
    const { store } = load(true);
    const [seed] = records();
    const graph = namedNode(seed!.iris.record);
    const before = store.size();
    store.replaceGraph(graph, seed!.quads.slice(0, 10));
    expect([...store.quads(null, null, null, graph)]).toHaveLength(10);
    expect(store.size()).toBe(before - seed!.quads.length + 10);
    store.index(true);
    expect([...store.quads(null, null, null, graph)]).toHaveLength(10);
    expect(store.removeGraph(graph)).toBe(true);
    expect([...store.quads(null, null, null, graph)]).toHaveLength(0);
    expect([...store.graphs()]).not.toContain(graph.value);
  });

  for (const indexed of [true, false]) {
    it(`counts the merged default graph's distinct triples, and counts again after a change (${indexed ? 'indexed' : 'delta only'})`, () => {
      const { store, oracle } = load(indexed);
      const distinct = (o: Store) => new Set(o.getQuads(null, null, null, null).map((q) => key(quad(q.subject, q.predicate, q.object)))).size;
      expect(store.triples()).toBe(distinct(oracle));
      expect(store.triples()).toBeLessThan(store.size());
      // The second catalogue's copy of the seed goes: the triples it shared stay, counted once.
      const copy = records()[1]!;
      store.removeGraph(namedNode(copy.iris.record));
      oracle.removeQuads(oracle.getQuads(null, null, null, namedNode(copy.iris.record)));
      expect(store.triples()).toBe(distinct(oracle));
    });
  }

  it('answers SPARQL through Comunica with the merged default graph counted once', async () => {
    const { store, oracle } = load(true);
    const engine = new QueryEngine();
    const count = async (q: string) => Number((await (await engine.queryBindings(q, { sources: [store] })).toArray())[0]!.get('n')!.value);
    const distinct = new Set(oracle.getQuads(null, null, null, null).map((q) => key(quad(q.subject, q.predicate, q.object)))).size;
    expect(await count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')).toBe(distinct);
    expect(await count('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }')).toBe(oracle.size);
    expect(distinct).toBeLessThan(oracle.size);
  });
});
