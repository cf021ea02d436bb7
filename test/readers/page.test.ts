import { describe, expect, it } from 'vitest';
import type { RecordError } from '../../src/model.js';
import { PageReader } from '../../src/readers/page.js';
import type { RawRecord } from '../../src/readers/raw.js';
import { fixtureText } from '../fixtures/load.js';

/** Drives the page reader line by line, as the input splitter does. */
function read(text: string, file = 'page.txt'): (RawRecord | RecordError)[] {
  const reader = new PageReader(file);
  const items = text.split(/\r?\n/).flatMap((line, i) => reader.push(line, i + 1));
  return [...items, ...reader.end()];
}

function only(text: string): RawRecord {
  const items = read(text);
  expect(items).toHaveLength(1);
  expect('fields' in items[0]!).toBe(true);
  return items[0] as RawRecord;
}

const values = (r: RawRecord, field: string) => r.fields.get(field)?.values;
const row = (r: RawRecord, key: string) => r.top?.rows.get(key);

describe('Spanish pipe-table top block and staff table (the seed)', () => {
  const seed = only(fixtureText('seed'));

  it('reads one record with its top block and 24 staff fields', () => {
    expect(seed.layout).toBe('page-staff-table');
    expect(seed.source).toEqual({ file: 'page.txt', line: 1, index: 1 });
    expect(seed.top!.title).toBe('The impact of working as a peer worker in mental health services: a longitudinal mixed methods study');
    expect(seed.top!.teaser).toMatch(/^BACKGROUND: Peer workers .* less clear\.\.\.\.$/);
    expect(seed.fields.size).toBe(24);
    expect([...seed.fields.keys()].slice(0, 3)).toEqual(['_version_', 'author', 'author_facet']);
  });

  it('keeps staff values run together as the page shows them, with their line', () => {
    expect(seed.fields.get('author')).toMatchObject({ joined: true, line: 16 });
    expect(values(seed, 'author')![0]).toMatch(/^Gillard, Steve Foster, Rhiannon .* Worner, Jessica$/);
    expect(values(seed, '_version_')).toEqual(['1784718818019377152']);
    expect(values(seed, 'topic')).toEqual(['Research']);
  });

  it('reads the rows: blanked authors, a Publicado cell over lines, an empty Materias cell', () => {
    expect(row(seed, 'authors')).toEqual({ label: 'Autores principales', values: [', , , , , , , , , , , , , , , , , , ,'], line: 4 });
    expect(row(seed, 'published')).toEqual({ label: 'Publicado', values: ['BioMed Central', '2022'], line: 8 });
    expect(row(seed, 'subjects')!.values).toEqual([]);
    expect(row(seed, 'language')!.values).toEqual(['English']);
    expect(row(seed, 'online')!.values[0]!.split(' ')).toHaveLength(3);
  });
});

describe('Spanish similar items', () => {
  it('stops at "Ejemplares similares": the items below belong to other works', () => {
    const similar = ['Ejemplares similares', 'Apoyo entre pares en salud mental', 'por: Rinaldi, Miles, et al.', 'Publicado: (2019)'];
    const page = only(`${fixtureText('seed')}\n${similar.join('\n')}\n`);
    expect(page.fields.size).toBe(24);
    expect(page.text).not.toMatch(/Apoyo|Rinaldi, Miles, et al|2019/);
  });
});

describe('English top block as `Label: value` lines, no staff view', () => {
  const page = only(fixtureText('pages/en-top-lines.txt'));

  it('reads `Language:English` without a space and the links one per line', () => {
    expect(page.layout).toBe('page-top');
    expect(page.fields.size).toBe(0);
    expect(row(page, 'language')!.values).toEqual(['English']);
    expect(row(page, 'online')!.values).toEqual([
      'https://www.ncbi.nlm.nih.gov/pmc/articles/PMC10234567/',
      'https://www.ncbi.nlm.nih.gov/pubmed/37261234',
      'http://dx.doi.org/10.1186/s12912-023-01345-6',
    ]);
    expect(row(page, 'published')!.values).toEqual(['BioMed Central, 2023']);
    expect(row(page, 'authors')!.values).toEqual(['Lindqvist, Maja, Okafor, Chidi E., Núñez, José María']);
  });

  it('leaves the similar items out of the record', () => {
    expect(page.text).not.toMatch(/Shift work|Patel|Burnout in the first year|2019/);
    expect(page.text.split('\n').at(-1)).toBe('Full description');
  });
});

