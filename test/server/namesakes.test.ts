/**
 * A person's page lists other works whose author bears the same folded name, as a name match:
 * the seed and test/fixtures/pages/namesakes.txt (two more works, `Foster, Rhiannon` on both,
 * `Foster, Rhian` on one).
 */
import { describe, expect, it } from 'vitest';
import { parseOrcidCsv } from '../../src/orcid.js';
import { SEED } from '../helpers.js';
import { fixtureText } from '../fixtures/load.js';
import { WORK, WORK_PATH, testServer } from './helpers.js';

const BROWSER = 'text/html,application/xhtml+xml';
const { app } = await testServer({ texts: [SEED, fixtureText('pages/namesakes.txt')] });
const page = async (path: string) => (await app.request(path, { headers: { accept: BROWSER } })).text();
const section = (text: string) => text.slice(text.indexOf('id="namesakes"'), text.indexOf('</section>', text.indexOf('id="namesakes"')));

describe('other works by the same name', () => {
  it('lists the works whose author has the same name, newest first, as a name match, not an identity', async () => {
    const text = await page(`${WORK_PATH}/person/fosterrhiannon`);
    expect(text).toContain('Works here (1)');
    const part = section(text);
    expect(part).toContain('Other works by the same name (2)');
    expect(part).toContain('not of people');
    const works = [...part.matchAll(/<a href="(\/work\/[^"]+?)">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(works).toEqual(['/work/doi/10.5555/namesake-1', '/work/doi/10.5555/namesake-1/person/fosterrhiannon', '/work/doi/10.5555/namesake-2', '/work/doi/10.5555/namesake-2/person/fosterrhiannon']);
    expect(part).not.toContain('Rhian Foster');
    expect(part).not.toContain(WORK_PATH + '"');
  });

  it('leaves out a namesake of the same family but another given name, and says when there is none', async () => {
    const rhian = section(await page('/work/doi/10.5555/namesake-1/person/fosterrhian'));
    expect(rhian).toContain('Other works by the same name (0)');
    expect(rhian).toContain('No other work here has an author of this name.');
    const gillard = section(await page(`${WORK_PATH}/person/gillardsteve`));
    expect(gillard).toContain('Other works by the same name (1)');
    expect(gillard).toContain('href="/work/doi/10.5555/namesake-2"');
    expect(gillard).not.toContain(`href="${WORK.slice(WORK.indexOf('/work'))}"`);
  });
});

describe('other works by the same name, where one of them has an ORCID iD', () => {
  it('match the iD person by their name parts, both ways', async () => {
    const orcid = 'https://orcid.org/0000-0002-1825-0097';
    const { table } = parseOrcidCsv('work,author,orcid\n10.1186/s12888-022-03999-9,1,0000-0002-1825-0097\n', 'ids.csv');
    const withId = (await testServer({ texts: [SEED, fixtureText('pages/namesakes.txt')], orcids: table })).app;
    const read = async (path: string) => section(await (await withId.request(path, { headers: { accept: BROWSER } })).text());
    const fromId = await read(`/person?iri=${encodeURIComponent(orcid)}`);
    expect(fromId).toContain('Other works by the same name (1)');
    expect(fromId).toContain('href="/work/doi/10.5555/namesake-2/person/gillardsteve"');
    const toId = await read('/work/doi/10.5555/namesake-2/person/gillardsteve');
    expect(toId).toContain('Other works by the same name (1)');
    expect(toId).toContain(`href="${WORK_PATH}"`);
    expect(toId).toContain(`href="/person?iri=${encodeURIComponent(orcid)}"`);
  });
});

describe('role IRIs under the record', () => {
  it('are served, in the record graph, naming the person they are held by', async () => {
    const res = await app.request('/record/pubmed-9158348/role/2', { headers: { accept: 'application/n-quads' } });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain(`<http://localhost:3000/record/pubmed-9158348/role/2> <http://purl.org/spar/pro/isHeldBy> <${WORK}/person/fosterrhiannon>`);
    expect(body).toContain('<http://localhost:3000/record/pubmed-9158348/role/3>');
  });
});
