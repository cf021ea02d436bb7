/**
 * Linked Data resources: every IRI minted under the base dereferences to its description
 * (`catalog.describe()`, never a SPARQL query), in the format negotiated from `Accept` —
 * Turtle by default, JSON-LD (framed around a work; `profile="https://schema.org"` for the
 * embed form), N-Triples, N-Quads, RDF/XML, or an HTML page; a work also as a citation (BibTeX,
 * RIS, CSL JSON, an APA reference), as DOI content negotiation offers one. A suffix (`.ttl`,
 * `.jsonld`, `.schema.jsonld`, `.nt`, `.nq`, `.rdf`, `.html`, `.bib`, `.ris`, `.csl.json`, `.txt`)
 * picks the format for browsers; it is only taken off when the IRI without it is known, since a
 * DOI may hold dots.
 *
 * 200 with `Vary: Accept` and `Link: <…>; rel="alternate"` for each format; 404 for an IRI no
 * record mentions; 406 (listing what is offered) when no offered type is acceptable.
 *
 * A hub's description comes a page at a time (`?page=N`, src/store/describe.ts): a paged one says
 * `hydra:next` in its RDF and `Link: <…?page=N>; rel="next"` (also `first`, `prev`) in its
 * headers; 400 for a page that is no whole number from 1, 404 past the last page. The request
 * path is normalised first (`pathToIri`), so every spelling of an IRI finds it.
 */
import type { Context, Handler } from 'hono';
import type * as RDF from '@rdfjs/types';
import type { Catalog } from '../catalog.js';
import { pathSegment } from '../mapping/iris.js';
import { framedDocument } from '../writers/jsonld.js';
import { formatNamed } from '../writers/index.js';
import { CITATION_KINDS, citationOf, type CitationKind } from '../writers/citation.js';
import { negotiate, notAcceptable, type Offer } from './negotiate.js';
import { serialise, syntaxOffers, withCharset, type Syntax } from './rdf.js';
import { errorPage, hrefFor, resourcePage, workPage, type Alternate } from './pages.js';
import { Index, isWork, schemaFromView, workView } from './view.js';
import { pageLinks, type PageLinks } from '../store/describe.js';

/** A representation of a resource. */
interface Representation extends Offer {
  kind: Syntax | 'schema' | 'html' | CitationKind;
  extension: string;
  label: string;
}

/** How the pages and the `Link` header name each citation format. */
const CITATION_LABELS: Record<CitationKind, string> = { bibtex: 'BibTeX', ris: 'RIS', csl: 'CSL JSON', citation: 'Reference (APA)' };

/**
 * What a resource is offered as, the server's preference first (Turtle: `*\/*` clients are
 * mostly command-line tools); the schema.org embed and the citations only for a work (nothing
 * else has a title and authors to cite). Plain `application/json` gets JSON-LD.
 * @example
 * representations(true).map((r) => r.extension); // ['.ttl', '.jsonld', '.schema.jsonld', '.nt', '.nq', '.rdf', '.html', '.bib', '.ris', '.csl.json', '.txt']
 */
export function representations(work: boolean): Representation[] {
  const rdf = syntaxOffers().map((o): Representation => ({
    kind: o.syntax,
    mediaType: o.mediaType,
    aliases: o.syntax === 'jsonld' ? [...(o.aliases ?? []), 'application/json'] : o.aliases,
    extension: o.extension,
    label: o.label,
  }));
  const schema = formatNamed('schema')!;
  const jsonldAt = rdf.findIndex((r) => r.kind === 'jsonld');
  const out = [...rdf];
  if (work) out.splice(jsonldAt + 1, 0, { kind: 'schema', mediaType: schema.mediaType, extension: schema.extension, label: 'schema.org JSON-LD' });
  out.push({ kind: 'html', mediaType: 'text/html', extension: '.html', label: 'HTML' });
  if (work)
    for (const kind of CITATION_KINDS) {
      const f = formatNamed(kind)!;
      out.push({ kind, mediaType: f.mediaType, aliases: f.aliases, extension: f.extension, label: CITATION_LABELS[kind] });
    }
  return out;
}

