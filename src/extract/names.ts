/** Person names: `Family, Given` and `Given Family` into parts, with the particles that join a family name. */
import type { Author } from '../model.js';

// Lower-case particles always belong to the family name; capitalised ones only before a last word.
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'das', 'du', 'la', 'le', 'ten', 'ter', 'zu', 'bin', 'ibn', 'al', 'el', 'y', 'mac', 'st.']);

/** `Family, Given` (as VuFind stores names) into an author. */
export function familyGiven(text: string, from: string): Author {
  const name = text.trim().replace(/,$/, '');
  const comma = name.indexOf(',');
  if (comma < 0) return givenFamily(name, from);
  const family = name.slice(0, comma).trim();
  const given = name.slice(comma + 1).trim();
  return { name: given ? `${given} ${family}` : family, family, given: given || undefined, from };
}

/** `Given Family` (as DOAJ gives names) into an author; the family name starts at the first particle. */
export function givenFamily(text: string, from: string): Author {
  const name = text.trim();
  const words = name.split(/\s+/);
  if (words.length < 2) return { name, family: name || undefined, from };
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1]!.toLowerCase())) start--;
  return { name, given: words.slice(0, start).join(' '), family: words.slice(start).join(' '), from };
}

/**
 * Heuristic cut of names run together as `Family, Given Family, Given …` with no work keys to
 * guide it: a word ending in a comma closes a family name; the words between it and the next
 * such word are given names, except a particle run right before that word ("van der"), which
 * starts the next family name. So a two-word given name ("José María") stays whole, and a
 * family name of two words without a particle ("García Márquez") is cut wrongly: hence the warning.
 */
export function splitRunTogether(text: string, from: string): Author[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const commas = words.flatMap((w, i) => (w.endsWith(',') ? [i] : []));
  if (commas.length === 0) return text.trim() ? [givenFamily(text, from)] : [];
  const authors: Author[] = [];
  let familyStart = 0;
  for (let k = 0; k < commas.length; k++) {
    const familyEnd = commas[k]!;
    const next = commas[k + 1];
    // Given names run from after this comma up to where the next family name starts.
    let givenEnd = next === undefined ? words.length : next;
    while (next !== undefined && givenEnd - 1 > familyEnd + 1 && PARTICLES.has(words[givenEnd - 1]!.toLowerCase())) givenEnd--;
    const family = words.slice(familyStart, familyEnd + 1).join(' ').replace(/,$/, '');
    const given = words.slice(familyEnd + 1, givenEnd).join(' ');
    authors.push({ name: given ? `${given} ${family}` : family, family, given: given || undefined, from });
    familyStart = givenEnd;
  }
  return authors;
}
