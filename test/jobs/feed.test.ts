import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateRecords } from '../../bench/generate.mjs';
import { convertFile, diagnostics } from '../../src/convert.js';
import { feedRecords, type FeedOptions } from '../../src/jobs/feed.js';
import { ConversionPool } from '../../src/jobs/pool.js';
import { InputError } from '../../src/readers/index.js';
import { reportOf } from '../../src/report.js';
import { quadsToBytes } from '../../src/writers/nquads.js';
import { ROOT } from '../helpers.js';

const BASE = 'http://localhost:3000/';
const dir = mkdtempSync(join(tmpdir(), 'catalod-feed-'));
const pool = new ConversionPool({ jobs: 3, base: BASE });
afterAll(() => pool.close());

/** What one thread makes of the inputs: per record its diagnostics, report and N-Quads; per empty input its error. */
async function here(files: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const file of files) {
    try {
      for await (const o of convertFile(file, { base: BASE })) out.push([...diagnostics(o), reportOf(o), o.ok ? quadsToBytes(o.quads, true).toString() : 'FAILED'].join('\n'));
    } catch (e) {
      if (!(e instanceof InputError) && (e as NodeJS.ErrnoException).code === undefined) throw e;
      out.push(`input: ${e instanceof InputError ? e.message : `${file}: ${(e as Error).message}`}`);
    }
  }
  return out;
}

/** The same through the feed and the pool. */
async function fed(files: string[], options: FeedOptions): Promise<string[]> {
  const out: string[] = [];
  for await (const e of feedRecords(pool, files, { format: 'nquads', report: true }, options)) {
    if ('inputError' in e) out.push(`input: ${e.inputError}`);
    else for (const r of e.results) out.push([...r.diagnostics, r.report, r.ok ? Buffer.from((r.chunk as { bytes: Uint8Array }).bytes).toString() : 'FAILED'].join('\n'));
  }
  return out;
}

/** A file of generated records with the bad fixtures in between. */
function mixed(name: string, crlf = false): string {
  const bad = ['cut-page.txt', 'no-author.txt', 'wrong-doi.txt'].map((f) => readFileSync(`${ROOT}test/fixtures/bad/${f}`, 'utf8').trimEnd());
  const records = [...generateRecords({ count: 60, seed: 9 })];
  records.splice(20, 0, bad[0]!);
  records.splice(40, 0, bad[1]!, bad[2]!);
  let text = records.join('\n') + '\n';
  if (crlf) text = `\uFEFF${text.replaceAll('\n', '\r\n')}`;
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('feedRecords', () => {
  const files = [
    mixed('mixed.txt'),
    mixed('mixed-crlf-bom.txt', true),
    `${ROOT}test/fixtures/pages/multi-crlf-bom.txt`,
    `${ROOT}test/fixtures/solr/docs.jsonl`,
    `${ROOT}test/fixtures/bad/cut-docs.jsonl`,
    `${ROOT}test/fixtures/bad/empty.txt`,
    `${ROOT}test/fixtures/pages/en-staff-lines.txt`,
    join(dir, 'missing.txt'),
  ];
  writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x00, 0x01, 0x02, 0x0a, 0x41]));
  files.push(join(dir, 'binary.txt'));

  it('gives what one thread gives, record for record, with the usual chunks', async () => {
    const expected = await here(files);
    expect(expected.length).toBeGreaterThan(130);
    expect(await fed(files, {})).toEqual(expected);
  });

  it('gives the same when segments are cut small, and when they run on over several chunks', async () => {
    const expected = await here(files);
    expect(await fed(files, { chunkChars: 1, inFlight: 2 })).toEqual(expected); // a segment per record
    expect(await fed(files, { chunkChars: 1 << 30, maxChunkChars: 3000 })).toEqual(expected); // one reader fed in many chunks
  });

  it('numbers a failed record by its place in the whole input, not in its segment', async () => {
    const out = await fed([files[0]!], { chunkChars: 1 });
    const failed = out.filter((o) => o.endsWith('FAILED'));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatch(/record #22 /); // the cut record is the 22nd: 20 generated, cut-page's good one, then it
  });
});
