import { describe, expect, it } from 'vitest';
import { DataFactory } from 'n3';
import { isomorphic } from 'rdf-isomorphic';
import type * as RDF from '@rdfjs/types';
import { generateRecords } from '../../bench/generate.mjs';
import { convertText } from '../../src/convert.js';
import { packQuads, unpackQuads } from '../../src/jobs/packed.js';
import { Iri } from '../../src/rdf/terms.js';
import { SEED, converted } from '../helpers.js';

const { quad, namedNode, literal, blankNode } = DataFactory;

describe('packQuads / unpackQuads', () => {
  it('round-trips the seed record: the same graph, in its record graph', () => {
    const c = converted(convertText(SEED, 'seed.txt'))[0]!;
    const packed = packQuads(c.quads);
    expect(packed.triples).toBeInstanceOf(Uint32Array);
    expect(packed.triples.length).toBe(3 * c.quads.length);
    expect(new Set(packed.terms).size).toBe(packed.terms.length); // each term once
    const back = unpackQuads(packed, new Iri(c.iris.record));
    expect(back).toHaveLength(c.quads.length);
    expect(isomorphic(back, c.quads)).toBe(true);
    expect(back.every((q) => q.graph.value === c.iris.record)).toBe(true);
  });

  it('round-trips generated records, each its own graph', () => {
    const outcomes = converted(convertText([...generateRecords({ count: 40, seed: 5 })].join('\n'), 'gen.txt'));
    expect(outcomes).toHaveLength(40);
    for (const c of outcomes) expect(isomorphic(unpackQuads(packQuads(c.quads), new Iri(c.iris.record)), c.quads)).toBe(true);
  });

  it('keeps language tags, datatypes, plain strings and blank node labels exactly', () => {
    const g = namedNode('http://example.org/g');
    const quads: RDF.Quad[] = [
      quad(blankNode('b1'), namedNode('http://schema.org/name'), literal('Tëst "quoted"\nline', 'en-gb'), g),
      quad(blankNode('b1'), namedNode('http://schema.org/date'), literal('2022-06-01', namedNode('http://www.w3.org/2001/XMLSchema#date')), g),
      quad(namedNode('http://example.org/a'), namedNode('http://schema.org/author'), blankNode('b1'), g),
      quad(namedNode('http://example.org/a'), namedNode('http://schema.org/name'), literal('plain'), g),
      quad(namedNode('http://example.org/a'), namedNode('http://schema.org/name'), literal('a"b^c@d<e'), g),
    ];
    const back = unpackQuads(packQuads(quads), g);
    expect(back.map((q) => q.equals(quads[back.indexOf(q)]!))).toEqual(quads.map(() => true));
    expect((back[0]!.object as RDF.Literal).language).toBe('en-gb');
    expect((back[1]!.object as RDF.Literal).datatype.value).toBe('http://www.w3.org/2001/XMLSchema#date');
    expect(back[0]!.subject).toEqual(expect.objectContaining({ termType: 'BlankNode', value: 'b1' }));
    expect(packQuads(quads).terms.filter((t) => t === '_b1')).toHaveLength(1);
  });

  it('packs nothing as nothing', () => {
    const packed = packQuads([]);
    expect(packed).toEqual({ terms: [], triples: new Uint32Array(0) });
    expect(unpackQuads(packed, namedNode('http://example.org/g'))).toEqual([]);
  });
});

describe('encodeGraph', () => {
  it('fills the index with the same quads and terms as the terms themselves do, new terms and known ones alike', async () => {
    const { CompactStore } = await import('../../src/store/compact/store.js');
    const { encodeGraph, encodedIris } = await import('../../src/jobs/packed.js');
    const records = converted(convertText([...generateRecords({ count: 30, seed: 9 })].join('\n'), 'gen.txt'));
    const byTerms = new CompactStore();
    const byBytes = new CompactStore();
    for (const c of [...records, records[0]!]) {
      byTerms.replaceGraph(namedNode(c.iris.record), c.quads);
      const encoded = encodeGraph(packQuads(c.quads));
      expect(encodedIris(encoded).sort()).toEqual([...new Set(c.quads.flatMap((q) => [q.subject, q.predicate, q.object]).filter((t) => t.termType === 'NamedNode').map((t) => t.value))].sort());
      byBytes.replaceEncoded(namedNode(c.iris.record), encoded);
    }
    const keys = (s: InstanceType<typeof CompactStore>) => [...s.allQuads()].map((q) => `${q.subject.value} ${q.predicate.value} ${q.object.value} ${q.graph.value}`).sort();
    expect(keys(byBytes)).toEqual(keys(byTerms));
    expect(byBytes.dict.count).toBe(byTerms.dict.count);
    const title = records[3]!.quads.find((q) => q.object.termType === 'Literal')!;
    expect(byBytes.id(title.object)).toBeGreaterThanOrEqual(0);
  });
});
