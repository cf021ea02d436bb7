/**
 * A large POST /records never holds the HTTP thread: the body streams to an ingest thread that
 * reads and converts it, the HTTP thread only commits and indexes a few records a turn, and
 * /health keeps answering all the while. Every record posted is then acknowledged and served.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRecords } from '../../bench/generate.mjs';
import { startServer, type ServerProcess } from './server-process.js';

const TOKEN = 'ingest-test-token';
const RECORDS = 2000;
let server: ServerProcess;
beforeAll(async () => {
  server = await startServer({ data: mkdtempSync(join(tmpdir(), 'catalod-ingest-')), token: TOKEN });
}, 60_000);
afterAll(() => server?.stop());

/** POSTs a file from a child process (sending 16 MB would hold this process's own event loop, and so its probes); resolves with the answer's JSON. */
async function postFile(file: string): Promise<{ stored: number; failed: number }> {
  const script = `const b=require('fs').readFileSync(process.argv[1]);fetch(process.argv[2],{method:'POST',headers:{authorization:'Bearer ${TOKEN}'},body:b}).then(r=>r.text()).then(t=>process.stdout.write(t))`;
  const child = spawn(process.execPath, ['-e', script, file, `${server.url}records`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c));
  await once(child, 'exit');
  return JSON.parse(out) as { stored: number; failed: number };
}

describe('ingest while serving', () => {
  it(`answers /health throughout a ${RECORDS}-record POST, then serves every record`, async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'catalod-body-')), 'body.txt');
    writeFileSync(file, [...generateRecords({ count: RECORDS, seed: 23 })].join('\n'));
    const probes: number[] = [];
    let posting = true;
    const probing = (async () => {
      while (posting) {
        const t = performance.now();
        expect((await fetch(`${server.url}health`)).status).toBe(200);
        probes.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const answer = await postFile(file);
    posting = false;
    await probing;
    expect(answer).toMatchObject({ stored: RECORDS, failed: 0 });
    expect(probes.length).toBeGreaterThan(20);
    // Loose enough for a loaded CI machine; a stalled HTTP thread takes seconds.
    expect(Math.max(...probes)).toBeLessThan(1000);
    const health = (await (await fetch(`${server.url}health`)).json()) as { records: number };
    expect(health.records).toBe(RECORDS + 1); // and the seeded sample
  }, 120_000);
});
