import { describe, expect, it } from 'vitest';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { CQuad, iri, lit } from '../../src/rdf/terms.js';
import { prefixes } from '../../src/mapping/terms.js';
import { quadsToRdfXml, rdfxmlWriter } from '../../src/writers/rdfxml.js';
import type { Converted } from '../../src/convert.js';
import { termToNt } from '../../src/writers/nquads.js';
import { convertSeed, missingFrom, sameGraph, triples } from '../helpers.js';

const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const EX = 'http://example.org/';
const { quad, blankNode, literal, namedNode } = DataFactory;

/** RDF/XML text to quads, through an independent parser; rejects on malformed XML or RDF/XML. */
function parseRdfXml(text: string, options: ConstructorParameters<typeof RdfXmlParser>[0] = {}): Promise<RDF.Quad[]> {
  return new Promise((resolve, reject) => {
    const out: RDF.Quad[] = [];
    const parser = new RdfXmlParser(options);
    parser.on('data', (q: RDF.Quad) => out.push(q));
    parser.on('error', reject);
    parser.on('end', () => resolve(out));
    parser.write(text);
    parser.end();
  });
}

/** Runs the streaming writer over records, as the CLI does. */
async function stream(records: Converted[]): Promise<string> {
  const writer = rdfxmlWriter();
  let out = '';
  for (const c of records) out += await writer.write(c);
  return out + (await writer.end());
}

/** A triple's N-Triples line, for set comparisons. */
const line = (q: RDF.Quad): string => `${termToNt(q.subject)} ${termToNt(q.predicate)} ${termToNt(q.object)}`;

/** The triples once each (an RDF graph is a set; RDF/XML merges the graphs). */
function tripleSet(quads: RDF.Quad[]): RDF.Quad[] {
  const seen = new Map<string, RDF.Quad>();
  for (const q of triples(quads)) if (!seen.has(line(q))) seen.set(line(q), q);
  return [...seen.values()];
}

/** Asserts `text` parses to exactly the triples of `quads`: by isomorphism, and line by line for those without blank nodes. */
async function expectSameTriples(text: string, quads: RDF.Quad[], options?: ConstructorParameters<typeof RdfXmlParser>[0]): Promise<void> {
  const parsed = tripleSet(await parseRdfXml(text, options));
  const expected = tripleSet(quads);
  const ground = (qs: RDF.Quad[]) => qs.filter((q) => q.subject.termType !== 'BlankNode' && q.object.termType !== 'BlankNode');
  expect(missingFrom(ground(expected), ground(parsed))).toEqual([]);
  expect(missingFrom(ground(parsed), ground(expected))).toEqual([]);
  expect(parsed).toHaveLength(expected.length);
  expect(sameGraph(parsed, expected)).toBe(true);
}

const seed = convertSeed();
const hostileText = 'a < b && c > d ]]> <![CDATA[ x ]]> "double" \'single\' </schema:name> &amp; &#0;';

