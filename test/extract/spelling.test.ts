import { describe, expect, it } from 'vitest';
import { bcp47, canonicalLicence, copyrightIn, datesIn, journalIn, languageCodeIn, licenceIn } from '../../src/extract/spelling.js';
import type { RawRecord } from '../../src/readers/index.js';
import { readFixture } from '../fixtures/load.js';

const seed = readFixture('seed')[0] as RawRecord;
const SPELLING = seed.fields.get('spelling')!.values[0]!;
const AUTHORS = seed.fields.get('author')!.values[0]!;
const ABSTRACT = seed.fields.get('description')!.values[0]!;
const TITLE = seed.fields.get('title')!.values[0]!;

describe('licence', () => {
  it('gives the canonical Creative Commons IRI of the first licence link', () => {
    expect(licenceIn(SPELLING)).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(licenceIn('text http://www.creativecommons.org/licenses/BY-NC/4.0 more')).toBe('https://creativecommons.org/licenses/by-nc/4.0/');
    expect(licenceIn('see https://creativecommons.org/publicdomain/zero/1.0/')).toBe('https://creativecommons.org/publicdomain/zero/1.0/');
    expect(licenceIn('no licence here')).toBeUndefined();
    expect(canonicalLicence('licenses/BY/4.0//')).toBe('https://creativecommons.org/licenses/by/4.0/');
  });
});

describe('dates', () => {
  it('finds the publication date standing alone, not the one glued to the OAI identifier', () => {
    expect(datesIn(SPELLING)).toEqual(['2022-06-01']);
    expect(datesIn('pubmed-12023-01-02 x 2023-13-01 2023-02-30x 2023-02')).toEqual(['2023-02']);
  });
});

describe('language', () => {
  it('reads the code after `Text` and maps names and ISO 639-2 codes to BCP 47', () => {
    expect(languageCodeIn(SPELLING)).toBe('en');
    expect(languageCodeIn('… /pubmed/1 Text spa © 2022')).toBe('es');
    expect(bcp47('English')).toBe('en');
    expect(bcp47('inglés')).toBe('en');
    expect(bcp47('ger')).toBe('de');
    expect(bcp47('Klingon')).toBeUndefined();
  });
});

describe('copyright', () => {
  it('reads the copyright line up to the licence link', () => {
    expect(copyrightIn(SPELLING)).toBe('© The Author(s) 2022');
    expect(copyrightIn('x Text en Copyright © 2021 Lindqvist and Okafor. http://creativecommons.org/licenses/by/4.0/')).toBe('Copyright © 2021 Lindqvist and Okafor.');
  });

  it('looks after the language code only, so an "(c)" in the abstract is not taken', () => {
    const spelling = 'pubmed-12022-08-20 A title Hassan, Amira Trials Research Outcomes were (a) adherence and (c) acceptability. BioMed Central 2022-08-18 /pmc/articles/PMC1/ Text en © The Author(s) 2022 https://creativecommons.org/licenses/by/4.0/';
    expect(copyrightIn(spelling)).toBe('© The Author(s) 2022');
  });
});

describe('journal', () => {
  it('takes the text between the authors and the topic and abstract', () => {
    expect(journalIn(SPELLING, AUTHORS, ['Research'], [ABSTRACT, 'BioMed Central'], TITLE)).toBe('BMC Psychiatry');
  });

  it('works with no topic: the journal runs up to the abstract', () => {
    const spelling = SPELLING.replace('BMC Psychiatry Research BACKGROUND', 'BMC Psychiatry BACKGROUND');
    expect(journalIn(spelling, AUTHORS, [], [ABSTRACT, 'BioMed Central'], TITLE)).toBe('BMC Psychiatry');
  });

  it('works with no abstract and no topic: the journal runs up to the publisher', () => {
    const spelling = `pubmed-12024-02-20 A correction Lindqvist, Maja BMC Nursing BioMed Central 2024-02-16 Text en`;
    expect(journalIn(spelling, 'Lindqvist, Maja', [], [undefined, 'BioMed Central'], 'A correction')).toBe('BMC Nursing');
  });

  it('works with no authors: the journal follows the title', () => {
    const spelling = `pubmed-12024-02-20 Correction to: Peer support BMC Nursing Correction Following publication, an error was found. BioMed Central 2024-02-16`;
    expect(journalIn(spelling, '', ['Correction'], ['Following publication, an error was found.', 'BioMed Central'], 'Correction to: Peer support')).toBe('BMC Nursing');
  });

  it('gives nothing rather than a guess when an anchor is missing', () => {
    expect(journalIn(SPELLING, 'Lindqvist, Maja', ['Research'], [ABSTRACT], TITLE)).toBeUndefined();
    expect(journalIn(SPELLING, AUTHORS, ['Research'], [undefined, 'Elsevier'], TITLE)).toBeUndefined();
    expect(journalIn(SPELLING, '', ['Research'], [ABSTRACT], undefined)).toBeUndefined();
  });
});
