/** Starts `catalod serve` (the built dist/cli.js) as a child process on a free port, for tests that need a real server. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { ROOT } from '../helpers.js';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
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
export async function startServer(args: { data: string; port?: number; token?: string; timeout?: number; extra?: string[] }): Promise<ServerProcess> {
  const port = args.port ?? (await freePort());
  const argv = [`${ROOT}dist/cli.js`, 'serve', '--data', args.data, '--port', String(port), ...(args.token ? ['--token', args.token] : []), ...(args.timeout ? ['--timeout', String(args.timeout)] : []), ...(args.extra ?? [])];
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
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
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
