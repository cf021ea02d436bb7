/**
 * VuFind work keys (`work_keys_str_mv`): `AT <norm(author)> <norm(title)>` per author and title.
 * `norm` follows VuFind's default ICU rule `:: NFD; :: lower; :: Latin; :: [^[:letter:] [:number:]] Remove; :: NFKC;`
 * cut at 255 characters. Scripts other than Latin are kept as they are (ICU would transliterate
 * them); a key that then matches nothing only costs a warning and the heuristic fallback.
 */

const ASCII = /^[\x20-\x7E]*$/;
const normCache = new Map<string, string>();

/** Normalises text the way VuFind builds work keys. Names recur across records, so results are remembered. */
export function workKeyNorm(text: string): string {
  // Printable ASCII has nothing to decompose: lower-case and drop what is not a letter or digit.
  if (ASCII.test(text)) return text.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 255);
  let norm = normCache.get(text);
  if (norm === undefined) {
    norm = text.normalize('NFD').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '').normalize('NFKC').slice(0, 255);
    if (normCache.size >= 10_000) normCache.clear();
    // A fresh copy of the key: a word sliced from a long field would keep the whole field alive.
    normCache.set(Buffer.from(text).toString(), norm);
  }
  return norm;
}

/** The author parts of `AT` keys, in order of first appearance, without repeats. */
export function authorKeys(values: readonly string[]): string[] {
  const keys = new Set<string>(); // a Set: a field of thousands of keys made `includes` quadratic
  for (const value of values)
    for (const key of value.split(/ (?=AT |UT )/)) {
      const m = /^AT (\S+) \S*$/.exec(key.trim());
      if (m) keys.add(m[1]!);
    }
  return [...keys];
}
