/**
 * What a person meets in a browser, as routes: the home page (`/`), search (`/search?q=&page=`),
 * browsing by journal (`/journals`, `/journals/SLUG`) and by year (`/years`, `/years/YYYY`), the
 * query editor (`/sparql` asked for as HTML, with no query), YASGUI's files (`/assets/yasgui/…`),
 * and person pages: a person IRI minted here asked for as HTML, or any person IRI (an ORCID iD)
 * at `/person?iri=…`. Everything else about a resource (its RDF formats, work pages, 404s) stays
 * with resources.ts; this module only steps in for a person's HTML page, which needs more of
 * the catalogue than the person's own description (their works' titles, co-authors).
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type * as RDF from '@rdfjs/types';
import type { Catalog } from '../catalog.js';
import { NS, RDF_TYPE } from '../rdf/namespaces.js';
import { negotiate } from './negotiate.js';
import { localRedirect } from './pages/paths.js';
import { errorPage, hrefFor, homePage, personPage, searchPage, type Alternate, type Coauthor, type Namesake, type PersonData, type RecentRecord } from './pages.js';
import { personName } from '../mapping/iris.js';
import { YasguiAssets } from './query-ui.js';
import { queryUiPage } from './pages/query-editor.js';
import { loadStoredQueries, bindParams, type StoredQuery } from './queries.js';
import { allPrefixes, syntaxOffers } from './rdf.js';
import { pathToIri, representations } from './resources.js';
import { paginate, search } from './search.js';
import { journalName, journals, withDetails, worksPage, years } from './browse.js';
import { browseWorksPage, journalsPage, yearsPage } from './pages/browse.js';
import { Index, personView, workView, type PersonView, type WorkView } from './view.js';

export interface UiOptions {
  catalog: Catalog;
  /** The dataset's licence, shown on the home page (default: VoID's, CC0 1.0). */
  license?: string;
  /** Folder of stored queries (default: the package's `queries/`). */
  queriesDir?: string;
  /** Deadline for the stored queries a search or a person page runs. */
  timeoutMs?: number;
}

/** The most works a person's page reads (each is one description); more are counted, not listed. */
export const PERSON_WORK_LIMIT = 300;
/** The most works by the same name a person's page lists. */
export const NAMESAKE_LIMIT = 50;
/** The most candidate persons a page reads, so a common family name costs a bounded number of lookups. */
const NAMESAKE_LOOKUPS = 200;
const PERSON_TYPES = new Set([`${NS.schema}Person`, `${NS.foaf}Person`]);
const AUTHOR = `${NS.schema}author`;
const PRIMARY_TOPIC = `${NS.foaf}primaryTopic`;

/**
 * True when `quads` type `iri` as a person.
 * @example
 * isPerson(catalog.describe(`${base}work/doi/10.1186/s12888-022-03999-9/person/gillardsteve`), …); // true
 */
export function isPerson(quads: RDF.Quad[], iri: string): boolean {
  return quads.some((q) => q.subject.value === iri && q.predicate.value === RDF_TYPE && PERSON_TYPES.has(q.object.value));
}

/** A value kept until the catalogue changes. */
class PerGeneration<K, V> {
  private map = new Map<K, V>();
  private generation = -1;
  constructor(private readonly catalog: Catalog, private readonly limit = 1000) {}
  get(key: K, make: () => V): V {
    if (this.generation !== this.catalog.generation) {
      this.map.clear();
      this.generation = this.catalog.generation;
    }
    if (this.map.has(key)) return this.map.get(key)!;
    const value = make();
    if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, value);
    return value;
  }
}

/** The user-facing routes, and the hook that answers person pages before resources.ts. */
export interface UserInterface {
  /** Adds `/`, `/search`, `/journals`, `/years`, `/person`, `/assets/yasgui/…` and the editor at `/sparql` (register before the SPARQL handler). */
  routes(app: Hono): void;
  /** Answers a person IRI asked for as HTML; passes everything else on (register just before the resource handler). */
  personPages: MiddlewareHandler;
}

/**
 * The browser-facing part of the app.
 * @example
 * const ui = userInterface({ catalog });
 * ui.routes(app);                                   // before app.on(['GET', 'POST'], '/sparql', …)
 * app.get('*', ui.personPages, resourceHandler({ catalog }));
 */
