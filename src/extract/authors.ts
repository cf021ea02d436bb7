/**
 * Authors in order. A page's staff view runs the values of `author` together
 * ("Gillard, Steve Foster, Rhiannon …"); the work keys name each author exactly, so they cut
 * the run. Where no key fits, the comma heuristic takes over for that stretch, with a warning.
 */
import type { Author, Warning } from '../model.js';
import { familyGiven, splitRunTogether } from './names.js';
import { workKeyNorm } from './workkeys.js';

/** Result of cutting a run-together author string. */
export interface AuthorCut {
  authors: Author[];
  warnings: Warning[];
}

/**
 * Cuts `text` into authors whose normalised names are `keys` (in order; a key may repeat when
 * two authors share a normalised name, since VuFind drops repeated keys).
 */
export function cutByKeys(text: string, keys: readonly string[], from: string, line?: number): AuthorCut {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const norms = words.map(workKeyNorm);
  const failed = new Set<string>();
  const keySet = new Set(keys);

  // Depth-first: at word i with next expected key k, try each span whose norm is a key.
  const search = (i: number, k: number): number[] | undefined => {
    if (i === words.length) return k === keys.length ? [] : undefined;
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
      if (rest) return [j + 1, ...rest];
    }
    failed.add(memo);
    return undefined;
  };

  const ends = keys.length > 0 ? search(0, 0) : undefined;
  if (ends) {
    let start = 0;
    const authors = ends.map((end) => {
      const author = familyGiven(words.slice(start, end).join(' '), from);
      start = end;
      return author;
    });
    return { authors, warnings: [] };
  }
  return partialCut(words, norms, keySet, from, line);
}

/** Where the keys do not cut the whole run: keep every span a key names, cut the gaps by heuristic. */
function partialCut(words: string[], norms: string[], keys: Set<string>, from: string, line?: number): AuthorCut {
  const authors: Author[] = [];
  const gaps: string[] = [];
  let gapStart = 0;
  let i = 0;
  while (i < words.length) {
    const end = keySpanAt(norms, i, keys);
    if (end === undefined) {
      i++;
      continue;
    }
    if (gapStart < i) gaps.push(flushGap(words.slice(gapStart, i), authors, from));
    authors.push(familyGiven(words.slice(i, end).join(' '), from));
    i = gapStart = end;
  }
  if (gapStart < words.length) gaps.push(flushGap(words.slice(gapStart), authors, from));
  const warnings: Warning[] = gaps.map((gap) => ({
    message: keys.size === 0
      ? `${from}: no work keys to cut the author names; split "${gap}" by commas (check the result)`
      : `${from}: no work key matches "${gap}"; split by commas (check the result)`,
    line,
  }));
  return { authors, warnings };
}

function flushGap(words: string[], authors: Author[], from: string): string {
  const text = words.join(' ');
  authors.push(...splitRunTogether(text, from));
  return text;
}

/** End of the shortest span at `i` whose norm is a key, but only where the span ends a name (a word with a comma inside it). */
function keySpanAt(norms: string[], i: number, keys: Set<string>): number | undefined {
  let acc = '';
  for (let j = i; j < norms.length; j++) {
    acc += norms[j];
    if (keys.has(acc)) return j + 1;
    if (acc.length > 255) return undefined;
  }
  return undefined;
}