describe('English top block and staff view in line layout', () => {
  const page = only(fixtureText('pages/en-staff-lines.txt'));

  it('reads each further value of a field from its own line', () => {
    expect(page.layout).toBe('page-staff-lines');
    expect(page.fields.get('author')).toEqual({
      values: ['Lindqvist, Maja', 'van der Berg, Anna', 'Hassan, Amira', 'Kowalski, Piotr', 'Goldsmith, Lucy P.'],
      joined: false,
      line: 17,
    });
    expect(values(page, 'format')).toEqual(['Online', 'Article', 'Text']);
    expect(values(page, 'url')).toHaveLength(3);
    expect(values(page, 'work_keys_str_mv')).toHaveLength(5);
    expect(values(page, 'title_short')).toEqual(['Peer support for new mothers with postnatal depression']);
  });

  it('reads a Published row with publisher and year on lines of their own', () => {
    expect(row(page, 'published')!.values).toEqual(['BioMed Central', '2023']);
  });

  it('stops at "Similar Items": no title, author or date of another work leaks in', () => {
    expect(values(page, 'work_keys_str_mv')!.every((k) => k.startsWith('AT '))).toBe(true);
    expect(page.text).not.toMatch(/Dennis|Rinaldi|systematic review|Mothers helping mothers|2017|2020/);
  });
});

describe('several records in one file', () => {
  it('splits at `Loading…`, at a staff field seen twice, and keeps `Main Author` and `Other Authors` apart', () => {
    const items = read(fixtureText('pages/multi-crlf-bom.txt').replace(/^\uFEFF/, ''));
    const [a, b, c] = items as RawRecord[];
    expect(items.map((i) => [i.source.line, (i as RawRecord).layout])).toEqual([[1, 'page-staff-table'], [39, 'page-staff-table'], [64, 'page-top']]);
    expect(a!.top!.title).toMatch(/^Text message reminders/);
    expect(b!.top).toBeUndefined();
    expect(values(b!, 'id')).toEqual(['pubmed-9158348']);
    expect(row(c!, 'authors')!.values).toEqual(['Okafor, Chidi E.']);
    expect(row(c!, 'others')!.values).toEqual(["O'Brien, Seán"]);
  });

  it('splits staff-only tables where a field repeats', () => {
    const items = read(fixtureText('pages/hard-names.txt')) as RawRecord[];
    expect(items.map((r) => [r.source.line, values(r, 'id')![0]])).toEqual([
      [1, 'pubmed-10345678'], [26, 'pubmed-10456789'], [51, 'pubmed-10567890'], [76, 'pubmed-10678901'],
    ]);
    expect(items[3]!.fields.has('work_keys_str_mv')).toBe(false);
  });

  it('splits top-only records that follow each other with no marker: a row seen twice starts the next', () => {
    const one = fixtureText('pages/en-top-lines.txt').split('\nFull description')[0]!.replace(/^Loading…\n/, '');
    const two = one.replace('Sleep quality and burnout', 'Sleep and burnout').replace('PMC10234567', 'PMC10234999');
    const items = read(`${one}\n${two}\n`) as RawRecord[];
    expect(items.map((r) => [r.source.line, r.top!.title])).toEqual([
      [1, 'Sleep quality and burnout among early-career nurses: a cross-sectional survey'],
      [12, 'Sleep and burnout among early-career nurses: a cross-sectional survey'],
    ]);
    expect(items[1]!.top!.teaser).toMatch(/^BACKGROUND: Early-career nurses/);
    expect(row(items[0]!, 'online')!.values).toHaveLength(3);
    expect(row(items[1]!, 'online')!.values[0]).toContain('PMC10234999');
  });

  it('takes a staff view in line layout right after `Loading…`, with no top block', () => {
    const r = only('Loading…\n_version_ 1765432109876543210\nauthor Lindqvist, Maja\nHassan, Amira\nid pubmed-10123456\ntitle Peer support\n');
    expect(r.layout).toBe('page-staff-lines');
    expect(r.top).toBeUndefined();
    expect(values(r, 'author')).toEqual(['Lindqvist, Maja', 'Hassan, Amira']);
  });
});

