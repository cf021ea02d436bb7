import { describe, expect, it } from 'vitest';
import type { Author, Work } from '../../src/model.js';
import { extract } from '../../src/extract/index.js';
import { readText, type RawRecord } from '../../src/readers/index.js';
import type { Literal } from '@rdfjs/types';
import { convertText } from '../../src/convert.js';
import { extractFixture, fixtureText, worksOf } from '../fixtures/load.js';

const SEED_AUTHORS: [string, string][] = [
  ['Gillard', 'Steve'], ['Foster', 'Rhiannon'], ['White', 'Sarah'], ['Barlow', 'Sally'], ['Bhattacharya', 'Rahul'],
  ['Binfield', 'Paul'], ['Eborall', 'Rachel'], ['Faulkner', 'Alison'], ['Gibson', 'Sarah'], ['Goldsmith', 'Lucy P.'],
  ['Simpson', 'Alan'], ['Lucock', 'Mike'], ['Marks', 'Jacqui'], ['Morshead', 'Rosaleen'], ['Patel', 'Shalini'],
  ['Priebe', 'Stefan'], ['Repper', 'Julie'], ['Rinaldi', 'Miles'], ['Ussher', 'Michael'], ['Worner', 'Jessica'],
];
const CC_BY = 'https://creativecommons.org/licenses/by/4.0/';

const parts = (authors: Author[]) => authors.map((a) => [a.family, a.given]);
const froms = (authors: Author[]) => [...new Set(authors.map((a) => a.from))];
const messages = (work: Work) => work.warnings.map((w) => w.message);
const one = (name: string) => {
  const works = worksOf(name);
  expect(works).toHaveLength(1);
  return works[0]!;
};

/** What the seed says, whatever layout carried it. */
function expectSeed(work: Work): void {
  expect(parts(work.authors)).toEqual(SEED_AUTHORS);
  expect(work.authors[9]!.name).toBe('Lucy P. Goldsmith');
  expect(froms(work.authors)).toEqual(['author']);
  expect(work.record.id).toEqual({ value: 'pubmed-9158348', from: 'id' });
  expect(work.doi).toEqual({ value: '10.1186/s12888-022-03999-9', from: 'url' });
  expect(work.pmid).toEqual({ value: '35650562', from: 'url' });
  expect(work.pmcid).toEqual({ value: 'PMC9158348', from: 'url' });
  expect(work.journal).toEqual({ value: 'BMC Psychiatry', from: 'spelling' });
  expect(work.date).toEqual({ value: '2022-06-01', from: 'spelling' });
  expect(work.year).toEqual({ value: '2022', from: 'publishDate' });
  expect(work.license).toEqual({ value: CC_BY, from: 'spelling' });
  expect(work.copyright).toEqual({ value: '© The Author(s) 2022', from: 'spelling' });
  expect(work.language).toEqual({ value: 'en', from: 'spelling' });
  expect(work.publisher).toEqual({ value: 'BioMed Central', from: 'publisher' });
  expect(work.title).toEqual({ value: 'The impact of working as a peer worker in mental health services: a longitudinal mixed methods study', from: 'title' });
  expect(work.subtitle).toBeUndefined();
  expect(work.abstract!.value).toMatch(/^BACKGROUND: Peer workers .* alongside clinical teams\.$/);
  expect(work.topics).toEqual([{ value: 'Research', from: 'topic' }]);
  expect(work.record.formats.map((f) => f.value)).toEqual(['Online', 'Article', 'Text']);
  expect(work.record.collection).toEqual({ value: 'PubMed', from: 'collection' });
  expect(work.record.institution).toEqual({ value: 'National Center for Biotechnology Information', from: 'institution' });
  expect(work.record.recordFormat).toEqual({ value: 'MEDLINE/PubMed', from: 'record_format' });
  expect(work.record.version).toEqual({ value: '1784718818019377152', from: '_version_' });
  expect(work.warnings).toEqual([]);
}

describe('the seed: Spanish pipe-table top block and staff table', () => {
  const seed = one('seed');

  it('gives the 20 authors in order with their name parts, the ids, journal, full date and licence', () => {
    expect(seed.layout).toBe('page-staff-table');
    expectSeed(seed);
  });

  it('takes the links from the staff view only; the top block repeats them', () => {
    expect(seed.urls.map((u) => u.from)).toEqual(['url', 'url', 'url']);
  });
});

