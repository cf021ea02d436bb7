/**
 * The home page's search: one box, answered by the stored queries (never by query text built
 * from what was typed). What was typed is tried as an identifier (DOI, PMID, PMCID) when it reads
 * as one, as an author's name (exactly as records write names, as typed and with each word
 * capitalised: `gillard` finds Gillard), and as words of a title. Each is a stored query run
 * with its parameter bound as a typed term, so the direct executors answer at index speed.
 */
import type { Catalog } from '../catalog.js';
import type { SearchGroup, SearchHit } from './pages.js';
import { bindParams, normaliseIdentifier, type StoredQuery } from './queries.js';

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

/** Runs a stored query with string parameters; the rows, or the reason it failed. */
async function runStored(options: SearchOptions, name: string, params: Record<string, string>): Promise<{ rows: Binding[]; error?: string; cut?: boolean } | undefined> {
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
    rowCap: 1000,
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
 * Searches the catalogue for `text`: by identifier, author name and title words.
 * @example
 * const groups = await search({ catalog, queries }, 'Gillard');
 * groups.find((g) => g.query === 'works-by-author-name')?.hits[0].title; // 'The impact of working as a peer worker…'
 */
export async function search(options: SearchOptions, text: string): Promise<SearchGroup[]> {
  const q = text.trim().replace(/\s+/g, ' ').slice(0, MAX_SEARCH_LENGTH);
  if (!q) return [];
  const groups: SearchGroup[] = [];

  const byId = normaliseIdentifier(q) ? runStored(options, 'work-by-identifier', { id: q }) : undefined;
  const byAuthor = (async () => {
    const first = await runStored(options, 'works-by-author-name', { name: q });
    const again = capitalised(q);
    if (first && !first.rows.length && !first.error && again !== q) return runStored(options, 'works-by-author-name', { name: again });
    return first;
  })();
  const byTitle = runStored(options, 'works-by-title-word', { word: q });

  const id = await byId;
  if (id && (id.rows.length || id.error)) {
    groups.push({ label: `Identifier ${normaliseIdentifier(q)}`, query: 'work-by-identifier', hits: hitsOf(id.rows, (b) => b.scheme && b.value && `${b.scheme.value.toUpperCase()} ${b.value.value}`), error: id.error });
  }
  const author = await byAuthor;
  if (author) groups.push({ label: `Authors named “${q}”`, query: 'works-by-author-name', hits: hitsOf(author.rows, (b) => b.authorName?.value), error: author.error });
  const title = await byTitle;
  if (title) groups.push({ label: `Titles with “${q}”`, query: 'works-by-title-word', hits: hitsOf(title.rows), cut: title.cut, error: title.error });
  return groups;
}
