import { describe, expect, it } from 'vitest';
import { familyGiven, givenFamily, splitRunTogether } from '../../src/extract/names.js';

const parts = (text: string) => splitRunTogether(text, 'author').map((a) => [a.family, a.given]);

describe('familyGiven', () => {
  it('splits `Family, Given` at the comma, initials and particles kept', () => {
    expect(familyGiven('Goldsmith, Lucy P.', 'author')).toEqual({ name: 'Lucy P. Goldsmith', family: 'Goldsmith', given: 'Lucy P.', from: 'author' });
    expect(familyGiven('van der Berg, Anna', 'author')).toMatchObject({ family: 'van der Berg', given: 'Anna', name: 'Anna van der Berg' });
    expect(familyGiven('Núñez, José María,', 'author')).toMatchObject({ family: 'Núñez', given: 'José María' });
  });

  it('keeps a name without a given part whole, and reads a name without a comma as `Given Family`', () => {
    expect(familyGiven('Plato,', 'author')).toEqual({ name: 'Plato', family: 'Plato', given: undefined, from: 'author' });
    expect(familyGiven('Maja Lindqvist', 'author')).toMatchObject({ family: 'Lindqvist', given: 'Maja' });
  });
});

describe('givenFamily', () => {
  it('takes the last word for the family name, with the particles before it', () => {
    expect(givenFamily('Anna van der Berg', 'x')).toMatchObject({ given: 'Anna', family: 'van der Berg' });
    expect(givenFamily('Luca Di Marco', 'x')).toMatchObject({ given: 'Luca', family: 'Di Marco' });
    expect(givenFamily('Chidi E. Okafor', 'x')).toMatchObject({ given: 'Chidi E.', family: 'Okafor' });
    expect(givenFamily('Ana Paula da Silva', 'x')).toMatchObject({ given: 'Ana Paula', family: 'da Silva' });
  });

  it('never leaves the given name empty, and keeps a single word as the family name', () => {
    expect(givenFamily('Van Berg', 'x')).toMatchObject({ given: 'Van', family: 'Berg' });
    expect(givenFamily('Plato', 'x')).toEqual({ name: 'Plato', family: 'Plato', from: 'x' });
  });
});

describe('splitRunTogether (no work keys)', () => {
  it('cuts at the words ending in a comma; the words between are given names', () => {
    expect(parts('Gillard, Steve Goldsmith, Lucy P. Simpson, Alan')).toEqual([['Gillard', 'Steve'], ['Goldsmith', 'Lucy P.'], ['Simpson', 'Alan']]);
    expect(parts('Núñez, José María Okafor, Chidi E.')).toEqual([['Núñez', 'José María'], ['Okafor', 'Chidi E.']]);
  });

  it('gives a particle run before a family name to that family name', () => {
    expect(parts('Kowalski, Piotr van der Berg, Anna Di Marco, Luca')).toEqual([['Kowalski', 'Piotr'], ['van der Berg', 'Anna'], ['Di Marco', 'Luca']]);
    expect(parts('van der Berg, Anna Smith-Jones, Mary-Kate')).toEqual([['van der Berg', 'Anna'], ['Smith-Jones', 'Mary-Kate']]);
  });

  it('cuts a two-word family name without a particle wrongly: why the fallback warns', () => {
    expect(parts('Núñez, José María García Márquez, Elena')).toEqual([['Núñez', 'José María García'], ['Márquez', 'Elena']]);
  });

  it('reads a run without commas as one `Given Family` name, and nothing as nothing', () => {
    expect(parts('Maja Lindqvist')).toEqual([['Lindqvist', 'Maja']]);
    expect(parts('  ')).toEqual([]);
  });
});
