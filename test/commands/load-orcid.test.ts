/** `catalod load --orcid FILE`: the ORCID table stored with the records, applied by every later reader of the folder; `convert --orcid` says rows it could not use. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SEED_PATH } from '../helpers.js';

const catalod = (...args: string[]) => spawnSync(process.execPath, [`${ROOT}dist/cli.js`, ...args], { encoding: 'utf8' });
const WITH_ORCID = 'SELECT ?person WHERE { ?person <http://schema.org/identifier> ?id . ?id <http://schema.org/propertyID> "orcid" } ORDER BY ?person';

describe('load --orcid', () => {
  const data = mkdtempSync(join(tmpdir(), 'catalod-load-orcid-'));

  it('stores the table with the records: bad iDs refused, works it does not have said, the iD in the graph', () => {
    const csv = join(data, 'ids.csv');
    writeFileSync(csv, 'work,author,orcid\n10.1186/s12888-022-03999-9,1,0000-0002-1825-0097\n10.9999/not-here,1,0000-0002-1694-233X\n35650562,3,0000-0002-1825-0098\n');
    const load = catalod('load', '--data', data, '--orcid', csv, SEED_PATH);
    expect(load.status, load.stderr).toBe(0);
    expect(load.stderr).toContain(`${csv}:4: "0000-0002-1825-0098" is not a valid ORCID iD (format or check digit); refused`);
    expect(load.stderr).toContain(`${csv}:3: no work doi:10.9999/not-here in ${data}: row kept, attached when a record of it is loaded`);
    expect(load.stderr).not.toContain('s12888-022-03999-9 in');
    expect(load.stderr).toContain('stored 2 ORCID row(s)');
    const rows = catalod('query', '--data', data, '--to', 'csv', WITH_ORCID);
    expect(rows.stdout.trim().split(/\r?\n/)).toEqual(['person', 'https://orcid.org/0000-0002-1825-0097']);
  });

  it('takes a table alone: a work already in the store is found there, and the new iD joins the old', () => {
    const csv = join(data, 'more.csv');
    writeFileSync(csv, 'work,author,orcid\n35650562,"Foster, Rhiannon",0000-0002-1694-233X\n');
    const load = catalod('load', '--data', data, '--orcid', csv);
    expect(load.status, load.stderr).toBe(0);
    expect(load.stderr).not.toContain('no work');
    const rows = catalod('query', '--data', data, '--to', 'csv', WITH_ORCID);
    expect(rows.stdout.trim().split(/\r?\n/)).toEqual(['person', 'https://orcid.org/0000-0002-1694-233X', 'https://orcid.org/0000-0002-1825-0097']);
  });

  it('convert --orcid says each row whose work is not in its input', () => {
    const csv = join(data, 'convert.csv');
    writeFileSync(csv, 'work,author,orcid\n35650562,1,0000-0002-1825-0097\nPMC1,1,0000-0002-1694-233X\n');
    const run = catalod('convert', '--orcid', csv, SEED_PATH);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe(`${csv}:3: no work pmcid:PMC1 in the input; not attached\n`);
    expect(run.stdout).toContain('<https://orcid.org/0000-0002-1825-0097>');
  });

  it('refuses to run with neither files nor a table: a usage error (64)', () => {
    const load = catalod('load', '--data', data);
    expect(load.status).toBe(64);
    expect(load.stderr).toBe('catalod: nothing to load: give record files (`-` reads stdin), or --orcid FILE\n');
  });
});
