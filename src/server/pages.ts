/**
 * The HTML pages of resources: a work's readable page (title, authors in order, journal, date,
 * identifiers, licence, abstract, catalogue records, links to every format) with the schema.org
 * JSON-LD and the `citation_*` meta tags in its head; and a plain property table for anything else.
 */
import type * as RDF from '@rdfjs/types';
import type { Catalog } from '../catalog.js';
import { scriptJson } from '../writers/html.js';
import { attr, escapeHtml, link, page } from './html.js';
import { allPrefixes } from './rdf.js';
import { Index, citationFromView, schemaFromView, type WorkView } from './view.js';

/** A link to the same resource in another format. */
export interface Alternate {
  href: string;
  mediaType: string;
  label: string;
}

export interface ResourcePageOptions {
  /** Base IRI; IRIs under it are linked by path, so links work wherever the server answers. */
  base: string;
  alternates: Alternate[];
}

/**
 * The path of a local IRI (`{base}work/…` → `/work/…`), else the IRI itself.
 * @example
 * hrefFor('http://localhost:3000/journal/bmcpsychiatry', 'http://localhost:3000/'); // '/journal/bmcpsychiatry'
 */
export function hrefFor(iri: string, base: string): string {
  if (!iri.startsWith(base)) return iri;
  return new URL(base).pathname + iri.slice(base.length);
}

/**
 * A compact name for an IRI with the known prefixes, else the IRI.
 * @example
 * curie('http://schema.org/name'); // 'schema:name'
 */
export function curie(iri: string): string {
  let best: [string, string] | undefined;
  for (const [prefix, ns] of Object.entries(allPrefixes())) if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [prefix, ns];
  return best && /^[\w.-]*$/.test(iri.slice(best[1].length)) ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
}

function alternatesHead(alternates: Alternate[]): string {
  return alternates.map((a) => `<link rel="alternate" type="${attr(a.mediaType)}" href="${attr(a.href)}">\n`).join('');
}

function formatList(alternates: Alternate[]): string {
  const items = alternates.map((a) => `<li>${link(a.href, a.label, ` type="${attr(a.mediaType)}"`)}</li>`);
  return `<section aria-labelledby="formats"><h2 id="formats">Formats</h2>\n<ul>${items.join('')}</ul></section>`;
}

function row(term: string, html: string | undefined): string {
  return html ? `<dt>${escapeHtml(term)}</dt><dd>${html}</dd>\n` : '';
}

/**
 * A work's page.
 * @example
 * workPage(workView(quads, iri)!, { base, alternates: [{ href: '/work/doi/….ttl', mediaType: 'text/turtle', label: 'Turtle' }] });
 */
export function workPage(v: WorkView, options: ResourcePageOptions): string {
  const { base, alternates } = options;
  const meta = citationFromView(v).map(([name, value]) => `<meta name="${name}" content="${attr(value)}">\n`).join('');
  const head = `${meta}<script type="application/ld+json">\n${scriptJson(schemaFromView(v))}\n</script>\n${alternatesHead(alternates)}`;
  const authors = v.authors.map((a) => {
    const orcid = a.orcid ? ` ${link(`https://orcid.org/${a.orcid}`, `ORCID ${a.orcid}`, ' class="orcid"')}` : '';
    return `<li>${link(hrefFor(a.iri, base), a.name ?? a.iri)}${orcid}</li>`;
  });
  const ids = v.identifiers.map((i) => `<li>${escapeHtml(i.scheme.toUpperCase())}: ${i.resolver ? link(i.resolver, i.value) : escapeHtml(i.value)}</li>`);
  const records = v.records.map((r) => {
    const where = [r.collection, r.institution].filter(Boolean).join(', ');
    return `<li>${link(hrefFor(r.iri, base), r.id ?? r.iri)}${where ? ` (${escapeHtml(where)})` : ''}</li>`;
  });
  const details =
    row('Journal', v.journal && link(hrefFor(v.journal.iri, base), v.journal.name ?? v.journal.iri)) +
    row('Published', (v.date ?? v.year) && `<time datetime="${attr((v.date ?? v.year)!)}">${escapeHtml((v.date ?? v.year)!)}</time>`) +
    row('Publisher', v.publisher && link(hrefFor(v.publisher.iri, base), v.publisher.name ?? v.publisher.iri)) +
    row('Language', v.language && escapeHtml(v.language)) +
    row('Identifiers', ids.length ? `<ul>${ids.join('')}</ul>` : undefined) +
    row('Licence', v.license && link(v.license, v.license, ' rel="license"')) +
    row('Copyright', v.copyright && escapeHtml(v.copyright)) +
    row('Keywords', v.keywords.length ? escapeHtml(v.keywords.join(', ')) : undefined);
  const body = `<article${v.language ? ` lang="${attr(v.language)}"` : ''}>
<h1>${escapeHtml(v.title ?? v.iri)}</h1>
${v.subtitle ? `<p>${escapeHtml(v.subtitle)}</p>\n` : ''}<section aria-labelledby="authors"><h2 id="authors">Authors</h2>
<ol>${authors.join('\n')}</ol></section>
<dl>
${details}</dl>
${v.abstract ? `<section aria-labelledby="abstract"><h2 id="abstract">Abstract</h2>\n<p>${escapeHtml(v.abstract)}</p></section>\n` : ''}<section aria-labelledby="records"><h2 id="records">Catalogue records</h2>
<ul>${records.join('')}</ul></section>
<p>IRI: <code>${escapeHtml(v.iri)}</code></p>
${formatList(alternates)}
</article>`;
  return page({ title: v.title ?? v.iri, head, body, root: new URL(base).pathname });
}

