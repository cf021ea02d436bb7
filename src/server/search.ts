/**
 * The home page's search: one box, answered by the stored queries (never by query text built
 * from what was typed), each run on the query workers with its parameter bound as a typed term
 * and a row cap, under the query deadline. What was typed is tried as an identifier (DOI, PMID,
 * PMCID) when it reads as one; as an author's name, however typed (any case, with or without
 * accents, `Family, Given` or `Given Family`: works-by-author-folded folds both sides, and the
 * exact works-by-author-name still finds names written without a family part); as words of a
 * journal's name; and as words of a title. The hits come back ranked: exact identifier matches,
 * then exact name matches (family and given names both agree with what was typed), then the rest
 * (an author's family name alone, journals, titles); each work once, in its best group.
 */
import type { Catalog } from '../catalog.js';
import type { SearchGroup, SearchHit } from './pages.js';
import { bindParams, normaliseIdentifier, type StoredQuery } from './queries.js';
import { fold } from '../query/fold.js';

export { fold } from '../query/fold.js';

/** A SPARQL JSON binding value. */
interface Value {
  type: string;
  value: string;
}
type Binding = Record<string, Value | undefined>;

export interface SearchOptions {
  catalog: Catalog;
  /** The stored queries by name (a folder without one of those used here just skips that part). */
  queries: Map<string, StoredQuery>;
  timeoutMs?: number;
}

/** The longest text searched; longer input is cut (no name or title word is that long). */
export const MAX_SEARCH_LENGTH = 300;
/** The most rows one stored query of a search may return: the queries' own LIMITs are lower still. */
export const SEARCH_ROW_CAP = 1000;

/** A stored query's answer: its rows, whether it stopped at its limit, or why it failed. */
interface Answer {
  rows: Binding[];
  error?: string;
  cut?: boolean;
}

/**
 * Runs a stored query with string parameters on the catalogue's query runner (the worker pool),
 * at most `rowCap` rows, under the deadline; undefined when the folder has no such query.
 * @example
 * const answer = await runStored({ catalog, queries }, 'works-in-year', { year: '2022' });
 * answer?.rows[0]?.work?.value; // 'http://localhost:3000/work/doi/10.1186/s12888-022-03999-9'
 */
export async function runStored(options: SearchOptions, name: string, params: Record<string, string>, rowCap = SEARCH_ROW_CAP): Promise<Answer | undefined> {
  const query = options.queries.get(name);
  if (!query) return undefined;
  const bound = bindParams(query, params);
  if (!bound.ok) return { rows: [], error: bound.message };
  const res = await options.catalog.queries.run({
    query: query.query,
    stored: name,
    bindings: bound.bindings,
    mediaType: 'application/sparql-results+json',
    timeoutMs: options.timeoutMs ?? 10_000,
    rowCap,
  });
  if (res.status !== 200) return { rows: [], error: res.body.trim() };
  const rows = (JSON.parse(res.body) as { results: { bindings: Binding[] } }).results.bindings;
  return { rows, cut: res.truncated || /\bLIMIT\s+(\d+)\s*$/i.exec(query.query)?.[1] === String(rows.length) };
}

/** One hit per work, in the order the query gave them; `matched` values of a work joined. */
function hitsOf(rows: Binding[], matched?: (b: Binding) => string | undefined): SearchHit[] {
  const byWork = new Map<string, SearchHit & { names: Set<string> }>();
  for (const b of rows) {
    const work = b.work?.value;
    if (!work) continue;
    let hit = byWork.get(work);
    if (!hit) byWork.set(work, (hit = { work, title: b.title?.value, date: b.date?.value, names: new Set() }));
    const m = matched?.(b);
    if (m) hit.names.add(m);
  }
  return [...byWork.values()].map(({ names, ...hit }) => ({ ...hit, matched: names.size ? [...names].join(', ') : undefined }));
}

/**
 * Each word's first letter in capitals, the rest as typed (`van der berg` → `Van Der Berg`,
 * `o'brien` → `O'Brien`): the second try for a name typed in lower case.
 * @example
 * capitalised('steve gillard'); // 'Steve Gillard'
 */
