/**
 * Real clients no one here wrote (Debian's python3-sparqlwrapper and python3-rdflib, installed by
 * .ci/run) query the running server in each result format and dereference a work IRI.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { freePort, startServer, type ServerProcess } from '../commands/server-process.js';

// Debian's interpreter: the packages are installed for it, whatever `python3` is first on PATH.
const PYTHON = '/usr/bin/python3';
const WORK = 'work/doi/10.1186/s12888-022-03999-9';
let server: ServerProcess;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}/`;
  server = await startServer({ data: mkdtempSync(join(tmpdir(), 'catalod-py-')), port, extra: ['--base', base] });
}, 60_000);

afterAll(() => server?.stop());

describe('python clients', () => {
  it('SPARQLWrapper gets every result format and rdflib dereferences a work IRI', () => {
    const r = spawnSync(PYTHON, [`${ROOT}test/clients/sparql_clients.py`, base, WORK], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.json).toHaveLength(20);
    expect(out.json[0]).toBe('Barlow');
    expect(out.xml).toEqual(out.json);
    expect(out.csv).toEqual(out.json);
    expect(out.tsv.map((v: string) => v.replace(/^"|"$/g, ''))).toEqual(out.json);
    expect(out.ask).toBe(true);
    expect(out.construct_rdfxml).toEqual(['The impact of working as a peer worker in mental health services: a longitudinal mixed methods study']);
    expect(out.construct_turtle).toBe(1);
    expect(out.deref_triples).toBeGreaterThan(300);
    expect(out.deref_names).toEqual(out.construct_rdfxml);
  }, 60_000);
});
