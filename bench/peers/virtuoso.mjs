/**
 * Virtuoso (Debian's virtuoso-opensource 7) for bench:peers, run by hand: the packaged service
 * does not start in these machines. A copy of the packaged ini with the database in a temporary
 * folder, both ports bound to 127.0.0.1, the folder in DirsAllowed (ld_dir reads only those),
 * ResultSetMaxRows raised, buffers sized for the data; `virtuoso-t -f` in the foreground; a fresh
 * database's dba password is `dba`. Loading is the bulk loader: ld_dir + rdf_loader_run + checkpoint.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const GRAPH = 'http://catalod.bench/merged';
const INI = '/etc/virtuoso-opensource-7/virtuoso.ini';

export function available() {
  return spawnSync('sh', ['-c', 'command -v virtuoso-t && command -v isql-vt'], { encoding: 'utf8' }).status === 0;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

/** Sets `key = value` in a section of an ini text (adding the key if absent). */
function setIni(text, section, key, value) {
  const lines = text.split('\n');
  let inSection = false;
  let done = false;
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*\[(.+)\]\s*$/.exec(lines[i]);
    if (m) {
      if (inSection && !done) { lines.splice(i, 0, `${key} = ${value}`); done = true; break; }
      inSection = m[1] === section;
      continue;
    }
    if (inSection && new RegExp(`^\\s*${key}\\s*=`).test(lines[i])) { lines[i] = `${key} = ${value}`; done = true; }
  }
  if (!done) lines.push(`[${section}]`, `${key} = ${value}`);
  return lines.join('\n');
}

/** Starts Virtuoso on a fresh database in `dir`; resolves once its SQL port answers. */
export async function start(dir, dataDir, { buffers = 340_000 } = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const [sqlPort, httpPort] = [await freePort(), await freePort()];
  let ini = readFileSync(INI, 'utf8').replaceAll('/var/lib/virtuoso-opensource-7/db/', `${dir}/`);
  ini = ini.replace(/^Load\d+\s*=.*$/gm, ''); // no hosting plugins
  for (const [section, key, value] of [
    ['Parameters', 'ServerPort', `127.0.0.1:${sqlPort}`],
    ['HTTPServer', 'ServerPort', `127.0.0.1:${httpPort}`],
    ['Parameters', 'DirsAllowed', `., /usr/share/virtuoso-opensource-7/vad, ${dataDir}`],
    ['Parameters', 'NumberOfBuffers', String(buffers)],
    ['Parameters', 'MaxDirtyBuffers', String(Math.round(buffers * 0.75))],
    ['Parameters', 'MaxClientConnections', '20'],
    ['HTTPServer', 'ServerThreads', '10'],
    ['SPARQL', 'ResultSetMaxRows', '1000000'],
    ['Parameters', 'MaxSortedTopRows', '1000000'], // catalod asks for the row cap + 1 rows, sorted too (Virtuoso's default stops at 10,000)
    ['SPARQL', 'MaxQueryExecutionTime', '60'],
    ['SPARQL', 'MaxQueryCostEstimationTime', '0'],
  ]) ini = setIni(ini, section, key, value);
  writeFileSync(`${dir}/virtuoso.ini`, ini);
  const child = spawn('virtuoso-t', ['-f', '-c', `${dir}/virtuoso.ini`], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (c) => { log += c; });
  child.stderr.on('data', (c) => { log += c; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`virtuoso-t exited ${child.exitCode}: ${log.slice(-2000)}`);
    if (log.includes('Server online at')) break;
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`virtuoso-t did not start: ${log.slice(-2000)}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  const sql = (statements) => {
    const r = spawnSync('isql-vt', [`127.0.0.1:${sqlPort}`, 'dba', 'dba', `exec=${statements}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0 || /\*\*\* Error/.test(r.stdout + r.stderr)) throw new Error(`isql: ${statements}\n${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  return {
    pid: child.pid,
    endpoint: `http://127.0.0.1:${httpPort}/sparql`,
    sql,
    /** Bulk-loads one N-Triples file (in DirsAllowed) into GRAPH; resolves with the triple count. */
    load(fileName) {
      sql(`ld_dir('${dataDir}', '${fileName}', '${GRAPH}'); rdf_loader_run(); checkpoint;`);
      const errors = sql(`SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;`);
      if (/\S+\s+\S+.*error/i.test(errors.split('\n').filter((l) => l.includes(dataDir)).join('\n'))) throw new Error(`Virtuoso load errors: ${errors}`);
      const out = sql(`SPARQL SELECT COUNT(*) FROM <${GRAPH}> WHERE { ?s ?p ?o };`);
      return Number(/^\s*(\d+)\s*$/m.exec(out)?.[1] ?? NaN);
    },
    async stop() {
      try { sql('shutdown;'); } catch { /* it may close the connection first */ }
      const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(t);
    },
  };
}
