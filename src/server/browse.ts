/**
 * Browsing by journal and by year: the lists (`journals.rq`, `years.rq`, with each one's number
 * of works) and a journal's or a year's works (`works-in-journal.rq`, `works-in-year.rq`), each a
 * stored query run on the query workers under the deadline and a row cap; and the details a list
 * shows of each work on a page (authors, journal, year), read from the work's own description
 * for that page's twenty works only, so a long list costs no more than one page.
 */
import type { Catalog } from '../catalog.js';
import { runStored, type SearchOptions } from './search.js';
import { Index, workView } from './view.js';
import type { ListedWork } from './pages/works.js';

/** The most rows a browse list reads: 50 pages of 20; a longer list says it was cut. */
export const BROWSE_ROW_CAP = 1000;
/** Works a page lists. */
export const PAGE_SIZE = 20;

/** One page of a list, and where it is in the whole. */
export interface Paged<T> {
  items: T[];
  /** 1-based, clamped to the pages there are. */
  page: number;
  pages: number;
  total: number;
  /** The list stopped at the row cap: there are more than `total`. */
  cut?: boolean;
  /** The query failed: its message. */
  error?: string;
}

/**
 * Page `page` (1-based; out of range → the nearest) of `items`, `size` a page.
 * @example
 * pageOf([1, 2, 3], 2, 2); // { items: [3], page: 2, pages: 2, total: 3 }
 */
export function pageOf<T>(items: T[], page: number, size = PAGE_SIZE): Paged<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  return { items: items.slice((p - 1) * size, p * size), page: p, pages, total: items.length };
}

/**
 * The works of a page with their authors (the first three, and whether there are more), journal
 * and year, each read from the work's description (an index lookup, not a scan).
 * @example
 * (await withDetails(catalog, [{ work: WORK }]))[0].authors; // ['Steve Gillard', 'Rhiannon Foster', 'Sarah White', …]
 */
export async function withDetails(catalog: Pick<Catalog, 'describe'>, items: ListedWork[]): Promise<ListedWork[]> {
  return Promise.all(
    items.map(async (item) => {
      const view = workView(await catalog.describe(item.work), item.work);
      if (!view) return item;
      const names = view.authors.map((a) => a.name ?? [a.given, a.family].filter(Boolean).join(' ')).filter(Boolean);
      return {
        ...item,
        title: item.title ?? view.title,
        date: item.date ?? view.date,
        authors: names.slice(0, 4),
        moreAuthors: names.length > 4,
        journal: view.journal?.name,
        year: view.year ?? (item.date ?? view.date)?.slice(0, 4),
      };
    }),
  );
}

/** A journal in the list: its IRI, name and number of works. */
export interface JournalEntry {
  iri: string;
  name: string;
  works: number;
}

/** A year in the list, with its number of works. */
export interface YearEntry {
  year: string;
  works: number;
}

/**
 * Every journal with its number of works, by name (journals.rq), page `page` of 50.
 * @example
 * (await journals({ catalog, queries }, 1)).items[0]; // { iri: 'http://localhost:3000/journal/bmcpsychiatry', name: 'BMC Psychiatry', works: 1 }
 */
export async function journals(options: SearchOptions, page: number): Promise<Paged<JournalEntry>> {
  const answer = await runStored(options, 'journals', {}, BROWSE_ROW_CAP);
  const rows = (answer?.rows ?? []).filter((r) => r.periodical && r.journal).map((r) => ({ iri: r.periodical!.value, name: r.journal!.value, works: Number(r.works?.value ?? 0) }));
  return { ...pageOf(rows, page, 50), cut: answer?.cut && rows.length >= BROWSE_ROW_CAP, error: answer ? answer.error : 'the stored query journals is missing' };
}

/**
 * Every year with its number of works, newest first (years.rq).
 * @example
 * (await years({ catalog, queries })).items; // [{ year: '2023', works: 1 }, { year: '2022', works: 1 }]
 */
export async function years(options: SearchOptions): Promise<Paged<YearEntry>> {
  const answer = await runStored(options, 'years', {}, BROWSE_ROW_CAP);
  const rows = (answer?.rows ?? []).filter((r) => r.year).map((r) => ({ year: r.year!.value, works: Number(r.works?.value ?? 0) }));
  return { ...pageOf(rows, 1, BROWSE_ROW_CAP), error: answer ? answer.error : 'the stored query years is missing' };
}

/**
 * Page `page` of the works a stored query lists (works-in-journal, works-in-year), each with its details.
 * @example
 * (await worksPage({ catalog, queries }, 'works-in-year', { year: '2022' }, 1)).items[0].journal; // 'BMC Psychiatry'
 */
export async function worksPage(options: SearchOptions, query: 'works-in-journal' | 'works-in-year', params: Record<string, string>, page: number): Promise<Paged<ListedWork>> {
  const answer = await runStored(options, query, params, BROWSE_ROW_CAP);
  const seen = new Set<string>();
  const rows: ListedWork[] = [];
  for (const r of answer?.rows ?? []) {
    if (!r.work || seen.has(r.work.value)) continue;
    seen.add(r.work.value);
    rows.push({ work: r.work.value, title: r.title?.value, date: r.date?.value });
  }
  const paged = pageOf(rows, page);
  return { ...paged, items: await withDetails(options.catalog, paged.items), cut: answer?.cut && rows.length >= BROWSE_ROW_CAP, error: answer ? answer.error : `the stored query ${query} is missing` };
}

/**
 * A journal's name, from its description.
 * @example
 * await journalName(catalog, 'http://localhost:3000/journal/bmcpsychiatry'); // 'BMC Psychiatry'
 */
export async function journalName(catalog: Pick<Catalog, 'describe'>, iri: string): Promise<string | undefined> {
  const quads = await catalog.describe(iri);
  return quads.length ? (new Index(quads).label(iri) ?? undefined) : undefined;
}
