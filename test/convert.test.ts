import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Quad } from '@rdfjs/types';
import { convertText, diagnostics, formatDiagnostic, type Outcome } from '../src/convert.js';
import { abstractParts } from '../src/server/view.js';
import { reportOf } from '../src/report.js';
import { timed } from './extract/adversarial.js';
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

/** The seed with `text` put into the value of staff field `field` just after `after`. */
function seedWithInsert(field: string, after: string, text: string): string {
  return SEED.split('\n').map((l) => (l.startsWith(`${field} | `) ? l.replace(after, after + text) : l)).join('\n');
}

describe('convert: hostile fields from a third-party catalogue (issue 10)', () => {
  const seed = convertSeed();
  const spaces = (n: number) => ' '.repeat(n);

  it('a `spelling` with 200,000 spaces after the copyright sign line and a `description` with 150,000 after its first sentence: under a second, values right', () => {
    const text = seedWithInsert('spelling', '© The Author(s) 2022', spaces(200_000))
      .split('\n').map((l) => (l.startsWith('description | ') ? l.replace('is less clear.', `is less clear.${spaces(150_000)}`) : l)).join('\n');
    const [c] = converted(timed(() => convertText(text, 'hostile.txt'), 1_000));
    const w = c!.work;
    for (const key of ['title', 'doi', 'pmid', 'pmcid', 'journal', 'date', 'language', 'license', 'copyright', 'publisher'] as const)
      expect(w[key], key).toEqual(seed.work[key]);
    expect(w.authors).toEqual(seed.work.authors);
    expect(w.abstract!.value).toBe(seed.work.abstract!.value.replace('is less clear.', `is less clear.${spaces(150_000)}`));
    const parts = timed(() => abstractParts(w.abstract!.value));
    expect(parts.map((p) => p.label)).toEqual(['BACKGROUND', 'METHODS', 'RESULTS', 'CONCLUSIONS']);
    expect(parts.map((p) => p.text.replace(/\s+/g, ' '))).toEqual(abstractParts(seed.work.abstract!.value).map((p) => p.text));
  });

  it("the issue's own fields, as Solr JSON (no trimming): under a second each", () => {
    const docs = [
      { id: 'hostile-1', title: 'T', spelling: `Text en © ${spaces(200_000)}` },
      { id: 'hostile-2', title: 'T', description: `BACKGROUND: a.${spaces(150_000)}` },
      { id: 'hostile-3', title: 'T', spelling: `Text en © ${spaces(200_000)}x` },
    ];
    const outcomes = converted(timed(() => convertText(docs.map((d) => JSON.stringify(d)).join('\n'), 'docs.jsonl'), 1_000));
    expect(outcomes.map((o) => o.work.record.id.value)).toEqual(['hostile-1', 'hostile-2', 'hostile-3']);
    expect(outcomes[0]!.work.copyright?.value).toBe('©');
    expect(abstractParts(outcomes[1]!.work.abstract!.value)).toEqual([{ label: 'BACKGROUND', text: 'a.' }]);
  });
});

describe('convert: record ids an IRI cannot carry (issue 10)', () => {
  const withId = (id: string) => SEED.replace('id | pubmed-9158348 |', `id | ${id} |`);
  const idLine = SEED.split('\n').findIndex((l) => l.startsWith('id | ')) + 1;

  it('refuses `../work/doi/…` (its record IRI resolved to the article), naming file, record and line; the batch goes on', () => {
    const other = withId('../work/doi/10.1186/s12888-022-03999-9').replace('Cargando…', 'Loading…');
    const outcomes = convertText(`${SEED}\n${other}\n${SEED.replace('pubmed-9158348 |', 'pubmed-2 |')}`, 'ids.txt');
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    const [bad] = diagnostics(outcomes[1]!);
    const line = SEED.split('\n').length + idLine;
    expect(bad).toBe(`ids.txt:${line}: record #2: error: the record id "../work/doi/10.1186/s12888-022-03999-9" has a "." or ".." segment: its IRI would resolve to another resource; record refused (give it an id without such segments)`);
  });

  it('refuses a NUL, an escape, U+FFFD and a lone surrogate in an id, and no diagnostic carries a control character', () => {
    const ids = ['a\u0000b', 'a\u001B[2Jb', 'a\uFFFDb', 'a\uD800b'];
    const outcomes: Outcome[] = ids.flatMap((id) => convertText(`${SEED}\nLoading…\n${withId(id)}`, 'ids.txt'));
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true, false, true, false, true, false]);
    const lines = outcomes.flatMap(diagnostics);
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(l).toMatch(/^ids\.txt:\d+: record #2: error: the record id "a.*b" holds (a control character|U\+FFFD|a lone surrogate)/);
    for (const l of lines) expect(l).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);
  });

  it('converts an id with a character outside the Basic Multilingual Plane (it threw "URI malformed" and sank the batch)', () => {
    const [c] = converted(convertText(withId('x😀'), 'emoji.txt'));
    expect(c!.iris.record).toBe('http://localhost:3000/record/x%F0%9F%98%80');
  });

  it('keeps diagnostics one line each, and `--report` shows a title\'s escape sequence instead of running it', () => {
    expect(formatDiagnostic('a.txt', 3, 'x\ny', 'warning: \u001B[31mred')).toBe('a.txt:3: x\\u000Ay: warning: \\u001B[31mred');
    const [c] = converted(convertText(SEED.replace('title | The impact', 'title | \u001B[2JThe impact'), 'esc.txt'));
    const report = reportOf(c!);
    expect(report).toContain('title          \\u001B[2JThe impact');
    expect(report.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);
  });
});
