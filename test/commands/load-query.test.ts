/** `catalod load` stores records offline; `catalod query` answers over the same data folder. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SEED_PATH } from '../helpers.js';

const catalod = (...args: string[]) => spawnSync(process.execPath, [`${ROOT}dist/cli.js`, ...args], { encoding: 'utf8' });

describe('load and query', () => {
  const data = mkdtempSync(join(tmpdir(), 'catalod-load-'));

  it('loads good records, reports the bad one, and the query sees exactly the good ones', () => {
    const bad = join(data, 'bad.txt');
    writeFileSync(bad, 'Loading…\n\nMain Authors: | Smith, Ann |\n');
    const load = catalod('load', '--data', data, SEED_PATH, `${ROOT}test/fixtures/pages/hard-names.txt`, bad);
    expect(load.status).toBe(1);
    expect(load.stderr).toContain('stored 5 record(s)');
    expect(load.stderr).toMatch(/bad\.txt:1: .*no title/);

    const count = catalod('query', '--data', data, '--to', 'csv', 'SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w a <http://schema.org/ScholarlyArticle> }');
    expect(count.status).toBe(0);
    expect(count.stdout.trim().split(/\r?\n/)).toEqual(['n', '5']);

    const table = catalod('query', '--data', data, 'SELECT ?family WHERE { <http://localhost:3000/work/doi/10.1186/s12888-022-03999-9/person/gillardsteve> <http://schema.org/familyName> ?family }');
    expect(table.stdout).toMatch(/^family\n-+\nGillard\n\(1 row\)\n$/);
  });

  it('reloading a record replaces it rather than adding a second', () => {
    expect(catalod('load', '--data', data, SEED_PATH).status).toBe(0);
    const count = catalod('query', '--data', data, '--to', 'csv', 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://localhost:3000/record/pubmed-9158348> { ?s ?p ?o } }');
    expect(count.stdout.trim().split(/\r?\n/)[1]).toBe('421');
  });

  it('says exactly what a load stored: distinct records, those replacing stored ones, ids repeated in the input', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'catalod-load-'));
    const twice = catalod('load', '--data', fresh, SEED_PATH, SEED_PATH, `${ROOT}test/fixtures/pages/hard-names.txt`);
    expect(twice.status).toBe(0);
    expect(twice.stderr).toContain(`\nstored 5 record(s) in ${fresh} (6 read: 1 repeated an id read before, the last one kept)\n`);
    const again = catalod('load', '--data', fresh, SEED_PATH);
    expect(again.stderr).toBe(`stored 1 record(s) in ${fresh} (0 new, 1 replacing the stored record of the same id)\n`);
  });

  it('ends its progress bar at 100 % (on a terminal)', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'catalod-load-'));
    // `script` gives the command a terminal, so the bar is drawn; its last state is what is checked.
    const command = [process.execPath, `${ROOT}dist/cli.js`, 'load', '--jobs', '1', '--data', fresh, SEED_PATH, `${ROOT}test/fixtures/pages/hard-names.txt`].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8' });
    if (r.error) return; // no `script` here: nothing to draw the bar on
    expect(r.status).toBe(0);
    const states = [...r.stdout.matchAll(/(\d+)% 5 records/g)].map((m) => Number(m[1]));
    expect(states.at(-1)).toBe(100);
  });

  it('holds --timeout: a cartesian product stops at its deadline with a clear message', () => {
    const started = performance.now();
    const r = spawnSync(process.execPath, [`${ROOT}dist/cli.js`, 'query', '--data', data, '--timeout', '2', 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }'], { encoding: 'utf8', timeout: 120_000 });
    const seconds = (performance.now() - started) / 1000;
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('query stopped at its deadline of 2 s (--timeout): ask for less, or allow more time\n');
    // Start-up (the index, one worker) plus the 2 s: seconds, where the query alone would run for many minutes.
    expect(seconds).toBeLessThan(60);
    console.info(`query --timeout 2 on a cartesian product: exit 1 after ${seconds.toFixed(1)} s`);
  }, 130_000);

  it('says why a query fails', () => {
    const r = catalod('query', '--data', data, 'SELECT WHERE {');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^400: /);
  });
});
