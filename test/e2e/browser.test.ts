/**
 * catalod in a real browser: headless Chromium (Debian's, driven by playwright-core) against
 * `catalod serve` in a child process, on a fresh data folder seeded with the sample record plus
 * the hard-names fixture POSTed with a token. A person's paths: search from the home page, open
 * a record, read its authors and its JSON-LD; query in YASGUI; every page only ever asks the
 * server itself; screenshots at desktop and phone widths go to test/artifacts/e2e/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { convertText } from '../../src/convert.js';
import { startServer, type ServerProcess } from '../commands/server-process.js';
import { fixtureText } from '../fixtures/load.js';
import { SEED, converted } from '../helpers.js';
import { HAVE_CHROMIUM, WIDTHS, launchChromium, recordRequests, shotPath } from './chromium.js';

const TOKEN = 'e2e-token';
const TIMEOUT = 30_000;
const HARD_NAMES = fixtureText('pages/hard-names.txt');

if (!HAVE_CHROMIUM) console.warn('browser tests skipped: /usr/bin/chromium is missing (apt-get install chromium; .ci/run does this)');

describe.skipIf(!HAVE_CHROMIUM)('catalod in Chromium', () => {
  let server: ServerProcess;
  let data: string;
  let browser: Browser;
  let base: string;
  let origin: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'catalod-e2e-'));
    server = await startServer({ data, token: TOKEN });
    origin = new URL(server.url).origin;
    base = `http://localhost:${new URL(server.url).port}/`;
    const res = await fetch(`${server.url}records`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: HARD_NAMES });
    expect(res.status, await res.clone().text()).toBe(200);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    if (data) rmSync(data, { recursive: true, force: true });
  });

  /** A new page in a fresh context at a width; the context's requests are recorded and kept home. */
  async function open(width: keyof typeof WIDTHS = 'desktop', options: { javaScriptEnabled?: boolean; bypassCSP?: boolean } = {}): Promise<{ page: Page; requests: string[] }> {
    const context = await browser.newContext({ viewport: WIDTHS[width], ...options });
    contexts.push(context);
    context.setDefaultTimeout(TIMEOUT);
    const requests = await recordRequests(context, origin);
    return { page: await context.newPage(), requests };
  }

  /** The author names on a record page, in the order shown. */
  const shownAuthors = (page: Page) => page.locator('section.authors ol > li > a:first-child').allTextContents();

  /** The page's schema.org JSON-LD. */
  async function pageJsonld(page: Page): Promise<{ '@id': string; author: { name: string }[] }> {
    return JSON.parse((await page.locator('head script[type="application/ld+json"]').textContent())!);
  }

  /** The work's framed JSON-LD from `/….jsonld`, and its authors in the PRO role chain's order. */
  async function framed(path: string): Promise<{ id: string; names: string[]; chained: string[] }> {
    const res = await fetch(`${server.url}${path.replace(/^\//, '')}.jsonld`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { '@graph'?: Record<string, unknown>[] } & Record<string, unknown>;
    const work = (doc['@graph']?.[0] ?? doc) as { id: string; author: { id: string; name: string }[]; roles: { id: string; heldBy: string; next?: string }[] };
    const nameOf = new Map(work.author.map((a) => [a.id, a.name]));
    const pointedTo = new Set(work.roles.map((r) => r.next));
    const byId = new Map(work.roles.map((r) => [r.id, r]));
    const chained: string[] = [];
    for (let r = work.roles.find((x) => !pointedTo.has(x.id)); r; r = r.next ? byId.get(r.next) : undefined) chained.push(nameOf.get(r.heldBy)!);
    return { id: work.id, names: work.author.map((a) => a.name), chained };
  }

  /** Searches from the home page and opens the result whose title is `title`. */
  async function searchAndOpen(page: Page, q: string, title: string): Promise<void> {
    await page.goto(server.url);
    await page.locator('input#q').fill(q);
    await Promise.all([page.waitForURL(/\/search\?q=/), page.locator('form.search button[type=submit]').click()]);
    const result = page.locator('ul.results a', { hasText: title }).first();
    await result.waitFor();
    await Promise.all([page.waitForURL(/\/work\//), result.click()]);
    await page.locator('h1').waitFor();
  }

  it('home page: the dataset, its counts and licence, a search box, recent records and the links', async () => {
    const { page } = await open();
    await page.goto(server.url);
    expect(await page.locator('h1').textContent()).toMatch(/scholarly articles as linked data/i);
    const stats = await page.locator('.stats').innerText();
    expect(stats).toMatch(/Records\s+5/);
    expect(stats).toMatch(/CC0 1\.0/);
    expect(await page.locator('#q-hint').textContent()).toMatch(/DOI, PMID or PMCID/);
    expect(await page.locator('#recent ~ ul li').count()).toBe(5);
    for (const href of ['/sparql', '/queries', '/.well-known/void', '/dump.nq']) expect(await page.locator(`main a[href="${href}"]`).count(), href).toBeGreaterThan(0);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
  });

  it('search by family name, open the record: authors in order, JSON-LD describing the same work as /….jsonld', async () => {
    const { page } = await open();
    const seed = converted(convertText(SEED, 'seed.txt', { base }))[0]!;
    await searchAndOpen(page, 'Gillard', seed.work.title!.value);
    const path = new URL(page.url()).pathname;
    expect(path).toBe('/work/doi/10.1186/s12888-022-03999-9');
    expect(await page.locator('h1').textContent()).toBe(seed.work.title!.value);
    const expected = seed.work.authors.map((a) => a.name);
    expect(await shownAuthors(page)).toEqual(expected);

    const embedded = await pageJsonld(page);
    const ld = await framed(path);
    expect(embedded['@id']).toBe(`${base}work/doi/10.1186/s12888-022-03999-9`);
    expect(embedded['@id']).toBe(ld.id);
    expect(embedded.author.map((a) => a.name)).toEqual(ld.chained);
    expect(embedded.author.map((a) => a.name)).toEqual(expected);
    expect([...ld.names].sort()).toEqual([...expected].sort());

    // The rest of the record page: resolvers, licence, abstract sections, provenance, formats, embed box.
    expect(await page.locator('a[href="https://doi.org/10.1186/s12888-022-03999-9"]').count()).toBe(1);
    expect(await page.locator('a[rel="license"]').textContent()).toBe('CC BY 4.0');
    expect(await page.locator('.abstract h3').allTextContents()).toEqual(['Background', 'Methods', 'Results', 'Conclusions']);
    expect(await page.locator('#records ~ ul').innerText()).toContain('pubmed-9158348');
    expect(await page.locator('section[aria-labelledby="formats"] ul.formats a').count()).toBe(11);
    expect(await page.locator('section[aria-labelledby="cite"] ul.formats a').allTextContents()).toEqual(['BibTeX', 'RIS', 'CSL JSON']);
    expect(await page.locator('#cite-reference').innerText()).toMatch(/^Gillard, S\., Foster, R\., .*\(2022\)\. The impact of working as a peer worker/);
    const snippet = await page.locator('textarea#embed-snippet').inputValue();
    expect(snippet.startsWith('<!-- catalod record pubmed-9158348 -->\n<script type="application/ld+json">')).toBe(true);
    expect(JSON.parse(/<script[^>]*>([\s\S]*?)<\/script>/.exec(snippet)![1]!)).toEqual(embedded);
    expect(await page.locator('#copy-embed').isVisible()).toBe(true);

    // Each author links to their person page: works here and co-authors.
    await Promise.all([page.waitForURL(/\/person\/fosterrhiannon$/), page.locator('section.authors ol > li:nth-child(2) > a').first().click()]);
    expect(await page.locator('h1').textContent()).toBe(expected[1]);
    expect(await page.locator('#works ~ ul a').allTextContents()).toEqual([seed.work.title!.value]);
    expect(await page.locator('#coauthors ~ ul li').count()).toBe(expected.length - 1);
  });

  it('names with particles, accents and hyphens: found and shown in the record’s order', async () => {
    const { page } = await open();
    const record = converted(convertText(HARD_NAMES, 'hard.txt', { base })).find((c) => c.work.authors.some((a) => a.family === 'Müller'))!;
    await searchAndOpen(page, 'Müller', record.work.title!.value);
    expect(await shownAuthors(page)).toEqual(record.work.authors.map((a) => a.name));
    const embedded = await pageJsonld(page);
    const ld = await framed(new URL(page.url()).pathname);
    expect(embedded['@id']).toBe(ld.id);
    expect(embedded.author.map((a) => a.name)).toEqual(ld.chained);
  });

  it('query UI: YASGUI from the server, a stored example runs and fills the table; JSON too', async () => {
    const { page } = await open();
    await page.goto(`${server.url}sparql`);
    await page.locator('.yasqe .CodeMirror').first().waitFor();
    expect(await page.locator('link[rel=stylesheet]').getAttribute('href')).toMatch(/^\/assets\/yasgui\/[\d.]+\/yasgui\.min\.css$/);
    await page.getByRole('button', { name: 'works-by-author-name', exact: true }).click();
    await expect.poll(() => page.locator('.tabsList .tab.active').innerText()).toContain('works-by-author-name');
    expect(await page.evaluate(() => (window as unknown as { catalodYasgui: { getTab(): { getQuery(): string } } }).catalodYasgui.getTab().getQuery())).toContain('"Gillard"');
    await page.locator('.tabPanel.active .yasqe_queryButton').click();
    const rows = page.locator('.tabPanel.active .yasr table tbody tr');
    await rows.first().waitFor();

    const stored = (await (await fetch(`${server.url}queries/works-by-author-name?name=Gillard`, { headers: { accept: 'application/sparql-results+json' } })).json()) as { results: { bindings: { authorName: { value: string } }[] } };
    expect(await rows.count()).toBe(stored.results.bindings.length);
    const table = await page.locator('.tabPanel.active .yasr table').first().innerText();
    for (const b of stored.results.bindings) expect(table).toContain(b.authorName.value);
    expect(table).toContain('The impact of working as a peer worker');
    await page.screenshot({ path: shotPath('query', 'desktop'), fullPage: true });

    await page.locator('.tabPanel.active .yasr .select_response').click();
    await expect.poll(() => page.locator('.tabPanel.active .yasr_results').innerText()).toContain('"bindings"');
  });

  it('query UI: a malformed query shows the server’s 400 message', async () => {
    const { page } = await open();
    await page.goto(`${server.url}sparql`);
    await page.locator('.yasqe .CodeMirror').first().waitFor();
    const bad = 'SELECT * WHERE { ?s ?p';
    // Set as text: typing into the editor would have its brackets closed for us.
    await page.evaluate((q) => {
      (window as unknown as { catalodYasgui: { getTab(): { setQuery(q: string): void } } }).catalodYasgui.getTab().setQuery(q);
    }, bad);
    await page.locator('.tabPanel.active .yasqe_queryButton').click();
    const shown = page.locator('.tabPanel.active .catalod-error .errorMessage');
    await shown.waitFor();
    const direct = await fetch(`${server.url}sparql?query=${encodeURIComponent(bad)}`);
    expect(direct.status).toBe(400);
    const message = (await direct.text()).trim();
    expect(message).toMatch(/^malformed query: Parse error/);
    expect((await shown.textContent())!.trim()).toBe(message);
    expect(await page.locator('.tabPanel.active .catalod-error-status').textContent()).toContain('400');
  });

  it('the Content-Security-Policy lets the pages and YASGUI run, and stops a script injected into a page', async () => {
    const { page } = await open();
    const refused: string[] = [];
    page.on('console', (m) => m.text().includes('Content Security Policy') && refused.push(m.text()));
    await page.addInitScript(() => {
      const seen: string[] = ((window as unknown as { cspViolations: string[] }).cspViolations = []);
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const violations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
    const answer = await page.goto(`${server.url}sparql`);
    expect(answer!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.locator('.yasqe .CodeMirror').first().waitFor();
    await page.getByRole('button', { name: 'works-by-title-word', exact: true }).click();
    await page.locator('.tabPanel.active .yasqe_queryButton').click();
    await page.locator('.tabPanel.active .yasr table tbody tr').first().waitFor();
    expect(await violations()).toEqual([]);
    await searchAndOpen(page, 'Gillard', 'The impact of working as a peer worker');
    await page.locator('#copy-embed').click();
    await expect.poll(() => page.locator('#copy-status').textContent()).toBe('Copied.');
    expect(await violations()).toEqual([]);
    expect(refused).toEqual([]);
    // A script that got into the page some other way does not run.
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.injectedRan = true;';
      document.body.appendChild(script);
      await new Promise((r) => setTimeout(r, 100));
      return (window as unknown as { injectedRan?: boolean }).injectedRan === true;
    });
    expect(ran).toBe(false);
    expect((await violations()).some((v) => v.startsWith('script-src'))).toBe(true);
  });

  it('pages work without JavaScript: search, record, embed box', async () => {
    const { page } = await open('desktop', { javaScriptEnabled: false });
    await searchAndOpen(page, 'peer worker', 'The impact of working as a peer worker');
    expect(await shownAuthors(page)).toHaveLength(20);
    expect(await page.locator('textarea#embed-snippet').inputValue()).toContain('citation_title');
    await page.goto(`${server.url}sparql`);
    expect(await page.locator('form[action="/sparql"] textarea#query').isVisible()).toBe(true);
  });

  it('no page asks any host but the server', async () => {
    const { page, requests } = await open();
    await page.goto(server.url);
    await searchAndOpen(page, 'Gillard', 'The impact of working as a peer worker');
    await page.locator('#copy-embed').click();
    await page.locator('section.authors ol > li > a').first().click();
    await page.locator('#coauthors').waitFor();
    await page.goto(`${server.url}sparql`);
    await page.locator('.yasqe .CodeMirror').first().waitFor();
    await page.getByRole('button', { name: 'works-by-title-word', exact: true }).click();
    await page.locator('.tabPanel.active .yasqe_queryButton').click();
    await page.locator('.tabPanel.active .yasr table tbody tr').first().waitFor();
    await page.locator('.tabPanel.active .yasr .select_response').click();
    await page.goto(`${server.url}queries`);
    await page.waitForLoadState('networkidle');

    expect(requests.some((u) => u.includes('/assets/yasgui/'))).toBe(true);
    expect(requests.some((u) => u.endsWith('/sparql') || u.includes('/sparql?'))).toBe(true);
    const elsewhere = requests.filter((u) => !/^(data|blob|about):/.test(u) && new URL(u).origin !== origin);
    expect(elsewhere).toEqual([]);
  });

  it('/person?iri= never sends the browser to another host; a local person IRI still opens its page', async () => {
    const { page, requests } = await open();
    for (const rest of ['/evil.example/x', '/\\evil.example', '\\evil.example', '..//evil.example/x']) {
      const res = await page.goto(`${server.url}person?iri=${encodeURIComponent(base + rest)}`);
      expect(res?.status(), rest).toBe(400);
      expect(new URL(page.url()).origin, rest).toBe(origin);
    }
    expect(requests.filter((u) => new URL(u).origin !== origin)).toEqual([]);
    await page.goto(`${server.url}person?iri=${encodeURIComponent(`${base}work/doi/10.1186/s12888-022-03999-9/person/fosterrhiannon`)}`);
    expect(new URL(page.url()).pathname).toBe('/work/doi/10.1186/s12888-022-03999-9/person/fosterrhiannon');
    expect(await page.locator('h1').textContent()).toBe('Rhiannon Foster');
  });

  it('the request watch itself sees (and stops) a request to another host', async () => {
    // The page's Content-Security-Policy would stop the request before the watch could see it.
    const { page, requests } = await open('desktop', { bypassCSP: true });
    await page.goto(server.url);
    // 192.0.2.0/24 is TEST-NET-1: documentation only, never routed.
    const outcome = await page.evaluate(() => fetch('http://192.0.2.1/probe').then(() => 'reached', () => 'stopped'));
    expect(outcome).toBe('stopped');
    expect(requests).toContain('http://192.0.2.1/probe');
  });

  it('screenshots of the home, record, person and query pages at desktop and phone widths; nothing wider than a phone', async () => {
    for (const width of ['desktop', 'phone'] as const) {
      const { page } = await open(width);
      const pages: [string, string][] = [
        ['home', ''],
        ['search', 'search?q=Gillard'],
        ['record', 'work/doi/10.1186/s12888-022-03999-9'],
        ['person', 'work/doi/10.1186/s12888-022-03999-9/person/gillardsteve'],
        ['query', 'sparql'],
      ];
      for (const [name, path] of pages) {
        await page.goto(`${server.url}${path}`);
        await page.waitForLoadState('networkidle');
        if (name === 'query') await page.locator('.yasqe .CodeMirror').first().waitFor();
        if (width === 'phone') {
          const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
          expect(scroll, `${name} is no wider than the phone`).toBeLessThanOrEqual(client);
        }
        if (!(name === 'query' && width === 'desktop')) await page.screenshot({ path: shotPath(name, width), fullPage: true });
      }
    }
  }, 120_000); // ten pages loaded to network idle and shot: 40 s on a loaded machine
});
