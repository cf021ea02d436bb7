/**
 * Extraction reads third-party text: every extractor must take time linear in its input. Each
 * test puts a 200,000-character run of hostile text where a backtracking regular expression
 * re-read it from every position (the code before issue 10 took seconds to minutes on these),
 * and checks both the time and that the values extracted are still the right ones.
 */
import { describe, expect, it } from 'vitest';
import type { Work } from '../../src/model.js';
import { cutByKeys } from '../../src/extract/authors.js';
import { extract } from '../../src/extract/index.js';
import { identifiersFrom, normaliseDoi } from '../../src/extract/identifiers.js';
import { splitRunTogether } from '../../src/extract/names.js';
import { copyrightIn, datesIn, journalIn, languageCodeIn, licenceIn } from '../../src/extract/spelling.js';
import { authorKeys, workKeyNorm } from '../../src/extract/workkeys.js';
import { readText, type RawRecord } from '../../src/readers/index.js';
import { ALL_RUNS, OTHER_RUNS, RUN, SPACE_RUNS, timed } from './adversarial.js';

const LICENCE = 'https://creativecommons.org/licenses/by/4.0/';
const COPYRIGHT = '© The Author(s) 2022';
const OPENINGS = ['©', '(c)', '(C)', 'Copyright', 'COPYRIGHT', 'copyright'];

/** A PubMed-style `spelling` with `before` ahead of the title and `after` between the copyright line and the licence. */
const spelling = (before: string, after: string) =>
  `pubmed-12022-06-02 ${before} A title Lindqvist, Maja BMC Nursing Research BioMed Central 2022-06-01 Text en ${COPYRIGHT}${after}${LICENCE}`;

describe('spelling: linear on hostile runs, values unchanged', () => {
  for (const [name, run] of Object.entries(ALL_RUNS)) {
    it(`a run of ${name} ahead of the title changes nothing`, () => {
      const text = spelling(run, ' ');
      expect(timed(() => copyrightIn(text))).toBe(COPYRIGHT);
      expect(timed(() => licenceIn(text))).toBe(LICENCE);
      expect(timed(() => languageCodeIn(text))).toBe('en');
      expect(timed(() => datesIn(text))).toEqual(['2022-06-01']);
      expect(timed(() => journalIn(text, 'Lindqvist, Maja', ['Research'], [undefined, 'BioMed Central'], 'A title'))).toBe('BMC Nursing');
    });

    it(`a run of ${name} inside the copyright line, then more text: found in time, and a copyright line or nothing`, () => {
      for (const text of [spelling('', ` ${run} `), `x Text en © ${run}x ${LICENCE}`, `x Text en Copyright ${run}x`]) {
        const line = timed(() => copyrightIn(text));
        if (line === undefined) continue;
        expect(line.length).toBeLessThanOrEqual(300);
        expect(OPENINGS.some((o) => line.startsWith(o))).toBe(true);
      }
    });
  }

  for (const [name, run] of Object.entries(SPACE_RUNS))
    it(`a run of ${name} before the licence ends the copyright line where it begins`, () => {
      expect(timed(() => copyrightIn(spelling('', run)))).toBe(COPYRIGHT);
      expect(timed(() => copyrightIn(`x Text en © ${run}`))).toBe('©'); // the field: the sign, then 200,000 spaces
    });

  it('a run of copyright signs: the line is the one the last sign opens', () => {
    expect(timed(() => copyrightIn(`x Text en ${OTHER_RUNS['copyright signs']} 2022 ${LICENCE}`))).toBe('© 2022');
    expect(timed(() => copyrightIn(`x Text en ${OTHER_RUNS['(c)']} 2022 ${LICENCE}`))).toBeUndefined(); // one line of 200,000 characters is no copyright line
  });
});

describe('identifiers: linear on hostile runs', () => {
  for (const [name, run] of Object.entries(SPACE_RUNS))
    it(`a run of ${name} after \`doi:\``, () => {
      expect(timed(() => normaliseDoi(`doi:${run}10.1186/S12888-022-03999-9`))).toBe('10.1186/s12888-022-03999-9');
      const found = timed(() => identifiersFrom([{ value: `doi:${run}\n\n`, from: 'url' }]));
      expect(found).toEqual({ warnings: [] }); // nothing after `doi:`: no DOI link at all
    });

  for (const [name, run] of Object.entries(ALL_RUNS))
    it(`a run of ${name} in links`, () => {
      const found = timed(() => identifiersFrom([
        { value: `https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9158348/${run}`, from: 'url' },
        { value: `https://www.ncbi.nlm.nih.gov/pubmed/35650562${run}`, from: 'url' },
        { value: `http://dx.doi.org/${run}`, from: 'url' },
      ]));
      expect(found.pmcid?.value).toBe('PMC9158348');
      if (!/^\d/.test(run)) expect(found.pmid?.value).toBe('35650562');
      expect(found.doi).toBeUndefined();
    });
});