function termHtml(t: RDF.Term, index: Index, base: string): string {
  if (t.termType === 'NamedNode') return link(hrefFor(t.value, base), index.label(t.value) ?? curie(t.value));
  if (t.termType === 'Literal') {
    const lang = t.language ? ` lang="${attr(t.language)}"` : '';
    return `<span${lang}>${escapeHtml(t.value)}</span>`;
  }
  return escapeHtml(`_:${t.value}`);
}

/**
 * Any other resource: its statements as a property table, and what points to it.
 * @example
 * resourcePage(iri, catalog.describe(iri), { base, alternates });
 */
export function resourcePage(iri: string, quads: RDF.Quad[], options: ResourcePageOptions): string {
  const { base, alternates } = options;
  const index = new Index(quads);
  const title = index.label(iri) ?? iri;
  const own = quads.filter((q) => q.subject.value === iri);
  const incoming = quads.filter((q) => q.subject.value !== iri && q.object.value === iri);
  const rows = own.map((q) => `<tr><th scope="row">${escapeHtml(curie(q.predicate.value))}</th><td>${termHtml(q.object, index, base)}</td></tr>`);
  const back = incoming.map((q) => `<tr><td>${termHtml(q.subject, index, base)}</td><th scope="row">${escapeHtml(curie(q.predicate.value))}</th></tr>`);
  const body = `<h1>${escapeHtml(title)}</h1>
<p>IRI: <code>${escapeHtml(iri)}</code></p>
<table><caption>Statements</caption><thead><tr><th scope="col">Property</th><th scope="col">Value</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
${back.length ? `<table><caption>Referenced by</caption><thead><tr><th scope="col">Resource</th><th scope="col">Property</th></tr></thead>\n<tbody>${back.join('\n')}</tbody></table>\n` : ''}${formatList(alternates)}`;
  return page({ title, head: alternatesHead(alternates), body, root: new URL(base).pathname });
}

/**
 * A short page for an error status.
 * @example
 * c.html(errorPage('Not found', 'No record mentions this IRI.', catalog.base), 404);
 */
export function errorPage(title: string, message: string, base: string): string {
  return page({ title, body: `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`, root: new URL(base).pathname });
}

/**
 * The home page: what this is, counts, recent records, and links to everything else.
 * @example
 * app.get('/', (c) => c.html(homePage(catalog)));
 */
export function homePage(catalog: Pick<Catalog, 'base' | 'stats' | 'recent'>): string {
  const root = new URL(catalog.base).pathname;
  const stats = catalog.stats();
  const recent = catalog.recent(10).map((r) => `<li>${link(hrefFor(r.record, catalog.base), r.id)} <small>${escapeHtml(r.received)}</small></li>`);
  const body = `<h1>catalod</h1>
<p>Scholarly articles from library catalogue records, as linked data: ${stats.records} records, ${stats.triples ?? stats.quads} ${stats.triples === undefined ? 'quads' : 'triples'}.</p>
<ul>
<li>${link(`${root}sparql`, 'SPARQL endpoint')}</li>
<li>${link(`${root}queries`, 'Stored queries')}</li>
<li>${link(`${root}.well-known/void`, 'VoID description')}</li>
<li>Dumps: ${link(`${root}dump.nq`, 'N-Quads')}, ${link(`${root}dump.ttl`, 'Turtle')}, ${link(`${root}dump.jsonld`, 'JSON-LD')}</li>
</ul>
${recent.length ? `<section aria-labelledby="recent"><h2 id="recent">Recently loaded records</h2>\n<ul>${recent.join('\n')}</ul></section>` : ''}`;
  return page({ title: 'Home', body, root });
}
