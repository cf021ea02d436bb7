/** The ORCID table over HTTP: auth, CSV and JSON rows, per-row answers, re-deriving only the works named, durability. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PersistentCatalog } from '../../src/catalog/persistent.js';
import { LocalRunner } from '../../src/query/local.js';
import { createApp } from '../../src/server/app.js';
import { fixtureText } from '../fixtures/load.js';
import { SEED } from '../helpers.js';
import { BASE, RECORD, WORK, WORK_PATH, testServer } from './helpers.js';

const TOKEN = 'orcid-test-token';
const auth = { authorization: `Bearer ${TOKEN}` };
const ID = '0000-0002-1825-0097';
const ORCID_IRI = `https://orcid.org/${ID}`;
type App = { request: (p: string, i?: RequestInit) => Response | Promise<Response> };
const send = (app: App, method: 'POST' | 'DELETE', body: string, type = 'text/csv', headers: Record<string, string> = auth) =>
  app.request('/orcids', { method, headers: { 'content-type': type, ...headers }, body });
const text = async (app: App, path: string, accept = 'text/html') => (await app.request(path, { headers: { accept } })).text();
/** The `?person ?orcid` rows of the stored query `authors-with-orcid`. */
const withOrcid = async (app: App) => {
  const res = await app.request('/queries/authors-with-orcid', { headers: { accept: 'application/sparql-results+json' } });
  return ((await res.json()).results.bindings as Record<string, { value: string }>[]).map((r) => `${r.person!.value} ${r.orcid!.value}`);
};

