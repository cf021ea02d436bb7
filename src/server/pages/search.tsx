/**
 * The search results page: the box again, then the hits ranked in groups (identifier, exact
 * names, other names, journals, titles), each with the stored query that found it; a page of
 * twenty at a time, with links to the pages before and after.
 */
import type { FC } from 'hono/jsx';
import { Layout, render } from './layout.js';
import { SearchForm } from './home.js';
import { Pager, WorkListItem, type ListedWork } from './works.js';

/** One work found by a search (with its authors, journal and year once the page has read them). */
export type SearchHit = ListedWork;

/** One group of hits: which stored query found them. */
export interface SearchGroup {
  /** What this group searched, for its heading: `Authors named "Gillard"`. */
  label: string;
  /** The stored query that answered (linked for the curious). */
  query: string;
  /** Other stored queries whose hits are in the group too. */
  also?: string[];
  hits: SearchHit[];
  /** How many hits the group has over all pages (default: `hits.length`). */
  total?: number;
  /** The stored query stopped at its limit: there may be more. */
  cut?: boolean;
  /** The query failed: its message. */
  error?: string;
}

/** What a results page shows of the whole list. */
export interface SearchPaging {
  /** 1-based. */
  page: number;
  pages: number;
  total: number;
}

const queryLink = (root: string, name: string) => <a href={`${root}queries#${name}`}>{name}</a>;

/** One group: its heading and count, its hits, a note when it failed or was cut, the queries that answered. */
const Group: FC<{ group: SearchGroup; n: number; base: string }> = ({ group: g, n, base }) => {
  const root = new URL(base).pathname;
  const total = g.total ?? g.hits.length;
  return (
    <section aria-labelledby={`group-${n}`}>
      <h2 id={`group-${n}`}>
        {g.label} <span class="meta">({total})</span>
      </h2>
      <ul class="plain results">
        {g.hits.map((h) => (
          <WorkListItem item={h} base={base} />
        ))}
      </ul>
      {g.error ? <p class="muted">{g.error}</p> : g.cut ? <p class="meta">Only the first {total} are listed.</p> : null}
      <p class="meta">
        Answered by the stored {g.also?.length ? 'queries' : 'query'} {queryLink(root, g.query)}
        {(g.also ?? []).map((a) => (
          <> and {queryLink(root, a)}</>
        ))}
        .
      </p>
    </section>
  );
};

/** What to say when nothing matched: how names, journals and titles match. */
const NoMatch: FC<{ q: string }> = ({ q }) => (
  <p>
    No work matches <strong>{q}</strong>. Author names match in any letter case, with or without accents, as <em>Gillard</em>, <em>Steve Gillard</em> or <em>Gillard, Steve</em>; journals and titles match any word or
    phrase.
  </p>
);

/**
 * The search results page (one page of the ranked hits).
 * @example
 * searchPage('Gillard', [{ label: 'Authors named “Gillard”', query: 'works-by-author-folded', hits }], 'http://localhost:3000/', { page: 1, pages: 1, total: 1 });
 */
export function searchPage(q: string, groups: SearchGroup[], base: string, paging?: SearchPaging): string {
  const root = new URL(base).pathname;
  const found = groups.some((g) => g.hits.length);
  const shown = groups.filter((g) => g.hits.length || g.error);
  const href = (page: number) => `${root}search?${new URLSearchParams({ q, page: String(page) })}`;
  return render(
    <Layout title={q ? `Search: ${q}` : 'Search'} root={root}>
      <h1>{q ? `Search: ${q}` : 'Search'}</h1>
      <SearchForm root={root} value={q} />
      {q && !found ? <NoMatch q={q} /> : null}
      {paging && paging.pages > 1 ? (
        <p class="meta">
          {paging.total} works, {paging.pages} pages.
        </p>
      ) : null}
      {shown.map((g, i) => (
        <Group group={g} n={i} base={base} />
      ))}
      {paging ? <Pager page={paging.page} pages={paging.pages} href={href} /> : null}
    </Layout>,
  );
}
