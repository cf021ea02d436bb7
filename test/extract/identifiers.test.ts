import { describe, expect, it } from 'vitest';
import { identifiersFrom, normaliseDoi } from '../../src/extract/identifiers.js';

const url = (value: string) => ({ value, from: 'url' });

describe('normaliseDoi', () => {
  it('drops the resolver and lower-cases', () => {
    expect(normaliseDoi('http://dx.doi.org/10.1186/S12888-022-03999-9')).toBe('10.1186/s12888-022-03999-9');
    expect(normaliseDoi('https://doi.org/10.3399/BJGP23X734567')).toBe('10.3399/bjgp23x734567');
    expect(normaliseDoi('doi: 10.1186/s12888-022-03999-9')).toBe('10.1186/s12888-022-03999-9');
    expect(normaliseDoi('10.1002/(SICI)1097-4636(199706)35:4<451::AID-JBM5>3.0.CO;2-K')).toBe('10.1002/(sici)1097-4636(199706)35:4<451::aid-jbm5>3.0.co;2-k');
    expect(normaliseDoi('https://doi.org/10.1000%2Fabc%20')).toBeUndefined();
    expect(normaliseDoi('https://doi.org/10.1000%2Fabc')).toBe('10.1000/abc');
  });

  it('refuses what is no DOI', () => {
    expect(normaliseDoi('http://dx.doi.org/10.1186')).toBeUndefined();
    expect(normaliseDoi('https://doi.org/11.1186/s12877-022-03512-x')).toBeUndefined();
    expect(normaliseDoi('https://doi.org/10.12/abc')).toBeUndefined();
    expect(normaliseDoi('https://doi.org/%E0%A4%A')).toBeUndefined();
  });
});

describe('identifiersFrom', () => {
  it('finds PMCID, PMID and DOI in the seed links, each with its field', () => {
    const ids = identifiersFrom([
      url('https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9158348/'),
      url('https://www.ncbi.nlm.nih.gov/pubmed/35650562'),
      url('http://dx.doi.org/10.1186/s12888-022-03999-9'),
    ]);
    expect(ids).toEqual({
      pmcid: { value: 'PMC9158348', from: 'url' },
      pmid: { value: '35650562', from: 'url' },
      doi: { value: '10.1186/s12888-022-03999-9', from: 'url' },
      warnings: [],
    });
  });

  it('reads the newer PubMed, PMC and Europe PMC link forms', () => {
    expect(identifiersFrom([url('https://pubmed.ncbi.nlm.nih.gov/35650562/')]).pmid!.value).toBe('35650562');
    expect(identifiersFrom([url('https://pmc.ncbi.nlm.nih.gov/articles/pmc9158348/')]).pmcid!.value).toBe('PMC9158348');
    expect(identifiersFrom([url('https://europepmc.org/article/PMC9158348')]).pmcid!.value).toBe('PMC9158348');
  });

  it('leaves a wrong DOI out with a warning naming the link and line', () => {
    const ids = identifiersFrom([url('http://dx.doi.org/10.1186'), url('https://www.ncbi.nlm.nih.gov/pubmed/35980001')], 7);
    expect(ids.doi).toBeUndefined();
    expect(ids.pmid!.value).toBe('35980001');
    expect(ids.warnings).toEqual([{ line: 7, message: 'url: "http://dx.doi.org/10.1186" is not a valid DOI; left out' }]);
  });

  it('keeps the first of two different DOIs and warns; the same DOI twice is no conflict', () => {
    const ids = identifiersFrom([
      url('https://doi.org/10.1186/s12888-022-03999-9'),
      { value: 'http://dx.doi.org/10.1186/S12888-022-03999-9', from: 'spelling' },
      { value: 'https://doi.org/10.1186/s12888-022-04000-1', from: 'spelling' },
    ], 1);
    expect(ids.doi).toEqual({ value: '10.1186/s12888-022-03999-9', from: 'url' });
    expect(ids.warnings.map((w) => w.message)).toEqual(['spelling: a second DOI 10.1186/s12888-022-04000-1 differs from 10.1186/s12888-022-03999-9; kept the first']);
  });
});
