/**
 * Finding works in a real browser (issue 14): headless Chromium against `catalod serve` in a
 * child process, seeded with the sample record plus the hard-names fixture. Search takes names
 * however typed (accents left out, `Family, Given`) and journals; results show authors, journal
 * and year; journals and years are browsed from the home page. Every page is shot at desktop and
 * phone widths into test/artifacts/e2e/, and on the phone no element may be wider than the screen.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer, type ServerProcess } from '../commands/server-process.js';
import { fixtureText } from '../fixtures/load.js';
import { HAVE_CHROMIUM, WIDTHS, launchChromium, recordRequests, shotPath } from './chromium.js';

const TOKEN = 'e2e-token';
const TIMEOUT = 30_000;
const SEED_TITLE = 'The impact of working as a peer worker in mental health services: a longitudinal mixed methods study';
const HARD_TITLE = 'Multilingual consent forms in European cancer trials: a mixed methods evaluation';

if (!HAVE_CHROMIUM) console.warn('browser tests skipped: /usr/bin/chromium is missing (apt-get install chromium; .ci/run does this)');

describe.skipIf(!HAVE_CHROMIUM)('finding works in Chromium', () => {
  let server: ServerProcess;
  let data: string;
  let browser: Browser;
  let origin: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'catalod-e2e-find-'));
    server = await startServer({ data, token: TOKEN });
    origin = new URL(server.url).origin;
    const res = await fetch(`${server.url}records`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: fixtureText('pages/hard-names.txt') });
    expect(res.status, await res.clone().text()).toBe(200);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    if (data) rmSync(data, { recursive: true, force: true });
  });

  /** A new page in a fresh context at a width; its requests are recorded and kept to the server. */
  async function open(width: keyof typeof WIDTHS = 'desktop'): Promise<{ page: Page; requests: string[] }> {
    const context = await browser.newContext({ viewport: WIDTHS[width] });
    contexts.push(context);
    context.setDefaultTimeout(TIMEOUT);
    const requests = await recordRequests(context, origin);
    return { page: await context.newPage(), requests };
  }

  /** The titles of the results listed, in order. */
  const listed = (page: Page) => page.locator('ul.results > li > a:first-child').allTextContents();

  it('search from the home page without accents, as Family, Given: the accented author, with authors, journal and year', async () => {
    const { page, requests } = await open();
    await page.goto(server.url);
    await page.locator('input#q').fill('nunez, jose');
    await Promise.all([page.waitForURL(/\/search\?q=/), page.locator('form.search button[type=submit]').click()]);
    expect(await page.locator('h2').first().textContent()).toMatch(/^Authors named “nunez, jose”/);
    expect((await listed(page))[0]).toBe(HARD_TITLE);
    const byline = await page.locator('ul.results > li .byline').first().innerText();
    expect(byline).toMatch(/^Anna van der Berg, Luca Di Marco, Mary-Kate Smith-Jones et al\. · Trials · 2023$/);
    expect(await page.locator('ul.results > li').first().innerText()).toContain('Matched: José María Núñez');
    expect(requests.every((u) => new URL(u).origin === origin)).toBe(true);
  });

  it('search finds a journal by a word of its name', async () => {
    const { page } = await open();
    await page.goto(`${server.url}search?q=psychiatry`);
    expect(await page.locator('h2', { hasText: 'Journals with “psychiatry”' }).count()).toBe(1);
    expect(await listed(page)).toContain(SEED_TITLE);
  });

  it('browse by journal and by year from the home page', async () => {
    const { page } = await open();
    await page.goto(server.url);
    await Promise.all([page.waitForURL(/\/journals$/), page.locator('main a[href="/journals"]').first().click()]);
    await Promise.all([page.waitForURL(/\/journals\/bmcpsychiatry$/), page.locator('main a', { hasText: 'BMC Psychiatry' }).click()]);
    expect(await page.locator('h1').textContent()).toBe('BMC Psychiatry');
    expect(await listed(page)).toEqual([SEED_TITLE]);

    await page.goto(server.url);
    await Promise.all([page.waitForURL(/\/years$/), page.locator('main a[href="/years"]').first().click()]);
    expect(await page.locator('ul.browse > li > a').allTextContents()).toEqual(['2024', '2023', '2022']);
    await Promise.all([page.waitForURL(/\/years\/2023$/), page.locator('ul.browse a', { hasText: '2023' }).click()]);
    expect(await listed(page)).toContain(HARD_TITLE);
  });

  it('screenshots of search results and the journal and year pages at desktop and phone widths; nothing wider than a phone', async () => {
    const pages: [string, string][] = [
      ['find-search-name', 'search?q=Gillard%2C%20Steve'],
      ['find-search-journal', 'search?q=psychiatry'],
      ['find-journals', 'journals'],
      ['find-journal', 'journals/bmcpsychiatry'],
      ['find-years', 'years'],
      ['find-year', 'years/2023'],
    ];
    for (const width of ['desktop', 'phone'] as const) {
      const { page } = await open(width);
      for (const [name, path] of pages) {
        const res = await page.goto(`${server.url}${path}`);
        expect(res?.status(), path).toBe(200);
        await page.waitForLoadState('networkidle');
        if (width === 'phone') {
          const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
          expect(scroll, `${name} is no wider than the phone`).toBeLessThanOrEqual(client);
          const wide = await page.evaluate(() =>
            [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).map((e) => `${e.tagName}.${e.className}`),
          );
          expect(wide, `${name}: elements past the phone's edge`).toEqual([]);
        }
        await page.screenshot({ path: shotPath(name, width), fullPage: true });
      }
    }
  }, 120_000);
});