/** Triples meant to break a careless writer: markup in text, controls XML can hold, blank nodes, odd IRIs (`quote` goes into IRIs). */
function hostile(quote = '"'): RDF.Quad[] {
  const s = iri(`${EX}work?a=1&b=${quote}2${quote}&c='3'`);
  const b1 = blankNode('n3-0');
  const b2 = blankNode('0 not an NCName');
  return [
    new CQuad(s, iri('http://schema.org/name'), lit(hostileText)),
    new CQuad(s, iri('http://schema.org/description'), lit('line one\nline two\r\nline three\rtab\there  two  spaces ')),
    new CQuad(s, iri('http://schema.org/alternateName'), lit('Ærø — 日本語 😀 ünïcödé', 'da-DK')),
    new CQuad(s, iri('http://schema.org/alternateName'), lit('chat & "chien" <fr>', 'fr')),
    new CQuad(s, iri('http://schema.org/datePublished'), lit('2022-06-01', iri(`${XSD}date`))),
    new CQuad(s, iri('http://schema.org/pageStart'), lit('<1>', iri(`${EX}type?x=1&y=${quote}2${quote}`))),
    new CQuad(s, iri('http://schema.org/pageEnd'), lit('', iri(`${XSD}integer`))),
    new CQuad(s, iri('http://schema.org/comment'), lit('')),
    new CQuad(s, iri('http://schema.org/comment'), lit('', 'en')),
    new CQuad(s, iri(`${XSD}string`), lit('explicit xsd:string', iri(`${XSD}string`))),
    new CQuad(s, iri(`${RDF_NS}type`), iri('http://schema.org/ScholarlyArticle')),
    new CQuad(s, iri(`${RDF_NS}_1`), iri(`${EX}first`)),
    new CQuad(s, iri('http://schema.org/url'), iri(`${EX}x?q=a&b='c'#frag`)),
    // Predicates outside the prefix table, one with a hash namespace, one non-ASCII.
    new CQuad(s, iri('http://unknown.example/vocab#prop-1.x'), lit('unknown namespace')),
    new CQuad(s, iri('http://other.example/terms/élan'), iri(`${EX}élan`)),
    quad(s, namedNode('http://schema.org/author'), b1),
    quad(b1, namedNode('http://schema.org/name'), literal('Blank & Author', 'en')),
    quad(b1, namedNode('http://schema.org/knows'), b2),
    quad(b2, namedNode('http://schema.org/name'), literal('label that is no NCName')),
    quad(b2, namedNode('http://schema.org/knows'), b1),
    // The same triple twice, in two graphs: RDF/XML merges them.
    quad(s, namedNode('http://schema.org/keywords'), literal('dup'), namedNode(`${EX}g1`)),
    quad(s, namedNode('http://schema.org/keywords'), literal('dup'), namedNode(`${EX}g2`)),
  ];
}