describe('authors: linear on hostile runs', () => {
  const keys = ['lindqvistmaja', 'hassanamira'];
  for (const [name, run] of Object.entries(ALL_RUNS))
    it(`a run of ${name} between two names the keys give`, () => {
      const cut = timed(() => cutByKeys(`Lindqvist, Maja ${run} Hassan, Amira`, keys, 'author'));
      expect(cut.authors[0]).toMatchObject({ family: 'Lindqvist', given: 'Maja' });
      expect(cut.authors.at(-1)!.name).toMatch(/Amira.*Hassan|Hassan.*Amira/s); // what the run holds is not dropped, nor is the name
      if (name in SPACE_RUNS) expect(cut.authors.map((a) => a.name)).toEqual(['Maja Lindqvist', 'Amira Hassan']);
    });

  for (const [name, run] of Object.entries(ALL_RUNS))
    it(`a run of ${name} before a name no key gives: the gap is cut by commas, in time`, () => {
      const cut = timed(() => cutByKeys(`Lindqvist, Maja ${run} Nobody, Here`, keys, 'author'));
      expect(cut.authors[0]).toMatchObject({ family: 'Lindqvist', given: 'Maja' });
      expect(cut.authors.at(-1)!.name).toMatch(/Here.*Nobody|Nobody.*Here/s);
      expect(cut.warnings).toHaveLength(1);
    });

  it('thousands of authors cut by keys: no stack overflow, every one in order', () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `Author${i}, Given`);
    const cut = timed(() => cutByKeys(names.join(' '), names.map(workKeyNorm), 'author'), 3_000);
    expect(cut.authors).toHaveLength(20_000);
    expect(cut.authors[12_345]).toMatchObject({ family: 'Author12345', given: 'Given' });
    expect(cut.warnings).toEqual([]);
  });

  it('one key repeated by thousands of authors of one name (VuFind keeps it once)', () => {
    const cut = timed(() => cutByKeys('Li, A '.repeat(20_000), ['lia'], 'author'), 3_000);
    expect(cut.authors).toHaveLength(20_000);
    expect(cut.keysUsed).toBe(1);
  });

  it('keys that leave many ways to cut: the search is bounded, and the result says so', () => {
    // Keys `a`, `aa`, `aaa`… let every run of words be cut as a repeat or as the next key: tried to the
    // end, 20,000 words × 200 keys × 200 span lengths, where nothing fits the last word.
    const keys = Array.from({ length: 200 }, (_, i) => 'a'.repeat(i + 1));
    const cut = timed(() => cutByKeys('A '.repeat(20_000) + 'Zed', keys, 'author'), 3_000);
    expect(cut.authors).toHaveLength(20_001);
    expect(cut.authors.at(-1)!.name).toBe('Zed');
    expect(cut.warnings.map((w) => w.message)).toEqual([
      'author: the work keys leave too many ways to cut 20001 words into names; cut where each key first fits (check the result)',
      'author: no work key matches "Zed"; split by commas (check the result)',
    ]);
  });

  it('thousands of distinct work keys, in order', () => {
    const values = [Array.from({ length: 20_000 }, (_, i) => `AT author${i} title UT title`).join(' ')];
    const keys = timed(() => authorKeys(values));
    expect(keys).toHaveLength(20_000);
    expect(keys[19_999]).toBe('author19999');
  });

  for (const [name, run] of Object.entries(ALL_RUNS))
    it(`names run together with a run of ${name}: cut by commas in time`, () => {
      const authors = timed(() => splitRunTogether(`Lindqvist, Maja ${run} Hassan, Amira`, 'author'));
      expect(authors[0]).toMatchObject({ family: 'Lindqvist' });
      expect(authors.at(-1)).toMatchObject({ family: 'Hassan', given: 'Amira' });
    });
});

/** The one work a page reads to. */
function extractPage(text: string): Work {
  const [raw] = readText(text);
  const work = extract(raw as RawRecord);
  if (!('record' in work)) throw new Error(work.message);
  return work;
}

describe('the Published row: linear on runs of separators', () => {
  const separators = ['spaces', 'tabs', 'no-break spaces', 'commas', 'colons', 'colons and spaces'];
  for (const name of separators)
    it(`a run of ${name} between the publisher and the year`, () => {
      const run = ALL_RUNS[name]!;
      const work = timed(() => extractPage(`A title\nAutores principales: Lindqvist, Maja\nPublicado: BioMed Central,${run}c2022\n`));
      expect(work.year?.value).toBe('2022');
      expect(work.publisher?.value).toBe('BioMed Central');
      const ltd = timed(() => extractPage(`A title\nAutores principales: Lindqvist, Maja\nPublicado: BioMed Central,${run}Ltd, c2022\n`));
      expect(ltd.publisher?.value).toMatch(/^BioMed Central,.*Ltd$/s);
    });

  it('the run is only as long as the field: these are 200,000 characters', () => {
    expect(Object.values(ALL_RUNS).every((run) => run.length === RUN)).toBe(true);
  });
});