/** Characters RFC 3986 calls unreserved: an escape of one of them means the character itself (§6.2.2.2). */
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** One escape in normal form (§6.2.2): an unreserved character decoded, else upper-case hex digits. */
function normalEscape(escape: string): string {
  const c = String.fromCharCode(parseInt(escape.slice(1), 16));
  return UNRESERVED.test(c) ? c : escape.toUpperCase();
}

/**
 * A request path as the IRI catalod would have minted for it: percent-escapes are decoded and
 * the text encoded again as catalod mints (`pathSegment`), so `%3c` and `%3C` name one
 * resource, `%41` is `A`, UTF-8 becomes the IRI's own characters, and a DOI's `/` sent as `%2F`
 * is the `/` the IRI holds (catalod never mints `%2F`). Escapes that are not UTF-8 are kept, in
 * normal form (RFC 3986 §6.2.2).
 * @example
 * pathToIri('journal/caf%C3%A9'); // 'journal/café'
 * pathToIri('work/doi/10.1/a%3cb%3e'); // 'work/doi/10.1/a%3Cb%3E'
 * pathToIri('work/doi/10.1186%2Fs12888'); // 'work/doi/10.1186/s12888'
 */
export function pathToIri(path: string): string {
  return path.replace(/((?:%[0-9A-Fa-f]{2})+)|([^%]+|%)/g, (_, escapes: string | undefined, text: string | undefined) => {
    if (text !== undefined) return pathSegment(text);
    try {
      return pathSegment(decodeURIComponent(escapes!));
    } catch {
      return escapes!.replace(/%[0-9A-Fa-f]{2}/g, normalEscape);
    }
  });
}

export interface ResourceOptions {
  catalog: Catalog;
}

interface Found {
  /** The IRI the request path names, suffix and all. */
  requested: string;
  iri: string;
  quads: RDF.Quad[];
  /** The representation a suffix chose, if the IRI came with one. */
  chosen?: Representation['kind'];
}

/** The resource a request path names, with or without a format suffix (page `page` of its description); undefined when unknown. */
async function lookup(catalog: Catalog, path: string, page: number): Promise<Found | undefined> {
  const basePath = new URL(catalog.base).pathname;
  if (!path.startsWith(basePath) || path.length === basePath.length) return undefined;
  const iri = catalog.base + pathToIri(path.slice(basePath.length));
  const quads = await catalog.describe(iri, page);
  if (quads.length) return { requested: iri, iri, quads };
  const suffixes = representations(true).sort((a, b) => b.extension.length - a.extension.length);
  for (const r of suffixes) {
    if (!iri.endsWith(r.extension)) continue;
    const stripped = iri.slice(0, -r.extension.length);
    const described = await catalog.describe(stripped, page);
    if (described.length) return { requested: iri, iri: stripped, quads: described, chosen: r.kind };
  }
  return undefined;
}

/**
 * The page a `?page=` parameter asks for: 1 without one, undefined when it is no whole number from 1.
 * @example
 * pageParam('2'); // 2
 * pageParam('0'); // undefined
 */
export function pageParam(value: string | undefined): number | undefined {
  if (value === undefined) return 1;
  if (!/^[1-9][0-9]{0,8}$/.test(value)) return undefined;
  return Number(value);
}

/** The body of one representation. */
async function render(kind: Representation['kind'], found: Found, index: Index, base: string, alternates: Alternate[], paging?: PageLinks): Promise<string> {
  const { iri, quads } = found;
  const work = isWork(index, iri);
  switch (kind) {
    case 'html': {
      const view = work ? workView(index, iri) : undefined;
      return view ? workPage(view, { base, alternates, reference: citationOf(index, iri, 'citation') }) : resourcePage(iri, quads, { base, alternates, paging });
    }
    case 'schema':
      return JSON.stringify(schemaFromView(workView(index, iri)!), null, 2) + '\n';
    case 'jsonld': {
      if (!work) return serialise(quads, 'jsonld', { first: iri });
      const records = index.values(iri, 'http://xmlns.com/foaf/0.1/isPrimaryTopicOf');
      const doc = await framedDocument(quads, records[0] ?? iri);
      // Several records describe this work: the document is their merge, no one record's graph.
      if (records.length !== 1) delete doc['@id'];
      return JSON.stringify(doc, null, 2) + '\n';
    }
    case 'bibtex':
    case 'ris':
    case 'csl':
    case 'citation':
      return citationOf(index, iri, kind)!;
    default:
      return serialise(quads, kind);
  }
}

