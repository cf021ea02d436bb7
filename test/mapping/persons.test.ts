/**
 * Persons are minted from their folded name under the work, roles under the catalogue record:
 * the same author from two catalogues is one node, two records' author chains never mix.
 */
import { describe, expect, it } from 'vitest';
import { convertText } from '../../src/convert.js';
import { personName, personSlugs } from '../../src/mapping/iris.js';
import { parseOrcidCsv } from '../../src/orcid.js';
import { SEED, SEED_SWAPPED, converted } from '../helpers.js';
import { fixtureText } from '../fixtures/load.js';

const BASE = 'http://localhost:3000/';
const WORK = `${BASE}work/doi/10.1186/s12888-022-03999-9`;
const PRO = 'http://purl.org/spar/pro/';
const OCO = 'https://w3id.org/oc/ontology/';
const author = (name: string, family?: string, given?: string) => ({ name, family, given });

describe('person names', () => {
  it('fold as VuFind work keys do: family given, lower case, no accents or punctuation', () => {
    expect(personName(author('Gillard, Steve', 'Gillard', 'Steve'))).toBe('gillardsteve');
    expect(personName(author("O'Brien, Mary-Jane", "O'Brien", 'Mary-Jane'))).toBe('obrienmaryjane');
    expect(personName(author('Müller, José', 'Müller', 'José'))).toBe('mullerjose');
    expect(personName(author('Muller, Jose', 'Muller', 'Jose'))).toBe('mullerjose');
    expect(personName(author('Goldsmith, Lucy P.'))).toBe('goldsmithlucyp');
  });

  it('give the n-th author bearing a name of one record its own slug', () => {
    expect(personSlugs([author('Wang, Li', 'Wang', 'Li'), author('Chen, Yu', 'Chen', 'Yu'), author('Wang, Li', 'Wang', 'Li'), author('Wang, Li.')])).toEqual(['wangli', 'chenyu', 'wangli-2', 'wangli-3']);
  });
});

describe('person and role IRIs', () => {
  const [seed] = converted(convertText(SEED, 'seed.txt'));
  const [swapped] = converted(convertText(SEED_SWAPPED, 'swapped.txt'));

  it('mint a person under the work from the name, a role under the record', () => {
    expect(seed!.iris.person(1)).toBe(`${WORK}/person/gillardsteve`);
    expect(seed!.iris.person(10)).toBe(`${WORK}/person/goldsmithlucyp`);
    expect(seed!.iris.role(1)).toBe(`${BASE}record/pubmed-9158348/role/1`);
    const heldBy = seed!.quads.find((q) => q.subject.value === seed!.iris.role(1) && q.predicate.value === `${PRO}isHeldBy`)!;
    expect(heldBy.object.value).toBe(`${WORK}/person/gillardsteve`);
    expect(heldBy.graph.value).toBe(`${BASE}record/pubmed-9158348`);
  });

  it('give the same author from two records one node, with each record its own chain', () => {
    expect(swapped!.iris.work).toBe(seed!.iris.work);
    expect(swapped!.iris.person(1)).toBe(seed!.iris.person(2));
    expect(swapped!.iris.person(2)).toBe(seed!.iris.person(1));
    const persons = (c: typeof seed) => new Set(c!.quads.filter((q) => q.predicate.value === `${PRO}isHeldBy`).map((q) => q.object.value));
    expect(persons(swapped)).toEqual(persons(seed));
    const roles = (c: typeof seed) => c!.quads.filter((q) => q.predicate.value === `${OCO}hasNext`).map((q) => q.subject.value);
    expect(roles(swapped).every((r) => r.startsWith(`${BASE}record/other-9158348/role/`))).toBe(true);
    expect(roles(seed).some((r) => roles(swapped).includes(r))).toBe(false);
  });

  it('keep two authors of one record whose names fold alike apart (the second gets -2)', () => {
    const records = converted(convertText(fixtureText('pages/hard-names.txt'), 'hard.txt'));
    const two = records.find((c) => c.iris.record.endsWith('/record/pubmed-10567890'))!;
    expect(two.work.authors.map((a) => a.name)).toEqual(['Anna-Lena Berg', 'Maja Lindqvist', 'Anna Lena Berg']);
    expect([1, 2, 3].map((n) => two.iris.person(n).slice(two.iris.work.length))).toEqual(['/person/bergannalena', '/person/lindqvistmaja', '/person/bergannalena-2']);
    const first = records[0]!;
    expect(first.iris.person(4)).toBe(`${first.iris.work}/person/mullerjurgen`);
  });

  it('keep an ORCID iD as the person, in every work', () => {
    const { table } = parseOrcidCsv('work,author,orcid\n35650562,1,0000-0002-1825-0097\n', 'ids.csv');
    const [withId] = converted(convertText(SEED, 'seed.txt', { orcids: table }));
    const held = withId!.quads.find((q) => q.subject.value === withId!.iris.role(1) && q.predicate.value === `${PRO}isHeldBy`)!;
    expect(held.object.value).toBe('https://orcid.org/0000-0002-1825-0097');
  });
});
