/**
 * What the benchmarks share: percentiles, a process's memory from /proc, starting
 * `catalod serve` and waiting until it listens (optionally following its JSON log), stopping
 * it, which options the built CLI has, and stored-query parameters drawn from a corpus.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The p-quantile (0..1) of numbers, by rank; NaN for none. */
export function pct(xs, p) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

/** Resident memory of a process in bytes, now (`rss`) and at its peak (`peak`), from /proc. */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)[1]);
  return { rss: kb('VmRSS') * 1024, peak: kb('VmHWM') * 1024 };
}

/**
 * Starts `catalod serve` with these arguments; resolves once it logs that it listens, with the
 * child and its start-up time. Its stderr is inherited unless `stderr: 'pipe'`; after start, the
 * caller reads (or drains) stdout and a piped stderr.
 */
export function startServer(args, { stderr = 'inherit' } = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, [`${ROOT}dist/cli.js`, 'serve', ...args], { stdio: ['ignore', 'pipe', stderr] });
  return new Promise((resolve, reject) => {
    let log = '';
    const onData = (c) => {
      log += c;
      if (!log.includes('"event":"listening"')) return;
      child.stdout.off('data', onData);
      child.stderr?.off('data', onStderr);
      child.off('exit', onExit);
      resolve({ child, startSeconds: (performance.now() - started) / 1000 });
    };
    const onExit = (code) => reject(new Error(`server exited ${code}: ${log.slice(-2000)}`));
    child.stdout.on('data', onData);
    const onStderr = (c) => (log += c);
    child.stderr?.on('data', onStderr);
    child.once('exit', onExit);
  });
}

/**
 * Starts `catalod serve` like startServer, but keeps reading its stdout as JSON lines: resolves
 * once it listens with the child, its start-up time, the parsed `listening` line, and
 * `waitForEvent(test, ms)` for later lines (the lines with an `event` field are kept; request
 * log lines are only counted, so a long benchmark does not hoard them). `stderrTail()` is the
 * last few KB of its stderr, for error messages. `onSpawn(child)` is called at once, so that a
 * caller can kill a server that is still starting.
 * @example
 * const s = await startServerLog(['--data', dir, '--port', '3919']);
 * const snap = await s.waitForEvent((e) => e.event === 'snapshot', 5000); // undefined on time-out
 */
export function startServerLog(args, { env, onSpawn } = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, [`${ROOT}dist/cli.js`, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
  onSpawn?.(child);
  const events = [];
  const waiters = new Set();
  let stderr = '';
  let pending = '';
  let requests = 0;
  const onLine = (line) => {
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      return;
    }
    if (entry.event === undefined) return void requests++;
    entry.atSeconds = (performance.now() - started) / 1000;
    events.push(entry);
    for (const w of waiters) if (w.test(entry)) w.done(entry);
  };
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop();
    for (const line of lines) onLine(line);
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-4096)));
  /** Resolves with the first event (already seen or to come) passing `test`, or undefined after `ms`. */
  const waitForEvent = (test, ms) => {
    const seen = events.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const w = { test, done: (e) => { clearTimeout(timer); waiters.delete(w); resolve(e); } };
      const timer = setTimeout(() => w.done(undefined), ms);
      child.once('exit', () => w.done(undefined));
      waiters.add(w);
    });
  };
  return new Promise((resolve, reject) => {
    // 'close', not 'exit': by then its stderr has been read to the end, for the message.
    const onExit = (code, signal) => reject(new Error(`server exited ${code ?? signal} before listening: ${stderr.slice(-2000)}`));
    child.once('close', onExit);
    waitForEvent((e) => e.event === 'listening', 2 ** 31 - 1).then((listening) => {
      if (!listening) return;
      child.off('close', onExit);
      resolve({ child, startSeconds: listening.atSeconds, listening, events, waitForEvent, stderrTail: () => stderr, requestLines: () => requests });
    });
  });
}

/**
 * Stops a child with SIGTERM and resolves with the seconds it took to exit; SIGKILL after
 * `timeoutMs` (then `killed` is true).
 * @example
 * const { seconds } = await stopChild(server.child);
 */
export function stopChild(child, timeoutMs = 60_000) {
  const t = performance.now();
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ seconds: 0, killed: false, code: child.exitCode });
  return new Promise((resolve) => {
    let killed = false;
    const timer = setTimeout(() => { killed = true; child.kill('SIGKILL'); }, timeoutMs);
    child.once('exit', (code, signal) => { clearTimeout(timer); resolve({ seconds: (performance.now() - t) / 1000, killed, code: code ?? signal }); });
    child.kill('SIGTERM');
  });
}

/**
 * The long options (`--jobs`, …) a catalod sub-command accepts, from its `--help`; lets a
 * benchmark pass an option only when the built CLI has it.
 * @example
 * if (cliOptions('serve').has('--jobs')) args.push('--jobs', '2');
 */
export function cliOptions(command) {
  const help = spawnSync(process.execPath, [`${ROOT}dist/cli.js`, command, '--help'], { encoding: 'utf8' });
  return new Set(help.stdout.match(/--[a-z][a-z0-9-]*/g) ?? []);
}

/**
 * Parameters for each stored query (by name, plus `workIri`) for run `i`, drawn from `sample`:
 * records of the served corpus as bench/generate.mjs's generateRecordData gives them (as
 * bench/serve.mjs draws them).
 * @example
 * const sample = [...generateRecordData({ count: 2000, persons: Math.max(1000, 2 * count) })];
 * storedQueryParams('http://127.0.0.1:3919/', sample)(3)['work-by-identifier']; // { id: '10.…' }
 */
export function storedQueryParams(base, sample) {
  const pick = (i) => sample[(i * 7919) % sample.length];
  return (i) => {
    const r = pick(i);
    const [family] = r.authors[0].split(',');
    const work = `${base}work/doi/${r.doi.toLowerCase()}`;
    return {
      'works-by-author-name': { name: family },
      'work-by-identifier': { id: r.doi },
      'works-by-journal-year': { journal: r.journal, year: String(r.year) },
      'authors-of-work': { work },
      // The first author's folded name, as the converter mints person IRIs.
      coauthors: { person: `${work}/person/${r.authors[0].normalize('NFD').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')}` },
      'authors-with-orcid': {},
      // A word of the record's own title (the longest, so it is not a stop word).
      'works-by-title-word': { word: r.title.split(/[^A-Za-z]+/).sort((a, b) => b.length - a.length)[0] },
      workIri: work,
    };
  };
}

/** Times one run of a stored query (`GET BASE/queries/NAME?params`, SPARQL JSON); throws on a non-200 answer. */
export async function timeStoredQuery(base, name, params) {
  const url = `${base}queries/${name}?${new URLSearchParams(params)}`;
  const t = performance.now();
  const res = await fetch(url, { headers: { accept: 'application/sparql-results+json' } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${name} ${res.status}: ${body.slice(0, 200)}`);
  return { ms: performance.now() - t, rows: JSON.parse(body).results?.bindings?.length ?? 0 };
}
