/**
 * Folding text for matching names however they are typed: lower case, accented Latin letters to
 * their base letter, punctuation to one space. The folded stored queries
 * (queries/works-by-author-folded.rq, works-by-journal-word.rq) spell the same steps out as one
 * SPARQL REPLACE each, in this order; their direct executors (direct.ts) and the search page
 * (server/search.ts) fold with this table, so all three agree on what matches.
 */

/** The steps, in order, after lower-casing: a pattern and its replacement. */
export const FOLDS: readonly (readonly [RegExp, string])[] = [
  [/[àáâãäåāăą]/g, 'a'],
  [/æ/g, 'ae'],
  [/[çćĉċč]/g, 'c'],
  [/[ďđð]/g, 'd'],
  [/[èéêëēĕėęě]/g, 'e'],
  [/[ĝğġģ]/g, 'g'],
  [/[ĥħ]/g, 'h'],
  [/[ìíîïĩīĭįı]/g, 'i'],
  [/[ĺļľŀł]/g, 'l'],
  [/[ñńņňŉ]/g, 'n'],
  [/[òóôõöøōŏő]/g, 'o'],
  [/œ/g, 'oe'],
  [/[ŕŗř]/g, 'r'],
  [/[śŝşšș]/g, 's'],
  [/ß/g, 'ss'],
  [/[ţťŧț]/g, 't'],
  [/[ùúûüũūŭůűų]/g, 'u'],
  [/[ýÿŷ]/g, 'y'],
  [/[źżž]/g, 'z'],
  [/[’‘]/g, "'"],
  [/[\s,.;:()-]+/g, ' '],
  [/^ | $/g, ''],
];

/** Text no step changes but lower-casing: plain ASCII letters, digits and apostrophes. */
const PLAIN = /^[A-Za-z0-9']*$/;

/**
 * Text as the folded stored queries compare it: lower case, accents dropped, punctuation a space.
 * @example
 * fold('Núñez, José María'); // 'nunez jose maria'
 */
export function fold(text: string): string {
  if (PLAIN.test(text)) return text.toLowerCase();
  return FOLDS.reduce((t, [re, to]) => t.replace(re, to), text.toLowerCase());
}
