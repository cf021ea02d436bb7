/**
 * Shared set-up for the browser tests: Debian's Chromium (never a downloaded browser) driven by
 * playwright-core, a record of every request a page makes, and where screenshots go.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { ROOT } from '../helpers.js';

/** Debian's `chromium` package (`.ci/run` installs it when missing). */
export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);

/** Screenshots for people to look at (git-ignored). */
export const ARTIFACTS = `${ROOT}test/artifacts/e2e/`;

/** Page widths the screenshots are taken at: a desktop window and a phone. */
export const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } } as const;

/**
 * Starts headless Chromium. Background networking, component updates and sync are off, so the
 * browser itself asks no other host for anything while the tests watch what pages request.
 */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Records every URL the context's pages request, and stops any request to another origin than
 * `origin` (it is recorded first, so a test sees it).
 */
export async function recordRequests(context: BrowserContext, origin: string): Promise<string[]> {
  const seen: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    seen.push(url);
    return new URL(url).origin === origin ? route.continue() : route.abort('blockedbyclient');
  });
  return seen;
}

/** The screenshot path for a page at a width, the folder made if needed. */
export function shotPath(name: string, width: keyof typeof WIDTHS): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return `${ARTIFACTS}${name}-${width}-${WIDTHS[width].width}.png`;
}
