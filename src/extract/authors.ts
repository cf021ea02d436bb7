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

/** Work keys are VuFind norms cut at 255 characters: a longer span is no key. */
const KEY_MAX = 255;
/** Span extensions the search may try per word before it settles for the partial cut. */
const SEARCH_STEPS_PER_WORD = 64;

/**
 * Cuts `text` into authors whose normalised names are the first keys of `keys`, in order (a key
 * may repeat when two authors share a normalised name, since VuFind drops repeated keys; keys
 * left over belong to a later author field). Linear in the text: spans grow along a trie of the
 * keys, and the search is iterative and bounded.
 * @example
 * cutByKeys('Lindqvist, Maja Hassan, Amira', ['lindqvistmaja', 'hassanamira'], 'author').authors.map((a) => a.family);
 * // ['Lindqvist', 'Hassan']
 */
export function cutByKeys(text: string, keys: readonly string[], from: string, line?: number): AuthorCut {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const units = unitsOf(words.map(workKeyNorm));
  const trie = new KeyTrie(keys);
  const cut = keys.length > 0 && words.length > 0 ? searchCut(units, keys, trie) : undefined;
  if (cut && cut !== 'too many') {
    let start = 0;
    const authors = cut.ends.map((end) => {
      const author = familyGiven(words.slice(start, end).join(' '), from);
      start = end;
      return author;
    });
    return { authors, warnings: [], keysUsed: cut.used };
  }
  const partial = partialCut(words, units, trie, keys.length, from, line);
  if (cut === 'too many')
    partial.warnings.unshift({ message: `${from}: the work keys leave too many ways to cut ${words.length} words into names; cut where each key first fits (check the result)`, line });
  return partial;
}

/**
 * Words grouped so that each group adds to the norm: a word with nothing to normalise (`-`, `©`)
 * goes with the next word, trailing ones with the last. A span then holds at most 255 groups,
 * where a run of `©`s once made every span reach the end of the text (quadratic).
 */
interface Unit {
  /** First word. */
  start: number;
  /** The word that gives the norm. */
  word: number;
  /** After the last word (trailing norm-less words included). */
  end: number;
  norm: string;
}

function unitsOf(norms: string[]): Unit[] {
  const units: Unit[] = [];
  let start = 0;
  norms.forEach((norm, i) => {
    if (norm === '') return;
    units.push({ start, word: i, end: i + 1, norm });
    start = i + 1;
  });
  if (start < norms.length) {
    if (units.length) units[units.length - 1]!.end = norms.length;
    else units.push({ start, word: norms.length - 1, end: norms.length, norm: '' });
  }
  return units;
}

/** The keys as a character trie: a span stops growing as soon as no key begins with its norm. */
class KeyTrie {
  private readonly edges = new Map<string, number>();
  /** Node → the first index of the key that ends there. */
  private readonly keys = new Map<number, number>();
  private nodes = 1;

  constructor(keys: readonly string[]) {
    keys.forEach((key, n) => {
      if (key.length > KEY_MAX) return;
      let node = 0;
      for (const c of key) node = this.edges.get(`${node}:${c}`) ?? this.add(node, c);
      if (!this.keys.has(node)) this.keys.set(node, n);
    });
  }

  /** The node `text` leads to from `node`, or -1 when no key goes on so. */
  walk(node: number, text: string): number {
    for (const c of text) {
      node = this.edges.get(`${node}:${c}`) ?? -1;
      if (node < 0) return -1;
    }
    return node;
  }

  /** The first index of the key ending at `node`, if one does. */
  keyAt(node: number): number | undefined {
    return this.keys.get(node);
  }

  private add(node: number, c: string): number {
    this.edges.set(`${node}:${c}`, this.nodes);
    return this.nodes++;
  }
}

/** A search step: spans from unit `i` with next expected key `k`, grown up to unit `j` (reaching trie `node`). */
interface Frame {
  i: number;
  k: number;
  j: number;
  node: number;
}

/**
 * Depth-first, shortest span first, with the spans that failed remembered: the cut of every unit
 * into spans named by keys in order, the word each span ends at and the keys used. Iterative,
 * since a run of thousands of names overflowed the stack; bounded in steps, since keys that
 * repeat can leave many ways to try ('too many').
 */
function searchCut(units: Unit[], keys: readonly string[], trie: KeyTrie): { ends: number[]; used: number } | undefined | 'too many' {
  const failed = new Set<number>();
  const state = (i: number, k: number) => i * (keys.length + 1) + k;
  const stack: Frame[] = [{ i: 0, k: 0, j: 0, node: 0 }];
  let steps = SEARCH_STEPS_PER_WORD * units.length + 1_000;
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (f.i === units.length) return { ends: stack.slice(0, -1).map((s) => units[s.j - 1]!.end), used: f.k };
    if (f.node < 0 || f.j === units.length) {
      failed.add(state(f.i, f.k));
      stack.pop();
      continue;
    }
    if (--steps < 0) return 'too many';
    f.node = trie.walk(f.node, units[f.j++]!.norm);
    const key = f.node < 0 ? undefined : trie.keyAt(f.node);
    if (key === undefined) continue;
    const fitsNext = keys[key] === keys[f.k];
    if (!fitsNext && key >= f.k) continue;
    const next = fitsNext ? f.k + 1 : f.k;
    if (!failed.has(state(f.j, next))) stack.push({ i: f.j, k: next, j: f.j, node: 0 });
  }
  return undefined;
}

/** Where the keys do not cut the whole run: keep every span a key names, cut the gaps by heuristic. */
function partialCut(words: string[], units: Unit[], trie: KeyTrie, keyCount: number, from: string, line?: number): AuthorCut {
  const authors: Author[] = [];
  const gaps: string[] = [];
  let gapStart = 0;
  let keysUsed = 0;
  let u = 0;
  while (u < units.length) {
    const span = keySpanAt(units, u, trie);
    if (span === undefined) {
      u++;
      continue;
    }
    const start = units[u]!.start;
    const end = units[span.end - 1]!.word + 1;
    if (gapStart < start) gaps.push(flushGap(words.slice(gapStart, start), authors, from));
    authors.push(familyGiven(words.slice(start, end).join(' '), from));
    keysUsed = Math.max(keysUsed, span.key + 1);
    u = span.end;
    gapStart = end;
  }
  if (gapStart < words.length) gaps.push(flushGap(words.slice(gapStart), authors, from));
  const warnings: Warning[] = gaps.map((gap) => ({
    message: keyCount === 0
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

/** The shortest run of units from `u` whose joined norm is a key: the unit after it, and which key. */
function keySpanAt(units: Unit[], u: number, trie: KeyTrie): { end: number; key: number } | undefined {
  let node = 0;
  for (let j = u; j < units.length; j++) {
    node = trie.walk(node, units[j]!.norm);
    if (node < 0) return undefined;
    const key = trie.keyAt(node);
    if (key !== undefined) return { end: j + 1, key };
  }
  return undefined;
}
