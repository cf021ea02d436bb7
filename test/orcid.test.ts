import { describe, expect, it } from 'vitest';
import { attachOrcids, normaliseOrcid, orcidChecksumOk, parseOrcidCsv } from '../src/orcid.js';
import { convertText } from '../src/convert.js';
import { SEED, converted } from './helpers.js';

describe('ORCID iDs', () => {
  it('checks the ISO 7064 MOD 11-2 check character', () => {
    expect(orcidChecksumOk('0000-0002-1825-0097')).toBe(true);
    expect(orcidChecksumOk('0000-0002-1694-233X')).toBe(true);
    expect(orcidChecksumOk('0000-0002-1825-0098')).toBe(false);
    expect(normaliseOrcid('https://orcid.org/0000-0002-1825-0097')).toBe('0000-0002-1825-0097');
    expect(normaliseOrcid('0000000218250097')).toBe('0000-0002-1825-0097');
    expect(normaliseOrcid('0000-0002-1825-009')).toBeUndefined();
  });

  it('reads the CSV, refusing bad iDs and unknown work ids with a line number', () => {
    const csv = 'work,author,orcid\n10.1186/S12888-022-03999-9,1,https://orcid.org/0000-0002-1825-0097\n35650562,"Foster, Rhiannon",0000-0002-1694-233X\nPMC9158348,3,0000-0002-1825-0098\nnot-an-id,4,0000-0002-1825-0097\n';
    const { table, warnings } = parseOrcidCsv(csv, 'ids.csv');
    expect([...table.keys()].sort()).toEqual(['doi:10.1186/s12888-022-03999-9', 'pmid:35650562']);
    expect(warnings).toEqual([
      'ids.csv:4: "0000-0002-1825-0098" is not a valid ORCID iD (format or check digit); refused',
      'ids.csv:5: "not-an-id" is not a DOI, PMID or PMCID; row ignored',
    ]);
  });

  it('attaches iDs by position or name: the person IRI becomes the ORCID, with an identifier node', () => {
    const { table } = parseOrcidCsv('work,author,orcid\n10.1186/s12888-022-03999-9,1,0000-0002-1825-0097\n35650562,"Foster, Rhiannon",0000-0002-1694-233X\n35650562,"Nobody, Here",0000-0002-1825-0097\n', 'ids.csv');
    const c = converted(convertText(SEED, 'seed.txt', { orcids: table }))[0]!;
    expect(c.work.authors[0]!.orcid).toBe('0000-0002-1825-0097');
    expect(c.work.authors[1]!.orcid).toBe('0000-0002-1694-233X');
    expect(c.work.authors.filter((a) => a.orcid)).toHaveLength(2);
    expect(c.work.warnings.map((w) => w.message)).toEqual(['ORCID 0000-0002-1825-0097: no author "Nobody, Here" in pmid:35650562; not attached']);
    const subjects = new Set(c.quads.map((q) => q.subject.value));
    expect(subjects.has('https://orcid.org/0000-0002-1825-0097')).toBe(true);
    expect(c.quads.some((q) => q.subject.value === 'http://localhost:3000/id/orcid/0000-0002-1825-0097' && q.object.value === 'http://purl.org/spar/datacite/orcid')).toBe(true);
  });

  it('never guesses an iD: without a file no person has one', () => {
    const c = converted(convertText(SEED, 'seed.txt'))[0]!;
    expect(c.work.authors.some((a) => a.orcid)).toBe(false);
    expect(c.quads.some((q) => q.subject.value.startsWith('https://orcid.org/'))).toBe(false);
  });

  it('leaves the model alone when the table is empty', () => {
    const c = converted(convertText(SEED, 'seed.txt'))[0]!;
    expect(attachOrcids(c.work, new Map())).toEqual([]);
  });
});
