/**
 * The lexical layer of a SPARQL text that admission.ts and validate.ts share: where comments,
 * strings and IRIs end (so brackets inside them are not counted), and where the prologue ends.
 * Every function here is linear in what it skips and never recurses.
 */

/** An IRI reference as the SPARQL grammar has it (IRIREF): no spaces, quotes, braces or angle brackets inside. */
const IRIREF = /<[^<>"{}|^`\\\u0000-\u0020]*>/y;
const PNAME_NS = /[^\s:<>#]*:/y;
/** A keyword. */
export const WORD = /[A-Za-z]+/y;

/**
 * Where the comment, string or IRI starting at `at` ends (its last index); `at` itself for any other character.
 * @example
 * opaqueEnd('"a{b" }', 0); // 4
 */
export function opaqueEnd(text: string, at: number): number {
  const c = text[at];
  if (c === '#') return lineEnd(text, at);
  if (c === '"' || c === "'") return stringEnd(text, at);
  if (c === '<') return iriEnd(text, at);
  return at;
}

/**
 * Where the prologue (BASE and PREFIX declarations, whitespace, comments) ends.
 * @example
 * prologueEnd('PREFIX s: <http://schema.org/> ASK {}'); // 31
 */
export function prologueEnd(text: string): number {
  let i = skipSpace(text, 0);
  for (;;) {
    WORD.lastIndex = i;
    const word = WORD.exec(text)?.[0].toUpperCase();
    let next = word === 'BASE' || word === 'PREFIX' ? skipSpace(text, WORD.lastIndex) : -1;
    if (next >= 0 && word === 'PREFIX') next = sticky(PNAME_NS, text, next);
    if (next >= 0) next = sticky(IRIREF, text, skipSpace(text, next));
    if (next < 0) return i;
    i = skipSpace(text, next);
  }
}

/** The index after a sticky match of `pattern` at `at`, or -1. */
function sticky(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  return pattern.test(text) ? pattern.lastIndex : -1;
}

/**
 * The index of the next character that is neither whitespace nor in a comment.
 * @example
 * skipSpace('  # note\n ASK', 0); // 10
 */
export function skipSpace(text: string, at: number): number {
  let i = at;
  while (i < text.length) {
    if (text[i] === '#') i = lineEnd(text, i) + 1;
    else if (/\s/.test(text[i]!)) i++;
    else break;
  }
  return i;
}

/** The index of the end of the line `at` is on. */
function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}

/** The index of the closing quote of the string opening at `at` (short or long form, `\` escapes). */
function stringEnd(text: string, at: number): number {
  const quote = text[at]!;
  const triple = quote === '"' ? '"""' : "'''";
  const long = text.startsWith(triple, at);
  let i = at + (long ? 3 : 1);
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') i += 2;
    else if (long && c === quote && text.startsWith(triple, i)) return i + 2;
    else if (!long && (c === quote || c === '\n')) return i;
    else i++;
  }
  return text.length;
}

/** The index of the `>` closing an IRI opening at `at`, or `at` itself when this `<` is an operator. */
function iriEnd(text: string, at: number): number {
  IRIREF.lastIndex = at;
  return IRIREF.test(text) ? IRIREF.lastIndex - 1 : at;
}