/** `url` on the page of a paged description (page 1 as `?page=1` too); as it is for a whole one. */
function onPage(url: string, paging: PageLinks | undefined): string {
  return paging ? `${url}?page=${paging.page}` : url;
}

/** `Link` values to the first, previous and next pages of a paged description, each at `url` (with the suffix asked for). */
function pagingLink(url: string, paging: PageLinks | undefined): string[] {
  if (!paging) return [];
  const at = (page: number) => `<${url}?page=${page}>`;
  const links = [`${at(1)}; rel="first"`];
  if (paging.previous) links.push(`${at(paging.page - 1)}; rel="prev"`);
  if (paging.next) links.push(`${at(paging.page + 1)}; rel="next"`);
  return links;
}

/**
 * The handler for `GET` on any path under the base.
 * @example
 * app.get('*', resourceHandler({ catalog }));
 */
export function resourceHandler(options: ResourceOptions): Handler {
  const { catalog } = options;
  const cache = new RepresentationCache(catalog);
  return async (c: Context) => {
    const path = new URL(c.req.url).pathname;
    const accept = c.req.header('accept');
    const html = () => negotiate(accept, [{ mediaType: 'text/plain' }, { mediaType: 'text/html' }])?.mediaType === 'text/html';
    const page = pageParam(c.req.query('page'));
    if (page === undefined) {
      const message = 'The page parameter must be a whole number from 1 (?page=2).';
      return html() ? c.html(errorPage('Bad request', message, catalog.base), 400) : c.text(`${message}\n`, 400);
    }
    const entry = await cache.resource(path, page);
    if (!entry) {
      const message = page === 1 ? 'No record of this catalogue mentions this IRI.' : `This resource has no page ${page}, or no record of this catalogue mentions it.`;
      return html() ? c.html(errorPage('Not found', message, catalog.base), 404) : c.text(`${message}\n`, 404);
    }
    const { offers } = entry;
    c.header('Link', entry.link);
    let chosen: Representation | undefined;
    if (entry.chosen) chosen = offers.find((r) => r.kind === entry.chosen);
    else {
      c.header('Vary', 'Accept');
      chosen = negotiate(accept, offers);
      if (!chosen) {
        return c.text(notAcceptable(accept, 'This resource', offers), 406);
      }
      c.header('Content-Location', onPage(entry.iri + chosen.extension, entry.paging));
    }
    if (!chosen) return c.text('This format is not offered for this resource.\n', 404);
    return c.body(await cache.body(entry, chosen.kind, path), 200, { 'Content-Type': withCharset(chosen.mediaType) });
  };
}

/** A resource looked up once: what it is offered as, its rendered bodies, and its description while one is needed. */
interface Entry {
  /** The IRI the request path names, before a suffix is taken off. */
  requested: string;
  /** The resource's own IRI. */
  iri: string;
  /** The page of its description, and where the others are when it has several. */
  page: number;
  paging?: PageLinks;
  chosen?: Representation['kind'];
  offers: Representation[];
  link: string;
  /** UTF-8, outside the JavaScript heap: a cached page costs the collector nothing and is written without a copy. */
  bodies: Map<Representation['kind'], Uint8Array<ArrayBuffer>>;
  /** The description it was made from, until its first body is rendered: quads and their index take several times a page's memory. */
  described?: { found: Found; index: Index };
}

/**
 * Renders one at a time, each after a turn of the event loop. A page of a hub takes some
 * milliseconds to lay out; requests arriving meanwhile (a `/health`, a small query) then wait
 * for one render at most, never for every render queued before them.
 */