describe.each(['solr/select.json', 'solr/docs-array.json', 'solr/docs.jsonl'])('the seed as Solr JSON (%s)', (name) => {
  const [seed, mothers] = worksOf(name);

  it('gives the same work as the record page', () => {
    expect(seed!.layout).toBe('solr-json');
    expectSeed(seed!);
  });

  it('gives the second doc with its subtitle', () => {
    expect(mothers!.subtitle).toEqual({ value: 'a randomised feasibility trial', from: 'title, title_short' });
    expect(mothers!.journal).toEqual({ value: 'BMC Pregnancy and Childbirth', from: 'spelling' });
    expect(mothers!.warnings).toEqual([]);
  });
});

describe('English top block as `Label: value` lines, no staff view', () => {
  const work = one('pages/en-top-lines.txt');

  it('reads `Family, Given` pairs as authors, from the Main Authors row', () => {
    expect(parts(work.authors)).toEqual([['Lindqvist', 'Maja'], ['Okafor', 'Chidi E.'], ['Núñez', 'José María']]);
    expect(froms(work.authors)).toEqual(['top:Main Authors']);
  });

  it('takes ids from the links one per line, language and year from the rows', () => {
    expect(work.doi).toEqual({ value: '10.1186/s12912-023-01345-6', from: 'top:Online Access' });
    expect(work.pmid).toEqual({ value: '37261234', from: 'top:Online Access' });
    expect(work.pmcid).toEqual({ value: 'PMC10234567', from: 'top:Online Access' });
    expect(work.language).toEqual({ value: 'en', from: 'top:Language' });
    expect(work.publisher).toEqual({ value: 'BioMed Central', from: 'top:Published' });
    expect(work.year).toEqual({ value: '2023', from: 'top:Published' });
    expect(work.date).toEqual(work.year);
    expect(work.title).toEqual({ value: 'Sleep quality and burnout among early-career nurses: a cross-sectional survey', from: 'top:title' });
    expect(work.topics).toEqual([{ value: 'Research', from: 'top:Subjects' }]);
  });

  it('never takes the cut-short abstract for the abstract, and says so', () => {
    expect(work.abstract).toBeUndefined();
    expect(messages(work)).toEqual([
      'the page shows only a cut-short abstract; left out (no `description` field)',
      'no journal title: the record has neither a `spelling` field nor a Series row',
    ]);
  });

  it('gets a record id derived from its text: `page-` and 16 hex digits, the same on every run and line end', () => {
    expect(work.record.id.value).toMatch(/^page-[0-9a-f]{16}$/);
    expect(work.record.id.from).toBe('derived:sha256(record text)');
    expect(one('pages/en-top-lines.txt').record.id).toEqual(work.record.id);
    const crlf = readText(`\uFEFF${fixtureText('pages/en-top-lines.txt').replace(/\n/g, '\r\n')}`, 'other-name.txt')[0] as RawRecord;
    expect((extract(crlf) as Work).record.id).toEqual(work.record.id);
  });

  it('gives another catalogue page of the same article another record id', () => {
    const spanish = fixtureText('pages/en-top-lines.txt').replace('Main Authors:', 'Autores principales:').replace('Language:', 'Lenguaje:');
    const other = extract(readText(spanish)[0] as RawRecord) as Work;
    expect(other.language).toEqual({ value: 'en', from: 'top:Lenguaje' });
    expect(other.doi).toEqual(work.doi);
    expect(other.record.id.value).not.toBe(work.record.id.value);
  });

  it('lets nothing of the similar items leak in', () => {
    expect(JSON.stringify(work)).not.toMatch(/Shift work|Berg|Patel|Burnout in the first year|2019|2021/);
  });
});

describe('English top block with DOAJ names `Given Family`', () => {
  const work = one('pages/en-doaj-top.txt');

  it('takes the family name from the last word, with its particles', () => {
    expect(parts(work.authors)).toEqual([['Lindqvist', 'Maja'], ['van der Berg', 'Anna'], ['Di Marco', 'Luca'], ['Okafor', 'Chidi E.']]);
    expect(work.authors.map((a) => a.name)).toEqual(['Maja Lindqvist', 'Anna van der Berg', 'Luca Di Marco', 'Chidi E. Okafor']);
    expect(work.warnings[0]).toEqual({ line: 4, message: 'top:Main Authors: names given as "Given Family"; family names taken from the last word (with particles)' });
  });

  it('reads the DOI from a doi.org link, the publisher and year from the Published cell', () => {
    expect(work.doi).toEqual({ value: '10.3389/fpsyt.2021.654321', from: 'top:Online Access' });
    expect(work.pmid).toBeUndefined();
    expect(work.publisher).toEqual({ value: 'Frontiers Media S.A.', from: 'top:Published' });
    expect(work.year).toEqual({ value: '2021', from: 'top:Published' });
    expect(work.topics).toEqual([{ value: 'Psychiatry', from: 'top:Subjects' }]);
    expect(work.record.id.value).toMatch(/^page-[0-9a-f]{16}$/);
    expect(JSON.stringify(work)).not.toMatch(/Hansen|Social isolation|2018/);
  });
});

