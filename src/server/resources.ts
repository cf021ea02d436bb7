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
  if (quads.length) return { iri, quads };
  const suffixes = representations(true).sort((a, b) => b.extension.length - a.extension.length);
  for (const r of suffixes) {
    if (!iri.endsWith(r.extension)) continue;
    const stripped = iri.slice(0, -r.extension.length);
    const described = catalog.describe(stripped);
    if (described.length) return { iri: stripped, quads: described, chosen: r.kind };
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
  return async (c: Context) => {
    const found = lookup(catalog, new URL(c.req.url).pathname);
    const accept = c.req.header('accept');
    if (!found) {
      const html = negotiate(accept, [{ mediaType: 'text/plain' }, { mediaType: 'text/html' }])?.mediaType === 'text/html';
      const message = 'No record of this catalogue mentions this IRI.';
      return html ? c.html(errorPage('Not found', message, catalog.base), 404) : c.text(`${message}\n`, 404);
    }
    const index = new Index(found.quads);
    const work = isWork(index, found.iri);
    const offers = representations(work);
    const alternates: Alternate[] = offers.map((r) => ({ href: found.iri + r.extension, mediaType: r.mediaType, label: r.label }));
    c.header('Link', offers.filter((r) => r.kind !== 'schema').map((r) => `<${found.iri + r.extension}>; rel="alternate"; type="${r.mediaType}"`).join(', '));
    let chosen: Representation | undefined;
    if (found.chosen) chosen = offers.find((r) => r.kind === found.chosen);
    else {
      c.header('Vary', 'Accept');
      chosen = negotiate(accept, offers);
      if (!chosen) {
        return c.text(notAcceptable(accept, 'This resource', offers), 406);
      }
      c.header('Content-Location', found.iri + chosen.extension);
    }
    if (!chosen) return c.text('This format is not offered for this resource.\n', 404);
    const pageAlternates = alternates.map((a) => ({ ...a, href: hrefFor(a.href, catalog.base) }));
    const body = await render(chosen.kind, found, index, catalog.base, pageAlternates);
    return c.body(body, 200, { 'Content-Type': withCharset(chosen.mediaType) });
  };
}