class Turns {
  private last: Promise<unknown> = Promise.resolve();

  /** Runs `work` once the renders before it have finished and the event loop has had a turn. */
  take<T>(work: () => Promise<T>): Promise<T> {
    // An immediate queued while the previous render's callbacks run fires on the next loop
    // iteration, after the poll phase has taken in whatever requests arrived.
    const turn = this.last.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(work);
    this.last = turn.catch(() => undefined);
    return turn;
  }
}

/**
 * Rendered bodies of recently fetched resources (at most `limit`, least recently used dropped
 * first): framing JSON-LD or laying out a page costs milliseconds, a repeat fetch of the same
 * record should not. A change to the catalogue drops only the resources it touched.
 */
class RepresentationCache {
  private entries = new Map<string, Entry>();
  private readonly turns = new Turns();
  /** Descriptions being read, by request key. */
  private readonly reading = new Map<string, Promise<Found | undefined>>();
  private generation: number;
  constructor(private readonly catalog: Catalog, private readonly limit = 2000) {
    this.generation = catalog.generation;
  }

  /** The resource at a request path (page `page` of its description), or undefined for an IRI nothing mentions. */
  async resource(path: string, page: number): Promise<Entry | undefined> {
    this.dropStale();
    const key = page === 1 ? path : `${path}?page=${page}`;
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    // Reading a page from the index takes its turn too: it costs what a render costs. A page read from a store outside is
    // waiting, not work: it is not queued behind other reads. Requests for the same page meanwhile share one read.
    let reading = this.reading.get(key);
    if (!reading) {
      reading = this.catalog.readsElsewhere ? lookup(this.catalog, path, page) : this.turns.take(async () => lookup(this.catalog, path, page));
      this.reading.set(key, reading);
      void reading.finally(() => this.reading.delete(key)).catch(() => undefined);
    }
    const found = await reading;
    const raced = this.entries.get(key);
    if (raced) return raced;
    if (!found) return undefined;
    const index = new Index(found.quads);
    const offers = representations(isWork(index, found.iri));
    const paging = pageLinks(found.quads, found.iri);
    const suffix = offers.find((r) => r.kind === found.chosen)?.extension ?? '';
    const link = [...offers.filter((r) => r.kind !== 'schema').map((r) => `<${onPage(found.iri + r.extension, paging)}>; rel="alternate"; type="${r.mediaType}"`), ...pagingLink(found.iri + suffix, paging)].join(', ');
    const entry: Entry = { requested: found.requested, iri: found.iri, page, paging, chosen: found.chosen, offers, link, bodies: new Map(), described: { found, index } };
    this.entries.set(key, entry);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  /** The body of one representation, rendered once. */
  async body(entry: Entry, kind: Representation['kind'], path: string): Promise<Uint8Array<ArrayBuffer>> {
    let body = entry.bodies.get(kind);
    if (body === undefined) {
      const { found, index } = entry.described ?? (await this.describe(path, entry.page));
      entry.described = undefined;
      const base = this.catalog.base;
      const alternates: Alternate[] = entry.offers.map((r) => ({ href: hrefFor(onPage(entry.iri + r.extension, entry.paging), base), mediaType: r.mediaType, label: r.label }));
      body = Buffer.from(await this.turns.take(() => render(kind, found, index, base, alternates, entry.paging)));
      entry.bodies.set(kind, body);
    }
    return body;
  }

  /** A cached resource's description, read again for another format. */
  private async describe(path: string, page: number): Promise<{ found: Found; index: Index }> {
    const found = (await lookup(this.catalog, path, page))!;
    return { found, index: new Index(found.quads) };
  }

  /** Drops the entries whose resource a change since the last look touched (all of them when too much has passed). */
  private dropStale(): void {
    if (this.generation === this.catalog.generation) return;
    const changed = this.catalog.changedSince(this.generation);
    this.generation = this.catalog.generation;
    if (!changed) return this.entries.clear();
    for (const [path, entry] of this.entries) if (changed.has(entry.requested) || changed.has(entry.iri)) this.entries.delete(path);
  }
}