describe('English top block and staff view in line layout, with similar items', () => {
  const work = one('pages/en-staff-lines.txt');

  it('takes the authors, one a line, from the staff view', () => {
    expect(parts(work.authors)).toEqual([['Lindqvist', 'Maja'], ['van der Berg', 'Anna'], ['Hassan', 'Amira'], ['Kowalski', 'Piotr'], ['Goldsmith', 'Lucy P.']]);
    expect(froms(work.authors)).toEqual(['author']);
  });

  it('reads ids, journal, date, licence and the subtitle', () => {
    expect(work.layout).toBe('page-staff-lines');
    expect(work.record.id).toEqual({ value: 'pubmed-10123456', from: 'id' });
    expect(work.doi).toEqual({ value: '10.1186/s12884-023-05512-3', from: 'url' });
    expect(work.pmid).toEqual({ value: '37012345', from: 'url' });
    expect(work.pmcid).toEqual({ value: 'PMC10123456', from: 'url' });
    expect(work.journal).toEqual({ value: 'BMC Pregnancy and Childbirth', from: 'spelling' });
    expect(work.date).toEqual({ value: '2023-04-03', from: 'spelling' });
    expect(work.license).toEqual({ value: CC_BY, from: 'spelling' });
    expect(work.language).toEqual({ value: 'en', from: 'spelling' });
    expect(work.subtitle).toEqual({ value: 'a randomised feasibility trial', from: 'title, title_short' });
    expect(work.urls).toHaveLength(3);
    expect(work.warnings).toEqual([]);
  });

  it('lets no title, author or date of a similar item into the record', () => {
    const text = JSON.stringify(work);
    expect(text).not.toMatch(/Dennis|Rinaldi|Cindy|systematic review|Mothers helping mothers|2017|2020/);
  });
});

describe('several records in one file (BOM, CRLF)', () => {
  const [asthma, seed, falls] = worksOf('pages/multi-crlf-bom.txt');

  it('converts each record on its own', () => {
    expect([asthma, seed, falls].map((w) => [w!.source.line, w!.layout])).toEqual([[1, 'page-staff-table'], [39, 'page-staff-table'], [64, 'page-top']]);
    expectSeed(seed!);
  });

  it('does not take an "(c)" in the abstract for the copyright line', () => {
    expect(asthma!.abstract!.value).toContain('(c) acceptability');
    expect(asthma!.copyright).toEqual({ value: '© The Author(s) 2022', from: 'spelling' });
    expect(parts(asthma!.authors)).toEqual([['Hassan', 'Amira'], ['Kowalski', 'Piotr'], ['Lindqvist', 'Maja']]);
    expect(asthma!.journal!.value).toBe('Pilot and Feasibility Studies');
  });

  it('reads Main Author and Other Authors of a top-only record in order', () => {
    expect(parts(falls!.authors)).toEqual([['Okafor', 'Chidi E.'], ["O'Brien", 'Seán']]);
    expect(falls!.authors.map((a) => a.from)).toEqual(['top:Main Author', 'top:Other Authors']);
    expect(falls!.doi!.value).toBe('10.1186/s12877-022-03512-x');
    expect(falls!.record.id.value).toMatch(/^page-[0-9a-f]{16}$/);
  });
});

