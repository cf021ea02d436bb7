import { describe, expect, it } from 'vitest';
import { authorKeys, workKeyNorm } from '../../src/extract/workkeys.js';
import { fixtureText, readFixture, vufindWorkKeys } from '../fixtures/load.js';
import type { RawRecord } from '../../src/readers/index.js';

describe('workKeyNorm (VuFind ICU rule `:: NFD; :: lower; :: Latin; :: [^[:letter:] [:number:]] Remove; :: NFKC;`)', () => {
  it('lower-cases and removes spaces, punctuation, hyphens and apostrophes', () => {
    expect(workKeyNorm("O'Brien, Mary-Jane")).toBe('obrienmaryjane');
    expect(workKeyNorm('Goldsmith, Lucy P.')).toBe('goldsmithlucyp');
    expect(workKeyNorm('van der Berg, Anna')).toBe('vanderberganna');
  });

  it('removes accents but keeps letters that do not decompose, and digits', () => {
    expect(workKeyNorm('Núñez, José María')).toBe('nunezjosemaria');
    expect(workKeyNorm('Müller, Jürgen')).toBe('mullerjurgen');
    expect(workKeyNorm('Sørensen, Æsa')).toBe('sørensenæsa');
    expect(workKeyNorm('Strauß, Łukasz')).toBe('straußłukasz');
    expect(workKeyNorm('COVID-19: 2 years on')).toBe('covid192yearson');
  });

  it('cuts at 255 characters', () => {
    expect(workKeyNorm('ab '.repeat(200))).toHaveLength(255);
  });
});

describe('authorKeys', () => {
  it('gives the seed authors once each, in order, from keys with the full and the stripped title', () => {
    const seed = readFixture('seed')[0] as RawRecord;
    const keys = authorKeys(seed.fields.get('work_keys_str_mv')!.values);
    expect(keys).toHaveLength(20);
    expect(keys.slice(0, 3)).toEqual(['gillardsteve', 'fosterrhiannon', 'whitesarah']);
    expect(keys[9]).toBe('goldsmithlucyp');
    expect(keys.at(-1)).toBe('wornerjessica');
  });

  it('reads keys given one a value (JSON, line layout) as well as run together, and skips uniform-title keys', () => {
    expect(authorKeys(['AT lindqvistmaja peersupport', 'UT peersupport', 'AT hassanamira peersupport'])).toEqual(['lindqvistmaja', 'hassanamira']);
    expect(authorKeys(['UT peersupport AT lindqvistmaja peersupport AT lindqvistmaja support'])).toEqual(['lindqvistmaja']);
  });
});

describe('the fixtures carry the keys VuFind would build', () => {
  const staffRows = (text: string, field: string) => [...text.matchAll(new RegExp(`^${field} \\| (.*) \\|$`, 'gm'))].map((m) => m[1]!);

  it('hard names: every record with keys has exactly the keys of its title and authors', () => {
    const text = fixtureText('pages/hard-names.txt');
    const titles = staffRows(text, 'title');
    const keys = staffRows(text, 'work_keys_str_mv');
    expect(keys).toHaveLength(3);
    expect(keys[0]!.split(/ (?=AT )/)).toEqual(vufindWorkKeys(titles[0]!, [
      'van der Berg, Anna', 'Di Marco, Luca', 'Smith-Jones, Mary-Kate', 'Müller, Jürgen', 'Núñez, José María',
      'García Márquez, Elena', 'Okafor, Chidi E.', "O'Brien, Seán", 'Sørensen, Søren', 'Strauß, Björn',
    ]));
    expect(keys[1]!.split(/ (?=AT )/)).toEqual(vufindWorkKeys(titles[1]!, ['Haddad, Rania']));
    expect(keys[1]!.split(/ (?=AT )/)).toHaveLength(2); // "The hidden costs…" gives a key without "the" too
    expect(keys[2]!.split(/ (?=AT )/)).toEqual(vufindWorkKeys(titles[2]!, ['Berg, Anna-Lena', 'Lindqvist, Maja', 'Berg, Anna Lena']));
    expect(keys[2]!.split(/ (?=AT )/)).toHaveLength(2); // the two Bergs share one key
  });

  it('the seed agrees with the rule, so the rule is VuFind\'s', () => {
    const text = fixtureText('seed');
    const [title] = staffRows(text, 'title');
    const seed = readFixture('seed')[0] as RawRecord;
    const names = authorKeys(seed.fields.get('work_keys_str_mv')!.values);
    expect(staffRows(text, 'work_keys_str_mv')[0]!.split(/ (?=AT )/)).toEqual(
      vufindWorkKeys(title!, names), // the names are already normalised, and normalising is idempotent
    );
  });
});
