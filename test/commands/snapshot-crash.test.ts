/**
 * A snapshot cut mid-write by kill -9 is never served: the server killed while it writes its
 * index snapshot restarts on the records (or on the previous whole snapshot), serves every record,
 * and writes a whole snapshot again.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRecords } from '../../bench/generate.mjs';
import { freePort, runCatalod, startServer, type ServerProcess } from './server-process.js';
import { ROOT } from '../helpers.js';

const RECORDS = 5000;
/** One base for every run (it defaults to the port's, and a snapshot of another base is rebuilt). */
const BASE = ['--base', 'http://localhost:3000/'];

/** Polls (every millisecond) until `check` holds; false when the time is up. */
async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 1));
  }
  return false;
}

/** The number in the server's /health answer. */
async function recordsServed(server: ServerProcess): Promise<number> {
  return ((await (await fetch(`${server.url}health`)).json()) as { records: number }).records;
}

describe('a snapshot cut by kill -9', () => {
  it('is never served: the restart rebuilds from the records and serves them all', async () => {
    const data = mkdtempSync(join(tmpdir(), 'catalod-snapkill-'));
    const corpus = join(data, 'corpus.txt');
    writeFileSync(corpus, [...generateRecords({ count: RECORDS, seed: 17 })].join('\n'));
    expect(runCatalod(['load', '--data', data, ...BASE, corpus], { timeoutMs: 120_000 }).code).toBe(0);
    const snapshot = join(data, 'index.snapshot');
    // The first snapshot is written right after the start-up rebuild: catch it half-written.
    let cut = false;
    for (let attempt = 0; attempt < 3 && !cut; attempt++) {
      // Spawned by hand: the write may start before the server listens, and the kill must not wait for that.
      const child = spawn(process.execPath, [`${ROOT}dist/cli.js`, 'serve', '--data', data, '--port', String(await freePort()), ...BASE], { stdio: 'ignore' });
      cut = await until(() => existsSync(`${snapshot}.tmp`) && !existsSync(snapshot), 60_000);
      child.kill('SIGKILL');
      await once(child, 'exit');
      // Missed (the file was whole before the poll saw it): drop it and try again.
      if (!cut) rmSync(snapshot, { force: true });
    }
    expect(cut, 'the kill never landed mid-write').toBe(true);
    expect(existsSync(snapshot)).toBe(false);

    const again = await startServer({ data, extra: BASE });
    try {
      expect(again.output()).toMatch(/"index":\{"from":"records","why":"no snapshot"\}/);
      expect(await recordsServed(again)).toBe(RECORDS);
      // A whole snapshot again, and nothing half-written left beside it.
      expect(await until(() => again.output().includes('"event":"snapshot","state":"written"'), 60_000)).toBe(true);
      expect(existsSync(snapshot) && !existsSync(`${snapshot}.tmp`)).toBe(true);
    } finally {
      await again.stop();
    }
    const third = await startServer({ data, extra: BASE });
    try {
      expect(third.output()).toMatch(/"index":\{"from":"snapshot","changed":0/);
      expect(await recordsServed(third)).toBe(RECORDS);
    } finally {
      await third.stop();
    }
  }, 240_000);
});