describe('hard names in a staff pipe table, cut by the work keys', () => {
  const [consent, single, twins, nokeys] = worksOf('pages/hard-names.txt');

  it('cuts particles, hyphens, accents, initials, apostrophes, ø and ß, and two-word names exactly', () => {
    expect(parts(consent!.authors)).toEqual([
      ['van der Berg', 'Anna'], ['Di Marco', 'Luca'], ['Smith-Jones', 'Mary-Kate'], ['Müller', 'Jürgen'], ['Núñez', 'José María'],
      ['García Márquez', 'Elena'], ['Okafor', 'Chidi E.'], ["O'Brien", 'Seán'], ['Sørensen', 'Søren'], ['Strauß', 'Björn'],
    ]);
    expect(consent!.authors[4]!.name).toBe('José María Núñez');
    expect(consent!.warnings).toEqual([]);
  });

  it('reads a record with exactly one author', () => {
    expect(single!.authors).toEqual([{ name: 'Rania Haddad', family: 'Haddad', given: 'Rania', from: 'author' }]);
    expect(single!.doi).toEqual({ value: '10.3399/bjgp23x734567', from: 'url' });
    expect(single!.journal!.value).toBe('British Journal of General Practice');
    expect(single!.warnings).toEqual([]);
  });

  it('keeps two authors whose names normalise alike (VuFind keeps one key for both)', () => {
    expect(parts(twins!.authors)).toEqual([['Berg', 'Anna-Lena'], ['Lindqvist', 'Maja'], ['Berg', 'Anna Lena']]);
    expect(twins!.warnings).toEqual([]);
  });

  it('falls back to the comma heuristic without work keys, and warns at the author row', () => {
    expect(parts(nokeys!.authors)).toEqual([['Kowalski', 'Piotr'], ['Hassan', 'Amira'], ['da Silva', 'Ana Paula']]);
    expect(nokeys!.warnings).toEqual([{
      line: 78,
      message: 'author: no work keys to cut the author names; split "Kowalski, Piotr Hassan, Amira da Silva, Ana Paula" by commas (check the result)',
    }]);
  });
});

describe('bad input', () => {
  it('converts a staff view without `author` with zero authors and a warning', () => {
    const work = one('bad/no-author.txt');
    expect(work.authors).toEqual([]);
    expect(messages(work)).toEqual(['no author names: neither an `author` field nor an author row; the work has no authors']);
    expect(work.journal).toEqual({ value: 'BMC Pregnancy and Childbirth', from: 'spelling' });
    expect(work.doi!.value).toBe('10.1186/s12884-024-06321-1');
  });

  it('leaves a wrong DOI out with a warning at the record, once; the other records still convert', () => {
    const [short, prefix, good] = worksOf('bad/wrong-doi.txt');
    expect(short!.doi).toBeUndefined();
    expect(short!.pmid).toEqual({ value: '35980001', from: 'url' });
    expect(short!.warnings).toEqual([{ line: 1, message: 'url: "http://dx.doi.org/10.1186" is not a valid DOI; left out' }]);
    expect(prefix!.doi).toBeUndefined();
    expect(prefix!.warnings).toEqual([{ line: 26, message: 'url: "https://doi.org/11.1186/s12877-022-03512-x" is not a valid DOI; left out' }]);
    expect(good!.doi).toEqual({ value: '10.1186/s40814-022-01145-7', from: 'url' });
    expect(good!.warnings).toEqual([]);
  });

  it('reports a page cut in half with file, line and record id; the record before it converts', () => {
    const [first, cut] = extractFixture('bad/cut-page.txt');
    expect((first as Work).record.id.value).toBe('pubmed-9345678');
    expect('record' in cut!).toBe(false);
    expect(cut).toMatchObject({ source: { file: 'bad/cut-page.txt', line: 39 }, recordId: 'pubmed-10123456' });
  });

  it('reports a JSON doc cut in half with file and line; the docs around it convert', () => {
    const items = extractFixture('bad/cut-docs.jsonl');
    expect(items.map((i) => ('record' in i ? i.record.id.value : `${i.source.file}:${i.source.line}`))).toEqual([
      'pubmed-9345678', 'bad/cut-docs.jsonl:2', 'pubmed-10456789',
    ]);
  });
});