export function userInterface(options: UiOptions): UserInterface {
  const { catalog } = options;
  const base = catalog.base;
  const root = new URL(base).pathname;
  const queries = loadStoredQueries(options.queriesDir);
  const byName = new Map(queries.map((q) => [q.name, q] as [string, StoredQuery]));
  const assets = new YasguiAssets(root);
  /** What search and browse run their stored queries with. */
  const finder = { catalog, queries: byName, timeoutMs: options.timeoutMs };
  const homes = new PerGeneration<string, Promise<string>>(catalog, 1);
  const people = new PerGeneration<string, Promise<string | undefined>>(catalog);
  const lookups = new PerGeneration<string, Promise<{ iri: string; quads: RDF.Quad[]; suffix: boolean } | null>>(catalog, 5000);
  let queryPage: string | undefined;

  /** The ten latest records, each with its work's title, authors, journal and year (one description each, once per change). */
  const recentRecords = (): Promise<RecentRecord[]> =>
    Promise.all(
      catalog.recent(10).map(async (r) => {
        const work = (await catalog.describe(r.record)).find((q) => q.subject.value === r.record && q.predicate.value === PRIMARY_TOPIC)?.object.value;
        if (!work) return r;
        const [listed] = await withDetails(catalog, [{ work }]);
        return { ...r, work, title: listed?.title ?? new Index(await catalog.describe(work)).label(work), authors: listed?.authors, moreAuthors: listed?.moreAuthors, journal: listed?.journal, year: listed?.year };
      }),
    );

  /** Runs a stored query (answered from the index when it can be); the SPARQL JSON rows, or undefined. */
  const stored = async (name: string, params: Record<string, string>): Promise<Record<string, { value: string } | undefined>[] | undefined> => {
    const query = byName.get(name);
    const bound = query && bindParams(query, params);
    if (!query || !bound?.ok) return undefined;
    try {
      const res = await catalog.queries.run({ query: query.query, stored: name, bindings: bound.bindings, mediaType: 'application/sparql-results+json', timeoutMs: options.timeoutMs ?? 10_000 });
      return res.status === 200 ? JSON.parse(res.body).results.bindings : undefined;
    } catch {
      return undefined; // the page then counts co-authors from the works it read
    }
  };

  /** Everything a person's page shows: their works (described), position in each, co-authors. */
  const personData = async (iri: string, quads: RDF.Quad[]): Promise<PersonData> => {
    const workIris = [...new Set(quads.filter((q) => q.predicate.value === AUTHOR && q.object.value === iri).map((q) => q.subject.value))];
    const views = (await Promise.all(workIris.slice(0, PERSON_WORK_LIMIT).map(async (w) => workView(await catalog.describe(w), w))))
      .filter((v): v is WorkView => !!v)
      .sort((a, b) => (b.date ?? b.year ?? '').localeCompare(a.date ?? a.year ?? '') || (a.title ?? '').localeCompare(b.title ?? ''));
    const works = views.map((view) => ({ view, position: view.authors.findIndex((a) => a.iri === iri) + 1 || undefined }));
    const person = views.flatMap((v) => v.authors).find((a) => a.iri === iri) ?? personView(new Index(quads), iri);
    const rows = await stored('coauthors', { person: iri });
    const coauthors: Coauthor[] = rows
      ? rows.filter((r) => r.coauthor).map((r) => ({ iri: r.coauthor!.value, name: r.coauthorName?.value, works: Number(r.works?.value ?? 0) }))
      : fromViews(iri, views);
    return { person, works, workCount: workIris.length, coauthors, namesakes: await namesakesOf(person, new Set(workIris)) };
  };

  /**
   * Other works whose author bears the same folded name (`family given`, as persons are minted):
   * found by the family name (or the full name), then each candidate's own name parts compared.
   */
  const namesakesOf = async (person: PersonView, own: Set<string>): Promise<Namesake[]> => {
    const lookup = person.family ?? person.name;
    if (!lookup) return [];
    const folded = personName({ name: person.name ?? '', family: person.family, given: person.given });
    const rows = (await stored('works-by-author-name', { name: lookup })) ?? [];
    const sameName = new Map<string, boolean>();
    /** A person minted here carries the folded name in its IRI; any other (an ORCID iD) is described, a bounded number of times. */
    const matches = async (iri: string) => {
      if (!sameName.has(iri)) {
        const minted = iri.startsWith(base) ? /\/person\/([^/]+?)(?:-\d+)?$/.exec(iri) : null;
        if (minted) sameName.set(iri, minted[1] === folded);
        else if (sameName.size >= NAMESAKE_LOOKUPS) sameName.set(iri, false);
        else {
          const other = personView(new Index(await catalog.describe(iri)), iri);
          sameName.set(iri, personName({ name: other.name ?? '', family: other.family, given: other.given }) === folded);
        }
      }
      return sameName.get(iri)!;
    };
    const found = new Map<string, Namesake>();
    for (const r of rows) {
      const work = r.work?.value, other = r.person?.value;
      if (!work || !other || other === person.iri || own.has(work) || found.has(work) || found.size >= NAMESAKE_LIMIT || !(await matches(other))) continue;
      found.set(work, { work, title: r.title?.value, date: r.date?.value, person: other, name: r.authorName?.value });
    }
    return [...found.values()];
  };

  const renderPerson = (iri: string, quads: RDF.Quad[], alternates: Alternate[]) =>
    people.get(iri, async () => personPage(iri, quads, await personData(iri, quads), { base, alternates }));

  /** The person a request path names (with or without `.html`), or null when it names no person. */
  const lookupPerson = (path: string) =>
    lookups.get(path, async () => {
      const iri = base + pathToIri(path.slice(root.length));
      let quads = await catalog.describe(iri);
      if (quads.length) return isPerson(quads, iri) ? { iri, quads, suffix: false } : null;
      if (!iri.endsWith('.html')) return null;
      const stripped = iri.slice(0, -'.html'.length);
      quads = await catalog.describe(stripped);
      return quads.length && isPerson(quads, stripped) ? { iri: stripped, quads, suffix: true } : null;
    });

  const offers = representations(false);

  const personPages: MiddlewareHandler = async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (!path.startsWith(root) || path.length === root.length) return next();
    const accept = c.req.header('accept');
    const wantsHtml = negotiate(accept, offers)?.kind === 'html';
    if (!wantsHtml && !path.endsWith('.html')) return next();
    const found = await lookupPerson(path);
    if (!found || (!found.suffix && !wantsHtml)) return next();
    const { iri, quads } = found;
    c.header('Link', offers.map((r) => `<${iri + r.extension}>; rel="alternate"; type="${r.mediaType}"`).join(', '));
    if (!found.suffix) {
      c.header('Vary', 'Accept');
      c.header('Content-Location', `${iri}.html`);
    }
    const alternates = offers.map((r) => ({ href: hrefFor(iri + r.extension, base), mediaType: r.mediaType, label: r.label }));
    return c.html((await renderPerson(iri, quads, alternates))!);
  };

  const routes = (app: Hono): void => {
    app.get('/', async (c) => c.html(await homes.get('home', async () => homePage(catalog, { license: options.license, recent: await recentRecords() }))));

    // The ranked hits, twenty a page; only the page's works are described for their authors, journal and year.
    app.get('/search', async (c) => {
      const q = c.req.query('q') ?? '';
      const { groups, ...paging } = paginate(await search(finder, q), Number(c.req.query('page') ?? 1));
      const detailed = await Promise.all(groups.map(async (g) => ({ ...g, hits: await withDetails(catalog, g.hits) })));
      return c.html(searchPage(q.trim(), detailed, base, paging));
    });

    app.get('/journals', async (c) => c.html(journalsPage(await journals(finder, Number(c.req.query('page') ?? 1)), base)));

    // A journal's works: the journal is `{base}journal/SLUG`, the slug taken from the path as sent (still percent-encoded, as the IRI is).
    app.get('/journals/:slug', async (c) => {
      const slug = new URL(c.req.url).pathname.slice(`${root}journals/`.length);
      const iri = `${base}journal/${slug}`;
      const name = /^[^/?#\\]+$/.test(slug) ? await journalName(catalog, iri) : undefined;
      if (!name) return c.html(errorPage('Not found', 'No journal of this catalogue has this address; see the list of journals.', base), 404);
      const list = await worksPage(finder, 'works-in-journal', { periodical: iri }, Number(c.req.query('page') ?? 1));
      const intro = `${list.total.toLocaleString('en')} ${list.total === 1 ? 'work' : 'works'} of this journal here, newest first.`;
      return c.html(browseWorksPage(list, base, { heading: name, intro, up: { href: `${root}journals`, label: 'All journals' }, query: 'works-in-journal', href: (n) => `${root}journals/${slug}?page=${n}` }));
    });

    app.get('/years', async (c) => c.html(yearsPage(await years(finder), base)));

    app.get('/years/:year', async (c) => {
      const year = c.req.param('year');
      const list = /^\d{4}$/.test(year) ? await worksPage(finder, 'works-in-year', { year }, Number(c.req.query('page') ?? 1)) : undefined;
      if (!list?.total && !list?.error) return c.html(errorPage('Not found', 'No work of this catalogue was published in this year; see the list of years.', base), 404);
      const intro = `${list.total.toLocaleString('en')} ${list.total === 1 ? 'work' : 'works'} published in ${year}, newest first.`;
      return c.html(browseWorksPage(list, base, { heading: year, intro, up: { href: `${root}years`, label: 'All years' }, query: 'works-in-year', href: (n) => `${root}years/${year}?page=${n}` }));
    });

    // Any person IRI, minted here or not (an ORCID iD IRI is not), as a page of this site.
    app.get('/person', async (c) => {
      const iri = c.req.query('iri') ?? '';
      if (iri.startsWith(base)) {
        // Only ever to a path on this server, built from the parsed IRI: `{base}/evil.example` must not become `//evil.example`.
        const location = localRedirect(iri, base);
        if (!location) return c.html(errorPage('Bad request', 'This IRI names no resource of this server.', base), 400);
        return c.redirect(location, 301);
      }
      const quads = iri ? await catalog.describe(iri) : [];
      if (!isPerson(quads, iri)) return c.html(errorPage('Not found', 'No record of this catalogue names this person.', base), 404);
      return c.html((await renderPerson(iri, quads, []))!);
    });

    app.get('/assets/yasgui/:version/:file', (c: Context) => {
      const asset = c.req.param('version') === assets.version ? assets.get(c.req.param('file') ?? '') : undefined;
      if (!asset) return c.text('not found\n', 404);
      const headers: Record<string, string> = { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=31536000, immutable', Vary: 'Accept-Encoding' };
      if (/\bgzip\b/.test(c.req.header('accept-encoding') ?? '')) {
        headers['Content-Encoding'] = 'gzip';
        return c.body(new Uint8Array(assets.gzipped(asset)), 200, headers);
      }
      return c.body(new Uint8Array(asset.body), 200, headers);
    });

    // The editor for browsers asking /sparql for a page; queries and the service description go on to sparql.ts.
    const editorOffers = [...syntaxOffers(), { syntax: 'html' as const, mediaType: 'text/html' }];
    app.get('/sparql', async (c, next) => {
      if (new URL(c.req.url).search) return next();
      if (negotiate(c.req.header('accept'), editorOffers)?.syntax !== 'html') return next();
      c.header('Vary', 'Accept');
      queryPage ??= queryUiPage({ root, base, queries, assets, prefixes: allPrefixes() });
      return c.html(queryPage);
    });
  };

  return { routes, personPages };
}

/** Co-authors counted from the works at hand, when the stored query cannot be run. */
function fromViews(iri: string, views: WorkView[]): Coauthor[] {
  const counts = new Map<string, Coauthor>();
  for (const v of views)
    for (const a of v.authors) {
      if (a.iri === iri) continue;
      const c = counts.get(a.iri) ?? { iri: a.iri, name: a.name, works: 0 };
      c.works++;
      counts.set(a.iri, c);
    }
  return [...counts.values()].sort((a, b) => b.works - a.works || (a.name ?? '').localeCompare(b.name ?? ''));
}
