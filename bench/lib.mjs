/**
 * What the benchmarks share: percentiles, a process's memory from /proc, and starting
 * `catalod serve` and waiting until it listens.
 */
import { spawn } from 'node:child_process';
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
