/**
 * A real Virtuoso (Debian's virtuoso-opensource 7.2) for tests of catalod in front of a SPARQL
 * store, after bench/peers/virtuoso.mjs: the packaged service does not start in these machines,
 * so each test run copies the packaged ini with the database in a temporary folder, both ports on
 * 127.0.0.1 (free ones, picked afresh if another process grabs one before Virtuoso binds it), the
 * folders in DirsAllowed (ld_dir reads only those), small buffers, ResultSetMaxRows raised, and
 * runs `virtuoso-t -f` in the foreground. A fresh database's dba password is `dba`; dba may run
 * SPARQL Update through /sparql-auth (HTTP Digest), while anonymous /sparql stays read-only.
 *
 * `kill()` (SIGKILL) simulates an outage; `restart()` starts the same database on the same ports,
 * replaying the transaction log, so committed updates survive a kill.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INI = '/etc/virtuoso-opensource-7/virtuoso.ini';
const START_TIMEOUT_MS = 120_000;

/** A running Virtuoso. */
export interface Virtuoso {
  /** http://127.0.0.1:PORT/sparql (anonymous, read). */
  endpoint: string;
  /** http://127.0.0.1:PORT/sparql-auth (HTTP Digest, dba/dba; allows SPARQL Update). */
  updateEndpoint: string;
  user: string;
  password: string;
  /** The database folder. */
  dir: string;
  sqlPort: number;
  httpPort: number;
  /** Runs SQL statements through isql-vt as dba; returns its output, throws on an error. */
  sql(statements: string): string;
  /** Clean shutdown (checkpoint first). */
  stop(): Promise<void>;
  /** SIGKILL: an outage. */
  kill(): Promise<void>;
  /** Starts again on the same ports and database folder (after stop or kill); resolves when online. */
  restart(): Promise<void>;
}

/** Whether virtuoso-t and isql-vt are installed. */
export function virtuosoAvailable(): boolean {
  return spawnSync('sh', ['-c', 'command -v virtuoso-t && command -v isql-vt'], { encoding: 'utf8' }).status === 0;
}

/** A port free on 127.0.0.1 right now (another process may still take it before Virtuoso does). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Sets `key = value` in a section of an ini text (adding the key, or the section, if absent). */
function setIni(text: string, section: string, key: string, value: string): string {
  const lines = text.split('\n');
  let inSection = false;
  let done = false;
  for (let i = 0; i < lines.length && !done; i++) {
    const m = /^\s*\[(.+)\]\s*$/.exec(lines[i]!);
    if (m) {
      if (inSection) { lines.splice(i, 0, `${key} = ${value}`); done = true; break; }
      inSection = m[1] === section;
      continue;
    }
    if (inSection && new RegExp(`^\\s*${key}\\s*=`).test(lines[i]!)) { lines[i] = `${key} = ${value}`; done = true; }
  }
  if (!done) lines.push(inSection ? `${key} = ${value}` : `[${section}]\n${key} = ${value}`);
  return lines.join('\n');
}

/** The packaged ini, pointed at `dir` and the given ports. */
function iniText(dir: string, sqlPort: number, httpPort: number, dataDir?: string): string {
  let ini = readFileSync(INI, 'utf8').replaceAll('/var/lib/virtuoso-opensource-7/db/', `${dir}/`);
  ini = ini.replace(/^Load\d+\s*=.*$/gm, ''); // no hosting plugins
  const dirs = ['.', '/usr/share/virtuoso-opensource-7/vad', dir, ...(dataDir ? [dataDir] : [])];
  for (const [section, key, value] of [
    ['Parameters', 'ServerPort', `127.0.0.1:${sqlPort}`],
    ['HTTPServer', 'ServerPort', `127.0.0.1:${httpPort}`],
    ['Parameters', 'DirsAllowed', dirs.join(', ')],
    ['Parameters', 'NumberOfBuffers', '20000'],
    ['Parameters', 'MaxDirtyBuffers', '15000'],
    ['Parameters', 'MaxClientConnections', '20'],
    ['HTTPServer', 'ServerThreads', '10'],
    ['SPARQL', 'ResultSetMaxRows', '1000000'],
    ['Parameters', 'MaxSortedTopRows', '1000000'], // catalod asks for the row cap + 1 rows, sorted too (Virtuoso's default stops at 10,000)
    ['SPARQL', 'MaxQueryExecutionTime', '60'],
    ['SPARQL', 'MaxQueryCostEstimationTime', '0'],
  ] as const) ini = setIni(ini, section, key, value);
  return ini;
}