describe('rdfxml: quadsToRdfXml', () => {
  it('writes the seed record so that an RDF/XML parser reads back exactly its triples', async () => {
    const xml = quadsToRdfXml(seed.quads);
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF')).toBe(true);
    expect(xml).toContain('xmlns:schema="http://schema.org/"');
    expect(xml).toContain('<schema:name>The impact of working as a peer worker');
    expect(xml).not.toMatch(/xmlns:ns\d/);
    await expectSameTriples(xml, seed.quads);
  });

  it('writes each subject once, as an rdf:Description', () => {
    const xml = quadsToRdfXml(seed.quads);
    const subjects = new Set(seed.quads.map((q) => q.subject.value));
    expect(xml.match(/<rdf:Description /g)).toHaveLength(subjects.size);
  });

  it('is deterministic', () => {
    expect(quadsToRdfXml(hostile())).toBe(quadsToRdfXml(hostile()));
  });

  it('round-trips hostile data: markup, quotes, newlines, non-ASCII, tags, types, blank nodes, odd IRIs', async () => {
    const quads = hostile();
    const xml = quadsToRdfXml(quads);
    await expectSameTriples(xml, quads, { iriValidationStrategy: 'none' as never });
    expect(xml).toContain('a &lt; b &amp;&amp; c &gt; d ]]&gt;');
    expect(xml).not.toContain(']]>');
    expect(xml).toContain('rdf:about="http://example.org/work?a=1&amp;b=&quot;2&quot;&amp;c=\'3\'"');
    expect(xml).toContain('line three&#13;tab');
    expect(xml).toContain('xml:lang="da-dk"');
    expect(xml).toContain(`rdf:datatype="${XSD}date"`);
    expect(xml).not.toContain(`rdf:datatype="${XSD}string"`);
    expect(xml).toMatch(/<schema:author rdf:nodeID="b\d+"\/>/);
    expect(xml).toMatch(/<rdf:Description rdf:nodeID="b\d+">/);
    expect(xml.match(/>dup</g)).toHaveLength(1);
    expect(await parseRdfXml(xml, { iriValidationStrategy: 'none' as never })).toHaveLength(quads.length - 1);
  });

  it('round-trips hostile data under the parser’s default IRI validation (no " in IRIs)', async () => {
    const quads = hostile('%22');
    await expectSameTriples(quadsToRdfXml(quads), quads);
  });

  it('declares namespaces missing from the table as ns1, ns2… on the root', async () => {
    const xml = quadsToRdfXml(hostile());
    expect(xml).toContain('xmlns:ns1="http://unknown.example/vocab#"');
    expect(xml).toContain('xmlns:ns2="http://other.example/terms/"');
    expect(xml).toContain('<ns1:prop-1.x>unknown namespace</ns1:prop-1.x>');
    expect(xml).toContain('<ns2:élan rdf:resource="http://example.org/élan"/>');
    // Root declarations only: no element but the root declares a namespace.
    expect(xml.split('\n').filter((l) => l.includes('xmlns:') && !l.startsWith('    xmlns:'))).toEqual([]);
  });

  it('uses the prefixes given, generating the rest', async () => {
    const quads = [new CQuad(iri(`${EX}a`), iri(`${EX}p`), lit('x')), new CQuad(iri(`${EX}a`), iri('http://schema.org/name'), lit('y'))];
    const xml = quadsToRdfXml(quads, { ex: EX });
    expect(xml).toContain(`xmlns:ex="${EX}"`);
    expect(xml).toContain('<ex:p>x</ex:p>');
    expect(xml).toContain('<ns1:name>y</ns1:name>');
    expect(xml).not.toContain('xmlns:schema');
    await expectSameTriples(xml, quads);
  });

  it('writes an empty but well-formed document for no triples', async () => {
    const xml = quadsToRdfXml([]);
    expect(xml).toMatch(/<rdf:RDF[^>]*>\n<\/rdf:RDF>\n$/);
    expect(await parseRdfXml(xml)).toEqual([]);
  });
});

describe('rdfxml: what RDF/XML cannot express is refused', () => {
  const s = iri(`${EX}s`);

  it('refuses a predicate with no namespace/NCName split, naming it', () => {
    expect(() => quadsToRdfXml([new CQuad(s, iri(`${EX}123`), lit('x'))])).toThrow(/RDF\/XML cannot express.*<http:\/\/example\.org\/123>.*"123" is not an NCName/);
    expect(() => quadsToRdfXml([new CQuad(s, iri(`${EX}a/`), lit('x'))])).toThrow(/<http:\/\/example\.org\/a\/>/);
    expect(() => quadsToRdfXml([new CQuad(s, iri('urn:x:y'), lit('x'))])).toThrow(/<urn:x:y>/);
  });

  it('refuses a literal holding U+0001, naming the subject and the predicate', () => {
    const q = new CQuad(s, iri('http://schema.org/name'), lit('bell\u0001here'));
    expect(() => quadsToRdfXml([q])).toThrow('RDF/XML cannot express the triple <http://example.org/s> <http://schema.org/name>: the literal holds U+0001, which XML 1.0 does not allow');
  });

  it('refuses other characters XML 1.0 cannot hold, in literals and IRIs', () => {
    for (const text of ['\u0000', '\u001F', '\u000B', '\uFFFE', '\uD800 lone surrogate'])
      expect(() => quadsToRdfXml([new CQuad(s, iri('http://schema.org/name'), lit(text))])).toThrow(/XML 1\.0 does not allow/);
    expect(() => quadsToRdfXml([new CQuad(iri(`${EX}a\u0002`), iri('http://schema.org/name'), lit('x'))])).toThrow(/<http:\/\/example\.org\/a\\u0002> <http:\/\/schema\.org\/name>: the subject holds U\+0002/);
    // What XML can hold is not refused.
    expect(() => quadsToRdfXml([new CQuad(s, iri('http://schema.org/name'), lit('\t\n\r\u0085\uFFFD😀'))])).not.toThrow();
  });

  it('refuses rdf: syntax names as predicates', () => {
    for (const name of ['li', 'Description', 'about', 'nodeID', 'datatype'])
      expect(() => quadsToRdfXml([new CQuad(s, iri(`${RDF_NS}${name}`), lit('x'))])).toThrow(new RegExp(`rdf:${name} is RDF/XML syntax`));
  });

  it('refuses IRIs a parser would change by resolving them', () => {
    expect(() => quadsToRdfXml([new CQuad(s, iri('http://schema.org/url'), iri('relative/path'))])).toThrow(/not absolute/);
    expect(() => quadsToRdfXml([new CQuad(iri(`${EX}a/../b`), iri('http://schema.org/url'), lit('x'))])).toThrow(/path segments/);
    expect(() => quadsToRdfXml([new CQuad(s, iri('http://schema.org/url'), iri(`${EX}q?x=/../#./`))])).not.toThrow();
  });
});

