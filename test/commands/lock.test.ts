/**
 * One process per data folder: a second `serve`, or a `load`, on a folder a server holds is
 * refused with a message naming the holder (`query`, which only reads, is not); a lock left by a process killed with SIGKILL is taken
 * over at once; the lock goes with a clean stop.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FolderLock, FolderLockedError } from '../../src/store/lock.js';
import { ROOT, SEED_PATH } from '../helpers.js';
import { freePort, runCatalod, startServer, type ServerProcess } from './server-process.js';

const running: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop('SIGKILL')));
});

describe('the data folder lock (in process)', () => {
  it('is exclusive, names its holder, and is free again once released', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalod-lock-'));
    const first = FolderLock.acquire(dir, 'serve (port 1234)');
    expect(first.holder).toMatchObject({ pid: process.pid, command: 'serve (port 1234)', host: hostname() });
    let refused: unknown;
    try {
      FolderLock.acquire(dir, 'load');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(FolderLockedError);
    expect((refused as FolderLockedError).holder).toEqual(first.holder);
    expect((refused as Error).message).toContain(`pid ${process.pid} (catalod serve (port 1234)) on host ${hostname()} since ${first.holder.since}`);
    first.release();
    const second = FolderLock.acquire(dir, 'load');
    expect(second.previous).toBeUndefined();
    second.release();
    expect(existsSync(join(dir, 'catalod.lock.json'))).toBe(false);
  });
});

describe('one process per data folder', () => {
  const data = mkdtempSync(join(tmpdir(), 'catalod-lock-'));

  it('refuses a second server on the folder, naming the first', async () => {
    const first = await startServer({ data });
    running.push(first);
    const port = await freePort();
    const second = runCatalod(['serve', '--data', data, '--port', String(port)]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`^catalod: data folder .* is in use by pid ${first.child.pid} \\(catalod serve \\(port \\d+\\)\\) on host ${hostname()} since \\d{4}-\\d\\d-\\d\\dT`));
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    // The first server is untouched.
    expect((await fetch(`${first.url}health`)).status).toBe(200);
  });

  it('refuses a load while the server runs, and stores nothing', async () => {
    const before = ((await (await fetch(`${running[0]!.url}health`)).json()) as { records: number }).records;
    const load = runCatalod(['load', '--data', data, `${ROOT}test/fixtures/pages/hard-names.txt`]);
    expect(load.code).toBe(1);
    expect(load.stderr).toContain(`is in use by pid ${running[0]!.child.pid} (catalod serve`);
    expect(load.stderr).not.toMatch(/\n\s+at /);
    const after = ((await (await fetch(`${running[0]!.url}health`)).json()) as { records: number }).records;
    expect(after).toBe(before);
  });

  it('lets `query` read the folder while the server runs (it writes nothing)', () => {
    const query = runCatalod(['query', '--data', data, '--to', 'csv', 'SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w a <http://schema.org/ScholarlyArticle> }']);
    expect(query.stderr).toBe('');
    expect(query.code).toBe(0);
    expect(query.stdout.trim().split(/\r?\n/)).toEqual(['n', '1']);
  });

  it('takes over at once a lock left by a server killed with SIGKILL', async () => {
    const first = running.pop()!;
    await first.stop('SIGKILL');
    // The holder file of the dead process is still there: only the OS lock was dropped.
    expect(JSON.parse(readFileSync(join(data, 'catalod.lock.json'), 'utf8')).pid).toBe(first.child.pid);
    const started = performance.now();
    const second = await startServer({ data });
    running.push(second);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(second.output()).toContain(`took over the data folder from pid ${first.child.pid}`);
    expect((await fetch(`${second.url}health`)).status).toBe(200);
  });

  it('lets the folder go on a clean stop: load runs after', async () => {
    await running.pop()!.stop('SIGTERM');
    expect(existsSync(join(data, 'catalod.lock.json'))).toBe(false);
    const load = runCatalod(['load', '--data', data, SEED_PATH]);
    expect(load.stderr).toContain('stored 1 record(s)');
    expect(load.code).toBe(0);
  });
});
