/** Starts `catalod serve` (the built dist/cli.js) as a child process on a free port, for tests that need a real server. */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';
import { ROOT } from '../helpers.js';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** What a `catalod` run that ends by itself said. */
export interface CatalodRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `catalod ARGS…` to its end (at most `timeoutMs`, so a command that should have been
 * refused but runs on fails the test instead of hanging it).
 */
export function runCatalod(args: string[], options: { timeoutMs?: number; spawn?: SpawnOptions } = {}): CatalodRun {
  const r = spawnSync(process.execPath, [`${ROOT}dist/cli.js`, ...args], { encoding: 'utf8', timeout: options.timeoutMs ?? 30_000, ...options.spawn } as Parameters<typeof spawnSync>[2] & { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the server and resolves once it logs that it listens. */
export async function startServer(args: { data: string; port?: number; token?: string; timeout?: number; extra?: string[]; spawn?: SpawnOptions }): Promise<ServerProcess> {
  const port = args.port ?? (await freePort());
  const argv = [`${ROOT}dist/cli.js`, 'serve', '--data', args.data, '--port', String(port), ...(args.token ? ['--token', args.token] : []), ...(args.timeout ? ['--timeout', String(args.timeout)] : []), ...(args.extra ?? [])];
  const child = spawn(process.execPath, argv, { ...args.spawn, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      log += chunk;
      if (log.includes('"event":"listening"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk));
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${log}`)));
  });
  child.removeAllListeners('exit');
  return {
    child,
    url: `http://127.0.0.1:${port}/`,
    output: () => log,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
