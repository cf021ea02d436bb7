/**
 * Linked Data resources: every IRI minted under the base dereferences to its description
 * (`catalog.describe()`, never a SPARQL query), in the format negotiated from `Accept` —
 * Turtle by default, JSON-LD (framed around a work; `profile="https://schema.org"` for the
 * embed form), N-Triples, N-Quads, RDF/XML, or an HTML page. A suffix (`.ttl`, `.jsonld`,
 * `.schema.jsonld`, `.nt`, `.nq`, `.rdf`, `.html`) picks the format for browsers; it is only
 * taken off when the IRI without it is known, since a DOI may hold dots.
 *
 * 200 with `Vary: Accept` and `Link: <…>; rel="alternate"` for each format; 404 for an IRI no
 * record mentions; 406 (listing what is offered) when no offered type is acceptable.
 */
import type { Context, Handler } from 'hono';
import type * as RDF from '@rdfjs/types';
import type { Catalog } from '../catalog.js';
import { pathSegment } from '../mapping/iris.js';
import { framedDocument } from '../writers/jsonld.js';
import { formatNamed } from '../writers/index.js';
import { negotiate, notAcceptable, type Offer } from './negotiate.js';
import { serialise, syntaxOffers, withCharset, type Syntax } from './rdf.js';
import { errorPage, hrefFor, resourcePage, workPage, type Alternate } from './pages.js';
import { Index, isWork, schemaFromView, workView } from './view.js';

/** A representation of a resource. */
interface Representation extends Offer {
  kind: Syntax | 'schema' | 'html';
  extension: string;
  label: string;
}

/**
 * What a resource is offered as, the server's preference first (Turtle: `*\/*` clients are
 * mostly command-line tools); the schema.org embed only for a work. Plain `application/json`
 * gets JSON-LD.
 * @example
 * representations(true).map((r) => r.extension); // ['.ttl', '.jsonld', '.schema.jsonld', '.nt', '.nq', '.rdf', '.html']
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
  return out;
}

/**
 * Percent-encoded UTF-8 in a request path back to the IRI characters catalod mints unencoded.
 * @example
 * pathToIri('journal/caf%C3%A9'); // 'journal/café'
 */
export function pathToIri(path: string): string {
  return path.replace(/(?:%[89A-Fa-f][0-9A-Fa-f])+/g, (run) => {
    try {
      return pathSegment(decodeURIComponent(run));
    } catch {
      return run;
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

/** The resource a request path names, with or without a format suffix; undefined when unknown. */
function lookup(catalog: Catalog, path: string): Found | undefined {
  const basePath = new URL(catalog.base).pathname;
  if (!path.startsWith(basePath) || path.length === basePath.length) return undefined;
  const iri = catalog.base + pathToIri(path.slice(basePath.length));
  const quads = catalog.describe(iri);
  if (quads.length) return { requested: iri, iri, quads };
  const suffixes = representations(true).sort((a, b) => b.extension.length - a.extension.length);
  for (const r of suffixes) {
    if (!iri.endsWith(r.extension)) continue;
    const stripped = iri.slice(0, -r.extension.length);
    const described = catalog.describe(stripped);
    if (described.length) return { requested: iri, iri: stripped, quads: described, chosen: r.kind };
  }
  return undefined;
}

/** The body of one representation. */
async function render(kind: Representation['kind'], found: Found, index: Index, base: string, alternates: Alternate[]): Promise<string> {
  const { iri, quads } = found;
  const work = isWork(index, iri);
  switch (kind) {
    case 'html': {
      const view = work ? workView(index, iri) : undefined;
      return view ? workPage(view, { base, alternates }) : resourcePage(iri, quads, { base, alternates });
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
    default:
      return serialise(quads, kind);
  }
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
    const entry = cache.resource(path);
    if (!entry) {
      const html = negotiate(accept, [{ mediaType: 'text/plain' }, { mediaType: 'text/html' }])?.mediaType === 'text/html';
      const message = 'No record of this catalogue mentions this IRI.';
      return html ? c.html(errorPage('Not found', message, catalog.base), 404) : c.text(`${message}\n`, 404);
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
      c.header('Content-Location', entry.iri + chosen.extension);
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
  chosen?: Representation['kind'];
  offers: Representation[];
  link: string;
  /** UTF-8, outside the JavaScript heap: a cached page costs the collector nothing and is written without a copy. */
  bodies: Map<Representation['kind'], Uint8Array<ArrayBuffer>>;
  /** The description it was made from, until its first body is rendered: quads and their index take several times a page's memory. */
  described?: { found: Found; index: Index };
}

/**
 * Rendered bodies of recently fetched resources (at most `limit`, least recently used dropped
 * first): framing JSON-LD or laying out a page costs milliseconds, a repeat fetch of the same
 * record should not. A change to the catalogue drops only the resources it touched.
 */
class RepresentationCache {
  private entries = new Map<string, Entry>();
  private generation: number;
  constructor(private readonly catalog: Catalog, private readonly limit = 2000) {
    this.generation = catalog.generation;
  }

  /** The resource at a request path, or undefined for an IRI nothing mentions. */
  resource(path: string): Entry | undefined {
    this.dropStale();
    const cached = this.entries.get(path);
    if (cached) {
      this.entries.delete(path);
      this.entries.set(path, cached);
      return cached;
    }
    const found = lookup(this.catalog, path);
    if (!found) return undefined;
    const index = new Index(found.quads);
    const offers = representations(isWork(index, found.iri));
    const link = offers.filter((r) => r.kind !== 'schema').map((r) => `<${found.iri + r.extension}>; rel="alternate"; type="${r.mediaType}"`).join(', ');
    const entry: Entry = { requested: found.requested, iri: found.iri, chosen: found.chosen, offers, link, bodies: new Map(), described: { found, index } };
    this.entries.set(path, entry);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return entry;
  }

  /** The body of one representation, rendered once. */
  async body(entry: Entry, kind: Representation['kind'], path: string): Promise<Uint8Array<ArrayBuffer>> {
    let body = entry.bodies.get(kind);
    if (body === undefined) {
      const { found, index } = entry.described ?? this.describe(path);
      entry.described = undefined;
      const base = this.catalog.base;
      const alternates: Alternate[] = entry.offers.map((r) => ({ href: hrefFor(entry.iri + r.extension, base), mediaType: r.mediaType, label: r.label }));
      body = Buffer.from(await render(kind, found, index, base, alternates));
      entry.bodies.set(kind, body);
    }
    return body;
  }

  /** A cached resource's description, read again for another format. */
  private describe(path: string): { found: Found; index: Index } {
    const found = lookup(this.catalog, path)!;
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
