/** The real `catalod` binary (dist/, built by the test setup): formats, exit codes, diagnostics. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SEED, SEED_PATH, parse, sameGraph, convertSeed } from './helpers.js';

function catalod(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [`${ROOT}dist/cli.js`, ...args], { input, encoding: 'utf8', cwd: ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'catalod-cli-'));

describe('catalod convert', () => {
  it('writes N-Quads by default and exits 0', () => {
    const r = catalod(['convert', SEED_PATH]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(sameGraph(parse(r.out), convertSeed().quads)).toBe(true);
  });

  it('reads stdin for `-` and writes to -o', () => {
    const out = join(dir, 'seed.ttl');
    const r = catalod(['convert', '-', '--to', 'turtle', '-o', out], SEED);
    expect(r.code).toBe(0);
    expect(parse(readFileSync(out, 'utf8'), 'text/turtle').length).toBe(convertSeed().quads.length);
  });

  it('refuses an unknown format, listing the choices', () => {
    const r = catalod(['convert', '--to', 'nosuchformat', SEED_PATH]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/nquads.*turtle/);
  });

  it('skips a bad record, keeps the good ones, reports file:line: record: message and exits 1', () => {
    const bad = 'Loading…\n\nMain Authors: | Smith, Ann |\n';
    const file = join(dir, 'mixed.txt');
    writeFileSync(file, `${SEED}\n${bad}`);
    const r = catalod(['convert', file]);
    expect(r.code).toBe(1);
    expect(parse(r.out).length).toBe(convertSeed().quads.length);
    expect(r.err).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:39: .*error: no title`, 'm'));
  });

  it('exits 2 with a clear error for input that holds no record at all', () => {
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const binary = join(dir, 'binary.bin');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a, 0xff]));
    const e = catalod(['convert', empty]);
    expect(e.code).toBe(2);
    expect(e.err).toContain(`${empty}:1: empty input`);
    const b = catalod(['convert', binary, SEED_PATH]);
    expect(b.code).toBe(2);
    expect(b.err).toContain(`${binary}:1: binary data`);
    expect(parse(b.out).length).toBe(convertSeed().quads.length);
  });

  it('exits 2 for JSON that is not Solr docs, in one line, rather than skipping a record with no title', () => {
    const file = join(dir, 'not-solr.json');
    writeFileSync(file, '{"not":"solr"}\n');
    for (const jobs of ['1', '2']) {
      const r = catalod(['convert', '--jobs', jobs, file]);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toBe(`${file}:1: no catalogue record found: JSON, but not Solr docs (no object has a field of a VuFind record: id, title, title_full, title_short, author, …)\n`);
    }
    // A Solr doc without a title is still a record skipped (1), and one beside it makes the others records too.
    const mixed = join(dir, 'mixed.jsonl');
    writeFileSync(mixed, '{"not":"solr"}\n{"id":"x1","author":["Smith, Ann"]}\n');
    const m = catalod(['convert', mixed]);
    expect(m.code).toBe(1);
    expect(m.err.trim().split('\n')).toHaveLength(2);
  });

  it('gives usage errors their own exit status, 64, apart from 1 (records skipped) and 2 (no record)', () => {
    for (const args of [['convert', '--to', 'foo', SEED_PATH], ['convert', '--bogus', SEED_PATH], ['load', '--jobs', '0', SEED_PATH], ['nosuchcommand'], []]) {
      const r = catalod(args);
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.err, args.join(' ')).not.toMatch(/\n\s+at /); // no stack
    }
    expect(catalod(['convert', '--help']).code).toBe(0);
  });

  it("says the exit statuses in every command's --help", () => {
    for (const command of ['convert', 'load', 'query', 'serve', 'export', 'sync', 'rebase']) {
      const help = catalod([command, '--help']).out.replace(/\s+/g, ' ');
      expect(help, command).toMatch(/Exit status: 0 /);
      expect(help, command).toContain('64 a usage error');
      expect(help, command).toContain('141 the reader of the output closed it early');
    }
    expect(catalod(['convert', '--help']).out.replace(/\s+/g, ' ')).toContain('0 all records converted, 1 some records skipped, 2 an input held no record at all');
    expect(catalod(['load', '--help']).out.replace(/\s+/g, ' ')).toContain('0 all records stored, 1 some records skipped, 2 an input held no record at all');
  });

  it('stops quietly when the reader of its output closes it early (`| head`): exit 141, no stack', async () => {
    const many = join(dir, 'many.txt');
    writeFileSync(many, Array.from({ length: 400 }, () => SEED).join('\n'));
    for (const jobs of ['1', '2']) {
      const child = spawn(process.execPath, [`${ROOT}dist/cli.js`, 'convert', '--jobs', jobs, many], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (chunk: Buffer) => (err += chunk));
      // Read the first chunk (a few lines, as `head` would), then close the pipe.
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      child.stdout.destroy();
      const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
      expect(err, `--jobs ${jobs}`).toBe('');
      expect(code, `--jobs ${jobs}`).toBe(141);
    }
  }, 60_000);

  it('--report says where each value came from', () => {
    const r = catalod(['convert', '--report', SEED_PATH]);
    expect(r.err).toMatch(/journal\s+BMC Psychiatry\s+← spelling/);
    expect(r.err).toMatch(/doi\s+10\.1186\/s12888-022-03999-9\s+← url/);
    expect(r.err).toMatch(/authors\s+20\s+← author/);
  });
});
