/**
 * The HTML every page shares: a plain semantic shell (header with the site links, main, footer),
 * no script needed, readable on a phone, and escaping helpers. Pages put their content in `main`.
 */
import { escapeAttribute } from '../writers/html.js';

/**
 * Escapes text for element content.
 * @example
 * escapeHtml('a < b & c'); // 'a &lt; b &amp; c'
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes text for an attribute value in double quotes. */
export const attr = escapeAttribute;

export interface PageOptions {
  title: string;
  /** Main content, already HTML. */
  body: string;
  /** Extra `<head>` content, already HTML (meta tags, alternates, JSON-LD). */
  head?: string;
  /** Path prefix the server is mounted at (the base IRI's path), `/` by default. */
  root?: string;
  lang?: string;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:50rem;padding:0 1rem;color:#222}
header nav{display:flex;flex-wrap:wrap;gap:1rem;padding:.75rem 0;border-bottom:1px solid #ddd}
h1{font-size:1.6rem;line-height:1.25}
dl{display:grid;grid-template-columns:minmax(7rem,max-content) 1fr;gap:.25rem 1rem}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.25rem .5rem;border-bottom:1px solid #eee;overflow-wrap:anywhere}
textarea{width:100%;font-family:monospace}
footer{margin:2rem 0;padding-top:.75rem;border-top:1px solid #ddd;font-size:.9rem}`;

/**
 * A whole page.
 * @example
 * page({ title: 'Not found', body: '<p>No such record.</p>' });
 */
export function page(options: PageOptions): string {
  const root = options.root ?? '/';
  return `<!DOCTYPE html>
<html lang="${attr(options.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} · catalod</title>
<style>${STYLE}</style>
${options.head ?? ''}</head>
<body>
<header><nav aria-label="site"><a href="${attr(root)}">catalod</a><a href="${attr(root)}sparql">SPARQL</a><a href="${attr(root)}queries">Stored queries</a><a href="${attr(root)}.well-known/void">VoID</a><a href="${attr(root)}dump.nq">Dump</a></nav></header>
<main>
${options.body}
</main>
<footer>Linked data from catalogue records, by catalod.</footer>
</body>
</html>
`;
}

/**
 * `<a href="…">text</a>`, text and address escaped.
 * @example
 * link('/sparql', 'SPARQL & more'); // '<a href="/sparql">SPARQL &amp; more</a>'
 */
export function link(href: string, text: string, extra = ''): string {
  return `<a href="${attr(href)}"${extra}>${escapeHtml(text)}</a>`;
}
