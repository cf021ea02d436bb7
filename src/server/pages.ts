/**
 * The HTML pages: a work's record page (title, authors in order, journal, date, identifiers,
 * licence, abstract by section, catalogue provenance, every format, the embed snippet), a
 * person's page (their works here and co-authors), the home page, search results, a plain
 * property table for any other resource, and error pages. Pages are strings built from views
 * (view.ts); they need no script, and carry their data (JSON-LD, `citation_*` tags) in the head.
 */
import type * as RDF from '@rdfjs/types';
import type { Catalog } from '../catalog.js';
import { attr, escapeHtml, link, orcidLink, page } from './html.js';
import { allPrefixes } from './rdf.js';
import { DEFAULT_DATASET_LICENSE } from './void.js';
import { Index, abstractParts, embedSnippet, type PersonView, type WorkView } from './view.js';

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
 * Where a person's page is: their IRI's path when it is minted here, else (an ORCID iD IRI)
 * the `person` page that takes any IRI, so every author links to a page of this site.
 * @example
 * personHref('https://orcid.org/0000-0002-1825-0097', 'http://localhost:3000/'); // '/person?iri=https%3A%2F%2Forcid.org%2F0000-0002-1825-0097'
 */
export function personHref(iri: string, base: string): string {
  return iri.startsWith(base) ? hrefFor(iri, base) : `${new URL(base).pathname}person?iri=${encodeURIComponent(iri)}`;
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

/**
 * A short name for a licence IRI: Creative Commons licences as they name themselves.
 * @example
 * licenceLabel('https://creativecommons.org/licenses/by/4.0/'); // 'CC BY 4.0'
 * licenceLabel('https://creativecommons.org/publicdomain/zero/1.0/'); // 'CC0 1.0'
 */
export function licenceLabel(iri: string): string {
  const cc = /^https?:\/\/creativecommons\.org\/licenses\/([a-z-]+)\/(\d\.\d)(?:\/([a-z]{2}))?\/?$/i.exec(iri);
  if (cc) return `CC ${cc[1]!.toUpperCase()} ${cc[2]}${cc[3] ? ` ${cc[3].toUpperCase()}` : ''}`;
  const pd = /^https?:\/\/creativecommons\.org\/publicdomain\/(zero|mark)\/(1\.0)\/?$/i.exec(iri);
  if (pd) return pd[1]!.toLowerCase() === 'zero' ? `CC0 ${pd[2]}` : `Public Domain Mark ${pd[2]}`;
  return iri;
}

function alternatesHead(alternates: Alternate[]): string {
  return alternates.map((a) => `<link rel="alternate" type="${attr(a.mediaType)}" href="${attr(a.href)}">\n`).join('');
}

function formatList(alternates: Alternate[], iri: string): string {
  const items = alternates.map((a) => `<li>${link(a.href, a.label, ` type="${attr(a.mediaType)}"`)}</li>`);
  return `<section aria-labelledby="formats"><h2 id="formats">Formats</h2>
<p>This page's data, to download or load elsewhere. The IRI: <code>${escapeHtml(iri)}</code></p>
<ul class="formats">${items.join('')}</ul></section>`;
}

function row(term: string, html: string | undefined): string {
  return html ? `<dt>${escapeHtml(term)}</dt><dd>${html}</dd>\n` : '';
}

/** `en` → `English`, the code itself when the name is unknown. */
function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function when(date: string | undefined): string {
  return date ? `<time datetime="${attr(date)}">${escapeHtml(date)}</time>` : '';
}

/** Section labels as a heading shows them: `MATERIALS AND METHODS` → `Materials and methods`. */
function sentenceCase(label: string): string {
  return label.charAt(0) + label.slice(1).toLowerCase();
}

/** The abstract, its sections (BACKGROUND, METHODS…) each under its own heading when it has them. */
function abstractHtml(text: string): string {
  const parts = abstractParts(text);
  const body = parts.map((p) => (p.label ? `<section><h3>${escapeHtml(sentenceCase(p.label))}</h3>\n<p>${escapeHtml(p.text)}</p></section>` : `<p>${escapeHtml(p.text)}</p>`));
  return `<section class="abstract" aria-labelledby="abstract"><h2 id="abstract">Abstract</h2>\n${body.join('\n')}</section>\n`;
}

/** The author list item: the name linked to the person's page, then the ORCID iD if known. */
function authorItem(a: PersonView, base: string): string {
  return `<li>${link(personHref(a.iri, base), a.name ?? a.iri)}${a.orcid ? ` ${orcidLink(a.orcid)}` : ''}</li>`;
}

/** Where the data came from: each catalogue record, its collection, institution, format and version. */
function provenance(v: WorkView, base: string): string {
  const items = v.records.map((r) => {
    const facts = [r.collection && `collection ${escapeHtml(r.collection)}`, r.institution && escapeHtml(r.institution), r.format && `format ${escapeHtml(r.format)}`, r.version && `version ${escapeHtml(r.version)}`].filter(Boolean);
    return `<li>${link(hrefFor(r.iri, base), r.id ?? r.iri)}${facts.length ? `<br><span class="meta">${facts.join(' · ')}</span>` : ''}</li>`;
  });
  return `<section aria-labelledby="records"><h2 id="records">Catalogue records</h2>
<p>What this page was made from: ${v.records.length === 1 ? 'one library catalogue record' : `${v.records.length} library catalogue records, merged`}.</p>
<ul class="plain">${items.join('')}</ul></section>`;
}

/** The embed box: the head snippet as text to copy (a read-only textarea needs no script; the button is added by one). */
function embedBox(snippet: string): string {
  return `<section aria-labelledby="embed"><h2 id="embed">Embed this</h2>
<p><label for="embed-snippet">Paste this into the <code>&lt;head&gt;</code> of a page about this article: schema.org JSON-LD for search engines and <code>citation_*</code> tags for Google Scholar and Zotero.</label></p>
<textarea id="embed-snippet" readonly rows="10" spellcheck="false">${escapeHtml(snippet)}</textarea>
<p><button type="button" class="secondary" id="copy-embed" hidden>Copy to clipboard</button> <span id="copy-status" class="meta" role="status"></span></p>
</section>`;
}

/** Shows the copy button and makes it work; the textarea alone does without. */
const COPY_SCRIPT = `<script>
(function () {
  var button = document.getElementById('copy-embed'), box = document.getElementById('embed-snippet'), status = document.getElementById('copy-status');
  if (!button || !box) return;
  button.hidden = false;
  button.addEventListener('click', function () {
    box.select();
    var done = function () { status.textContent = 'Copied.'; };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(box.value).then(done, function () { document.execCommand('copy'); done(); });
    else { document.execCommand('copy'); done(); }
  });
})();
</script>
`;

/**
 * A work's page.
 * @example
 * workPage(workView(quads, iri)!, { base, alternates: [{ href: '/work/doi/….ttl', mediaType: 'text/turtle', label: 'Turtle' }] });
 */
export function workPage(v: WorkView, options: ResourcePageOptions): string {
  const { base, alternates } = options;
  const snippet = embedSnippet(v);
  const head = `${snippet}${alternatesHead(alternates)}`;
  const ids = v.identifiers.map((i) => `<li>${escapeHtml(i.scheme.toUpperCase())} ${i.resolver ? link(i.resolver, i.value) : escapeHtml(i.value)}</li>`);
  const published = v.date ?? v.year;
  const journal = v.journal && link(hrefFor(v.journal.iri, base), v.journal.name ?? v.journal.iri);
  const kicker = [v.journal ? 'Journal article' : 'Article', journal, when(published)].filter(Boolean).join(' · ');
  const details =
    row('Journal', journal) +
    row('Published', published && when(published)) +
    row('Publisher', v.publisher && link(hrefFor(v.publisher.iri, base), v.publisher.name ?? v.publisher.iri)) +
    row('Language', v.language && escapeHtml(languageName(v.language))) +
    row('Identifiers', ids.length ? `<ul>${ids.join('')}</ul>` : undefined) +
    row('Licence', v.license && link(v.license, licenceLabel(v.license), ' rel="license"')) +
    row('Copyright', v.copyright && escapeHtml(v.copyright)) +
    row('Keywords', v.keywords.length ? escapeHtml(v.keywords.join(', ')) : undefined);
  const body = `<article${v.language ? ` lang="${attr(v.language)}"` : ''}>
<p class="kicker">${kicker}</p>
<h1>${escapeHtml(v.title ?? v.iri)}</h1>
${v.subtitle ? `<p class="lead">${escapeHtml(v.subtitle)}</p>\n` : ''}<section class="authors" aria-labelledby="authors"><h2 id="authors">Authors</h2>
<ol>${v.authors.map((a) => authorItem(a, base)).join('\n')}</ol></section>
<section aria-labelledby="details"><h2 id="details">Details</h2>
<dl>
${details}</dl></section>
${v.abstract ? abstractHtml(v.abstract) : ''}${provenance(v, base)}
${formatList(alternates, v.iri)}
${embedBox(snippet)}
</article>`;
  return page({ title: v.title ?? v.iri, head, body, root: new URL(base).pathname, scripts: COPY_SCRIPT });
}

function termHtml(t: RDF.Term, index: Index, base: string): string {
  if (t.termType === 'NamedNode') return link(hrefFor(t.value, base), index.label(t.value) ?? curie(t.value));
  if (t.termType === 'Literal') {
    const lang = t.language ? ` lang="${attr(t.language)}"` : '';
    return `<span${lang}>${escapeHtml(t.value)}</span>`;
  }
  return escapeHtml(`_:${t.value}`);
}

/** A resource's statements as tables: its own, then those of others pointing to it. */
function statementTables(iri: string, quads: RDF.Quad[], index: Index, base: string): string {
  const own = quads.filter((q) => q.subject.value === iri);
  const incoming = quads.filter((q) => q.subject.value !== iri && q.object.value === iri);
  const rows = own.map((q) => `<tr><th scope="row">${escapeHtml(curie(q.predicate.value))}</th><td>${termHtml(q.object, index, base)}</td></tr>`);
  const back = incoming.map((q) => `<tr><td>${termHtml(q.subject, index, base)}</td><th scope="row">${escapeHtml(curie(q.predicate.value))}</th></tr>`);
  return `<table><caption>Statements</caption><thead><tr><th scope="col">Property</th><th scope="col">Value</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>
${back.length ? `<table><caption>Referenced by</caption><thead><tr><th scope="col">Resource</th><th scope="col">Property</th></tr></thead>\n<tbody>${back.join('\n')}</tbody></table>\n` : ''}`;
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
  const body = `<h1>${escapeHtml(title)}</h1>
<p>IRI: <code>${escapeHtml(iri)}</code></p>
${statementTables(iri, quads, index, base)}${formatList(alternates, iri)}`;
  return page({ title, head: alternatesHead(alternates), body, root: new URL(base).pathname });
}

/** One of a person's works, and where they stand in its author list. */
export interface PersonWork {
  view: WorkView;
  /** 1-based place in the author list. */
  position?: number;
}

/** Someone who wrote with the person, and how many works they share here. */
export interface Coauthor {
  iri: string;
  name?: string;
  works: number;
}

/** What a person's page shows beyond their own statements. */
export interface PersonData {
  person: PersonView;
  /** Their works here, newest first (perhaps only the first of many). */
  works: PersonWork[];
  /** How many works they have here in all. */
  workCount: number;
  /** Most shared works first. */
  coauthors: Coauthor[];
}

/** A work as a list item: title linked to its page, then authors' count, journal and date. */
function workItem(v: WorkView, base: string, extra?: string): string {
  const meta = [v.journal?.name && escapeHtml(v.journal.name), when(v.date ?? v.year), extra].filter(Boolean).join(' · ');
  return `<li>${link(hrefFor(v.iri, base), v.title ?? v.iri)}${meta ? `<br><span class="meta">${meta}</span>` : ''}</li>`;
}

/**
 * A person's page: name and ORCID iD, their works in this dataset and their co-authors, then
 * their statements as a property table.
 * @example
 * personPage(iri, catalog.describe(iri), { person, works, workCount: 1, coauthors }, { base, alternates });
 */
export function personPage(iri: string, quads: RDF.Quad[], data: PersonData, options: ResourcePageOptions): string {
  const { base, alternates } = options;
  const index = new Index(quads);
  const p = data.person;
  const name = p.name ?? index.label(iri) ?? iri;
  const works = data.works.map((w) => workItem(w.view, base, w.position ? `author ${w.position} of ${w.view.authors.length}` : undefined));
  const more = data.workCount > data.works.length ? `<p class="meta">The ${data.works.length} most recent of ${data.workCount} works are listed; the <a href="${attr(new URL(base).pathname)}queries">stored queries</a> find the rest.</p>` : '';
  const coauthors = data.coauthors.map((c) => `<li>${link(personHref(c.iri, base), c.name ?? c.iri)} <span class="meta">${c.works} ${c.works === 1 ? 'work' : 'works'}</span></li>`);
  const body = `<p class="kicker">Person</p>
<h1>${escapeHtml(name)}</h1>
${p.orcid ? `<p>${orcidLink(p.orcid)}</p>\n` : ''}<section aria-labelledby="works"><h2 id="works">Works here (${data.workCount})</h2>
<ul class="plain">${works.join('\n')}</ul>${more}</section>
<section aria-labelledby="coauthors"><h2 id="coauthors">Co-authors (${data.coauthors.length})</h2>
${coauthors.length ? `<ul class="links">${coauthors.join('\n')}</ul>` : '<p class="muted">No co-authors in this dataset.</p>'}</section>
<section aria-labelledby="statements"><h2 id="statements">All statements</h2>
<p>IRI: <code>${escapeHtml(iri)}</code></p>
${statementTables(iri, quads, index, base)}</section>
${alternates.length ? formatList(alternates, iri) : ''}`;
  return page({ title: name, head: alternatesHead(alternates), body, root: new URL(base).pathname });
}

/**
 * A short page for an error status.
 * @example
 * c.html(errorPage('Not found', 'No record mentions this IRI.', catalog.base), 404);
 */
export function errorPage(title: string, message: string, base: string): string {
  return page({ title, body: `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`, root: new URL(base).pathname });
}

/** A recently loaded record, with the work it describes when known. */
export interface RecentRecord {
  id: string;
  received: string;
  record: string;
  work?: string;
  title?: string;
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
 * The search box: one field for title words, an author's name or an identifier.
 * @example
 * searchForm('/', 'Gillard'); // '<form class="search" role="search" method="get" action="/search">…'
 */
export function searchForm(root: string, value = ''): string {
  return `<form class="search" role="search" method="get" action="${attr(root)}search">
<label for="q">Search the articles</label>
<input type="search" id="q" name="q" value="${attr(value)}" placeholder="Title, author or identifier" aria-describedby="q-hint" autocomplete="off" maxlength="300">
<button type="submit">Search</button>
<small id="q-hint" class="meta">Words of a title (peer worker), an author's name as records write it (Gillard, Steve Gillard), or a DOI, PMID or PMCID.</small>
</form>`;
}

const number = (n: number) => n.toLocaleString('en');

/**
 * The home page: what this is, counts, a search box, recent records, and links to everything else.
 * @example
 * app.get('/', (c) => c.html(homePage(catalog, { license: 'https://creativecommons.org/publicdomain/zero/1.0/' })));
 */
export function homePage(catalog: Pick<Catalog, 'base' | 'stats' | 'recent'>, options: HomeOptions = {}): string {
  const root = new URL(catalog.base).pathname;
  const stats = catalog.stats();
  const license = options.license ?? DEFAULT_DATASET_LICENSE;
  const recent = (options.recent ?? (catalog.recent(10) as RecentRecord[])).map((r) => {
    const title = r.work ? link(hrefFor(r.work, catalog.base), r.title ?? r.work) : link(hrefFor(r.record, catalog.base), r.id);
    return `<li>${title}<br><span class="meta">record ${link(hrefFor(r.record, catalog.base), r.id)} · loaded <time datetime="${attr(r.received)}">${escapeHtml(r.received.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'))}</time></span></li>`;
  });
  const triples = stats.triples ?? stats.quads;
  const body = `<p class="kicker">catalod dataset</p>
<h1>${escapeHtml(DATASET_TITLE.charAt(9).toUpperCase() + DATASET_TITLE.slice(10))}</h1>
<p class="lead">Scholarly articles described by library catalogues, as schema.org, Dublin Core and FaBiO, with authors in order, identifiers, licences and where each record came from.</p>
<div class="stats"><div><dl><dt>Records</dt><dd>${number(stats.records)}</dd></dl></div><div><dl><dt>${stats.triples === undefined ? 'Quads' : 'Triples'}</dt><dd>${number(triples)}</dd></dl></div><div><dl><dt>Licence</dt><dd>${link(license, licenceLabel(license), ' rel="license"')}</dd></dl></div></div>
${searchForm(root)}
${recent.length ? `<section aria-labelledby="recent"><h2 id="recent">Recently loaded</h2>\n<ul class="plain">${recent.join('\n')}</ul></section>\n` : ''}<section aria-labelledby="explore"><h2 id="explore">Use the data</h2>
<ul class="cards">
<li>${link(`${root}sparql`, 'Query editor')}<p>SPARQL 1.1 in the browser, with the stored queries as examples. The endpoint is <code>${escapeHtml(root)}sparql</code>.</p></li>
<li>${link(`${root}queries`, 'Stored queries')}<p>Ready-made questions with parameters: works by author, journal and year, identifier, title words.</p></li>
<li>${link(`${root}.well-known/void`, 'VoID description')}<p>What the dataset holds: counts, classes, examples, dumps.</p></li>
<li>Dumps<p>${link(`${root}dump.nq`, 'N-Quads')}, ${link(`${root}dump.ttl`, 'Turtle')}, ${link(`${root}dump.jsonld`, 'JSON-LD')}: the whole graph, streamed.</p></li>
</ul></section>`;
  return page({ title: 'Home', body, root });
}

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

/**
 * The search results page: the box again, then each group of hits.
 * @example
 * searchPage('Gillard', [{ label: 'Authors named “Gillard”', query: 'works-by-author-name', hits }], 'http://localhost:3000/');
 */
export function searchPage(q: string, groups: SearchGroup[], base: string): string {
  const root = new URL(base).pathname;
  const found = groups.filter((g) => g.hits.length);
  const sections = groups
    .filter((g) => g.hits.length || g.error)
    .map((g, i) => {
      const items = g.hits.map((h) => {
        const meta = [h.matched && escapeHtml(h.matched), when(h.date)].filter(Boolean).join(' · ');
        return `<li>${link(hrefFor(h.work, base), h.title ?? h.work)}${meta ? `<br><span class="meta">${meta}</span>` : ''}</li>`;
      });
      const note = g.error ? `<p class="muted">${escapeHtml(g.error)}</p>` : g.cut ? `<p class="meta">Only the first ${g.hits.length} are shown.</p>` : '';
      return `<section aria-labelledby="group-${i}"><h2 id="group-${i}">${escapeHtml(g.label)} <span class="meta">(${g.hits.length})</span></h2>
<ul class="plain results">${items.join('\n')}</ul>${note}
<p class="meta">Answered by the stored query ${link(`${root}queries#${g.query}`, g.query)}.</p></section>`;
    });
  const none = q && !found.length ? `<p>No work matches <strong>${escapeHtml(q)}</strong>. Author names match as the records write them (a family name such as <em>Gillard</em>, or a full name such as <em>Steve Gillard</em>); titles match any word or phrase.</p>` : '';
  const body = `<h1>${q ? `Search: ${escapeHtml(q)}` : 'Search'}</h1>
${searchForm(root, q)}
${none}${sections.join('\n')}`;
  return page({ title: q ? `Search: ${q}` : 'Search', body, root });
}