describe('POST /orcids and DELETE /orcids', () => {
  it('answers 401 without a token and stores nothing', async () => {
    const { app } = await testServer({ token: TOKEN });
    const res = await send(app, 'POST', `work,author,orcid\n35650562,1,${ID}\n`, 'text/csv', {});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await withOrcid(app)).toEqual([]);
  });

  it('takes CSV rows: the iD reaches the work page, the embed and authors-with-orcid; an unknown work and a bad check character are said', async () => {
    const { app } = await testServer({ token: TOKEN });
    const csv = `work,author,orcid\n10.1186/s12888-022-03999-9,1,https://orcid.org/${ID}\n10.9999/not-here,1,0000-0002-1694-233X\n35650562,2,0000-0002-1825-0098\n`;
    const res = await send(app, 'POST', csv);
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body).toMatchObject({ ok: 2, failed: 1 });
    expect(body.rows[0]).toMatchObject({ line: 2, work: 'doi:10.1186/s12888-022-03999-9', author: '1', orcid: ID, ok: true, records: ['pubmed-9158348'], warnings: [] });
    expect(body.rows[1]).toMatchObject({ line: 3, work: 'doi:10.9999/not-here', ok: true, records: [] });
    expect(body.rows[1].warnings).toEqual(['no work doi:10.9999/not-here in the catalogue: kept, and attached when a record of it is stored']);
    expect(body.rows[2]).toMatchObject({ line: 4, ok: false, error: 'request:4: "0000-0002-1825-0098" is not a valid ORCID iD (format or check digit); refused' });

    expect(await text(app, WORK_PATH)).toContain(`href="${ORCID_IRI}"`);
    const embed = JSON.parse(await text(app, `${WORK_PATH}.schema.jsonld`, 'application/ld+json'));
    const first = embed.author[0];
    expect(first['@id']).toBe(ORCID_IRI);
    expect(first.identifier).toMatchObject({ propertyID: 'orcid', value: ID });
    expect(await text(app, `/person?iri=${encodeURIComponent(ORCID_IRI)}`)).toContain(`href="${ORCID_IRI}"`);
    expect(await withOrcid(app)).toEqual([`${ORCID_IRI} ${ID}`]);
  });

  it('takes JSON rows, by position or by name, and a later record of a kept work gets its iD on ingest', async () => {
    const { app } = await testServer({ texts: [], token: TOKEN });
    const rows = [{ work: 'PMC9158348', author: 'Foster, Rhiannon', orcid: '0000-0002-1694-233X' }, { work: 35650562, author: 'Nobody, Here', orcid: ID }];
    const res = await send(app, 'POST', JSON.stringify(rows), 'application/json');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.rows.map((r: { work: string }) => r.work)).toEqual(['pmcid:PMC9158348', 'pmid:35650562']);
    expect(body.rows.every((r: { warnings: string[] }) => /^no work .* in the catalogue/.test(r.warnings[0]!))).toBe(true);

    const stored = await app.request('/records', { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: SEED });
    expect((await stored.json()).records[0].warnings).toContain(`ORCID ${ID}: no author "Nobody, Here" in pmid:35650562; not attached`);
    expect(await withOrcid(app)).toEqual(['https://orcid.org/0000-0002-1694-233X 0000-0002-1694-233X']);
    const named = await send(app, 'POST', JSON.stringify([{ work: '35650562', author: 'Nobody, Here', orcid: ID }]), 'application/json');
    expect((await named.json()).rows[0].warnings).toEqual(['no author "Nobody, Here" in record pubmed-9158348; not attached there']);
  });

  it('DELETE removes a row and the iD with it; a row that is not there is said', async () => {
    const { app } = await testServer({ token: TOKEN });
    await send(app, 'POST', `work,author,orcid\n35650562,1,${ID}\n`);
    expect(await withOrcid(app)).toHaveLength(1);
    const res = await send(app, 'DELETE', 'work,author\n35650562,1\n');
    expect(res.status).toBe(200);
    expect((await res.json()).rows[0]).toMatchObject({ ok: true, records: ['pubmed-9158348'] });
    expect(await withOrcid(app)).toEqual([]);
    expect(await text(app, WORK_PATH)).not.toContain(ORCID_IRI);
    const again = await send(app, 'DELETE', JSON.stringify([{ work: '35650562', author: '1' }]), 'application/json');
    expect(again.status).toBe(422);
    expect((await again.json()).rows[0].error).toBe('no ORCID row for author "1" of pmid:35650562');
  });

  it('answers 400 for a body with no row', async () => {
    const { app } = await testServer({ token: TOKEN });
    expect((await send(app, 'POST', 'work,author,orcid\n')).status).toBe(400);
    expect((await send(app, 'POST', '{"work": 1}', 'application/json')).status).toBe(400);
  });

  it('re-derives only the works a change names', async () => {
    const { app, catalog } = await testServer({ token: TOKEN, texts: [SEED, fixtureText('pages/hard-names.txt')] });
    const others = catalog.recent(10).map((r) => r.record).filter((r) => r !== RECORD);
    expect(others).toHaveLength(4);
    const before = others.map((g) => catalog.describe(g).length);
    const generation = catalog.generation;
    const res = await send(app, 'POST', `work,author,orcid\n35650562,1,${ID}\n`);
    expect((await res.json()).rows[0].records).toEqual(['pubmed-9158348']);
    const touched = catalog.changedSince(generation)!;
    expect(touched.has(WORK) && touched.has(ORCID_IRI)).toBe(true);
    for (const other of others) expect(touched.has(other)).toBe(false);
    expect(others.map((g) => catalog.describe(g).length)).toEqual(before);
  });
});

describe('the ORCID table in the record store', () => {
  it('survives a restart: the reopened catalogue applies it on rebuild', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalod-orcids-'));
    const open = () => PersistentCatalog.open({ dir, base: BASE, runner: (_, store) => new LocalRunner(store) });
    const first = await open();
    const app = createApp({ catalog: first, token: TOKEN, log: () => undefined });
    await app.request('/records', { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: SEED });
    const res = await send(app, 'POST', `work,author,orcid\n10.1186/s12888-022-03999-9,1,${ID}\n`);
    expect((await res.json()).rows[0].records).toEqual(['pubmed-9158348']);
    await first.close();

    const again = await open();
    expect(again.db.orcids()).toEqual([{ work: 'doi:10.1186/s12888-022-03999-9', author: '1', orcid: ID, line: 1 }]);
    const reopened = createApp({ catalog: again, log: () => undefined });
    expect(await withOrcid(reopened)).toEqual([`${ORCID_IRI} ${ID}`]);
    expect(again.describe(WORK).some((q) => q.object.value === ORCID_IRI)).toBe(true);
    await again.close();
  });
});
