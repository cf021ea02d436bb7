/**
 * The string helpers for pages still built as HTML text (the stored-query pages, queries.ts):
 * escaping, a link, and the shared shell. Every other page is a Hono JSX component under pages/,
 * which escapes by construction; new pages should be components too.
 */
import { escapeAttribute } from '../writers/html.js';
import { htmlPage, type HtmlPageOptions } from './pages/layout.js';

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

export type PageOptions = HtmlPageOptions;

/**
 * A whole page around a body that is HTML already (the shell of pages/layout.tsx).
 * @example
 * page({ title: 'Not found', body: '<p>No such record.</p>' });
 */
export const page = htmlPage;

/**
 * `<a href="…">text</a>`, text and address escaped.
 * @example
 * link('/sparql', 'SPARQL & more'); // '<a href="/sparql">SPARQL &amp; more</a>'
 */
export function link(href: string, text: string, extra = ''): string {
  return `<a href="${attr(href)}"${extra}>${escapeHtml(text)}</a>`;
}
