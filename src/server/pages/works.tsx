/**
 * A work in a result list, as search, browse and the home page show it: its title linked, then
 * who wrote it (the first three authors, then "et al."), the journal and the year; and the links
 * between the pages of a long list. Shared so every list reads the same.
 */
import type { FC } from 'hono/jsx';
import { Dotted } from './parts.js';
import { hrefFor } from './paths.js';

/** One work of a list, with what the list knows of it. */
export interface ListedWork {
  work: string;
  title?: string;
  /** `schema:datePublished`: a date, year-month or year. */
  date?: string;
  /** The authors' names in the record's order (all of them, or the first few). */
  authors?: string[];
  /** The work has more authors than `authors` holds. */
  moreAuthors?: boolean;
  journal?: string;
  year?: string;
  /** What matched, e.g. the author's name or the identifier. */
  matched?: string;
}

/** How many authors a list shows before "et al.". */
export const LISTED_AUTHORS = 3;

/**
 * The first three authors' names, then "et al." when there are more.
 * @example
 * authorLine(['Steve Gillard', 'Rhiannon Foster', 'Sarah White', 'Sarah Carr']); // 'Steve Gillard, Rhiannon Foster, Sarah White et al.'
 */
export function authorLine(names: string[], more = false): string {
  const shown = names.slice(0, LISTED_AUTHORS).join(', ');
  return names.length > LISTED_AUTHORS || (more && names.length) ? `${shown} et al.` : shown;
}

/**
 * A work as a list item: the title linked, then authors · journal · year, then what matched.
 * @example
 * <WorkListItem item={{ work, title: 'The impact…', authors: ['Steve Gillard'], journal: 'BMC Psychiatry', date: '2022-06-01' }} base={base} />
 */
export const WorkListItem: FC<{ item: ListedWork; base: string }> = ({ item, base }) => {
  const year = item.year ?? item.date?.slice(0, 4);
  const facts = [item.authors?.length ? authorLine(item.authors, item.moreAuthors) : undefined, item.journal && <cite>{item.journal}</cite>, year && <time datetime={item.date ?? year}>{year}</time>];
  return (
    <li>
      <a href={hrefFor(item.work, base)}>{item.title ?? item.work}</a>
      {facts.some(Boolean) ? (
        <>
          <br />
          <span class="meta byline">
            <Dotted items={facts} />
          </span>
        </>
      ) : null}
      {item.matched ? (
        <>
          <br />
          <span class="meta">Matched: {item.matched}</span>
        </>
      ) : null}
    </li>
  );
};

/**
 * Links to the previous and next pages of a list, and where this page is; nothing for a single page.
 * @example
 * <Pager page={2} pages={5} href={(n) => `/years/2022?page=${n}`} />
 */
export const Pager: FC<{ page: number; pages: number; href: (page: number) => string; label?: string }> = ({ page, pages, href, label = 'pages of results' }) =>
  pages > 1 ? (
    <nav class="pager" aria-label={label}>
      {page > 1 ? (
        <a rel="prev" href={href(page - 1)}>
          ← Previous
        </a>
      ) : null}
      <span class="meta">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <a rel="next" href={href(page + 1)}>
          Next →
        </a>
      ) : null}
    </nav>
  ) : null;