describe('the staff view is the authority, the top block fills gaps', () => {
  it('takes links from the top block where the staff view has no `url`, or an empty one', () => {
    for (const page of [fixtureText('seed').replace(/^url \|.*\n/m, ''), fixtureText('seed').replace(/^url \|.*$/m, 'url | |')]) {
      const work = extract(readText(page)[0] as RawRecord) as Work;
      expect(work.doi).toEqual({ value: '10.1186/s12888-022-03999-9', from: 'top:Acceso en línea' });
      expect(work.pmid!.from).toBe('top:Acceso en línea');
    }
  });

  it('takes subjects from the top block only where the staff view has no topic', () => {
    const page = fixtureText('seed').replace('Materias: | |', 'Materias: | Salud mental |');
    expect((extract(readText(page)[0] as RawRecord) as Work).topics).toEqual([{ value: 'Research', from: 'topic' }]);
    const noTopic = page.replace(/^topic \|.*$/m, 'topic | |');
    expect((extract(readText(noTopic)[0] as RawRecord) as Work).topics).toEqual([{ value: 'Salud mental', from: 'top:Materias' }]);
  });

  it('cross-checks the blanked top block: it counts the authors', () => {
    const page = fixtureText('seed').replace('Autores principales: | , , , ,', 'Autores principales: | , , ,');
    const work = extract(readText(page)[0] as RawRecord) as Work;
    expect(work.authors).toHaveLength(20);
    expect(work.warnings).toEqual([{ line: 4, message: 'top:Autores principales: the page shows 19 blanked author(s), the staff view 20' }]);
  });

  it('warns when the top block belongs to another record than the staff view after it', () => {
    const top = fixtureText('pages/en-top-lines.txt').split('\nFull description')[0]!;
    const staff = fixtureText('seed').slice(fixtureText('seed').indexOf('_version_'));
    const work = extract(readText(`${top}\n${staff}`)[0] as RawRecord) as Work;
    expect(work.record.id.value).toBe('pubmed-9158348');
    expect(work.warnings.map((w) => [w.line, w.message])).toEqual([
      [2, 'the top block\'s title "Sleep quality and burnout among early-career nurses: a cross-sectional survey" is not the staff view\'s: two records may have run together'],
    ]);
  });

  it('reports a record with no title at all as an error', () => {
    const result = extract(readText('_version_ | 1 |\nid | pubmed-1 |\nauthor | Lindqvist, Maja |\n', 'x.txt')[0] as RawRecord);
    expect(result).toEqual({ source: { file: 'x.txt', line: 1, index: 1 }, recordId: 'pubmed-1', message: 'no title: neither a `title` field nor a top block title' });
  });
});

describe('the Published row of a top block', () => {
  const published = (...lines: string[]) => {
    const work = extract(readText(['A title', 'Main Authors: Lindqvist, Maja', ...lines, 'Subjects: Research'].join('\n'))[0] as RawRecord) as Work;
    return [work.publisher?.value, work.year?.value, work.year?.from];
  };

  it('reads publisher and year on one line or on lines of their own', () => {
    expect(published('Published: BioMed Central, 2022')).toEqual(['BioMed Central', '2022', 'top:Published']);
    expect(published('Published:', 'BioMed Central', '2022')).toEqual(['BioMed Central', '2022', 'top:Published']);
    expect(published('Publicado: |', 'BioMed Central', '2022', '|')).toEqual(['BioMed Central', '2022', 'top:Publicado']);
  });

  it('reads a place before the publisher, a "c" before the year, and a year alone', () => {
    expect(published('Published: London : BioMed Central, c2022.')).toEqual(['London : BioMed Central', '2022', 'top:Published']);
    expect(published('Published: 2022')).toEqual([undefined, '2022', 'top:Published']);
    expect(published('Published: BioMed Central')).toEqual(['BioMed Central', undefined, undefined]);
  });
});

