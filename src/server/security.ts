/**
 * Security headers on every answer (pages, API, errors): a Content-Security-Policy that lets the
 * pages and the YASGUI editor run and nothing else (no other host, no injected script, no
 * framing), `X-Content-Type-Options: nosniff`, a `Referrer-Policy`.
 *
 * Inline scripts run only when their text was declared here (`inlineScript`): the policy lists
 * their SHA-256 hashes, so a script that reached a page any other way does not run. Hashes, not
 * nonces: rendered pages are cached and served many times.
 *
 * Not hono/secure-headers: it sets its headers on the built response only, and its defaults
 * (HSTS, `Cross-Origin-Resource-Policy: same-origin`) do not fit a CORS-open data service that
 * is often run on plain HTTP behind a proxy that owns TLS.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

/** Hashes of the inline scripts pages may run. */
const allowedScripts = new Set<string>();

/**
 * The CSP source expression of a script's text: `'sha256-…'`.
 * @example
 * scriptHash('alert(1)'); // "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
 */
export function scriptHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/**
 * Declares an inline script's exact text (what will stand between `<script>` and `</script>`)
 * as allowed to run, and returns it unchanged. Called where a script is defined or rendered
 * (the pages' `InlineScript` component); only this program's own constants belong here.
 * @example
 * const COPY = inlineScript(`\n(function () { … })();\n`);
 * const tag = `<script>${COPY}</script>`;
 */
export function inlineScript(source: string): string {
  allowedScripts.add(scriptHash(source));
  return source;
}

/**
 * The Content-Security-Policy: everything from this origin only; styles may be inline (YASGUI
 * sets them); images and fonts also as `data:` URLs (YASGUI's icons, the page's empty favicon).
 * @example
 * contentSecurityPolicy(); // "default-src 'self'; script-src 'self' 'sha256-…'; …; frame-ancestors 'none'"
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${[...allowedScripts].join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The headers every answer carries, with the policy of the scripts declared so far. */
function headers(): [string, string][] {
  return [
    ['Content-Security-Policy', contentSecurityPolicy()],
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    // For browsers without frame-ancestors.
    ['X-Frame-Options', 'DENY'],
    // The data is for everyone to fetch, as CORS already says.
    ['Cross-Origin-Resource-Policy', 'cross-origin'],
  ];
}

/**
 * Middleware that puts the security headers on every answer.
 * @example
 * app.use('*', securityHeaders());
 */
export function securityHeaders(): MiddlewareHandler {
  let policySize = -1;
  let current: [string, string][] = [];
  return async (c, next) => {
    // Scripts are declared as modules load; the headers are rebuilt only when one more was.
    if (policySize !== allowedScripts.size) [policySize, current] = [allowedScripts.size, headers()];
    // Set before the response exists, so a response built by the handler takes them as it is made.
    for (const [name, value] of current) c.header(name, value);
    await next();
    // A page that declared its script as it rendered (the first time only) needs the new policy.
    if (policySize !== allowedScripts.size) {
      [policySize, current] = [allowedScripts.size, headers()];
      c.res.headers.set('Content-Security-Policy', current[0]![1]);
    }
    // A handler (or an error) that returned a Response of its own did not take them: add them now.
    if (c.res.headers.has('x-content-type-options')) return;
    try {
      for (const [name, value] of current) c.res.headers.set(name, value);
    } catch {
      c.res = new Response(c.res.body, c.res);
      for (const [name, value] of current) c.res.headers.set(name, value);
    }
  };
}
