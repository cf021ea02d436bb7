import { describe, expect, it } from 'vitest';
import { SolrJsonReader, parseJson, type DocError } from '../../src/readers/solr-json.js';
import type { RawRecord } from '../../src/readers/raw.js';
import { fixtureText } from '../fixtures/load.js';

/** Drives the JSON reader line by line, as the input splitter does. */
function read(text: string, file = 'docs.json'): (RawRecord | DocError)[] {
  const items: (RawRecord | DocError)[] = [];
  const reader = new SolrJsonReader(file, (item) => items.push(item));
  text.split(/\r?\n/).forEach((line, i) => reader.push(line, i + 1));
  reader.end();
  return items;
}

const isDoc = (i: RawRecord | DocError): i is RawRecord => 'fields' in i;
const SHAPES = [
  ['a select response', 'solr/select.json', [17, 173]],
  ['a JSON array of docs', 'solr/docs-array.json', [2, 158]],
  ['JSON Lines', 'solr/docs.jsonl', [1, 2]],
] as const;

describe.each(SHAPES)('%s', (_, name, lines) => {
  const items = read(fixtureText(name), name);

  it('yields every doc, each at the line it starts on', () => {
    expect(items.map((i) => [(i as RawRecord).source.line, (i as RawRecord).fields.get('id')!.values[0]])).toEqual([
      [lines[0], 'pubmed-9158348'],
      [lines[1], 'pubmed-10123456'],
    ]);
    expect(items.map((i) => (i as RawRecord).source.index)).toEqual([1, 2]);
  });

  it('keeps multi-valued fields as separate values and the 19-digit `_version_` exact', () => {
    const seed = items[0] as RawRecord;
    expect(seed.fields.get('author')).toMatchObject({ joined: false });
    expect(seed.fields.get('author')!.values).toHaveLength(20);
    expect(seed.fields.get('author')!.values[9]).toBe('Goldsmith, Lucy P.');
    expect(seed.fields.get('format')!.values).toEqual(['Online', 'Article', 'Text']);
    expect(seed.fields.get('url')!.values).toHaveLength(3);
    expect(seed.fields.get('_version_')!.values).toEqual(['1784718818019377152']);
    expect((items[1] as RawRecord).fields.get('_version_')!.values).toEqual(['1765432109876543210']);
  });
});

describe('the three JSON shapes', () => {
  it('give the same fields for the same docs', () => {
    const [select, array, lines] = SHAPES.map(([, name]) => read(fixtureText(name)).map((r) => [...(r as RawRecord).fields].map(([k, f]) => [k, f.values])));
    expect(array).toEqual(select);
    expect(lines).toEqual(select);
  });
});

describe('pretty-printed JSON scanning', () => {
  it('takes a top-level object without a docs array as one doc', () => {
    const items = read('\n{\n  "id": "pubmed-1",\n  "title": "A {braced} \\"title\\" [1]",\n  "author": ["Lindqvist, Maja"]\n}\n');
    expect(items).toHaveLength(1);
    expect((items[0] as RawRecord).source).toMatchObject({ line: 2, index: 1 });
    expect((items[0] as RawRecord).fields.get('title')!.values).toEqual(['A {braced} "title" [1]']);
  });

  it('ignores objects of a response outside the docs array (facets, highlighting)', () => {
    const response = [
      '{"responseHeader": {"status": 0, "params": {"q": "docs", "fq": ["a", "b"]}},',
      ' "response": {"numFound": 1, "docs": [',
      '   {"id": "pubmed-1", "title": "A"}',
      ' ]},',
      ' "facet_counts": {"facet_ranges": {"publishDate": {"counts": ["2022", 1]}}},',
      ' "highlighting": {"pubmed-1": {"title": ["<em>A</em>"]}}',
      '}',
    ].join('\n');
    expect(read(response).map((i) => (i as RawRecord).fields.get('id')!.values)).toEqual([['pubmed-1']]);
  });

  it('reports a doc cut short at the line it starts on; the docs before it still come out', () => {
    const items = read(fixtureText('bad/cut-select.json'), 'bad/cut-select.json');
    expect(items).toHaveLength(2);
    expect((items[0] as RawRecord).fields.get('id')!.values).toEqual(['pubmed-10123456']);
    expect(items[1]).toEqual({ line: 93, index: 2, message: 'JSON cut short: the doc that starts here never closes' });
  });

  it('reports a response or array cut between docs', () => {
    const select = fixtureText('solr/select.json');
    const cut = select.slice(0, select.indexOf('},', select.indexOf('"pubmed-9158348"')) + 2);
    const items = read(cut);
    expect(items.filter(isDoc)).toHaveLength(1);
    expect(items[1]).toEqual({ line: 1, index: 2, message: 'JSON cut short: what starts here never closes; the docs before the cut were read' });
    expect(read('[\n {"id": "pubmed-1", "title": "A"},\n').map((i) => ('fields' in i ? 'doc' : i.message))).toEqual([
      'doc',
      'JSON cut short: what starts here never closes; the docs before the cut were read',
    ]);
  });

  it('reports a malformed doc alone and reads the docs around it', () => {
    const items = read('[\n {"id": "pubmed-1", "title": "A"},\n {"id": "pubmed-2" "title": "B"},\n {"id": "pubmed-3", "title": "C"}\n]\n');
    expect(items.map((i) => (isDoc(i) ? i.fields.get('id')!.values[0] : `${i.line}: ${i.message.split(':')[0]}`))).toEqual([
      'pubmed-1',
      '3: malformed JSON',
      'pubmed-3',
    ]);
  });
});

describe('JSON Lines', () => {
  it('reports a line cut short by its line and index; the lines around it still come out', () => {
    const items = read(fixtureText('bad/cut-docs.jsonl'), 'bad/cut-docs.jsonl');
    expect(items.map((i) => (isDoc(i) ? i.fields.get('id')!.values[0] : i.line))).toEqual(['pubmed-9345678', 2, 'pubmed-10456789']);
    expect(items[1]).toMatchObject({ index: 2, message: expect.stringMatching(/^malformed JSON: /) });
    expect(items[2]!).toMatchObject({ source: { line: 3, index: 3 } });
  });

  it('takes a doc that is no JSON object for an error', () => {
    expect(read('{"id": "pubmed-1", "title": "A"}\n["not a doc"]\n').map((i) => (isDoc(i) ? 'doc' : i.message))).toEqual([
      'doc',
      'a Solr doc must be a JSON object',
    ]);
  });
});

describe('parseJson', () => {
  it('keeps integers past 15 digits as their digits, and leaves everything else as JSON.parse does', () => {
    expect(parseJson('{"_version_": 1784718818019377152, "n": -12345678901234567, "x": 42, "f": 0.12345678901234567}')).toEqual({
      _version_: '1784718818019377152',
      n: '-12345678901234567',
      x: 42,
      f: 0.12345678901234567,
    });
    expect(parseJson('["1784718818019377152", "a \\" 12345678901234567"]')).toEqual(['1784718818019377152', 'a " 12345678901234567']);
  });
});
