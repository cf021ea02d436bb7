/**
 * A data folder remembers the base IRI it was made with (src/commands/base.ts): `load`, `query`
 * and `serve` agree on it without `--base`, a different `--base` is a one-line usage error (64),
 * `catalod rebase` changes it, and an older folder that remembers none takes the one given.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SEED_PATH } from '../helpers.js';
import { freePort, runCatalod, startServer } from './server-process.js';

const GRAPHS = 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g';

/** The named graphs `query` prints for the folder (CSV rows after the header). */
function graphs(data: string, ...extra: string[]): string[] {
  const r = runCatalod(['query', '--data', data, '--to', 'csv', ...extra, GRAPHS], { timeoutMs: 60_000 });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.trim().split(/\r?\n/).slice(1);
}

/** The base the folder's store remembers (its meta table), read directly. */
function storedBase(data: string): string | undefined {
  const db = new Database(join(data, 'records.sqlite'), { readonly: true });
  try {
    return (db.prepare("SELECT value FROM meta WHERE key = 'base'").get() as { value: string } | undefined)?.value;
  } finally {
    db.close();
  }
}

describe('the base a data folder remembers', () => {
  it('load remembers the base it made the folder with; query and a later load take it without --base', () => {
    const data = mkdtempSync(join(tmpdir(), 'catalod-base-'));
    expect(runCatalod(['load', '--data', data, '--base', 'http://example.org/cat', SEED_PATH]).code).toBe(0);
    expect(storedBase(data)).toBe('http://example.org/cat/');
    expect(graphs(data)).toEqual(['http://example.org/cat/record/pubmed-9158348']);
    // The same base, given again (with or without its slash), is no conflict.
    expect(runCatalod(['load', '--data', data, SEED_PATH]).code).toBe(0);
    expect(graphs(data, '--base', 'http://example.org/cat')).toEqual(['http://example.org/cat/record/pubmed-9158348']);
  }, 120_000);

  it('refuses another --base on an existing folder in one line, exit 64, saying how to re-base; rebase then changes it', () => {
    const data = mkdtempSync(join(tmpdir(), 'catalod-base-'));
    expect(runCatalod(['load', '--data', data, SEED_PATH]).code).toBe(0);
    for (const command of [['load', SEED_PATH], ['query', 'ASK {}'], ['export', '--shards', join(data, 'shards')]]) {
      const r = runCatalod([command[0]!, '--data', data, '--base', 'http://other.example/', ...command.slice(1)]);
      expect(r.code, command[0]).toBe(64);
      expect(r.stderr.trim().split('\n'), command[0]).toHaveLength(1);
      expect(r.stderr).toContain(`catalod: ${data} was made with --base http://localhost:3000/, not http://other.example/`);
      expect(r.stderr).toContain(`catalod rebase --data ${data} --base http://other.example/`);
    }
    expect(storedBase(data)).toBe('http://localhost:3000/');

    const rebase = runCatalod(['rebase', '--data', data, '--base', 'http://other.example/']);
    expect(rebase.code).toBe(0);
    expect(rebase.stderr).toContain('base http://localhost:3000/ → http://other.example/');
    // The index (its snapshot stamped with the old base) is derived anew from the records.
    expect(graphs(data)).toEqual(['http://other.example/record/pubmed-9158348']);
  }, 120_000);

  it('an older folder that remembers no base takes the one given, or the default, and remembers it', () => {
    const data = mkdtempSync(join(tmpdir(), 'catalod-base-'));
    expect(runCatalod(['load', '--data', data, SEED_PATH]).code).toBe(0);
    const db = new Database(join(data, 'records.sqlite'));
    db.prepare("DELETE FROM meta WHERE key = 'base'").run();
    db.close();
    expect(graphs(data, '--base', 'http://old.example/')).toEqual(['http://old.example/record/pubmed-9158348']);
    expect(storedBase(data)).toBe('http://old.example/');
    expect(graphs(data)).toEqual(['http://old.example/record/pubmed-9158348']);
  }, 120_000);

  it('serve makes a new folder with its own base (localhost:PORT), which query then prints; another --base is refused', async () => {
    const data = join(mkdtempSync(join(tmpdir(), 'catalod-base-')), 'data');
    const port = await freePort();
    const server = await startServer({ data, port });
    try {
      expect(server.output()).toContain(`"base":"http://localhost:${port}/"`);
      // While the server runs: query reads the same folder and prints the IRIs it serves.
      const served = graphs(data);
      expect(served).toContain(`http://localhost:${port}/record/pubmed-9158348`);
      const page = await fetch(`${server.url}record/pubmed-9158348`, { headers: { accept: 'application/n-quads' } });
      expect(page.status).toBe(200);
    } finally {
      await server.stop();
    }
    expect(storedBase(data)).toBe(`http://localhost:${port}/`);
    // On another port with no --base, the folder keeps its base.
    const again = await startServer({ data });
    try {
      expect(again.output()).toContain(`"base":"http://localhost:${port}/"`);
    } finally {
      await again.stop();
    }
    const refused = runCatalod(['serve', '--data', data, '--port', String(await freePort()), '--base', 'http://other.example/']);
    expect(refused.code).toBe(64);
    expect(refused.stderr).toMatch(/^catalod: .* was made with --base http:\/\/localhost:\d+\/, not http:\/\/other\.example\/: .*catalod rebase/);
  }, 180_000);
});
