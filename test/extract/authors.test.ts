import { describe, expect, it } from 'vitest';
import { cutByKeys } from '../../src/extract/authors.js';
import { workKeyNorm } from '../../src/extract/workkeys.js';

const keysOf = (names: string[]) => [...new Set(names.map(workKeyNorm))];
const parts = (cut: ReturnType<typeof cutByKeys>) => cut.authors.map((a) => [a.family, a.given]);

const HARD = [
  'van der Berg, Anna', 'Di Marco, Luca', 'Smith-Jones, Mary-Kate', 'Müller, Jürgen', 'Núñez, José María',
  'García Márquez, Elena', 'Okafor, Chidi E.', "O'Brien, Seán", 'Sørensen, Søren', 'Strauß, Björn',
];

describe('cutByKeys', () => {
  it('cuts hard names exactly where the keys say, two-word family names included', () => {
    const cut = cutByKeys(HARD.join(' '), keysOf(HARD), 'author', 16);
    expect(parts(cut)).toEqual(HARD.map((n) => n.split(', ')));
    expect(cut.warnings).toEqual([]);
    expect(cut.keysUsed).toBe(10);
  });

  it('cuts names whose keys repeat (two authors, one normalised name)', () => {
    const names = ['Berg, Anna-Lena', 'Lindqvist, Maja', 'Berg, Anna Lena'];
    const cut = cutByKeys(names.join(' '), keysOf(names), 'author');
    expect(keysOf(names)).toHaveLength(2);
    expect(parts(cut)).toEqual([['Berg', 'Anna-Lena'], ['Lindqvist', 'Maja'], ['Berg', 'Anna Lena']]);
    expect(cut.warnings).toEqual([]);
  });

  it('cuts one author', () => {
    expect(parts(cutByKeys('Haddad, Rania', ['haddadrania'], 'author'))).toEqual([['Haddad', 'Rania']]);
  });

  it('leaves the keys of a later author field over, and says how many it used', () => {
    const keys = keysOf(['Lindqvist, Maja', 'Hassan, Amira', 'Okafor, Chidi E.']);
    const main = cutByKeys('Lindqvist, Maja Hassan, Amira', keys, 'author');
    expect(parts(main)).toEqual([['Lindqvist', 'Maja'], ['Hassan', 'Amira']]);
    expect(main.keysUsed).toBe(2);
    expect(parts(cutByKeys('Okafor, Chidi E.', keys.slice(main.keysUsed), 'author2'))).toEqual([['Okafor', 'Chidi E.']]);
  });

  it('cuts by commas only the stretch no key names, and warns about it with the line', () => {
    const keys = keysOf(['Lindqvist, Maja', 'Okafor, Chidi E.']);
    const cut = cutByKeys('Lindqvist, Maja García Márquez, Elena Okafor, Chidi E.', keys, 'author', 16);
    expect(parts(cut)).toEqual([['Lindqvist', 'Maja'], ['García Márquez', 'Elena'], ['Okafor', 'Chidi E.']]);
    expect(cut.warnings).toEqual([{ line: 16, message: 'author: no work key matches "García Márquez, Elena"; split by commas (check the result)' }]);
  });

  it('falls back to commas for the whole run without keys, or with keys of another rule, and warns', () => {
    const none = cutByKeys('Kowalski, Piotr da Silva, Ana Paula', [], 'author', 3);
    expect(parts(none)).toEqual([['Kowalski', 'Piotr'], ['da Silva', 'Ana Paula']]);
    expect(none.warnings).toEqual([{ line: 3, message: 'author: no work keys to cut the author names; split "Kowalski, Piotr da Silva, Ana Paula" by commas (check the result)' }]);
    const other = cutByKeys('Kowalski, Piotr da Silva, Ana Paula', ['kowalski p', 'da silva a p'], 'author');
    expect(parts(other)).toEqual([['Kowalski', 'Piotr'], ['da Silva', 'Ana Paula']]);
    expect(other.warnings.map((w) => w.message)).toEqual(['author: no work key matches "Kowalski, Piotr da Silva, Ana Paula"; split by commas (check the result)']);
    expect(other.keysUsed).toBe(0);
  });

  it('cuts nothing from an empty run', () => {
    expect(cutByKeys('  ', ['lindqvistmaja'], 'author')).toEqual({ authors: [], warnings: [], keysUsed: 0 });
  });
});
