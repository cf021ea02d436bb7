/** Writes: bearer-token auth, writes off without a token, body limit, per-record outcomes, replace, delete. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PersistentCatalog } from '../../src/catalog/persistent.js';
import { LocalRunner } from '../../src/query/local.js';
import { createApp } from '../../src/server/app.js';
import { RecordDb } from '../../src/store/db.js';
import { fixtureText } from '../fixtures/load.js';
import { SEED } from '../helpers.js';
import { BASE, RECORD, WORK, WORK_PATH, mediaType, testServer } from './helpers.js';

const TOKEN = 's3cret-token';
const auth = { authorization: `Bearer ${TOKEN}` };
const post = (app: { request: (p: string, i: RequestInit) => Response | Promise<Response> }, body: string, headers: Record<string, string> = auth) =>
  app.request('/records', { method: 'POST', headers: { 'content-type': 'text/plain', ...headers }, body });

describe('authorisation', () => {
  it('answers 401 without Authorization, with a challenge', async () => {
    const { app } = await testServer({ texts: [], token: TOKEN });
    const res = await post(app, SEED, {});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('answers 401 for a malformed Authorization', async () => {
    const { app } = await testServer({ texts: [], token: TOKEN });
    for (const header of [TOKEN, `Basic ${btoa('a:b')}`, 'Bearer', 'Bearer two words']) {
      const res = await post(app, SEED, { authorization: header });
      expect(res.status, header).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/invalid_request/);
    }
  });

  it('answers 403 for a wrong token', async () => {
    const { app, catalog } = await testServer({ texts: [], token: TOKEN });
    const res = await post(app, SEED, { authorization: 'Bearer not-the-token' });
    expect(res.status).toBe(403);
    expect(catalog.stats().records).toBe(0);
    expect((await app.request('/records/pubmed-9158348', { method: 'DELETE', headers: { authorization: 'Bearer nope' } })).status).toBe(403);
  });

  it('turns writes off (403, saying so) when no token is configured', async () => {
    const { app, catalog } = await testServer({ texts: [] });
    const res = await post(app, SEED, { authorization: 'Bearer anything' });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/writes are off/);
    expect((await app.request('/records/pubmed-9158348', { method: 'DELETE' })).status).toBe(403);
    expect(catalog.stats().records).toBe(0);
  });

  it('has no CORS on writes', async () => {
    const { app } = await testServer({ texts: [], token: TOKEN });
    const res = await app.request('/records', { method: 'OPTIONS', headers: { origin: 'https://example.org', 'access-control-request-method': 'POST' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('POST /records', () => {
  it('stores the records and answers 200 with each outcome and IRIs; the work dereferences at once', async () => {
    const { app, catalog } = await testServer({ texts: [], token: TOKEN });
    const res = await post(app, fixtureText('solr/select.json'));
    expect(res.status).toBe(200);
    expect(mediaType(res)).toBe('application/json');
    const body = await res.json();
    expect(body.stored).toBe(2);
    expect(body.failed).toBe(0);
    expect(body.records[0]).toEqual({ index: 1, line: expect.any(Number), id: 'pubmed-9158348', ok: true, work: WORK, record: RECORD, warnings: [] });
    expect(catalog.stats().records).toBe(2);
    expect((await app.request(WORK_PATH)).status).toBe(200);
  });

  it('stores the good record of a body with a bad one: 207, the bad one with its error and line', async () => {
    const { app, catalog } = await testServer({ texts: [], token: TOKEN });
    const res = await post(app, fixtureText('bad/cut-page.txt'));
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body).toMatchObject({ stored: 1, failed: 1 });
    expect(body.records[0]).toMatchObject({ ok: true, id: 'pubmed-9345678', work: `${BASE}work/doi/10.1186/s40814-022-01145-7` });
    expect(body.records[1]).toMatchObject({ ok: false, id: 'pubmed-10123456', line: 39, error: expect.stringMatching(/cut short/) });
    expect(catalog.stats().records).toBe(1);
  });

  it('answers 422 when no record of the body could be stored, 400 when it holds none', async () => {
    const { app, catalog } = await testServer({ texts: [], token: TOKEN });
    const onlyBad = fixtureText('bad/cut-page.txt').split('\n').slice(38).join('\n');
    const res = await post(app, onlyBad);
    expect(res.status).toBe(422);
    expect((await res.json()).records[0].ok).toBe(false);
    const empty = await post(app, '');
    expect(empty.status).toBe(400);
    expect((await empty.json()).error).toMatch(/empty input/);
    expect(catalog.stats().records).toBe(0);
  });

  it('replaces a record posted again with the same id: the count stays, and so do the quads', async () => {
    const { app, catalog } = await testServer({ texts: [], token: TOKEN });
    await post(app, SEED);
    const before = catalog.stats();
    const res = await post(app, SEED);
    expect(res.status).toBe(200);
    expect(catalog.stats()).toEqual(before);
  });

  it('takes a multipart upload too', async () => {
    const { app, catalog } = await testServer({ texts: [], token: TOKEN });
    const form = new FormData();
    form.append('file', new File([SEED], 'seed.txt', { type: 'text/plain' }));
    const res = await app.request('/records', { method: 'POST', headers: auth, body: form });
    expect(res.status).toBe(200);
    expect(catalog.stats().records).toBe(1);
  });

  it('answers 413 for a body over the limit, with or without Content-Length', async () => {
    const { app, catalog } = await testServer({ texts: [], token: TOKEN, bodyLimit: 1000 });
    const res = await post(app, SEED);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/at most 1000 bytes/);
    const sized = await post(app, SEED, { ...auth, 'content-length': String(Buffer.byteLength(SEED)) });
    expect(sized.status).toBe(413);
    expect(catalog.stats().records).toBe(0);
  });
});

describe('DELETE /records/{id}', () => {
  it('answers 204 and removes the record and its graph, then 404', async () => {
    const { app, catalog } = await testServer({ token: TOKEN });
    const res = await app.request('/records/pubmed-9158348', { method: 'DELETE', headers: auth });
    expect(res.status).toBe(204);
    expect(catalog.stats()).toEqual({ records: 0, quads: 0, triples: 0 });
    expect((await app.request(WORK_PATH)).status).toBe(404);
    const again = await app.request('/records/pubmed-9158348', { method: 'DELETE', headers: auth });
    expect(again.status).toBe(404);
  });

  it('asks for the token too', async () => {
    const { app, catalog } = await testServer({ token: TOKEN });
    expect((await app.request('/records/pubmed-9158348', { method: 'DELETE' })).status).toBe(401);
    expect(catalog.stats().records).toBe(1);
  });
});

describe('writes the store cannot take', () => {
  /** A real store (SQLite in a temporary folder) behind the app, with its query runner in process. */
  const persistent = async (data = mkdtempSync(join(tmpdir(), 'catalod-rec-'))) => {
    const catalog = await PersistentCatalog.open({ dir: data, base: BASE, runner: (_, store) => new LocalRunner(store) });
    return { catalog, app: createApp({ catalog, token: TOKEN, log: () => undefined }) };
  };

  it('answers a malformed multipart body 400, storing nothing', async () => {
    const { app, catalog } = await testServer({ texts: [], token: TOKEN });
    for (const body of ['no boundary here', `--b\r\nContent-Disposition: form-data; name="records"\r\n\r\n${SEED}`]) {
      const res = await app.request('/records', { method: 'POST', headers: { ...auth, 'content-type': 'multipart/form-data; boundary=b' }, body });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(/^malformed multipart\/form-data body/);
    }
    const noBoundary = await app.request('/records', { method: 'POST', headers: { ...auth, 'content-type': 'multipart/form-data' }, body: 'x' });
    expect(noBoundary.status).toBe(400);
    expect(catalog.stats().records).toBe(0);
  });

  it('answers 507 when the disk is full, keeping what was stored before and storing nothing half', async () => {
    const { app, catalog } = await persistent();
    expect((await post(app, SEED)).status).toBe(200);
    // The database may not grow by a page more: the next record does not fit, as on a full disk.
    const pages = catalog.db.db.pragma('page_count', { simple: true }) as number;
    catalog.db.db.pragma(`max_page_count = ${pages}`);
    const res = await post(app, fixtureText('pages/hard-names.txt'));
    expect(res.status).toBe(507);
    const body = await res.text();
    expect(body).toMatch(/insufficient storage/);
    expect(body).not.toMatch(/SQLITE|sqlite|\/tmp\//);
    expect(catalog.stats().records).toBe(1);
    expect((await app.request('/work/doi/10.1186/s12888-022-03999-9', { headers: { accept: 'text/turtle' } })).status).toBe(200);
    await catalog.close();
  });

  it('answers 503 on a read-only store, saying writes are off, and keeps serving reads', async () => {
    const data = mkdtempSync(join(tmpdir(), 'catalod-rec-'));
    const first = await persistent(data);
    await post(first.app, SEED);
    await first.catalog.close();
    const catalog = await PersistentCatalog.open({ dir: data, base: BASE, runner: (_, store) => new LocalRunner(store), db: new RecordDb(data, { readOnly: 'a test' }) });
    const app = createApp({ catalog, token: TOKEN, log: () => undefined });
    const res = await post(app, fixtureText('pages/hard-names.txt'));
    expect(res.status).toBe(503);
    expect((await res.json()).error).toBe('writes are off: the data folder is read-only (a test)');
    expect((await app.request('/records/pubmed-9158348', { method: 'DELETE', headers: auth })).status).toBe(503);
    expect((await app.request('/work/doi/10.1186/s12888-022-03999-9', { headers: { accept: 'text/turtle' } })).status).toBe(200);
    expect(catalog.stats().records).toBe(1);
    await catalog.close();
  });
});
