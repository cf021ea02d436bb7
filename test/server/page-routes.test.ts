/**
 * The page routes that take a client's text and turn it into a Location or a file name:
 * `/person?iri=` redirects only to paths on this server, whatever the IRI holds (`//host`,
 * backslashes, control characters, dot segments); `/assets/yasgui/VERSION/NAME` serves only the
 * YASGUI build files, and a name that is a key of every object answers 404 without a path.
 */
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { hrefFor, localRedirect } from '../../src/server/pages/paths.js';
import { BASE, WORK, WORK_PATH, testServer } from './helpers.js';

const { app } = await testServer();
const ORIGIN = new URL(BASE).origin;

/** Where a browser at `/person` goes with this Location: the WHATWG URL parser, as Chromium resolves it. */
const resolved = (location: string) => new URL(location, `${BASE}person`);

/** IRIs that start with the base but whose naive path (`/` + the rest) a browser reads as another host. */
const OFF_SITE = [
  `${BASE}/evil.example/x`,
  `${BASE}/\\evil.example`,
  `${BASE}\\evil.example`,
  `${BASE}\\\\evil.example/x`,
  `${BASE}/%5Cevil.example`,
  `${BASE}\t/evil.example`,
  `${BASE}\n/evil.example`,
  `${BASE}..//evil.example/x`,
  `${BASE}./../evil.example/..//evil.example`,
  `${BASE}\u0000/evil.example`,
];

describe('/person?iri= redirects only to this server', () => {
  it('the naive path of each IRI would have left the origin (the cases are real)', () => {
    for (const iri of OFF_SITE.slice(0, 4)) expect(resolved(`/${iri.slice(BASE.length)}`).origin, iri).not.toBe(ORIGIN);
  });

  it.each(OFF_SITE)('%j: 400, no Location', async (iri) => {
    const res = await app.request(`/person?iri=${encodeURIComponent(iri)}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('names no resource of this server');
  });

  it('a person IRI minted here still redirects to its own path', async () => {
    const res = await app.request(`/person?iri=${encodeURIComponent(`${WORK}/person/whitesarah`)}`);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`${WORK_PATH}/person/whitesarah`);
    const followed = await app.request(res.headers.get('location')!, { headers: { accept: 'text/html' } });
    expect(followed.status).toBe(200);
  });

  it('a local IRI with odd but harmless characters stays a path here, percent-encoded', async () => {
    for (const iri of [`${BASE}journal/café`, `${BASE}%2F%2Fevil.example`, `${BASE}a//b`, `${BASE}x?y=//evil.example`]) {
      const res = await app.request(`/person?iri=${encodeURIComponent(iri)}`);
      expect(res.status, iri).toBe(301);
      const location = res.headers.get('location')!;
      expect(location, iri).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
      expect(resolved(location).origin, iri).toBe(ORIGIN);
    }
  });

  it('localRedirect under a base with a path keeps under that path', () => {
    const base = 'http://example.org/cat/';
    expect(localRedirect(`${base}work/x`, base)).toBe('/cat/work/x');
    expect(localRedirect(`${base}../evil`, base)).toBeUndefined();
    expect(localRedirect('http://example.org/catx/work', base)).toBeUndefined();
  });

  it('page links never turn an IRI under the base into a path to another host', () => {
    for (const iri of OFF_SITE) expect(resolved(hrefFor(iri, BASE)).origin, iri).toBe(ORIGIN);
    expect(hrefFor(`${BASE}work/x`, BASE)).toBe('/work/x');
  });
});

describe('/assets/yasgui/VERSION/NAME', () => {
  const version = (async () => /\/assets\/yasgui\/([\d.]+)\//.exec(await (await app.request('/sparql', { headers: { accept: 'text/html' } })).text())![1]!)();

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'])('%s: 404, and no path in the answer', async (name) => {
    const res = await app.request(`/assets/yasgui/${await version}/${name}`);
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(body).not.toContain(ROOT);
    expect(body).not.toMatch(/node_modules|\/build\b|ENOENT/);
  });

  it('the same names as a version: 404', async () => {
    for (const name of ['constructor', '__proto__']) expect((await app.request(`/assets/yasgui/${name}/yasgui.min.js`)).status).toBe(404);
  });

  it('the build files are still served', async () => {
    const res = await app.request(`/assets/yasgui/${await version}/yasgui.min.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
  });
});
