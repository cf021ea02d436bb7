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

    const table = catalod('query', '--data', data, 'SELECT ?family WHERE { <http://localhost:3000/work/doi/10.1186/s12888-022-03999-9/author/1> <http://schema.org/familyName> ?family }');
    expect(table.stdout).toMatch(/^family\n-+\nGillard\n\(1 row\)\n$/);
  });

  it('reloading a record replaces it rather than adding a second', () => {
    expect(catalod('load', '--data', data, SEED_PATH).status).toBe(0);
    const count = catalod('query', '--data', data, '--to', 'csv', 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://localhost:3000/record/pubmed-9158348> { ?s ?p ?o } }');
    expect(count.stdout.trim().split(/\r?\n/)[1]).toBe('421');
  });

  it('says why a query fails', () => {
    const r = catalod('query', '--data', data, 'SELECT WHERE {');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^400: /);
  });
});
