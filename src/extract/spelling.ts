/**
 * What only `spelling` (VuFind's all-fields text) holds for PubMed/PMC harvests: the journal
 * title (between the author names and the topic/abstract), the full publication date, the
 * language code, the copyright line and the licence URL.
 */
import { vocabJson } from '../vocab.js';

const CC_URL = /https?:\/\/(?:www\.)?creativecommons\.org\/(licenses\/[a-z-]+\/\d\.\d(?:\/[a-z]{2}(?=\/|\b))?|publicdomain\/(?:zero|mark)\/1\.0)/i;
const ISO_DATE = /(?:^|\s)(\d{4})-(\d{2})(?:-(\d{2}))?(?=\s|$)/g;
const LANG_CODE = /\sText\s([a-z]{2,3})(?=\s)/;
const COPYRIGHT = /(?:Copyright\b\s*(?:©|\(c\))?|©|\(c\))[^©]*?(?=\s*(?:https?:\/\/|$))/i;

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
  const m = COPYRIGHT.exec(lang ? text.slice(lang.index + lang[0].length) : text);
  const line = m?.[0].trim();
  return line && line.length <= 300 ? line : undefined;
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