/** Why a start failed, and whether new ports could help. */
class StartError extends Error {
  constructor(message: string, readonly portTaken: boolean) { super(message); }
}

/** Runs virtuoso-t on the ini in `dir`; resolves with the child once "Server online at" is logged. */
async function launch(dir: string): Promise<{ child: ChildProcess; exited: Promise<void> }> {
  rmSync(join(dir, 'virtuoso.lck'), { force: true }); // left by a kill; Virtuoso refuses to start over it
  const child = spawn('virtuoso-t', ['-f', '-c', join(dir, 'virtuoso.ini')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (c) => { log += c; });
  child.stderr!.on('data', (c) => { log += c; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (log.includes('Server online at')) return { child, exited };
    if (child.exitCode !== null || child.signalCode !== null) {
      const taken = /Address already in use|Failed to start listening|Failed HTTP listen/i.test(log);
      throw new StartError(`virtuoso-t exited (${child.exitCode ?? child.signalCode}); log tail:\n${log.slice(-2000)}`, taken);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new StartError(`virtuoso-t not online after ${START_TIMEOUT_MS / 1000} s; log tail:\n${log.slice(-2000)}`, false);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts Virtuoso on a fresh database in `dir` (default: a new temporary folder).
 * @example
 * const v = await startVirtuoso();
 * v.sql(`SPARQL INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "o" } };`);
 * await fetch(`${v.endpoint}?query=${encodeURIComponent('ASK {}')}`);
 * await v.stop();
 */
export async function startVirtuoso(options: { dir?: string; dataDir?: string } = {}): Promise<Virtuoso> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'catalod-virtuoso-'));
  let sqlPort = 0;
  let httpPort = 0;
  let running: { child: ChildProcess; exited: Promise<void> } | undefined;
  for (let attempt = 1; ; attempt++) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    [sqlPort, httpPort] = [await freePort(), await freePort()];
    writeFileSync(join(dir, 'virtuoso.ini'), iniText(dir, sqlPort, httpPort, options.dataDir));
    try {
      running = await launch(dir);
      break;
    } catch (e) {
      if (!(e instanceof StartError && e.portTaken) || attempt >= 3) throw e;
    }
  }

  const sql = (statements: string): string => {
    const r = spawnSync('isql-vt', [`127.0.0.1:${sqlPort}`, 'dba', 'dba', `exec=${statements}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0 || /\*\*\* Error/.test(r.stdout + r.stderr)) throw new Error(`isql: ${statements}\n${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  /** Waits for the running child to exit, killing it after `graceMs`. */
  const ended = async (graceMs: number): Promise<void> => {
    if (!running) return;
    const { child, exited } = running;
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(t);
    running = undefined;
  };

  return {
    endpoint: `http://127.0.0.1:${httpPort}/sparql`,
    updateEndpoint: `http://127.0.0.1:${httpPort}/sparql-auth`,
    user: 'dba',
    password: 'dba',
    dir,
    sqlPort,
    httpPort,
    sql,
    async stop() {
      if (!running) return;
      try { sql('shutdown;'); } catch { /* it may close the connection before answering */ }
      await ended(30_000);
    },
    async kill() {
      running?.child.kill('SIGKILL');
      await ended(0);
    },
    async restart() {
      if (running) throw new Error('Virtuoso is still running: stop() or kill() it first');
      // The ports were just released; retry briefly in case they linger or were taken meanwhile.
      for (let attempt = 1; ; attempt++) {
        try {
          running = await launch(dir);
          return;
        } catch (e) {
          if (!(e instanceof StartError && e.portTaken) || attempt >= 10) throw e;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    },
  };
}