describe('DOAJ harvests: journal from the Series row, full date from Published', () => {
  const XSD = 'http://www.w3.org/2001/XMLSchema#';
  const SCHEMA = 'http://schema.org/';
  const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

  /** The journal and date as the graph states them. */
  function inGraph(text: string) {
    const [outcome] = convertText(text, 'page.txt');
    if (!outcome?.ok) throw new Error('not converted');
    const quads = outcome.quads;
    const work = outcome.iris.work;
    const journal = quads.find((q) => q.subject.value === work && q.predicate.value === `${SCHEMA}isPartOf`)?.object.value;
    const date = quads.find((q) => q.subject.value === work && q.predicate.value === `${SCHEMA}datePublished`)?.object as Literal | undefined;
    return {
      journalTypes: quads.filter((q) => q.subject.value === journal && q.predicate.value === RDF_TYPE).map((q) => q.object.value),
      journalName: quads.find((q) => q.subject.value === journal && q.predicate.value === `${SCHEMA}name`)?.object.value,
      date: date && [date.value, date.datatype.value],
    };
  }

  it('top table: `Series: | BMC Psychiatry |` is the journal, `Published: | BioMed Central 2022-06-01 |` the date', () => {
    const work = one('pages/en-doaj-series-top.txt');
    expect(work.journal).toEqual({ value: 'BMC Psychiatry', from: 'top:Series' });
    expect(work.date).toEqual({ value: '2022-06-01', from: 'top:Published' });
    expect(work.year).toEqual({ value: '2022', from: 'top:Published' });
    expect(work.publisher).toEqual({ value: 'BioMed Central', from: 'top:Published' });
    expect(messages(work).filter((m) => /journal|date|year/.test(m))).toEqual([]);
    const graph = inGraph(fixtureText('pages/en-doaj-series-top.txt'));
    expect(graph.journalName).toBe('BMC Psychiatry');
    expect(graph.journalTypes).toContain(`${SCHEMA}Periodical`);
    expect(graph.date).toEqual(['2022-06-01', `${XSD}date`]);
  });

  it('`Label: value` lines: `Series: BMC Nursing`, `Published: BMC, 2023-03-14`', () => {
    const work = one('pages/en-doaj-series-lines.txt');
    expect(work.journal).toEqual({ value: 'BMC Nursing', from: 'top:Series' });
    expect(work.date).toEqual({ value: '2023-03-14', from: 'top:Published' });
    expect(work.year).toEqual({ value: '2023', from: 'top:Published' });
    expect(work.publisher).toEqual({ value: 'BMC', from: 'top:Published' });
    expect(work.authors.map((a) => a.name)).toEqual(['Ingrid Hansen', 'Shalini Patel', 'José María Núñez']);
    const graph = inGraph(fixtureText('pages/en-doaj-series-lines.txt'));
    expect(graph.journalName).toBe('BMC Nursing');
    expect(graph.date).toEqual(['2023-03-14', `${XSD}date`]);
  });

  it('keeps a month without a day as xsd:gYearMonth', () => {
    const text = fixtureText('pages/en-doaj-series-lines.txt').replace('BMC, 2023-03-14', 'BMC, 2023-03');
    expect(inGraph(text).date).toEqual(['2023-03', `${XSD}gYearMonth`]);
  });

  it("a Published date whose year is not the staff view's publishDate is dropped, with a warning", () => {
    const text = fixtureText('pages/en-staff-lines.txt').replace('Published:\nBioMed Central\n2023\n', 'Published:\nBioMed Central\n2022-12-28\n');
    expect(text).not.toBe(fixtureText('pages/en-staff-lines.txt'));
    const work = extract(readText(text)[0] as RawRecord) as Work;
    expect(work.year).toEqual({ value: '2023', from: 'publishDate' });
    expect(work.date).toEqual({ value: '2023-04-03', from: 'spelling' });
    expect(messages(work)).toContain('top:Published: the date 2022-12-28 disagrees with the year 2023 (publishDate); kept 2023-04-03 (spelling)');
  });

  it('the journal `spelling` shows wins over the Series row, which is reported when it differs', () => {
    const seed = fixtureText('seed').replace('Materias: | |', 'Serie: | BMC Public Health |\nMaterias: | |');
    const work = extract(readText(seed)[0] as RawRecord) as Work;
    expect(work.journal).toEqual({ value: 'BMC Psychiatry', from: 'spelling' });
    expect(messages(work)).toContain('top:Serie: "BMC Public Health" is not the journal `spelling` shows ("BMC Psychiatry"); kept spelling\'s');
    const same = extract(readText(fixtureText('seed').replace('Materias: | |', 'Serie: | BMC Psychiatry |\nMaterias: | |'))[0] as RawRecord) as Work;
    expect(messages(same).filter((m) => m.includes('Serie'))).toEqual([]);
  });

  it("a Published date of the same year that is not spelling's: spelling's is kept, the other reported", () => {
    const seed = fixtureText('seed').replace('Publicado: |\nBioMed Central\n2022\n|', 'Publicado: |\nBioMed Central\n2022-06-03\n|');
    const work = extract(readText(seed)[0] as RawRecord) as Work;
    expect(work.date).toEqual({ value: '2022-06-01', from: 'spelling' });
    expect(messages(work)).toContain("top:Publicado: the date 2022-06-03 is not spelling's 2022-06-01; kept spelling's");
  });

  it('a Series row over lines with two names: the first is the journal, with a warning', () => {
    const text = fixtureText('pages/en-doaj-series-top.txt').replace('Series: | BMC Psychiatry |', 'Series: |\nBMC Psychiatry\nBMC Medicine\n|');
    const work = extract(readText(text)[0] as RawRecord) as Work;
    expect(work.journal).toEqual({ value: 'BMC Psychiatry', from: 'top:Series' });
    expect(work.warnings).toContainEqual({ line: 9, message: 'top:Series: 2 series (BMC Psychiatry; BMC Medicine); took the first as the journal' });
  });
});