describe('rows in line layout take only the lines that continue them', () => {
  it('ends Online Access at the first line that is no link, and Published after the year', () => {
    const r = only([
      'A title', 'Main Authors: Lindqvist, Maja', 'Published:', 'BioMed Central', '2023', 'Cite this', 'Online Access:',
      'https://www.ncbi.nlm.nih.gov/pubmed/37261234', 'Email this', '_version_ 1', 'id pubmed-1',
    ].join('\n'));
    expect(row(r, 'published')!.values).toEqual(['BioMed Central', '2023']);
    expect(row(r, 'online')!.values).toEqual(['https://www.ncbi.nlm.nih.gov/pubmed/37261234']);
    expect(r.text).not.toMatch(/Cite this|Email this/);
    expect(values(r, 'id')).toEqual(['pubmed-1']);
  });
});

describe('staff cells over several lines, and records cut short', () => {
  it('joins a pipe cell that spans lines up to its closing `|`', () => {
    const r = only('_version_ | 1 |\nid | pubmed-1 |\ndescription | First paragraph.\nSecond paragraph. |\ntitle | A title |\n');
    expect(values(r, 'description')).toEqual(['First paragraph. Second paragraph.']);
    expect(values(r, 'title')).toEqual(['A title']);
  });

  it('reports a record cut inside a staff cell with file, line and record id; the record before it still comes out', () => {
    const items = read(fixtureText('bad/cut-page.txt'), 'bad/cut-page.txt');
    expect(items).toHaveLength(2);
    expect((items[0] as RawRecord).fields.get('id')!.values).toEqual(['pubmed-9345678']);
    expect(items[1]).toEqual({
      source: { file: 'bad/cut-page.txt', line: 39, index: 2 },
      recordId: 'pubmed-10123456',
      message: "record cut short: the staff view's `spelling` cell opened on line 66 never closes",
    });
  });

  it('reports the cut record and reads the next one when more records follow the cut', () => {
    const cut = fixtureText('bad/cut-page.txt');
    const items = read(`${cut}\n${fixtureText('pages/en-top-lines.txt')}`);
    expect(items.map((i) => ('fields' in i ? i.layout : 'error'))).toEqual(['page-staff-table', 'error', 'page-top']);
    expect(items[2]!.source).toMatchObject({ line: 67, index: 3 });
  });

  it('reports the cut record when the next staff table begins below the open cell', () => {
    const items = read('_version_ | 1 |\nid | pubmed-1 |\nspelling | pubmed-12023-01-01 A title cut\n_version_ | 2 |\nid | pubmed-2 |\ntitle | B |\n');
    expect(items.map((i) => ('fields' in i ? i.fields.get('id')!.values[0] : (i as RecordError).recordId))).toEqual(['pubmed-1', 'pubmed-2']);
    expect('message' in items[0]!).toBe(true);
  });
});

describe('DOAJ harvests: the journal in the Series row, the full date in Published', () => {
  it('reads both as closed pipe cells in the top table', () => {
    const page = only(fixtureText('pages/en-doaj-series-top.txt'));
    expect(page.layout).toBe('page-top');
    expect(row(page, 'published')).toEqual({ label: 'Published', values: ['BioMed Central 2022-06-01'], line: 8 });
    expect(row(page, 'series')).toEqual({ label: 'Series', values: ['BMC Psychiatry'], line: 9 });
    expect(row(page, 'subjects')!.values).toEqual(['Psychiatry']);
  });

  it('reads both as `Label: value` lines under "Bibliographic Details"', () => {
    const page = only(fixtureText('pages/en-doaj-series-lines.txt'));
    expect(page.top!.title).toBe('Night shifts and medication errors in acute hospital wards: a retrospective cohort study');
    expect(row(page, 'published')).toEqual({ label: 'Published', values: ['BMC, 2023-03-14'], line: 8 });
    expect(row(page, 'series')).toEqual({ label: 'Series', values: ['BMC Nursing'], line: 9 });
    expect(row(page, 'subjects')!.values).toEqual(['Nursing']);
  });

  it('reads the Spanish interface\'s `Serie` row', () => {
    const page = only(fixtureText('pages/en-doaj-series-top.txt').replace('Series:', 'Serie:').replace('Published:', 'Publicado:'));
    expect(row(page, 'series')).toEqual({ label: 'Serie', values: ['BMC Psychiatry'], line: 9 });
  });
});