export function capitalised(text: string): string {
  return text.replace(/(^|[\s'’-])(\p{Ll})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

/**
 * True when the words typed name this author in full: the folded family name is a run of the
 * words (the query matched on that), and the words left over are none, or the given names in
 * order (an initial stands for a name), whichever side of the family name they were typed on.
 * @example
 * fullNameMatch('Gillard, Steve', 'Gillard', 'Steve'); // true
 * fullNameMatch('nunez jose', 'Núñez', 'José María');   // true
 * fullNameMatch('Alice Gillard', 'Gillard', 'Steve');   // false
 */
export function fullNameMatch(text: string, family: string, given: string | undefined): boolean {
  const words = fold(text).split(' ').filter(Boolean);
  const fam = fold(family).split(' ').filter(Boolean);
  if (!fam.length) return false;
  const at = words.findIndex((_, i) => fam.every((f, k) => words[i + k] === f));
  if (at < 0) return false;
  const rest = [...words.slice(0, at), ...words.slice(at + fam.length)];
  if (!rest.length) return true;
  const names = fold(given ?? '').split(' ').filter(Boolean);
  return rest.length <= names.length && rest.every((w, i) => w === names[i] || (w.length === 1 && names[i]!.startsWith(w)));
}

/**
 * Searches the catalogue for `text`: by identifier, author name, journal name and title words;
 * the groups ranked, each work in its best group only.
 * @example
 * const groups = await search({ catalog, queries }, 'Gillard, Steve');
 * groups[0].label; // 'Authors named “Gillard, Steve”'
 * groups[0].hits[0].title; // 'The impact of working as a peer worker…'
 */
export async function search(options: SearchOptions, text: string): Promise<SearchGroup[]> {
  const q = text.trim().replace(/\s+/g, ' ').slice(0, MAX_SEARCH_LENGTH);
  if (!q) return [];

  // All asked at once: each is one job for the workers.
  const byId = normaliseIdentifier(q) ? runStored(options, 'work-by-identifier', { id: q }) : undefined;
  const byExactName = (async () => {
    const first = await runStored(options, 'works-by-author-name', { name: q });
    const again = capitalised(q);
    if (first && !first.rows.length && !first.error && again !== q) return runStored(options, 'works-by-author-name', { name: again });
    return first;
  })();
  const byFolded = runStored(options, 'works-by-author-folded', { text: q });
  const byJournal = runStored(options, 'works-by-journal-word', { word: q });
  const byTitle = runStored(options, 'works-by-title-word', { word: q });

  const groups: SearchGroup[] = [];
  const id = await byId;
  if (id && (id.rows.length || id.error)) {
    groups.push({ label: `Identifier ${normaliseIdentifier(q)}`, query: 'work-by-identifier', hits: hitsOf(id.rows, (b) => b.scheme && b.value && `${b.scheme.value.toUpperCase()} ${b.value.value}`), error: id.error });
  }

  const exact = await byExactName;
  const folded = await byFolded;
  const full = folded?.rows.filter((b) => b.familyName && fullNameMatch(q, b.familyName.value, b.givenName?.value)) ?? [];
  const partial = folded?.rows.filter((b) => !full.includes(b)) ?? [];
  if (exact || folded) {
    const rows = sortNewestFirst([...(exact?.rows ?? []), ...full]);
    const error = [exact?.error, folded?.error].filter(Boolean).join(' ') || undefined;
    groups.push({ label: `Authors named “${q}”`, query: folded ? 'works-by-author-folded' : 'works-by-author-name', also: folded && exact ? ['works-by-author-name'] : undefined, hits: hitsOf(rows, (b) => b.authorName?.value), cut: folded?.cut, error });
  }
  if (partial.length) groups.push({ label: `Other authors with a family name in “${q}”`, query: 'works-by-author-folded', hits: hitsOf(partial, (b) => b.authorName?.value), cut: folded?.cut });

  const journal = await byJournal;
  if (journal) groups.push({ label: `Journals with “${q}”`, query: 'works-by-journal-word', hits: hitsOf(journal.rows, (b) => b.journal?.value), cut: journal.cut, error: journal.error });
  const title = await byTitle;
  if (title) groups.push({ label: `Titles with “${q}”`, query: 'works-by-title-word', hits: hitsOf(title.rows), cut: title.cut, error: title.error });
  return once(groups);
}

/** Rows of two queries merged newest first, as each query orders its own (on the date's lexical form, then the work). */
function sortNewestFirst(rows: Binding[]): Binding[] {
  const date = (b: Binding) => b.date?.value ?? '';
  return rows.sort((a, b) => (date(a) < date(b) ? 1 : date(a) > date(b) ? -1 : (a.work?.value ?? '') < (b.work?.value ?? '') ? -1 : (a.work?.value ?? '') > (b.work?.value ?? '') ? 1 : 0));
}

/** Each work only in the first (best ranked) group that found it. */
function once(groups: SearchGroup[]): SearchGroup[] {
  const seen = new Set<string>();
  return groups.map((g) => {
    const hits = g.hits.filter((h) => !seen.has(h.work));
    for (const h of hits) seen.add(h.work);
    return { ...g, hits };
  });
}

/** One page of a ranked list of groups: the groups' hits on that page, each group's total kept. */
export interface SearchPage {
  groups: SearchGroup[];
  /** 1-based. */
  page: number;
  pages: number;
  /** Hits over all groups. */
  total: number;
}

/**
 * The hits of page `page` (1-based, `size` a page) of the groups taken as one ranked list; a
 * group keeps its total in `total` and shows only its hits on the page (failed groups on page 1).
 * @example
 * paginate(groups, 2, 20).groups.flatMap((g) => g.hits).length; // ≤ 20
 */
export function paginate(groups: SearchGroup[], page: number, size = 20): SearchPage {
  const total = groups.reduce((n, g) => n + g.hits.length, 0);
  const pages = Math.max(1, Math.ceil(total / size));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  let start = (p - 1) * size;
  let room = size;
  const shown: SearchGroup[] = [];
  for (const g of groups) {
    const hits = g.hits.slice(start, start + room);
    start = Math.max(0, start - g.hits.length);
    room -= hits.length;
    if (hits.length || (g.error && p === 1)) shown.push({ ...g, hits, total: g.hits.length });
  }
  return { groups: shown, page: p, pages, total };
}
