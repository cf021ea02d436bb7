/**
 * The citation formats (`--to bibtex|ris|csl|citation`): what catalod writes is read back with
 * citation-js's own parsers, so a reference manager gets the title, the authors in order, the
 * journal, the year and the DOI; and the CSL-JSON item states no more than the graph (no date
 * where the record has none).
 */
import { describe, expect, it } from 'vitest';
import core from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { convertText, type Converted } from '../../src/convert.js';
import { formatNamed } from '../../src/writers/index.js';
import { cslItem, cslName, dateParts, type CslItem } from '../../src/writers/csl.js';
import { citationText } from '../../src/writers/citation.js';
import { SEED, convertSeed, converted } from '../helpers.js';
import { fixtureText } from '../fixtures/load.js';

const BASE = 'http://localhost:3000/';
const seed = convertSeed();
const TITLE = 'The impact of working as a peer worker in mental health services: a longitudinal mixed methods study';
const DOI = '10.1186/s12888-022-03999-9';
/** The seed's twenty authors, in the record's order. */
const FAMILIES = ['Gillard', 'Foster', 'White', 'Barlow', 'Bhattacharya', 'Binfield', 'Eborall', 'Faulkner', 'Gibson', 'Goldsmith', 'Simpson', 'Lucock', 'Marks', 'Morshead', 'Patel', 'Priebe', 'Repper', 'Rinaldi', 'Ussher', 'Worner'];
/** The seed with every date taken out: no `publishDate`, no year in the top block, no date in `spelling`. */
const UNDATED = SEED.replace(/^publishDate \| 2022 \|\n/m, '').replace(/^2022\n/m, '').replace('BioMed Central 2022-06-01 ', 'BioMed Central ');

/** Runs a format's writer over converted records, as the CLI does. */
async function write(name: string, records: Converted[]): Promise<string> {
  const writer = formatNamed(name)!.create({ base: BASE });
  let out = '';
  for (const c of records) out += await writer.write(c);
  return out + (await writer.end());
}

/** Text read back as CSL-JSON by citation-js (the parser Zotero-style tools share). */
function readBack(text: string): Record<string, unknown>[] {
  return new core.Cite(text).data;
}

/** What a citation must carry, from a CSL-JSON item citation-js read back. */
function essentials(item: Record<string, unknown>) {
  const authors = item.author as { family?: string; given?: string }[];
  return {
    title: item.title,
    families: authors.map((a) => a.family),
    first: { family: authors[0]!.family, given: authors[0]!.given },
    journal: item['container-title'],
    year: (item.issued as { 'date-parts': number[][] })['date-parts'][0]![0],
    doi: String(item.DOI).toLowerCase(),
  };
}

const EXPECTED = { title: TITLE, families: FAMILIES, first: { family: 'Gillard', given: 'Steve' }, journal: 'BMC Psychiatry', year: 2022, doi: DOI };

describe('writers: bibtex, ris', () => {
  it('BibTeX parses back to the same title, authors in order, journal, year and DOI', async () => {
    const bib = await write('bibtex', [seed]);
    expect(bib).toMatch(/^@article\{/);
    const items = readBack(bib);
    expect(items).toHaveLength(1);
    expect(essentials(items[0]!)).toEqual(EXPECTED);
  });

  it('RIS parses back to the same title, authors in order, journal, year and DOI', async () => {
    const ris = await write('ris', [seed]);
    expect(ris).toMatch(/^TY {2}- JOUR$/m);
    const items = readBack(ris);
    expect(items).toHaveLength(1);
    expect(essentials(items[0]!)).toEqual(EXPECTED);
  });

  it('writes one entry per record, each readable', async () => {
    const other = converted(convertText(fixtureText('pages/hard-names.txt'), 'hard.txt'));
    const records = [seed, ...other];
    for (const name of ['bibtex', 'ris']) {
      const items = readBack(await write(name, records));
      expect(items.map((i) => i.title)).toEqual(records.map((r) => r.work.title?.value));
    }
    const csl = JSON.parse(await write('csl', records)) as CslItem[];
    expect(csl.map((i) => i.id)).toEqual(records.map((r) => r.iris.work));
    expect((await write('citation', records)).trim().split('\n')).toHaveLength(records.length);
  });
});

describe('writers: csl', () => {
  it('is a CSL-JSON array whose item holds what the graph states', async () => {
    const [item] = JSON.parse(await write('csl', [seed])) as CslItem[];
    expect(item).toMatchObject({
      id: `${BASE}work/doi/${DOI}`,
      type: 'article-journal',
      title: TITLE,
      'container-title': 'BMC Psychiatry',
      publisher: 'BioMed Central',
      issued: { 'date-parts': [[2022, 6, 1]] },
      DOI,
      PMID: '35650562',
      PMCID: 'PMC9158348',
      URL: `https://doi.org/${DOI}`,
      language: 'en',
    });
    expect(item!.author!.map((a) => ('family' in a ? a.family : a.literal))).toEqual(FAMILIES);
    expect(item!.author![9]).toEqual({ family: 'Goldsmith', given: 'Lucy P.' });
    expect(item!.abstract).toMatch(/^BACKGROUND: Peer workers are increasingly employed/);
    // Nothing the graph does not state: no volume, issue or pages.
    expect(item).not.toHaveProperty('volume');
    expect(item).not.toHaveProperty('page');
  });

  it('is the same item whether the writer or the graph reader makes it', async () => {
    expect(JSON.parse(await write('csl', [seed]))).toEqual([cslItem(seed.quads, seed.iris.work)]);
    expect(await write('csl', [seed])).toBe(citationText([cslItem(seed.quads, seed.iris.work)!], 'csl'));
  });

  it('a record without a date gives no `issued` (never invented), and no year anywhere', async () => {
    const undated = converted(convertText(UNDATED, 'undated.txt'))[0]!;
    expect(undated.work.date ?? undated.work.year).toBeUndefined();
    const item = cslItem(undated.quads, undated.iris.work)!;
    expect(item.title).toBe(TITLE);
    expect(item).not.toHaveProperty('issued');
    expect(await write('bibtex', [undated])).not.toMatch(/year\s*=/);
    expect(await write('ris', [undated])).not.toMatch(/^(PY|DA|Y1) {2}-/m);
    expect(await write('citation', [undated])).toContain('(n.d.)');
  });

  it('names: family and given where split, a literal for an organisation; dates only as precise as given', () => {
    expect(cslName({ iri: 'x', family: 'Gillard', given: 'Steve', name: 'Steve Gillard' })).toEqual({ family: 'Gillard', given: 'Steve' });
    expect(cslName({ iri: 'x', name: 'WHO Collaborating Group' })).toEqual({ literal: 'WHO Collaborating Group' });
    expect(cslName({ iri: 'x' })).toBeUndefined();
    expect(dateParts('2022-06-01')).toEqual([2022, 6, 1]);
    expect(dateParts('2022-06')).toEqual([2022, 6]);
    expect(dateParts('2022')).toEqual([2022]);
    expect(dateParts('June 2022')).toBeUndefined();
  });
});

describe('writers: citation', () => {
  it('is the APA reference: authors in order, year, title, journal, DOI link', async () => {
    const text = await write('citation', [seed]);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toMatch(/^Gillard, S\., Foster, R\., White, S\., /);
    expect(text).toContain('Ussher, M., & Worner, J. (2022). The impact of working as a peer worker');
    expect(text).toContain('BMC Psychiatry');
    expect(text).toContain(`https://doi.org/${DOI}`);
  });
});
