/** The search results page: the box again, then each group of hits with the stored query that found them. */
import type { FC } from 'hono/jsx';
import { Layout, render } from './layout.js';
import { SearchForm } from './home.js';
import { LinkedItem, When } from './parts.js';
import { hrefFor } from './paths.js';

/** One work found by a search. */
export interface SearchHit {
  work: string;
  title?: string;
  date?: string;
  /** What matched, e.g. the author's name or the identifier. */
  matched?: string;
}

/** One group of hits: which stored query found them. */
export interface SearchGroup {
  /** What this group searched, for its heading: `Authors named "Gillard"`. */
  label: string;
  /** The stored query that answered (linked for the curious). */
  query: string;
  hits: SearchHit[];
  /** The stored query stopped at its limit: there may be more. */
  cut?: boolean;
  /** The query failed: its message. */
  error?: string;
}

/** A hit: the work's title linked to its page, then what matched and the date. */
const Hit: FC<{ hit: SearchHit; base: string }> = ({ hit, base }) => (
  <LinkedItem href={hrefFor(hit.work, base)} label={hit.title ?? hit.work} meta={[hit.matched, hit.date && <When date={hit.date} />]} />
);

/** One group: its heading and count, its hits, a note when it failed or was cut, the query that answered. */
const Group: FC<{ group: SearchGroup; n: number; base: string }> = ({ group: g, n, base }) => (
  <section aria-labelledby={`group-${n}`}>
    <h2 id={`group-${n}`}>
      {g.label} <span class="meta">({g.hits.length})</span>
    </h2>
    <ul class="plain results">
      {g.hits.map((h) => (
        <Hit hit={h} base={base} />
      ))}
    </ul>
    {g.error ? <p class="muted">{g.error}</p> : g.cut ? <p class="meta">Only the first {g.hits.length} are shown.</p> : null}
    <p class="meta">
      Answered by the stored query <a href={`${new URL(base).pathname}queries#${g.query}`}>{g.query}</a>.
    </p>
  </section>
);

/** What to say when nothing matched: how names and titles match. */
const NoMatch: FC<{ q: string }> = ({ q }) => (
  <p>
    No work matches <strong>{q}</strong>. Author names match as the records write them (a family name such as <em>Gillard</em>, or a full name such as <em>Steve Gillard</em>); titles match any word or
    phrase.
  </p>
);

/**
 * The search results page.
 * @example
 * searchPage('Gillard', [{ label: 'Authors named “Gillard”', query: 'works-by-author-name', hits }], 'http://localhost:3000/');
 */
export function searchPage(q: string, groups: SearchGroup[], base: string): string {
  const root = new URL(base).pathname;
  const found = groups.some((g) => g.hits.length);
  const shown = groups.filter((g) => g.hits.length || g.error);
  return render(
    <Layout title={q ? `Search: ${q}` : 'Search'} root={root}>
      <h1>{q ? `Search: ${q}` : 'Search'}</h1>
      <SearchForm root={root} value={q} />
      {q && !found ? <NoMatch q={q} /> : null}
      {shown.map((g, i) => (
        <Group group={g} n={i} base={base} />
      ))}
    </Layout>,
  );
}
