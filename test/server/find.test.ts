/**
 * Issue 14, "Find": search folds case and accents and takes `Family, Given` as well as
 * `Given Family`, finds journals, ranks identifiers, then full names, then the rest; result lists
 * and the home page show authors, journal and year; long lists are paged; journals and years can
 * be browsed. All through `app.request()` on real records: the seed, the hard-names fixture (Núñez,
 * Müller, Sørensen, Strauß…) and a generated corpus for the long lists.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FOLDS } from '../../src/query/fold.js';
import { generateRecords } from '../../bench/generate.mjs';
import { fold, fullNameMatch, paginate } from '../../src/server/search.js';
import { authorLine } from '../../src/server/pages/works.js';
import { ROOT, SEED } from '../helpers.js';
import { fixtureText } from '../fixtures/load.js';
import { WORK_PATH, testServer } from './helpers.js';

const SEED_TITLE = 'The impact of working as a peer worker in mental health services: a longitudinal mixed methods study';
const HARD_TITLE = 'Multilingual consent forms in European cancer trials: a mixed methods evaluation';
const { app, spy } = await testServer({ texts: [SEED, fixtureText('pages/hard-names.txt')] });
const get = async (path: string) => {
  const res = await app.request(path, { headers: { accept: 'text/html' } });
  return { status: res.status, text: await res.text() };
};
/** Each group's heading, and the titles listed under it, in order. */
function groupsOf(text: string): { label: string; titles: string[] }[] {
  return [...text.matchAll(/<h2 id="group-\d+">([^<]*?) <span[\s\S]*?<\/section>/g)].map((m) => ({
    label: m[1]!,
    titles: [...m[0].matchAll(/<li><a href="[^"]+">([^<]+)<\/a>/g)].map((t) => t[1]!),
  }));
}

describe('folding', () => {
  it('drops case, accents and punctuation', () => {
    expect(fold('Núñez, José María')).toBe('nunez jose maria');
    expect(fold('Sørensen Strauß  Smith-Jones')).toBe('sorensen strauss smith jones');
  });

  it('the folded stored queries spell out the same steps, in the same order, on both sides', () => {
    const steps = FOLDS.map(([re, to]) => [re.source, to]);
    for (const name of ['works-by-author-folded', 'works-by-journal-word']) {
      const text = readFileSync(`${ROOT}queries/${name}.rq`, 'utf8');
      const chains = new Map<string, string[][]>();
      for (const m of text.matchAll(/BIND \(REPLACE\(\?([a-z])\d+, ("(?:[^"\\]|\\.)*"), ("(?:[^"\\]|\\.)*")\) AS/g)) {
        chains.set(m[1]!, [...(chains.get(m[1]!) ?? []), [JSON.parse(m[2]!), JSON.parse(m[3]!)]]);
      }
      expect(chains.size, name).toBe(2);
      for (const chain of chains.values()) expect(chain, name).toEqual(steps);
    }
  });

  it('knows a full name typed either way round, with initials', () => {
    expect(fullNameMatch('Gillard, Steve', 'Gillard', 'Steve')).toBe(true);
    expect(fullNameMatch('steve gillard', 'Gillard', 'Steve')).toBe(true);
    expect(fullNameMatch('S Gillard', 'Gillard', 'Steve')).toBe(true);
    expect(fullNameMatch('jose maria nunez', 'Núñez', 'José María')).toBe(true);
    expect(fullNameMatch('van der berg, anna', 'van der Berg', 'Anna')).toBe(true);
    expect(fullNameMatch('Alice Gillard', 'Gillard', 'Steve')).toBe(false);
  });
});

describe('search finds what it did not', () => {
  for (const q of ['Gillard', 'steve gillard', 'Gillard, Steve', 'GILLARD,STEVE'])
    it(`${JSON.stringify(q)}: the seed's work, as an exact name match`, async () => {
      const groups = groupsOf((await get(`/search?q=${encodeURIComponent(q)}`)).text);
      expect(groups[0]!.label).toMatch(/^Authors named/);
      expect(groups[0]!.titles).toEqual([SEED_TITLE]);
    });

  for (const q of ['Nunez', 'núñez', 'NUNEZ, Jose', 'José María Núñez', 'sorensen', 'Strauss', 'muller jurgen'])
    it(`${JSON.stringify(q)}: the accented author's work`, async () => {
      const groups = groupsOf((await get(`/search?q=${encodeURIComponent(q)}`)).text);
      expect(groups[0]!.label).toMatch(/^Authors named/);
      expect(groups[0]!.titles).toEqual([HARD_TITLE]);
    });

  it('a family name with another given name is found, after the exact matches', async () => {
    const groups = groupsOf((await get('/search?q=Alice%20Gillard')).text);
    expect(groups.map((g) => g.label)).toContain('Other authors with a family name in “Alice Gillard”');
    expect(groups.find((g) => g.label.startsWith('Authors named'))?.titles ?? []).toEqual([]);
  });

  it('a journal by a word of its name, in any case', async () => {
    for (const [q, title] of [['Psychiatry', SEED_TITLE], ['bmc psychiatry', SEED_TITLE], ['TRIALS', HARD_TITLE]] as const) {
      const { text } = await get(`/search?q=${encodeURIComponent(q)}`);
      const journal = groupsOf(text).find((g) => g.label.startsWith('Journals with'));
      expect(journal?.titles, q).toEqual([title]);
    }
  });

  it('ranks an exact identifier first, each work once', async () => {
    spy.requests.length = 0;
    const groups = groupsOf((await get('/search?q=10.1186%2Fs12888-022-03999-9')).text);
    expect(groups[0]!.label).toBe('Identifier 10.1186/s12888-022-03999-9');
    expect(groups.flatMap((g) => g.titles)).toEqual([SEED_TITLE]);
    // Every part is a stored query with its value bound, never pasted into the text; each with a row cap.
    const body = (query: string) => query.split('\n').filter((l) => !l.startsWith('#')).join('\n');
    expect(spy.requests.every((r) => r.stored && r.bindings && r.rowCap && !body(r.query).includes('03999-9'))).toBe(true);
  });

  it('ranks exact names before titles: a title word that is also a family name', async () => {
    // A copy of the seed as another work (its ids changed) whose authors are not Gillard, but whose title has the name.
    const other = SEED.replace(/^id \| pubmed-9158348 \|$/m, 'id | other-1')
      .replaceAll('35650562', '35650999')
      .replaceAll('s12888-022-03999-9', 's12888-022-09999-9')
      .replaceAll('9158348', '9999999')
      .replaceAll('Gillard', 'Gilliard')
      .replaceAll('The impact of working as a peer worker', 'Gillard and the impact of working as a peer worker');
    const corpus = await testServer({ texts: [SEED, other] });
    const res = await corpus.app.request('/search?q=gillard');
    const groups = groupsOf(await res.text());
    expect(groups.map((g) => g.label)).toEqual(['Authors named “gillard”', 'Titles with “gillard”']);
    expect(groups[0]!.titles).toEqual([SEED_TITLE]);
    expect(groups[1]!.titles).toEqual([`Gillard and the impact of working as a peer worker${SEED_TITLE.slice('The impact of working as a peer worker'.length)}`]);
  });
});

describe('result lists show authors, journal and year', () => {
  it('in search results: the first three authors, et al., the journal and the year', async () => {
    const { text } = await get('/search?q=Gillard');
    expect(text).toContain('Steve Gillard, Rhiannon Foster, Sarah White et al. · <cite>BMC Psychiatry</cite> · <time datetime="2022-06-01">2022</time>');
    expect(text).toContain('Matched: Steve Gillard');
  });

  it('on the home page, under each recently loaded record', async () => {
    const { text } = await get('/');
    expect(text).toContain(`<a href="${WORK_PATH}">${SEED_TITLE}</a>`);
    expect(text).toContain('Steve Gillard, Rhiannon Foster, Sarah White et al. · <cite>BMC Psychiatry</cite> · 2022');
    expect(text).toMatch(/Anna van der Berg, Luca Di Marco, Mary-Kate Smith-Jones et al\. · <cite>Trials<\/cite> · 2023/);
    expect(text).toContain('<a href="/journals">journal</a>');
    expect(text).toContain('<a href="/years">year</a>');
  });

  it('authorLine: all of up to three, else three and et al.', () => {
    expect(authorLine(['A'])).toBe('A');
    expect(authorLine(['A', 'B', 'C'])).toBe('A, B, C');
    expect(authorLine(['A', 'B', 'C', 'D'])).toBe('A, B, C et al.');
  });
});

describe('browsing', () => {
  it('/journals lists each journal with its number of works, linked to its works', async () => {
    const { status, text } = await get('/journals');
    expect(status).toBe(200);
    expect(text).toContain('<a href="/journals/bmcpsychiatry">BMC Psychiatry</a> <span class="meta">(1 work)</span>');
    expect(text).toMatch(/<a href="\/journals\/trials">Trials<\/a>/);
    const journal = await get('/journals/bmcpsychiatry');
    expect(journal.status).toBe(200);
    expect(journal.text).toContain('<h1>BMC Psychiatry</h1>');
    expect(groupsOfList(journal.text)).toEqual([SEED_TITLE]);
    expect((await get('/journals/no-such-journal')).status).toBe(404);
  });

  it('/years lists the years newest first, each linked to its works', async () => {
    const { text } = await get('/years');
    expect([...text.matchAll(/<a href="\/years\/(\d{4})">/g)].map((m) => m[1])).toEqual(['2024', '2023', '2022']);
    const year = await get('/years/2022');
    expect(year.status).toBe(200);
    expect(groupsOfList(year.text)).toEqual([SEED_TITLE]);
    expect(year.text).toContain('<cite>BMC Psychiatry</cite>');
    expect((await get('/years/1850')).status).toBe(404);
    expect((await get('/years/abc')).status).toBe(404);
  });
});

/** The titles of a browse page's list. */
function groupsOfList(text: string): string[] {
  const list = /<ul class="plain results">([\s\S]*?)<\/ul>/.exec(text)?.[1] ?? '';
  return [...list.matchAll(/<li><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);
}

describe('long lists are paged', () => {
  const corpus = (async () => testServer({ texts: [[...generateRecords({ count: 45, seed: 3, persons: 30 })].join('\n')] }))();

  it('paginate: twenty a page over the ranked groups, totals kept, out-of-range pages clamped', () => {
    const hits = (n: number, p: string) => Array.from({ length: n }, (_, i) => ({ work: `${p}${i}` }));
    const groups = [{ label: 'a', query: 'x', hits: hits(15, 'a') }, { label: 'b', query: 'y', hits: hits(30, 'b') }];
    const second = paginate(groups, 2, 20);
    expect(second.pages).toBe(3);
    expect(second.groups.map((g) => [g.label, g.hits.length, g.total])).toEqual([['b', 20, 30]]);
    expect(second.groups[0]!.hits[0]!.work).toBe('b5');
    expect(paginate(groups, 99, 20).page).toBe(3);
    expect(paginate(groups, -1, 20).page).toBe(1);
  });

  it('a year with many works: twenty a page, links to the next and previous pages', async () => {
    const { app: big } = await corpus;
    const years = await (await big.request('/years')).text();
    const [, year, count] = /<a href="\/years\/(\d{4})">\d{4}<\/a> <span class="meta">\((\d+) works?\)/.exec(years)!;
    const all: string[] = [];
    const pages = Math.ceil(Number(count) / 20);
    for (let page = 1; page <= pages; page++) {
      const text = await (await big.request(`/years/${year}?page=${page}`)).text();
      all.push(...groupsOfList(text));
      if (page < pages) expect(text).toContain(`<a rel="next" href="/years/${year}?page=${page + 1}">`);
      else expect(text).not.toContain('rel="next"');
      if (page > 1) expect(text).toContain(`<a rel="prev" href="/years/${year}?page=${page - 1}">`);
    }
    expect(all.length).toBe(Number(count));
  });

  it('search results: twenty a page, every hit on exactly one page', async () => {
    const { app: big } = await corpus;
    const first = await (await big.request('/search?q=a')).text();
    const pages = Number(/Page 1 of (\d+)/.exec(first)?.[1] ?? 1);
    expect(pages).toBeGreaterThan(1);
    const titles: string[] = [];
    for (let page = 1; page <= pages; page++) {
      const text = await (await big.request(`/search?q=a&page=${page}`)).text();
      const shown = groupsOf(text).flatMap((g) => g.titles);
      expect(shown.length).toBeLessThanOrEqual(20);
      titles.push(...shown);
    }
    expect(new Set(titles).size).toBe(titles.length);
  });
});