describe('rdfxml: the streaming writer', () => {
  const other: Converted = { ...seed, quads: seed.quads.map((q) => new CQuad(iri(q.subject.value.replace('03999', '00001')), q.predicate, q.object, q.graph)) };

  it('writes one well-formed document over two records, header once, root closed once', async () => {
    const writer = rdfxmlWriter();
    const first = String(await writer.write(seed));
    const second = String(await writer.write(other));
    const last = String(await writer.end());
    expect(first.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF')).toBe(true);
    expect(second).not.toContain('<?xml');
    expect(second).not.toContain('<rdf:RDF');
    expect(second.startsWith('  <rdf:Description')).toBe(true);
    expect(last).toBe('</rdf:RDF>\n');
    const xml = first + second + last;
    for (const prefix of Object.keys(prefixes())) expect(first).toContain(`xmlns:${prefix}=`);
    await expectSameTriples(xml, [...seed.quads, ...other.quads]);
  });

  it('writes an empty well-formed document over zero records', async () => {
    const xml = await stream([]);
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="utf-8"\?>\n<rdf:RDF[^>]*xmlns:schema="http:\/\/schema\.org\/"[^>]*>\n<\/rdf:RDF>\n$/);
    expect(await parseRdfXml(xml)).toEqual([]);
  });

  it('declares namespaces outside the table on the property elements, blank node ids shared across records', async () => {
    const b = blankNode('shared');
    const r1 = { ...seed, quads: [new CQuad(iri(`${EX}a`), iri('http://unknown.example/v#p'), lit('one')), quad(iri(`${EX}a`), namedNode('http://schema.org/author'), b)] } as unknown as Converted;
    const r2 = { ...seed, quads: [new CQuad(iri(`${EX}b`), iri('http://unknown.example/v#p'), lit('two')), quad(b, namedNode('http://schema.org/name'), literal('B'))] } as unknown as Converted;
    const xml = await stream([r1, r2]);
    expect(xml).toContain('<ns1:p xmlns:ns1="http://unknown.example/v#">one</ns1:p>');
    expect(xml).toContain('<ns1:p xmlns:ns1="http://unknown.example/v#">two</ns1:p>');
    expect(xml).not.toMatch(/<rdf:RDF[^>]*xmlns:ns1/);
    await expectSameTriples(xml, [...r1.quads, ...r2.quads]);
  });

  it('throws for a record RDF/XML cannot express and writes nothing for it', async () => {
    const writer = rdfxmlWriter();
    const bad = { ...seed, quads: [new CQuad(iri(`${EX}a`), iri('http://schema.org/name'), lit('\u0001'))] } as Converted;
    expect(() => writer.write(bad)).toThrow(/U\+0001/);
    const xml = (await writer.write(seed)) + (await writer.end());
    await expectSameTriples(xml, seed.quads);
  });
});
