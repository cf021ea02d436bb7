/**
 * Pages that show, not download (issue 14), in headless Chromium against `catalod serve` mounted
 * under a path (`--base http://localhost:PORT/cat/`): the stored-query form lands on a table, VoID
 * is a page, and the query editor holds together on a phone (YASGUI's buttons clear of the
 * editor, nothing wider than the window). Screenshots at desktop and phone widths go to
 * test/artifacts/e2e/ (pages-*.png).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort, startServer, type ServerProcess } from '../commands/server-process.js';
import { HAVE_CHROMIUM, WIDTHS, launchChromium, recordRequests, shotPath } from './chromium.js';

const TIMEOUT = 30_000;

if (!HAVE_CHROMIUM) console.warn('browser tests skipped: /usr/bin/chromium is missing (apt-get install chromium; .ci/run does this)');

/** A box as Playwright measures it. */
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** True when two boxes share any area (touching edges do not count). */
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe.skipIf(!HAVE_CHROMIUM)('pages that show, in Chromium, under /cat/', () => {
  let server: ServerProcess;
  let data: string;
  let browser: Browser;
  let origin: string;
  /** The server's base path URL: `http://localhost:PORT/cat/`. */
  let base: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'catalod-e2e-pages-'));
    const port = await freePort();
    base = `http://localhost:${port}/cat/`;
    server = await startServer({ data, port, extra: ['--base', base] });
    origin = new URL(base).origin;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    if (data) rmSync(data, { recursive: true, force: true });
  });

  /** A new page in a fresh context at a width; requests to other hosts are stopped and recorded. */
  async function open(width: keyof typeof WIDTHS = 'desktop'): Promise<{ page: Page; requests: string[] }> {
    const context = await browser.newContext({ viewport: WIDTHS[width] });
    contexts.push(context);
    context.setDefaultTimeout(TIMEOUT);
    const requests = await recordRequests(context, origin);
    return { page: await context.newPage(), requests };
  }

  /** The page's full width against the window's: a page wider than the window scrolls sideways. */
  const widths = (page: Page) => page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth] as const);

  it('the /queries form lands on a table, not a download; its cells link here and its formats are links', async () => {
    const { page } = await open();
    await page.goto(`${base}queries`);
    const section = page.locator('section', { has: page.locator('h2#works-by-author-name') });
    await section.locator('input[name="name"]').fill('Gillard');
    const [answer] = await Promise.all([page.waitForNavigation(), section.locator('button[type=submit]').click()]);
    expect(answer!.headers()['content-type']).toMatch(/^text\/html/);
    expect(new URL(page.url()).pathname).toBe('/cat/queries/works-by-author-name');
    const table = page.locator('.results table');
    await table.waitFor();
    expect(await table.locator('thead th').allTextContents()).toEqual(['work', 'title', 'date', 'person', 'authorName']);
    expect(await table.innerText()).toContain('Steve Gillard');
    const workLink = table.locator('tbody td:first-child a').first();
    expect(await workLink.getAttribute('href')).toBe('/cat/work/doi/10.1186/s12888-022-03999-9');
    expect(await page.locator('ul.formats a').allTextContents()).toEqual(['SPARQL JSON', 'SPARQL XML', 'CSV', 'TSV']);
    const csv = await page.locator('ul.formats a', { hasText: 'CSV' }).getAttribute('href');
    const res = await fetch(new URL(csv!, origin));
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    await Promise.all([page.waitForURL(/\/cat\/work\//), workLink.click()]);
    expect(await page.locator('h1').textContent()).toContain('peer worker');
  });

  it('the header’s VoID link opens a page: the dataset, its classes, the Turtle, the syntaxes', async () => {
    const { page } = await open();
    await page.goto(base);
    await Promise.all([page.waitForURL(/\/cat\/\.well-known\/void$/), page.locator('header.site a', { hasText: 'VoID' }).click()]);
    expect(await page.locator('h1').textContent()).toBe('VoID description');
    expect(await page.locator('#classes table tbody tr').count()).toBeGreaterThan(3);
    expect(await page.locator('details summary').first().textContent()).toBe('Turtle');
    const turtle = await page.locator('ul.formats a', { hasText: 'Turtle' }).getAttribute('href');
    expect(turtle).toBe('/cat/.well-known/void?format=turtle');
    const res = await fetch(new URL(turtle!, origin));
    expect(res.headers.get('content-type')).toMatch(/^text\/turtle/);
    // A program asking for anything still gets Turtle.
    expect((await fetch(`${base}.well-known/void`, { headers: { accept: '*/*' } })).headers.get('content-type')).toMatch(/^text\/turtle/);
  });

  it('the brand link goes home under /cat/', async () => {
    const { page } = await open();
    await page.goto(`${base}queries`);
    const [answer] = await Promise.all([page.waitForNavigation(), page.locator('header.site a.brand').click()]);
    expect(answer!.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/cat/');
  });

  it('on a phone the query editor holds together: YASGUI’s buttons clear of the editor and the tabs, nothing wider than the window', async () => {
    const { page } = await open('phone');
    await page.goto(`${base}sparql`);
    const editor = page.locator('.tabPanel.active .yasqe .CodeMirror');
    await editor.waitFor();
    const run = page.locator('.tabPanel.active .yasqe_queryButton');
    const buttons = page.locator('.tabPanel.active .yasqe_buttons');
    expect(overlaps((await buttons.boundingBox())!, (await editor.boundingBox())!), 'run/share buttons over the editor').toBe(false);
    expect(overlaps((await run.boundingBox())!, (await editor.boundingBox())!)).toBe(false);
    // The tab's settings button stays in its bar, off the tab names.
    const settings = page.locator('.yasgui .controlbar .tabContextButton');
    expect(overlaps((await settings.boundingBox())!, (await page.locator('.yasgui .tabsList').boundingBox())!), 'settings button over the tabs').toBe(false);
    const [scroll, client] = await widths(page);
    expect(scroll, 'the editor page is no wider than the phone').toBeLessThanOrEqual(client);

    // Run an example whose answer is long IRIs: the table wraps or scrolls in its own box, the page does not.
    await page.getByRole('button', { name: 'works-by-author-name', exact: true }).click();
    await run.click();
    const cell = page.locator('.tabPanel.active .yasr table tbody tr td').nth(1);
    await cell.waitFor();
    const [after, window] = await widths(page);
    expect(after, 'the page with results is no wider than the phone').toBeLessThanOrEqual(window);
    const iri = page.locator('.tabPanel.active .yasr table tbody a').first();
    const box = (await iri.boundingBox())!;
    const wrapper = (await page.locator('.tabPanel.active .yasr .yasr_results').boundingBox())!;
    // A long IRI is readable: it wraps within the table (taller than one line) or the table scrolls.
    const scrolls = await page.locator('.tabPanel.active .yasr .yasr_results').evaluate((e) => e.scrollWidth > e.clientWidth);
    expect(box.x + box.width <= wrapper.x + wrapper.width + 1 || scrolls).toBe(true);
    expect(overlaps((await buttons.boundingBox())!, (await editor.boundingBox())!)).toBe(false);
    await page.screenshot({ path: shotPath('pages-sparql', 'phone'), fullPage: true });
  });

  it('screenshots of the stored-query table, the VoID page and the query editor at desktop and phone widths; none wider than a phone; nothing asked of another host', async () => {
    for (const width of ['desktop', 'phone'] as const) {
      const { page, requests } = await open(width);
      const pages: [string, string][] = [
        ['pages-query-table', 'queries/works-by-author-name?name=Gillard'],
        ['pages-query-list', 'queries'],
        ['pages-void', '.well-known/void'],
        ['pages-sparql', 'sparql'],
      ];
      for (const [name, path] of pages) {
        const answer = await page.goto(`${base}${path}`);
        expect(answer!.status(), path).toBe(200);
        expect(answer!.headers()['content-type'], path).toMatch(/^text\/html/);
        await page.waitForLoadState('networkidle');
        if (name === 'pages-sparql') {
          const editor = page.locator('.tabPanel.active .yasqe .CodeMirror');
          await editor.waitFor();
          const buttons = (await page.locator('.tabPanel.active .yasqe_buttons').boundingBox())!;
          expect(overlaps(buttons, (await editor.boundingBox())!), `${width}: buttons over the editor`).toBe(false);
        }
        if (width === 'phone') {
          const [scroll, client] = await widths(page);
          expect(scroll, `${name} is no wider than the phone`).toBeLessThanOrEqual(client);
        }
        if (!(name === 'pages-sparql' && width === 'phone')) await page.screenshot({ path: shotPath(name, width), fullPage: true });
      }
      expect(requests.filter((u) => !/^(data|blob|about):/.test(u) && new URL(u).origin !== origin)).toEqual([]);
    }
  }, 120_000);
});
