/**
 * VuFind work keys (`work_keys_str_mv`): `AT <norm(author)> <norm(title)>` per author and title.
 * `norm` follows VuFind's default ICU rule `:: NFD; :: lower; :: Latin; :: [^[:letter:] [:number:]] Remove; :: NFKC;`
 * cut at 255 characters. Scripts other than Latin are kept as they are (ICU would transliterate
 * them); a key that then matches nothing only costs a warning and the heuristic fallback.
 */

/** Normalises text the way VuFind builds work keys. */
export function workKeyNorm(text: string): string {
  return text.normalize('NFD').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '').normalize('NFKC').slice(0, 255);
}

/** The author parts of `AT` keys, in order of first appearance, without repeats. */
export function authorKeys(values: readonly string[]): string[] {
  const keys: string[] = [];
  for (const value of values)
    for (const key of value.split(/ (?=AT |UT )/)) {
      const m = /^AT (\S+) \S*$/.exec(key.trim());
      if (m && !keys.includes(m[1]!)) keys.push(m[1]!);
    }
  return keys;
}
