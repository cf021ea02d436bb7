import { describe, expect, it } from 'vitest';
import jsonld from 'jsonld';
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { FORMATS, formatNamed } from '../../src/writers/index.js';
import { offlineLoader } from '../../src/jsonld-loader.js';
import { convertText, type Converted } from '../../src/convert.js';
import { SEED, convertSeed, converted, missingFrom, parse, sameGraph, triples } from '../helpers.js';

const BASE = 'http://localhost:3000/';

/** Runs a format's writer over converted records, as the CLI does. */
async function write(name: string, records: Converted[]): Promise<string> {
  const writer = formatNamed(name)!.create({ base: BASE });
  let out = '';
  for (const c of records) out += await writer.write(c);
  return out + (await writer.end());
}

/** JSON-LD text to quads, with contexts resolved offline only. */
async function expandToQuads(text: string): Promise<Quad[]> {
  const nquads = (await jsonld.toRDF(JSON.parse(text), { format: 'application/n-quads', documentLoader: offlineLoader } as never)) as unknown as string;
  return parse(nquads);
}

const seed = convertSeed();
const two = converted(convertText(`${SEED}\n${SEED.replace('id | pubmed-9158348 |', 'id | other-1 |')}`, 'two.txt'));

describe('writers: the format table', () => {
  it('names each format once, with a media type and an extension', () => {
    expect(new Set(FORMATS.map((f) => f.name)).size).toBe(FORMATS.length);
    for (const f of FORMATS) expect(f.mediaType).toMatch(/^[a-z]+\/[a-z+.-]+/);
    expect(FORMATS.map((f) => f.name)).toEqual(['nquads', 'ntriples', 'turtle', 'trig', 'rdfxml', 'jsonld', 'schema', 'html', 'bibtex', 'ris', 'csl', 'citation']);
  });
});

describe('writers: RDF syntaxes round-trip through n3', () => {
  it('nquads keeps each record in its named graph', async () => {
    const quads = parse(await write('nquads', two));
    expect(sameGraph(quads, [...two[0]!.quads, ...two[1]!.quads])).toBe(true);
    expect(new Set(quads.map((q) => q.graph.value)).size).toBe(2);
  });

  it('ntriples gives the triples', async () => {
    expect(sameGraph(parse(await write('ntriples', [seed]), 'application/n-triples'), triples(seed.quads))).toBe(true);
  });

  it('turtle gives the triples', async () => {
    expect(sameGraph(parse(await write('turtle', [seed]), 'text/turtle'), triples(seed.quads))).toBe(true);
  });

  it('trig keeps the graphs', async () => {
    expect(sameGraph(parse(await write('trig', two), 'application/trig'), [...two[0]!.quads, ...two[1]!.quads])).toBe(true);
  });

  it('escapes literals so hostile text survives', async () => {
    const hostile = SEED.replace('title | The impact', 'title | "Quoted" \\ back\tslash The impact');
    const c = converted(convertText(hostile, 'h.txt'))[0]!;
    expect(sameGraph(parse(await write('nquads', [c])), c.quads)).toBe(true);
  });
});

describe('writers: jsonld', () => {
  it('is a framed document per work in catalod context, expanding offline to exactly the N-Quads', async () => {
    const text = await write('jsonld', [seed]);
    const doc = JSON.parse(text);
    expect(doc['@graph'][0].type).toContain('ScholarlyArticle');
    expect(doc['@graph'][0].author.map((a: { familyName: string }) => a.familyName).slice(0, 3)).toEqual(['Gillard', 'Foster', 'White']);
    const quads = await expandToQuads(text);
    expect(missingFrom(seed.quads, quads)).toEqual([]);
    expect(sameGraph(quads, seed.quads)).toBe(true);
  });

  it('writes an array for several works', async () => {
    const docs = JSON.parse(await write('jsonld', two));
    expect(docs).toHaveLength(2);
  });
});

describe('writers: schema (embed)', () => {
  it('uses the schema.org context with the authors as an ordered array', async () => {
    const doc = JSON.parse(await write('schema', [seed]));
    expect(doc['@context']).toBe('https://schema.org');
    expect(doc['@type']).toBe('ScholarlyArticle');
    expect(doc.author).toHaveLength(20);
    expect(doc.author[9]).toMatchObject({ '@type': 'Person', givenName: 'Lucy P.', familyName: 'Goldsmith' });
  });

  it('expands offline to triples the N-Quads also state (dates typed by schema.org as schema:Date)', async () => {
    const quads = await expandToQuads(await write('schema', [seed]));
    // schema.org's own context types datePublished as schema:Date; the graph uses xsd:date for the same lexical value.
    const xsdDates = quads.map((q) =>
      q.object.termType === 'Literal' && q.object.datatype.value === 'http://schema.org/Date'
        ? DataFactory.quad(q.subject, q.predicate, DataFactory.literal(q.object.value, DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#date')))
        : q,
    );
    expect(quads.length).toBeGreaterThan(120);
    expect(missingFrom(xsdDates, triples(seed.quads))).toEqual([]);
  });
});

describe('writers: html', () => {
  it('holds the embed and one citation_author per author, in order', async () => {
    const html = await write('html', [seed]);
    const authors = [...html.matchAll(/<meta name="citation_author" content="([^"]*)">/g)].map((m) => m[1]);
    expect(authors).toHaveLength(20);
    expect(authors[0]).toBe('Gillard, Steve');
    expect(authors[19]).toBe('Worner, Jessica');
    for (const tag of ['citation_title', 'citation_journal_title', 'citation_publication_date', 'citation_doi', 'citation_pmid', 'citation_publisher'])
      expect(html).toContain(`<meta name="${tag}"`);
    expect(html).toContain('<meta name="citation_publication_date" content="2022/06/01">');
    expect(html).toContain('<meta name="citation_doi" content="10.1186/s12888-022-03999-9">');
  });

  it('cannot be broken out of by a title holding </script>', async () => {
    const hostile = SEED.replace('title | The impact', 'title | </script><script>alert(1)</script> & "x" The impact');
    const c = converted(convertText(hostile, 'h.txt'))[0]!;
    const html = await write('html', [c]);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).toContain('content="&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; The impact');
    const json = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(json).name).toContain('</script><script>alert(1)</script>');
  });
});
