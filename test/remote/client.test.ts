/** The SPARQL Protocol client against a real Virtuoso: queries, digest-authenticated updates, refusals, an outage. */
import { rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreClient, StoreRequestError, StoreUnavailableError } from '../../src/remote/client.js';
import { startVirtuoso, virtuosoAvailable, type Virtuoso } from '../helpers/virtuoso.js';

const available = virtuosoAvailable();
if (!available) console.warn('test/remote/client.test.ts skipped: virtuoso-t and isql-vt are not installed (Debian: virtuoso-opensource-7)');

const JSON_RESULTS = 'application/sparql-results+json';

/** The bindings of a SELECT answered in SPARQL JSON. */
async function rows(res: Response): Promise<Record<string, { type: string; value: string }>[]> {
  return ((await res.json()) as { results: { bindings: Record<string, { type: string; value: string }>[] } }).results.bindings;
}

describe.skipIf(!available)('StoreClient against Virtuoso (skipped when virtuoso-t / isql-vt are not installed)', () => {
  let v: Virtuoso;
  let store: StoreClient;

  beforeAll(async () => {
    v = await startVirtuoso();
    store = new StoreClient({ query: v.endpoint, update: v.updateEndpoint, user: v.user, password: v.password });
  }, 120_000);
  afterAll(async () => {
    await v?.stop();
    if (v) rmSync(v.dir, { recursive: true, force: true });
  }, 60_000);

  it('asks and selects', async () => {
    const ask = await store.query('ASK { ?s ?p ?o }', JSON_RESULTS);
    expect(ask.headers.get('content-type')).toContain('application/sparql-results+json');
    expect(((await ask.json()) as { boolean: boolean }).boolean).toBe(true);
    const select = await store.query('SELECT ?g { GRAPH ?g { ?s ?p ?o } } LIMIT 2', JSON_RESULTS);
    expect(await rows(select)).toHaveLength(2);
  });

  it('reads the product from the Server header', async () => {
    expect(await store.product()).toMatch(/^Virtuoso\/07\.\d+/);
  });

  it('updates through /sparql-auth with digest credentials, reusing the nonce', async () => {
    const before = store.challenges;
    await store.update('INSERT DATA { GRAPH <urn:catalod:test:g1> { <urn:s> <urn:p> "one" } }');
    expect(store.challenges).toBe(before + 1); // challenged once
    await store.update('INSERT DATA { GRAPH <urn:catalod:test:g1> { <urn:s> <urn:p> "two" } }');
    await store.update('DROP SILENT GRAPH <urn:catalod:test:g2> ; INSERT DATA { GRAPH <urn:catalod:test:g2> { <urn:s> <urn:p> "three" } }');
    expect(store.challenges).toBe(before + 1); // the nonce was reused: no further 401
    const res = await store.query('SELECT ?o { GRAPH ?g { <urn:s> <urn:p> ?o } } ORDER BY ?o', JSON_RESULTS);
    expect((await rows(res)).map((r) => r.o!.value)).toEqual(['one', 'three', 'two']);
  });

  it('accepts a made-up nonce (Virtuoso 7.2 does not track its nonces), so the client never sees a stale 401 from it', async () => {
    const other = new StoreClient({ query: v.endpoint, update: v.updateEndpoint, user: v.user, password: v.password });
    await other.update('INSERT DATA { GRAPH <urn:catalod:test:g1> { <urn:s> <urn:p> "one" } }');
    const state = (other as unknown as { auth: Map<string, { nonce: string }> }).auth.get(v.updateEndpoint)!;
    state.nonce = 'deadbeefdeadbeefdeadbeefdeadbeef';
    await other.update('INSERT DATA { GRAPH <urn:catalod:test:g1> { <urn:s> <urn:p> "one" } }');
    expect(other.challenges).toBe(1);
  });

  it('refuses a wrong password with a 401 StoreRequestError, after one retry', async () => {
    const wrong = new StoreClient({ query: v.endpoint, update: v.updateEndpoint, user: 'dba', password: 'nope' });
    const error = await wrong.update('INSERT DATA { GRAPH <urn:catalod:test:g1> { <urn:s> <urn:p> "x" } }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreRequestError);
    expect((error as StoreRequestError).status).toBe(401);
    expect(wrong.challenges).toBe(2); // the first challenge, answered; the refusal of the answer
  });

  it('refuses an anonymous update on /sparql (Virtuoso: 500 with SQLSTATE 42000)', async () => {
    const anonymous = new StoreClient({ query: v.endpoint });
    const error = await anonymous.update('INSERT DATA { GRAPH <urn:catalod:test:g3> { <urn:s> <urn:p> "x" } }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreRequestError);
    expect((error as StoreRequestError).message).toMatch(/42000.*SECURITY/);
  });

  it('reports a syntax error as a StoreRequestError with the store message', async () => {
    const error = await store.query('SELECT WHERE {', JSON_RESULTS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreRequestError);
    expect((error as StoreRequestError).message).toMatch(/37000/);
  });

  it('passes an abort through unchanged', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await store.query('ASK {}', JSON_RESULTS, { signal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
  });

  it('reports an outage as StoreUnavailableError, and works again after restart with committed updates kept', async () => {
    await store.update('INSERT DATA { GRAPH <urn:catalod:test:kill> { <urn:s> <urn:p> "before kill" } }');
    await v.kill();
    await expect(store.query('ASK {}', JSON_RESULTS)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.update('INSERT DATA { GRAPH <urn:catalod:test:kill> { <urn:s> <urn:p> "during" } }')).rejects.toBeInstanceOf(StoreUnavailableError);
    await v.restart();
    // Virtuoso replays its transaction log on start: the update acknowledged before the kill is there.
    const res = await store.query('SELECT ?o { GRAPH <urn:catalod:test:kill> { ?s ?p ?o } }', JSON_RESULTS);
    expect((await rows(res)).map((r) => r.o!.value)).toEqual(['before kill']);
    await store.update('INSERT DATA { GRAPH <urn:catalod:test:kill> { <urn:s> <urn:p> "after" } }');
  }, 120_000);
});

describe('StoreClient digest challenges (a stand-in server that expires nonces)', () => {
  it('redoes the challenge when a nonce goes stale', async () => {
    let nonce = 1;
    let uses = 0;
    const seen: string[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      const auth = req.headers.authorization ?? '';
      seen.push(/nonce="(\w+)"/.exec(auth)?.[1] ?? '-');
      req.resume();
      const challenge = (stale: boolean) => res.writeHead(401, { 'www-authenticate': `Digest realm="r", nonce="n${nonce}", qop="auth", algorithm="MD5", stale="${stale}"` }).end();
      if (!auth.includes(`nonce="n${nonce}"`)) return challenge(auth !== '');
      if (++uses > 2) { nonce++; uses = 0; return challenge(true); } // a nonce serves two requests
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sparql`;
      const client = new StoreClient({ query: url, user: 'u', password: 'p' });
      for (let i = 0; i < 3; i++) await client.update('INSERT DATA {}');
      expect(seen).toEqual(['-', 'n1', 'n1', 'n1', 'n2']);
      expect(client.challenges).toBe(2);
    } finally {
      server.close();
    }
  });
});
