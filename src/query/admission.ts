/**
 * Admission of a query text on the HTTP thread, before any parser sees it: one linear pass, bounded
 * by the text's size, that never builds a tree and never recurses.
 *
 * - a text larger than `maxQueryBytes` (UTF-8) → 413;
 * - brackets (`{ ( [`) nested deeper than `maxQueryDepth` → 400: the parsers recurse per level,
 *   their time grows steeply with depth and they overflow the stack at a few hundred to a few
 *   thousand levels (traqula at ~100 nested parentheses);
 * - the query form is the first keyword after the prologue (BASE / PREFIX declarations), as the
 *   grammar says (`Prologue (Select | Construct | Describe | Ask)`): the HTTP thread negotiates the
 *   answer's media type from it, and leaves the real parse to the query worker, under the deadline.
 *   An update keyword there → 403; anything else cannot be a query → 400.
 *
 * Strings, IRIs and comments are skipped, so a `{` inside a literal does not count as nesting.
 */
import type { QueryForm } from './validate.js';
import { READ_ONLY_MESSAGE } from './validate.js';
import { opaqueEnd, prologueEnd, WORD } from './lexical.js';

/** How large and how deep a query text may be. */
export interface AdmissionLimits {
  /** Most UTF-8 bytes of query text (default 256 KiB). */
  maxQueryBytes?: number;
  /** Most nested brackets `{ ( [` (default 64). */
  maxQueryDepth?: number;
}

export const DEFAULT_MAX_QUERY_BYTES = 256 * 1024;
export const DEFAULT_MAX_QUERY_DEPTH = 64;

export type Admission = { ok: true; form: QueryForm } | { ok: false; status: 400 | 403 | 413; message: string };

const FORMS = new Set(['SELECT', 'CONSTRUCT', 'DESCRIBE', 'ASK']);
const UPDATES = new Set(['INSERT', 'DELETE', 'LOAD', 'CLEAR', 'DROP', 'CREATE', 'ADD', 'MOVE', 'COPY', 'WITH']);

/**
 * Admits a query text or says why not.
 * @example
 * admitQuery('PREFIX s: <http://schema.org/> CONSTRUCT WHERE { ?a s:name ?n }'); // { ok: true, form: 'CONSTRUCT' }
 * admitQuery(`SELECT * { ${'{'.repeat(500)} }`).ok;                            // false (400: nested too deep)
 */
export function admitQuery(text: string, limits: AdmissionLimits = {}): Admission {
  const maxBytes = limits.maxQueryBytes ?? DEFAULT_MAX_QUERY_BYTES;
  const maxDepth = limits.maxQueryDepth ?? DEFAULT_MAX_QUERY_DEPTH;
  // Four bytes per code unit at most: only a text that might be too large is measured.
  if (text.length * 3 > maxBytes && Buffer.byteLength(text) > maxBytes) {
    return { ok: false, status: 413, message: `query too large: at most ${maxBytes} bytes of query text` };
  }
  const depth = maxNesting(text, maxDepth);
  if (depth > maxDepth) return { ok: false, status: 400, message: `query nested too deep: at most ${maxDepth} levels of { ( [ brackets` };
  const keyword = firstKeyword(text);
  if (keyword && FORMS.has(keyword)) return { ok: true, form: keyword as QueryForm };
  if (keyword && UPDATES.has(keyword)) return { ok: false, status: 403, message: READ_ONLY_MESSAGE };
  const found = keyword ?? JSON.stringify(text.slice(prologueEnd(text), prologueEnd(text) + 20));
  return { ok: false, status: 400, message: `malformed query: expected SELECT, CONSTRUCT, DESCRIBE or ASK after the prologue, found ${found}` };
}

/**
 * The deepest bracket nesting in a text, outside strings, IRIs and comments; stops counting once
 * past `stopAt`. Linear: each character is looked at a bounded number of times.
 * @example
 * maxNesting('SELECT * { FILTER(?x = "{{{") }', 64); // 2
 */
export function maxNesting(text: string, stopAt = Infinity): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i = opaqueEnd(text, i) + 1) {
    const c = text[i]!;
    if (c === '{' || c === '(' || c === '[') {
      if (++depth > deepest && (deepest = depth) > stopAt) return deepest;
    } else if ((c === '}' || c === ')' || c === ']') && depth > 0) depth--;
  }
  return deepest;
}

/** The first keyword after the prologue, upper-cased, or undefined when none follows it. */
function firstKeyword(text: string): string | undefined {
  const at = prologueEnd(text);
  WORD.lastIndex = at;
  return WORD.exec(text)?.[0].toUpperCase();
}

