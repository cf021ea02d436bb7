/**
 * Starting on what a data folder may hold: a token no client could send is refused at once; a
 * port in use and a damaged database are one line, not a stack; a read-only folder is served read-only; a stored
 * record that no longer converts (or is not even text) is skipped and reported while the rest
 * are served.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, SEED_PATH } from '../helpers.js';
import { freePort, runCatalod, startServer, type ServerProcess } from './server-process.js';

const running: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop('SIGKILL')));
});

const fresh = () => mkdtempSync(join(tmpdir(), 'catalod-start-'));
const HARD_NAMES = `${ROOT}test/fixtures/pages/hard-names.txt`;
/** One line on stderr, `catalod: …`, and no stack frame. */
const oneLine = (stderr: string) => {
  expect(stderr).toMatch(/^catalod: [^\n]+\n$/);
  expect(stderr).not.toMatch(/\n\s+at /);
};

describe('a token that cannot be sent', () => {
  it('is refused at start, from --token and from CATALOD_TOKEN', async () => {
    const data = fresh();
    const port = String(await freePort());
    const flag = runCatalod(['serve', '--data', data, '--port', port, '--token', 'p@ss word!']);
    expect(flag.code).toBe(1);
    oneLine(flag.stderr);
    expect(flag.stderr).toContain('cannot be sent in a Bearer header');
    const env = runCatalod(['serve', '--data', data, '--port', port], { spawn: { env: { ...process.env, CATALOD_TOKEN: 'naïve' } } });
    expect(env.code).toBe(1);
    oneLine(env.stderr);
    // Refused before anything was opened or created.
    expect(readdirSync(data)).toEqual([]);
  });
});

describe('a port in use', () => {
  it('is one line, and the data folder is let go', async () => {
    const data = fresh();
    const port = await freePort();
    const taken = createServer().listen(port, '127.0.0.1');
    await once(taken, 'listening');
    try {
      const serve = runCatalod(['serve', '--data', data, '--port', String(port)], { timeoutMs: 90_000 });
      expect(serve.code).toBe(1);
      expect(serve.stderr).toBe(`catalod: cannot listen on 127.0.0.1:${port}: the port is in use\n`);
      expect(existsSync(join(data, 'catalod.lock.json'))).toBe(false);
    } finally {
      taken.close();
    }
  }, 120_000);
});

describe('a damaged database', () => {
  it('stops serve and load with one line that names the file', () => {
    const data = fresh();
    writeFileSync(join(data, 'records.sqlite'), Buffer.from('this is not a SQLite database, only some text '.repeat(200)));
    const serve = runCatalod(['serve', '--data', data, '--port', '0']);
    expect(serve.code).toBe(1);
    oneLine(serve.stderr);
    expect(serve.stderr).toContain(`${join(data, 'records.sqlite')} is not a readable catalod store (file is not a database)`);
    const load = runCatalod(['load', '--data', data, SEED_PATH]);
    expect(load.code).toBe(1);
    oneLine(load.stderr);
  });
});

describe('a stored record that no longer converts', () => {
  it('is skipped and reported; the others are served', async () => {
    const data = fresh();
    expect(runCatalod(['load', '--data', data, SEED_PATH, HARD_NAMES]).code).toBe(0);
    const db = new Database(join(data, 'records.sqlite'));
    const insert = db.prepare("INSERT INTO records (id, format, body, hash, received, seq) VALUES (?, 'page-staff-table', ?, 'x', '2020-01-01', 99)");
    insert.run('broken-text', 'nothing a reader recognises');
    insert.run('broken-blob', Buffer.from([0xff, 0x00, 0xfe]));
    db.close();
    const server = await startServer({ data });
    running.push(server);
    const log = server.output();
    expect(log).toMatch(/"event":"skipped","record":"broken-text","error":"[^"]+"/);
    expect(log).toMatch(/"event":"skipped","record":"broken-blob","error":"its stored body is not text \(object\)"/);
    expect(log).toMatch(/"event":"listening".*"skipped":2/);
    const query = 'SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w a <http://schema.org/ScholarlyArticle> }';
    const res = await fetch(`${server.url}sparql?query=${encodeURIComponent(query)}`, { headers: { accept: 'text/csv' } });
    expect((await res.text()).trim().split(/\r?\n/)).toEqual(['n', '5']);
    expect((await fetch(`${server.url}work/doi/10.1186/s12888-022-03999-9`, { headers: { accept: 'text/turtle' } })).status).toBe(200);
  }, 90_000);
});

/**
 * Root writes anywhere, so as root the server runs as nobody, for whom the folder is read-only;
 * that needs a checkout nobody can read (a clone under a private home folder is not one).
 */
const NOBODY = { uid: 65534, gid: 65534 };
const asRoot = process.getuid?.() === 0;
const nobodyCanRun = !asRoot || spawnSync(process.execPath, [`${ROOT}dist/cli.js`, '--help'], NOBODY).status === 0;
if (!nobodyCanRun) console.warn(`read-only folder test skipped: running as root, and user nobody cannot run ${ROOT}dist/cli.js`);

describe('a read-only data folder', () => {
  it.skipIf(!nobodyCanRun)('is served read-only: reads answer, writes are 503 saying why', async () => {
    const data = fresh();
    expect(runCatalod(['load', '--data', data, SEED_PATH]).code).toBe(0);
    for (const file of readdirSync(data)) chmodSync(join(data, file), 0o444);
    chmodSync(data, 0o555);
    const asNobody = asRoot ? NOBODY : {};
    const server = await startServer({ data, token: 'read-only-token', spawn: asNobody });
    running.push(server);
    expect(server.output()).toMatch(/"event":"read-only"/);
    expect(server.output()).toMatch(/"writes":"off \(read-only data folder: /);
    const health = (await (await fetch(`${server.url}health`)).json()) as { records: number };
    expect(health.records).toBe(1);
    expect((await fetch(`${server.url}work/doi/10.1186/s12888-022-03999-9`, { headers: { accept: 'text/turtle' } })).status).toBe(200);
    const write = await fetch(`${server.url}records`, { method: 'POST', headers: { authorization: 'Bearer read-only-token' }, body: 'x' });
    expect(write.status).toBe(503);
    expect(((await write.json()) as { error: string }).error).toMatch(/^writes are off: the data folder is read-only/);
    const load = runCatalod(['load', '--data', data, SEED_PATH], { spawn: asNobody });
    expect(load.code).toBe(1);
    oneLine(load.stderr);
    expect(load.stderr).toContain('cannot be written');
  }, 90_000);
});
