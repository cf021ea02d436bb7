/**
 * Authors in order. A page's staff view runs the values of `author` together
 * ("Gillard, Steve Foster, Rhiannon …"); the work keys name each author exactly, so they cut
 * the run. Where no key fits, the comma heuristic takes over for that stretch, with a warning.
 */
import type { Author, Warning } from '../model.js';
import { familyGiven, splitRunTogether } from './names.js';
import { workKeyNorm } from './workkeys.js';

/** Result of cutting a run-together author string; `keysUsed` keys from the front named its authors. */
export interface AuthorCut {
  authors: Author[];
  warnings: Warning[];
  keysUsed: number;
}

/**
 * Cuts `text` into authors whose normalised names are the first keys of `keys`, in order (a key
 * may repeat when two authors share a normalised name, since VuFind drops repeated keys; keys
 * left over belong to a later author field).
 */
export function cutByKeys(text: string, keys: readonly string[], from: string, line?: number): AuthorCut {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const norms = words.map(workKeyNorm);
  const failed = new Set<string>();

  // Depth-first: at word i with next expected key k, try each span whose norm is a key; ends with the keys used.
  const search = (i: number, k: number): { ends: number[]; used: number } | undefined => {
    if (i === words.length) return { ends: [], used: k };
    const memo = `${i}:${k}`;
    if (failed.has(memo)) return undefined;
    let acc = '';
    for (let j = i; j < words.length; j++) {
      acc += norms[j];
      if (acc.length > 255) break;
      const fitsNext = acc === keys[k];
      const repeats = !fitsNext && keys.indexOf(acc) >= 0 && keys.indexOf(acc) < k;
      if (!fitsNext && !repeats) continue;
      const rest = search(j + 1, fitsNext ? k + 1 : k);
      if (rest) return { ends: [j + 1, ...rest.ends], used: rest.used };
    }
    failed.add(memo);
    return undefined;
  };

  const cut = keys.length > 0 && words.length > 0 ? search(0, 0) : undefined;
  if (cut) {
    let start = 0;
    const authors = cut.ends.map((end) => {
      const author = familyGiven(words.slice(start, end).join(' '), from);
      start = end;
      return author;
    });
    return { authors, warnings: [], keysUsed: cut.used };
  }
  return partialCut(words, norms, keys, from, line);
}

/** Where the keys do not cut the whole run: keep every span a key names, cut the gaps by heuristic. */
function partialCut(words: string[], norms: string[], keys: readonly string[], from: string, line?: number): AuthorCut {
  const authors: Author[] = [];
  const gaps: string[] = [];
  let gapStart = 0;
  let keysUsed = 0;
  let i = 0;
  while (i < words.length) {
    const span = keySpanAt(norms, i, keys);
    if (span === undefined) {
      i++;
      continue;
    }
    if (gapStart < i) gaps.push(flushGap(words.slice(gapStart, i), authors, from));
    authors.push(familyGiven(words.slice(i, span.end).join(' '), from));
    keysUsed = Math.max(keysUsed, span.key + 1);
    i = gapStart = span.end;
  }
  if (gapStart < words.length) gaps.push(flushGap(words.slice(gapStart), authors, from));
  const warnings: Warning[] = gaps.map((gap) => ({
    message: keys.length === 0
      ? `${from}: no work keys to cut the author names; split "${gap}" by commas (check the result)`
      : `${from}: no work key matches "${gap}"; split by commas (check the result)`,
    line,
  }));
  return { authors, warnings, keysUsed };
}

function flushGap(words: string[], authors: Author[], from: string): string {
  const text = words.join(' ');
  authors.push(...splitRunTogether(text, from));
  return text;
}

/** The shortest run of words from `i` whose joined norm is a key: where it ends, and which key. */
function keySpanAt(norms: string[], i: number, keys: readonly string[]): { end: number; key: number } | undefined {
  let acc = '';
  for (let j = i; j < norms.length; j++) {
    acc += norms[j];
    const key = keys.indexOf(acc);
    if (key >= 0) return { end: j + 1, key };
    if (acc.length > 255) return undefined;
  }
  return undefined;
}
