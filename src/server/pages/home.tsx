/** The home page: what the dataset is, its counts and licence, the search box, the records loaded last, and where to go next. */
import type { FC } from 'hono/jsx';
import type { Catalog } from '../../catalog.js';
import { DEFAULT_DATASET_LICENSE } from '../void.js';
import { Layout, render } from './layout.js';
import { licenceLabel, readableTime } from './labels.js';
import { hrefFor } from './paths.js';
import { Dotted } from './parts.js';
import { authorLine } from './works.js';

/** A recently loaded record, with the work it describes when known. */
export interface RecentRecord {
  id: string;
  received: string;
  record: string;
  work?: string;
  title?: string;
  /** The work's authors' names in order (the first few), whether it has more, its journal and year. */
  authors?: string[];
  moreAuthors?: boolean;
  journal?: string;
  year?: string;
}

export interface HomeOptions {
  /** The dataset's licence (default CC0 1.0, as VoID says). */
  license?: string;
  /** Recent records with their works' titles (default: `catalog.recent(10)`, ids only). */
  recent?: RecentRecord[];
}

/** The dataset's title, as the VoID description gives it (the home page shows it without the `catalod: `). */
export const DATASET_TITLE = 'catalod: catalogue records of scholarly articles as linked data';

/**
 * The search box: one field for title or journal words, an author's name or an identifier.
 * @example
 * <SearchForm root="/" value="Gillard" />
 */
export const SearchForm: FC<{ root: string; value?: string }> = ({ root, value = '' }) => (
  <form class="search" role="search" method="get" action={`${root}search`}>
    <label for="q">Search the articles</label>
    <input type="search" id="q" name="q" value={value} placeholder="Title, author, journal or identifier" aria-describedby="q-hint" autocomplete="off" maxlength={300} />
    <button type="submit">Search</button>
    <small id="q-hint" class="meta">
      Words of a title (peer worker) or a journal (psychiatry), an author's name in any case, with or without accents (Gillard, Steve Gillard, nunez), or a DOI, PMID or PMCID.
    </small>
  </form>
);

const number = (n: number) => n.toLocaleString('en');

/** One count or fact in the row of boxes under the title. */
const Stat: FC<{ label: string; children?: unknown }> = ({ label, children }) => (
  <div>
    <dl>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </dl>
  </div>
);

/** A recently loaded record: its work's title (or its id), authors · journal · year, then the record and when it came. */
const RecentItem: FC<{ r: RecentRecord; base: string }> = ({ r, base }) => (
  <li>
    {r.work ? <a href={hrefFor(r.work, base)}>{r.title ?? r.work}</a> : <a href={hrefFor(r.record, base)}>{r.id}</a>}
    <br />
    {r.authors?.length || r.journal || r.year ? (
      <>
        <span class="meta byline">
          <Dotted items={[r.authors?.length && authorLine(r.authors, r.moreAuthors), r.journal && <cite>{r.journal}</cite>, r.year]} />
        </span>
        <br />
      </>
    ) : null}
    <span class="meta">
      record <a href={hrefFor(r.record, base)}>{r.id}</a> · loaded <time datetime={r.received}>{readableTime(r.received)}</time>
    </span>
  </li>
);

/** Cards for the ways in: the query editor, stored queries, VoID, the dumps. */
const Explore: FC<{ root: string }> = ({ root }) => (
  <section aria-labelledby="explore">
    <h2 id="explore">Use the data</h2>
    <ul class="cards">
      <li>
        <a href={`${root}sparql`}>Query editor</a>
        <p>
          SPARQL 1.1 in the browser, with the stored queries as examples. The endpoint is <code>{root}sparql</code>.
        </p>
      </li>
      <li>
        <a href={`${root}queries`}>Stored queries</a>
        <p>Ready-made questions with parameters: works by author, journal and year, identifier, title words.</p>
      </li>
      <li>
        <a href={`${root}.well-known/void`}>VoID description</a>
        <p>What the dataset holds: counts, classes, examples, dumps.</p>
      </li>
      <li>
        Dumps
        <p>
          <a href={`${root}dump.nq`}>N-Quads</a>, <a href={`${root}dump.ttl`}>Turtle</a>, <a href={`${root}dump.jsonld`}>JSON-LD</a>: the whole graph, streamed.
        </p>
      </li>
    </ul>
  </section>
);

/**
 * The home page.
 * @example
 * app.get('/', (c) => c.html(homePage(catalog, { license: 'https://creativecommons.org/publicdomain/zero/1.0/' })));
 */
export function homePage(catalog: Pick<Catalog, 'base' | 'stats' | 'recent'>, options: HomeOptions = {}): string {
  const root = new URL(catalog.base).pathname;
  const stats = catalog.stats();
  const license = options.license ?? DEFAULT_DATASET_LICENSE;
  const recent = options.recent ?? (catalog.recent(10) as RecentRecord[]);
  return render(
    <Layout title="Home" root={root}>
      <p class="kicker">catalod dataset</p>
      <h1>{DATASET_TITLE.charAt(9).toUpperCase() + DATASET_TITLE.slice(10)}</h1>
      <p class="lead">Scholarly articles described by library catalogues, as schema.org, Dublin Core and FaBiO, with authors in order, identifiers, licences and where each record came from.</p>
      <div class="stats">
        <Stat label="Records">{number(stats.records)}</Stat>
        <Stat label={stats.triples === undefined ? 'Quads' : 'Triples'}>{number(stats.triples ?? stats.quads)}</Stat>
        <Stat label="Licence">
          <a href={license} rel="license">
            {licenceLabel(license)}
          </a>
        </Stat>
      </div>
      <SearchForm root={root} />
      <p class="browse-links">
        Or browse the works by <a href={`${root}journals`}>journal</a> or by <a href={`${root}years`}>year</a>.
      </p>
      {recent.length ? (
        <section aria-labelledby="recent">
          <h2 id="recent">Recently loaded</h2>
          <ul class="plain">
            {recent.map((r) => (
              <RecentItem r={r} base={catalog.base} />
            ))}
          </ul>
        </section>
      ) : null}
      <Explore root={root} />
    </Layout>,
  );
}
