import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, isRecordError, readFile, readText, type ReadItem, type RawRecord } from '../../src/readers/index.js';
import { fixturePath, fixtureText, readFixture } from '../fixtures/load.js';

const records = (items: ReadItem[]): RawRecord[] => items.filter((i): i is RawRecord => !isRecordError(i));

async function collect(path: string): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of readFile(path)) items.push(item);
  return items;
}

function tmpFile(name: string, content: string | Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'catalod-')), name);
  writeFileSync(path, content);
  return path;
}

describe('input detection', () => {
  it('reads the seed as page text, JSON files as Solr docs', () => {
    expect(readFixture('seed').map((r) => (r as RawRecord).layout)).toEqual(['page-staff-table']);
    for (const name of ['solr/select.json', 'solr/docs-array.json', 'solr/docs.jsonl'])
      expect(records(readFixture(name)).map((r) => r.layout)).toEqual(['solr-json', 'solr-json']);
  });

  it('takes a page whose first line is a bracketed (translated) title for page text, not JSON', () => {
    const page = fixtureText('pages/en-top-lines.txt').replace(/^Loading…\n[^\n]*/, '[Sleep quality and burnout among early-career nurses]');
    const [record] = records(readText(page, 'translated.txt'));
    expect(record!.layout).toBe('page-top');
    expect(record!.top!.title).toBe('[Sleep quality and burnout among early-career nurses]');
  });
});

describe('encodings and line ends', () => {
  it('reads a UTF-8 file with a BOM and CRLF line ends: three records, each at its first line', () => {
    const text = fixtureText('pages/multi-crlf-bom.txt');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('\r\n');
    const items = readFixture('pages/multi-crlf-bom.txt');
    expect(items.map((i) => [i.source.line, i.source.index])).toEqual([[1, 1], [39, 2], [64, 3]]);
    expect(records(items).map((r) => r.fields.get('id')?.values[0])).toEqual(['pubmed-9345678', 'pubmed-9158348', undefined]);
  });

  it('gives the same records for the same text with LF and no BOM', () => {
    const lf = fixtureText('pages/multi-crlf-bom.txt').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
    expect(readText(lf, 'pages/multi-crlf-bom.txt')).toEqual(readFixture('pages/multi-crlf-bom.txt'));
  });

  it('streams a file to the same records as reading it whole (BOM, CRLF)', async () => {
    const streamed = await collect(fixturePath('pages/multi-crlf-bom.txt'));
    const whole = readText(fixtureText('pages/multi-crlf-bom.txt'), fixturePath('pages/multi-crlf-bom.txt'));
    expect(streamed).toEqual(whole);
  });
});

describe('input that holds no record', () => {
  it('refuses an empty file with an error naming file and line', async () => {
    const path = fixturePath('bad/empty.txt');
    await expect(collect(path)).rejects.toThrow(new InputError(path, 'empty input: no catalogue record in it').message);
    expect(() => readText(' \n\r\n\t\n', 'blank.txt')).toThrow('blank.txt:1: empty input');
  });

  it('refuses a binary file (NUL bytes) with an error naming file and line', async () => {
    const path = tmpFile('record.bin', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0x0a, 0xff, 0xfe, 0x00]));
    const error = await collect(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(`${path}:1: binary data, not UTF-8 text`);
  });

  it('refuses text that is no catalogue record, naming the first line of text', () => {
    expect(() => readText('\nShopping list\nmilk\neggs\n', 'notes.txt')).toThrow(
      'notes.txt:2: no catalogue record found: expected a VuFind record page or Solr JSON docs',
    );
  });

  it('refuses a Solr response with no docs', () => {
    expect(() => readText('{\n  "response": {"numFound": 0, "start": 0, "docs": []}\n}\n', 'none.json')).toThrow('none.json:1: no catalogue record found');
  });
});
