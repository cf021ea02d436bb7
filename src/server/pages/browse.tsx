/**
 * Browsing without a search: the journals (`/journals`) and the years (`/years`), each with its
 * number of works, and the works of one journal or one year, a page of twenty at a time. The
 * lists come from stored queries (browse.ts); these pages only lay them out.
 */
import type { FC } from 'hono/jsx';
import { Layout, render } from './layout.js';
import { Pager, WorkListItem, type ListedWork } from './works.js';
import { PAGE_SIZE } from '../browse.js';

/** One page of a list and where it is in the whole (browse.ts's `Paged`). */
export interface ListPage<T> {
  items: T[];
  page: number;
  pages: number;
  total: number;
  cut?: boolean;
  error?: string;
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/**
 * The path of a journal's browse page, from the journal's IRI (`{base}journal/SLUG` → `/journals/SLUG`).
 * @example
 * journalPath('http://localhost:3000/journal/bmcpsychiatry', 'http://localhost:3000/'); // '/journals/bmcpsychiatry'
 */
export function journalPath(iri: string, base: string): string | undefined {
  const root = new URL(base).pathname;
  const prefix = `${base}journal/`;
  const slug = iri.startsWith(prefix) ? iri.slice(prefix.length) : '';
  return /^[^/?#\\]+$/.test(slug) ? `${root}journals/${slug}` : undefined;
}

/** The failure or cut note under a list. */
const Note: FC<{ list: ListPage<unknown>; what: string }> = ({ list, what }) =>
  list.error ? <p class="muted">{list.error}</p> : list.cut ? <p class="meta">Only the first {list.total.toLocaleString('en')} {what} are listed.</p> : null;

/**
 * The list of journals, by name, each linked to its works.
 * @example
 * journalsPage({ items: [{ iri, name: 'BMC Psychiatry', works: 1 }], page: 1, pages: 1, total: 1 }, base);
 */
export function journalsPage(list: ListPage<{ iri: string; name: string; works: number }>, base: string): string {
  const root = new URL(base).pathname;
  return render(
    <Layout title="Journals" root={root}>
      <h1>Journals</h1>
      <p class="lead">{count(list.total, 'journal', 'journals')}, by name, with the number of works of each here.</p>
      <ul class="plain browse">
        {list.items.map((j) => (
          <li>
            <a href={journalPath(j.iri, base) ?? j.iri}>{j.name}</a> <span class="meta">({count(j.works, 'work', 'works')})</span>
          </li>
        ))}
      </ul>
      <Note list={list} what="journals" />
      <Pager page={list.page} pages={list.pages} href={(n) => `${root}journals?page=${n}`} />
      <p class="meta">
        Answered by the stored query <a href={`${root}queries#journals`}>journals</a>. Browse by <a href={`${root}years`}>year</a> instead.
      </p>
    </Layout>,
  );
}

/**
 * The list of years, newest first, each linked to its works.
 * @example
 * yearsPage({ items: [{ year: '2022', works: 1 }], page: 1, pages: 1, total: 1 }, base);
 */
export function yearsPage(list: ListPage<{ year: string; works: number }>, base: string): string {
  const root = new URL(base).pathname;
  return render(
    <Layout title="Years" root={root}>
      <h1>Years</h1>
      <p class="lead">The years of publication, newest first, with the number of works of each here.</p>
      <ul class="plain browse">
        {list.items.map((y) => (
          <li>
            <a href={`${root}years/${encodeURIComponent(y.year)}`}>{y.year}</a> <span class="meta">({count(y.works, 'work', 'works')})</span>
          </li>
        ))}
      </ul>
      <Note list={list} what="years" />
      <p class="meta">
        Answered by the stored query <a href={`${root}queries#years`}>years</a>. Browse by <a href={`${root}journals`}>journal</a> instead.
      </p>
    </Layout>,
  );
}

export interface WorksPageOptions {
  /** The page's heading (a journal's name, a year). */
  heading: string;
  /** The line under it. */
  intro: string;
  /** Where the list of lists is (`/journals`, `/years`) and what it is called. */
  up: { href: string; label: string };
  /** The stored query that answered. */
  query: string;
  /** The page `n` of this list. */
  href: (n: number) => string;
}

/**
 * A page of the works of one journal or one year, with authors, journal and year for each.
 * @example
 * browseWorksPage(list, base, { heading: '2022', intro: 'Works published in 2022.', up: { href: '/years', label: 'All years' }, query: 'works-in-year', href: (n) => `/years/2022?page=${n}` });
 */
export function browseWorksPage(list: ListPage<ListedWork>, base: string, options: WorksPageOptions): string {
  const root = new URL(base).pathname;
  const from = (list.page - 1) * PAGE_SIZE + 1;
  return render(
    <Layout title={options.heading} root={root}>
      <p class="kicker">
        <a href={options.up.href}>{options.up.label}</a>
      </p>
      <h1>{options.heading}</h1>
      <p class="lead">{options.intro}</p>
      {list.pages > 1 ? (
        <p class="meta">
          Works {from}–{from + list.items.length - 1} of {list.total.toLocaleString('en')}.
        </p>
      ) : null}
      <ul class="plain results">
        {list.items.map((w) => (
          <WorkListItem item={w} base={base} />
        ))}
      </ul>
      <Note list={list} what="works" />
      <Pager page={list.page} pages={list.pages} href={options.href} />
      <p class="meta">
        Answered by the stored query <a href={`${root}queries#${options.query}`}>{options.query}</a>.
      </p>
    </Layout>,
  );
}
