/**
 * `convert --jobs N` and `load --jobs N` against `--jobs 1` (which converts on the main thread):
 * the built CLI, every output format, the same stdout bytes, stderr and exit code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { generateRecords } from '../../bench/generate.mjs';
import { FORMATS } from '../../src/writers/index.js';
import { ROOT, SEED } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'catalod-jobs-'));

/** Runs the built CLI; stdout as bytes. */
function cli(args: string[], input?: string): { status: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [`${ROOT}dist/cli.js`, ...args], { input, cwd: ROOT, maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

/** ~300 generated records with a cut record, one without authors and wrong DOIs among them. */
function corpus(): string {
  const bad = ['cut-page.txt', 'no-author.txt', 'wrong-doi.txt'].map((f) => readFileSync(`${ROOT}test/fixtures/bad/${f}`, 'utf8').trimEnd());
  const records = [...generateRecords({ count: 300, seed: 17 })];
  records.splice(97, 0, bad[0]!);
  records.splice(201, 0, bad[1]!, bad[2]!);
  const path = join(dir, 'corpus.txt');
  writeFileSync(path, records.join('\n') + '\n');
  return path;
}

const inputs = [
  corpus(),
  `${ROOT}test/fixtures/pages/multi-crlf-bom.txt`,
  `${ROOT}test/fixtures/bad/empty.txt`,
  `${ROOT}test/fixtures/solr/docs.jsonl`,
  `${ROOT}test/fixtures/bad/cut-docs.jsonl`,
];

describe('convert --jobs', () => {
  it.each(FORMATS.map((f) => f.name))('writes %s byte for byte as --jobs 1 does, with the same stderr and exit code', (format) => {
    const one = cli(['convert', '--jobs', '1', '--to', format, ...inputs]);
    const three = cli(['convert', '--jobs', '3', '--to', format, ...inputs]);
    expect(one.status).toBe(2); // empty.txt holds no record
    // ~300 records: over 100 kB in every format but the one-line references (~280 bytes a record).
    expect(one.stdout.length).toBeGreaterThan(format === 'citation' ? 60_000 : 100_000);
    expect(one.stderr).toMatch(/cut-page|record cut short/);
    expect(three.status).toBe(one.status);
    expect(three.stderr).toBe(one.stderr);
    expect(three.stdout.equals(one.stdout)).toBe(true);
    // citeproc takes tens of milliseconds a reference: `citation` runs twice over ~330 records.
  }, 180_000);

  it('matches with --report, --orcid and stdin too', () => {
    const orcid = join(dir, 'ids.csv');
    writeFileSync(orcid, 'work,author,orcid\n35650562,1,0000-0002-1825-0097\n35650562,"Nobody, Here",0000-0002-1694-233X\n10.9999/none.1,1,0000-0002-1825-0097\n');
    const text = `${readFileSync(inputs[0]!, 'utf8')}\n${SEED}`;
    const args = (jobs: string) => ['convert', '--jobs', jobs, '--report', '--orcid', orcid, '-'];
    const one = cli(args('1'), text);
    const two = cli(args('2'), text);
    expect(one.status).toBe(1);
    expect(one.stderr).toMatch(/no author "Nobody, Here"/);
    expect(one.stderr).toMatch(/no work doi:10\.9999\/none\.1 in the input/);
    expect(one.stderr).toMatch(/NOT CONVERTED/);
    expect(two.status).toBe(one.status);
    expect(two.stderr).toBe(one.stderr);
    expect(two.stdout.equals(one.stdout)).toBe(true);
  });

  it('refuses a --jobs that is no whole number ≥ 1', () => {
    const r = cli(['convert', '--jobs', '0', inputs[1]!]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--jobs.*whole number/);
  });
});

describe('load --jobs', () => {
  it('stores the same records in the same order, saying the same', () => {
    const rows = (data: string) => new Database(join(data, 'records.sqlite'), { readonly: true }).prepare('SELECT id, format, body, hash FROM records ORDER BY rowid').all();
    const [a, b] = [join(dir, 'one'), join(dir, 'two')];
    const one = cli(['load', '--jobs', '1', '-d', a, ...inputs]);
    const two = cli(['load', '--jobs', '2', '-d', b, ...inputs]);
    expect(one.status).toBe(2);
    expect(two.status).toBe(one.status);
    expect(two.stderr.replaceAll(b, a)).toBe(one.stderr);
    expect(rows(a).length).toBeGreaterThan(300);
    expect(rows(b)).toEqual(rows(a));
  });
});
