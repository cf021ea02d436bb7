import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Quad } from '@rdfjs/types';
import { convertText, diagnostics } from '../src/convert.js';
import { ROOT, SEED, convertSeed, converted, missingFrom, parse, sameGraph, triples } from './helpers.js';

const SCHEMA = 'http://schema.org/';
const PRO = 'http://purl.org/spar/pro/';
const OCO_NEXT = 'https://w3id.org/oc/ontology/hasNext';

/** Authors in order, by walking the oco:hasNext chain of PRO roles from the one nothing points to. */
function authorsByRoleChain(quads: Quad[], work: string): string[] {
  const roles = quads.filter((q) => q.subject.value === work && q.predicate.value === `${PRO}isDocumentContextFor`).map((q) => q.object.value);
  const next = new Map(quads.filter((q) => q.predicate.value === OCO_NEXT).map((q) => [q.subject.value, q.object.value]));
  const pointedTo = new Set(next.values());
  const heads = roles.filter((r) => !pointedTo.has(r));
  expect(heads).toHaveLength(1);
  const names: string[] = [];
  const seen = new Set<string>();
  for (let r: string | undefined = heads[0]; r; r = next.get(r)) {
    expect(seen.has(r)).toBe(false);
    seen.add(r);
    const person = quads.find((q) => q.subject.value === r && q.predicate.value === `${PRO}isHeldBy`)!.object.value;
    const part = (p: string) => quads.find((q) => q.subject.value === person && q.predicate.value === SCHEMA + p)?.object.value;
    names.push(`${part('familyName')}, ${part('givenName')}`);
  }
  expect(seen.size).toBe(roles.length);
  return names;
}

const SEED_AUTHORS = [
  'Gillard, Steve', 'Foster, Rhiannon', 'White, Sarah', 'Barlow, Sally', 'Bhattacharya, Rahul', 'Binfield, Paul',
  'Eborall, Rachel', 'Faulkner, Alison', 'Gibson, Sarah', 'Goldsmith, Lucy P.', 'Simpson, Alan', 'Lucock, Mike',
  'Marks, Jacqui', 'Morshead, Rosaleen', 'Patel, Shalini', 'Priebe, Stefan', 'Repper, Julie', 'Rinaldi, Miles',
  'Ussher, Michael', 'Worner, Jessica',
];

describe('convert: the seed record', () => {
  const c = convertSeed();

  it('gives the checked-in golden graph (compared by isomorphism)', () => {
    const golden = parse(readFileSync(`${ROOT}test/golden/seed-pubmed-9158348.ttl`, 'utf8'), 'text/turtle');
    const got = triples(c.quads);
    expect(missingFrom(golden, got)).toEqual([]);
    expect(missingFrom(got, golden)).toEqual([]);
    expect(sameGraph(got, golden)).toBe(true);
  });

  it('puts every triple in the named graph of its catalogue record', () => {
    expect(c.iris.record).toBe('http://localhost:3000/record/pubmed-9158348');
    expect(new Set(c.quads.map((q) => q.graph.value))).toEqual(new Set([c.iris.record]));
  });

  it('finds the identifiers, journal, date, licence and language', () => {
    const w = c.work;
    expect(w.doi).toEqual({ value: '10.1186/s12888-022-03999-9', from: 'url' });
    expect(w.pmid?.value).toBe('35650562');
    expect(w.pmcid?.value).toBe('PMC9158348');
    expect(w.journal).toEqual({ value: 'BMC Psychiatry', from: 'spelling' });
    expect(w.date).toEqual({ value: '2022-06-01', from: 'spelling' });
    expect(w.license?.value).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(w.language?.value).toBe('en');
    expect(c.iris.work).toBe('http://localhost:3000/work/doi/10.1186/s12888-022-03999-9');
  });

  it('keeps the 20 authors in order, recoverable from the role chain alone', () => {
    expect(c.work.authors.map((a) => `${a.family}, ${a.given}`)).toEqual(SEED_AUTHORS);
    expect(authorsByRoleChain(c.quads, c.iris.work)).toEqual(SEED_AUTHORS);
  });

  it('warns about nothing on a clean record', () => {
    expect(diagnostics(c)).toEqual([]);
  });

  it('never presents the top block teaser as the abstract', () => {
    expect(c.work.abstract?.from).toBe('description');
    expect(c.work.abstract?.value.endsWith('...')).toBe(false);
  });
});

describe('convert: IRIs', () => {
  it('are deterministic under the base', () => {
    const a = convertSeed('https://data.example.org/cat');
    const b = convertSeed('https://data.example.org/cat/');
    expect(a.iris.work).toBe('https://data.example.org/cat/work/doi/10.1186/s12888-022-03999-9');
    expect(sameGraph(a.quads, b.quads)).toBe(true);
  });

  it('give one work and two records for one article from two catalogues', () => {
    const other = SEED.replace('id | pubmed-9158348 |', 'id | othercat-42 |').replace('Cargando…', 'Loading…');
    const [a, b] = converted(convertText(`${SEED}\n${other}`, 'two.txt'));
    expect(a!.iris.work).toBe(b!.iris.work);
    expect(a!.iris.record).not.toBe(b!.iris.record);
  });

  it('derive a documented, non-random record id for a page without an id row', () => {
    const page = SEED.split('\n').filter((l) => !l.startsWith('id |')).join('\n');
    const first = converted(convertText(page, 'a.txt'))[0]!;
    const again = converted(convertText(page.replace(/\n/g, '\r\n'), 'b.txt'))[0]!;
    expect(first.work.record.id.value).toMatch(/^page-[0-9a-f]{16}$/);
    expect(first.work.record.id.from).toBe('derived:sha256(record text)');
    expect(again.work.record.id.value).toBe(first.work.record.id.value);
  });
});
