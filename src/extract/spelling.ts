/**
 * What only `spelling` (VuFind's all-fields text) holds for PubMed/PMC harvests: the journal
 * title (between the author names and the topic/abstract), the full publication date, the
 * language code, the copyright line and the licence URL.
 */
import { vocabJson } from '../vocab.js';

const CC_URL = /https?:\/\/(?:www\.)?creativecommons\.org\/(licenses\/[a-z-]+\/\d\.\d(?:\/[a-z]{2}(?=\/|\b))?|publicdomain\/(?:zero|mark)\/1\.0)/i;
const ISO_DATE = /(?:^|\s)(\d{4})-(\d{2})(?:-(\d{2}))?(?=\s|$)/g;
const LANG_CODE = /\sText\s([a-z]{2,3})(?=\s)/;
// The URL that ends a copyright line; the characters its scan tells apart.
const URL_START = /https?:\/\//gi;
const SPACE = /\s/;
const WORD = /\w/;

/** Canonical Creative Commons IRI of the first licence URL in `text`, if any. */
export function licenceIn(text: string): string | undefined {
  const m = CC_URL.exec(text);
  return m ? canonicalLicence(m[1]!) : undefined;
}

/** `licenses/BY/4.0` → `https://creativecommons.org/licenses/by/4.0/`. */
export function canonicalLicence(path: string): string {
  return `https://creativecommons.org/${path.toLowerCase().replace(/\/+$/, '')}/`;
}

/** Publication dates standing alone (not glued to the OAI identifier), as `YYYY-MM-DD` or `YYYY-MM`. */
export function datesIn(text: string): string[] {
  return [...text.matchAll(ISO_DATE)]
    .filter((m) => Number(m[2]) >= 1 && Number(m[2]) <= 12 && (m[3] === undefined || (Number(m[3]) >= 1 && Number(m[3]) <= 31)))
    .map((m) => (m[3] ? `${m[1]}-${m[2]}-${m[3]}` : `${m[1]}-${m[2]}`));
}

/** The language code after the `Text` type, as a BCP 47 tag. */
export function languageCodeIn(text: string): string | undefined {
  const code = LANG_CODE.exec(text)?.[1];
  return code ? bcp47(code) : undefined;
}

/** ISO 639 code or language name (English or Spanish) to a BCP 47 tag. */
export function bcp47(text: string): string | undefined {
  const table = vocabJson<{ names: Record<string, string>; codes: Record<string, string> }>('languages.json');
  const t = text.trim().toLowerCase();
  if (/^[a-z]{2}$/.test(t)) return t;
  return table.codes[t] ?? table.names[t];
}

/**
 * The copyright line (`© The Author(s) 2022`), which runs up to the licence URL. It follows the
 * language code, so the search starts there: an abstract's "(c)" is no copyright.
 */
export function copyrightIn(text: string): string | undefined {
  const lang = LANG_CODE.exec(text);
  const line = firstCopyrightLine(lang ? text.slice(lang.index + lang[0].length) : text)?.trim();
  return line && line.length <= 300 ? line : undefined;
}

/**
 * The first opening whose line reaches a URL (or the end) with no other `©` on the way, cut
 * where the white space before that URL begins. One pass: the next URL and the next `©` are
 * looked up again only once the scan has passed them. (A lazy regex with a `\s*` look-ahead
 * re-read each run of spaces from every position in it: 200,000 spaces took seconds.)
 */
function firstCopyrightLine(text: string): string | undefined {
  let url = -1;
  let sign = -1;
  let stop = -1;
  let stopFrom = -1;
  for (let at = 0; at < text.length; at++) {
    const from = openingEnd(text, at);
    if (from < 0) continue;
    if (url < from) url = nextUrl(text, from);
    if (sign < from) sign = orEnd(text.indexOf('©', from), text);
    if (stop !== url) [stop, stopFrom] = [url, spaceRunStart(text, url)];
    const end = Math.max(from, stopFrom);
    if (sign >= end) return text.slice(at, end);
  }
  return undefined;
}

/** Where a copyright opening at `at` ends (`©`, `(c)`, or `Copyright` with the sign after it), or -1. */
function openingEnd(text: string, at: number): number {
  const c = text[at];
  if (c === '©') return at + 1;
  if (c === '(') return isParenC(text, at) ? at + 3 : -1;
  if ((c !== 'C' && c !== 'c') || text.slice(at, at + 9).toLowerCase() !== 'copyright' || WORD.test(text[at + 9] ?? ' ')) return -1;
  let end = at + 9;
  while (end < text.length && SPACE.test(text[end]!)) end++;
  if (text[end] === '©') return end + 1;
  return isParenC(text, end) ? end + 3 : end;
}

/** `(c)` or `(C)` at `at`. */
function isParenC(text: string, at: number): boolean {
  return text[at] === '(' && (text[at + 1] === 'c' || text[at + 1] === 'C') && text[at + 2] === ')';
}

/** Where the next `http://` or `https://` (any case) starts, from `from`; the text's length when none does. */
function nextUrl(text: string, from: number): number {
  URL_START.lastIndex = from;
  return orEnd(URL_START.exec(text)?.index ?? -1, text);
}

/** An index, or the text's length for -1. */
function orEnd(index: number, text: string): number {
  return index < 0 ? text.length : index;
}

/** Where the run of white space that ends at `at` begins. */
function spaceRunStart(text: string, at: number): number {
  while (at > 0 && SPACE.test(text[at - 1]!)) at--;
  return at;
}

/**
 * The journal: the text after the run of author names (after the title when there are none) and
 * before the topic and the abstract. Returns undefined when the anchors are not found, rather than guess.
 */
export function journalIn(spelling: string, authorsRun: string, topics: readonly string[], ends: readonly (string | undefined)[], title: string | undefined): string | undefined {
  const titleAt = title ? spelling.indexOf(title) : -1;
  const anchor = authorsRun || title;
  const anchorAt = authorsRun ? spelling.indexOf(authorsRun, Math.max(0, titleAt)) : titleAt;
  if (!anchor || anchorAt < 0) return undefined;
  const from = anchorAt + anchor.length;
  // The abstract's opening words end the journal; without an abstract, the publisher does.
  const to = ends.map((end) => (end ? spelling.indexOf(end.slice(0, 60), from) : -1)).find((at) => at >= 0) ?? -1;
  if (to < 0) return undefined;
  let between = spelling.slice(from, to).trim();
  for (const topic of [...topics].reverse())
    if (topic && between.endsWith(topic)) between = between.slice(0, -topic.length).trim();
  return between && between.length <= 200 ? between : undefined;
}
