/** The real `catalod` binary (dist/, built by the test setup): formats, exit codes, diagnostics. */
import { spawnSync } from 'node:child_process';
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

  it('--report says where each value came from', () => {
    const r = catalod(['convert', '--report', SEED_PATH]);
    expect(r.err).toMatch(/journal\s+BMC Psychiatry\s+← spelling/);
    expect(r.err).toMatch(/doi\s+10\.1186\/s12888-022-03999-9\s+← url/);
    expect(r.err).toMatch(/authors\s+20\s+← author/);
  });
});
