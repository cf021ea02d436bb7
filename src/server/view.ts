/**
 * What a page needs to know about a resource, read back from its quads (the catalogue's
 * description, never the source record): a work's title, authors in order, journal, identifiers…
 * and from that the schema.org embed and the `citation_*` meta tags, shaped as the converter's
 * `--to schema` and `--to html` writers shape them.
 */
import type * as RDF from '@rdfjs/types';
import { terms } from '../mapping/terms.js';
import { resolverIri } from '../mapping/iris.js';
import { citationTags, headSnippet, pageDescription } from '../writers/html.js';

import { NS, RDF_TYPE } from '../rdf/namespaces.js';

const { schema: S, dcterms: DCT, fabio: FABIO, pro: PRO, oco: OCO, foaf: FOAF, rdfs: RDFS } = NS;

/**
 * Subject → predicate → objects, for reading a description back.
 * @example
 * new Index(catalog.describe(iri)).label(iri); // the resource's name or title
 */
export class Index {
  private readonly out = new Map<string, Map<string, RDF.Term[]>>();

  constructor(quads: Iterable<RDF.Quad>) {
    for (const q of quads) {
      if (q.subject.termType !== 'NamedNode' && q.subject.termType !== 'BlankNode') continue;
      let props = this.out.get(q.subject.value);
      if (!props) this.out.set(q.subject.value, (props = new Map()));
      const list = props.get(q.predicate.value);
      if (list) list.push(q.object);
      else props.set(q.predicate.value, [q.object]);
    }
  }

  all(s: string, p: string): RDF.Term[] {
    return this.out.get(s)?.get(p) ?? [];
  }

  /** Values (strings) of `p` on `s`, each once. */
  values(s: string, p: string): string[] {
    return [...new Set(this.all(s, p).map((t) => t.value))];
  }

  one(s: string, p: string): string | undefined {
    return this.all(s, p)[0]?.value;
  }

  has(s: string): boolean {
    return this.out.has(s);
  }

  /** A human label: a name, a title or an identifier. */
  label(s: string): string | undefined {
    for (const p of [`${S}name`, `${DCT}title`, `${FOAF}name`, `${RDFS}label`, `${S}value`, `${DCT}identifier`]) {
      const v = this.one(s, p);
      if (v) return v;
    }
    return undefined;
  }
}

export interface PersonView {
  iri: string;
  name?: string;
  given?: string;
  family?: string;
  orcid?: string;
  /** The ORCID identifier node, `{base}id/orcid/…`. */
  orcidIri?: string;
}

export interface IdentifierView {
  /** `doi`, `pmid`, `pmcid`. */
  scheme: string;
  value: string;
  /** The identifier node, `{base}id/doi/…`. */
  iri: string;
  /** `https://doi.org/…` and the like. */
  resolver?: string;
}

export interface RecordView {
  iri: string;
  id?: string;
  collection?: string;
  institution?: string;
  format?: string;
  /** The catalogue's `_version_` of the record (`schema:version`). */
  version?: string;
}

/** A work as a page shows it. */
export interface WorkView {
  iri: string;
  title?: string;
  subtitle?: string;
  abstract?: string;
  /** `schema:datePublished` (an ISO date, year-month or year). */
  date?: string;
  year?: string;
  language?: string;
  license?: string;
  copyright?: string;
  keywords: string[];
  genres: string[];
  url?: string;
  sameAs: string[];
  identifiers: IdentifierView[];
  journal?: { iri: string; name?: string };
  publisher?: { iri: string; name?: string };
  /** In the record's order (the PRO role chain). */
  authors: PersonView[];
  records: RecordView[];
}

/**
 * True when `iri` is typed `schema:ScholarlyArticle` in `index`.
 * @example
 * isWork(new Index(catalog.describe(iri)), iri);
 */
export function isWork(index: Index, iri: string): boolean {
  return index.values(iri, RDF_TYPE).includes(`${S}ScholarlyArticle`);
}

/** The authors in order: the roles chained by `oco:hasNext` from the one nothing points to; else `schema:author` order. */
function orderedAuthors(index: Index, work: string): string[] {
  const roles = index.values(work, `${PRO}isDocumentContextFor`);
  const people: string[] = [];
  if (roles.length) {
    const targets = new Set(roles.flatMap((r) => index.values(r, `${OCO}hasNext`)));
    const seen = new Set<string>();
    const starts = roles.filter((r) => !targets.has(r));
    for (const start of starts.length ? starts : [roles[0]!]) {
      for (let r: string | undefined = start; r && !seen.has(r); r = index.one(r, `${OCO}hasNext`)) {
        seen.add(r);
        for (const p of index.values(r, `${PRO}isHeldBy`)) if (!people.includes(p)) people.push(p);
      }
    }
  }
  for (const p of index.values(work, `${S}author`)) if (!people.includes(p)) people.push(p);
  return people;
}

/**
 * A person as described by `index`: names and ORCID iD (from their identifier node, or their IRI
 * when it is an ORCID iD IRI).
 * @example
 * personView(new Index(catalog.describe(iri)), iri).name; // 'Rhiannon Foster'
 */
export function personView(index: Index, iri: string): PersonView {
  const orcidNode = index.values(iri, `${S}identifier`).find((n) => index.one(n, `${S}propertyID`) === 'orcid');
  return {
    iri,
    name: index.one(iri, `${S}name`),
    given: index.one(iri, `${S}givenName`),
    family: index.one(iri, `${S}familyName`),
    orcid: orcidNode ? index.one(orcidNode, `${S}value`) : iri.startsWith('https://orcid.org/') ? iri.slice('https://orcid.org/'.length) : undefined,
    orcidIri: orcidNode,
  };
}

function named(index: Index, iri: string | undefined): { iri: string; name?: string } | undefined {
  return iri ? { iri, name: index.label(iri) } : undefined;
}

/**
 * The work `iri` as described by `quads`, or undefined when they do not describe it as a work.
 * @example
 * const view = workView(catalog.describe(iri), iri);
 * view?.authors.map((a) => a.family); // ['Gillard', 'Foster', …]
 */
export function workView(quads: Iterable<RDF.Quad> | Index, iri: string): WorkView | undefined {
  const index = quads instanceof Index ? quads : new Index(quads);
  if (!isWork(index, iri)) return undefined;
  const schemes = terms().schemes as Record<string, { resolver: string; suffix?: string }>;
  const order = ['doi', 'pmid', 'pmcid'];
  const identifiers = index
    .values(iri, `${S}identifier`)
    .map((node): IdentifierView | undefined => {
      const scheme = index.one(node, `${S}propertyID`);
      const value = index.one(node, `${S}value`);
      if (!scheme || !value) return undefined;
      return { scheme, value, iri: node, resolver: schemes[scheme] ? resolverIri(schemes[scheme], value) : undefined };
    })
    .filter((x): x is IdentifierView => !!x)
    .sort((a, b) => order.indexOf(a.scheme) - order.indexOf(b.scheme));
  return {
    iri,
    title: index.one(iri, `${S}name`) ?? index.one(iri, `${DCT}title`),
    subtitle: index.one(iri, `${FABIO}hasSubtitle`),
    abstract: index.one(iri, `${S}abstract`) ?? index.one(iri, `${DCT}abstract`),
    date: index.one(iri, `${S}datePublished`),
    year: index.one(iri, `${FABIO}hasPublicationYear`),
    language: index.one(iri, `${S}inLanguage`),
    license: index.one(iri, `${S}license`),
    copyright: index.one(iri, `${S}copyrightNotice`),
    keywords: index.values(iri, `${S}keywords`),
    genres: index.values(iri, `${S}genre`),
    url: index.one(iri, `${S}url`),
    sameAs: index.values(iri, `${S}sameAs`),
    identifiers,
    journal: named(index, index.one(iri, `${S}isPartOf`)),
    publisher: named(index, index.one(iri, `${S}publisher`)),
    authors: orderedAuthors(index, iri).map((p) => personView(index, p)),
    records: index.values(iri, `${FOAF}isPrimaryTopicOf`).map((r) => ({
      iri: r,
      id: index.one(r, `${DCT}identifier`),
      collection: index.label(index.one(r, `${DCT}isPartOf`) ?? '') ?? undefined,
      institution: index.label(index.one(r, `${S}provider`) ?? '') ?? undefined,
      format: index.one(r, `${DCT}format`),
      version: index.one(r, `${S}version`),
    })),
  };
}

type Json = Record<string, unknown>;

function prune(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && !v.length)));
}

/**
 * The schema.org embed (`"@context": "https://schema.org"`, a `ScholarlyArticle`, authors in
 * order), shaped as `--to schema` writes it.
 * @example
 * `<script type="application/ld+json">${scriptJson(schemaFromView(view))}</script>`
 */
export function schemaFromView(v: WorkView): Json {
  return prune({
    '@context': 'https://schema.org',
    '@type': 'ScholarlyArticle',
    '@id': v.iri,
    name: v.title,
    headline: v.title,
    abstract: v.abstract,
    datePublished: v.date ?? v.year,
    inLanguage: v.language,
    license: v.license,
    copyrightNotice: v.copyright,
    keywords: v.keywords,
    genre: v.genres,
    url: v.url,
    sameAs: v.sameAs,
    identifier: v.identifiers.map((i) => ({ '@type': 'PropertyValue', '@id': i.iri, propertyID: i.scheme, value: i.value })),
    isPartOf: v.journal && prune({ '@type': 'Periodical', '@id': v.journal.iri, name: v.journal.name }),
    publisher: v.publisher && prune({ '@type': 'Organization', '@id': v.publisher.iri, name: v.publisher.name }),
    author: v.authors.map((a) =>
      prune({
        '@type': 'Person',
        '@id': a.iri,
        name: a.name,
        givenName: a.given,
        familyName: a.family,
        identifier: a.orcid ? prune({ '@type': 'PropertyValue', '@id': a.orcidIri, propertyID: 'orcid', value: a.orcid }) : undefined,
      }),
    ),
  });
}

/**
 * The Google Scholar / Highwire `citation_*` meta tags, in the order `--to html` writes them.
 * @example
 * citationFromView(view)[0]; // ['citation_title', 'The impact of working as a peer worker …']
 */
export function citationFromView(v: WorkView): [string, string][] {
  const id = (scheme: string) => v.identifiers.find((i) => i.scheme === scheme)?.value;
  return citationTags({
    title: v.title,
    authors: v.authors.flatMap((a) => (a.family && a.given ? [`${a.family}, ${a.given}`] : a.name ? [a.name] : [])),
    journal: v.journal?.name,
    date: v.date ?? v.year,
    publisher: v.publisher?.name,
    doi: id('doi'),
    pmid: id('pmid'),
    pmcid: id('pmcid'),
    language: v.language,
    abstract: v.abstract,
    keywords: v.keywords,
    page: v.iri,
  });
}

/** One part of an abstract: a structured abstract's section (`BACKGROUND`, `METHODS`…) or the whole text. */
export interface AbstractPart {
  /** The label as the text writes it (`BACKGROUND`), absent for an unstructured abstract. */
  label?: string;
  text: string;
}

/**
 * The section labels of structured abstracts (NLM's list, as PubMed writes them). A fixed list,
 * not "any capitals before a colon": `HIV:` or `COVID-19:` inside a sentence is no section.
 */
const SECTION_LABELS = [
  'BACKGROUND', 'INTRODUCTION', 'CONTEXT', 'RATIONALE', 'PURPOSE', 'AIM', 'AIMS', 'OBJECTIVE', 'OBJECTIVES', 'AIMS AND OBJECTIVES', 'HYPOTHESIS',
  'METHODS', 'METHOD', 'MATERIALS AND METHODS', 'PATIENTS AND METHODS', 'METHODS AND RESULTS', 'METHODOLOGY', 'DESIGN', 'STUDY DESIGN', 'SETTING', 'SETTINGS',
  'DESIGN, SETTING, AND PARTICIPANTS', 'PARTICIPANTS', 'PATIENTS', 'POPULATION', 'INTERVENTION', 'INTERVENTIONS', 'MEASUREMENTS', 'MAIN OUTCOME MEASURES',
  'CASE PRESENTATION', 'CASE REPORT', 'RESULTS', 'FINDINGS', 'DISCUSSION', 'LIMITATIONS', 'INTERPRETATION', 'CONCLUSION', 'CONCLUSIONS',
  'CONCLUSIONS AND RELEVANCE', 'IMPLICATIONS', 'SIGNIFICANCE', 'TRIAL REGISTRATION', 'REGISTRATION', 'FUNDING',
];
// What precedes a label is checked in code (`opensSection`): a look-behind `(?<=[.!?)\]]\s+)` tried
// at every position re-read the whole run of spaces before it (150,000 spaces: seconds).
const SECTION = new RegExp(`(${[...SECTION_LABELS].sort((a, b) => b.length - a.length).join('|')}):\\s*`, 'g');

/**
 * An abstract cut at its section labels when it is a structured one (it starts with a label),
 * else the whole text as one part.
 * @example
 * abstractParts('BACKGROUND: Peer workers… METHODS: In a study…');
 * // [{ label: 'BACKGROUND', text: 'Peer workers…' }, { label: 'METHODS', text: 'In a study…' }]
 */
export function abstractParts(text: string): AbstractPart[] {
  const marks = [...text.matchAll(SECTION)].filter((m) => opensSection(text, m.index!));
  if (!marks.length || marks[0]!.index !== 0) return [{ text: text.trim() }];
  return marks.map((m, i) => ({
    label: m[1]!,
    text: text.slice(m.index! + m[0].length, i + 1 < marks.length ? marks[i + 1]!.index : text.length).trim(),
  }));
}

/** A label opens a section at the very start, or after white space that follows a sentence's end (`.` `!` `?` `)` `]`). */
function opensSection(text: string, at: number): boolean {
  if (at === 0) return true;
  let before = at;
  while (before > 0 && /\s/.test(text[before - 1]!)) before--;
  return before < at && before > 0 && '.!?)]'.includes(text[before - 1]!);
}

/**
 * The snippet for a page `<head>` that the converter's `--to html` writes: the record comment,
 * the schema.org JSON-LD in a script element, the `citation_*` meta tags and a description. The
 * record page carries it in its own head and offers it, as text, to copy.
 * @example
 * embedSnippet(view).startsWith('<!-- catalod record pubmed-9158348 -->\n<script type="application/ld+json">'); // true
 */
export function embedSnippet(v: WorkView): string {
  const ids = v.records.map((r) => r.id).filter((id): id is string => !!id);
  return headSnippet(ids, schemaFromView(v), citationFromView(v), pageDescription(v.abstract, v.title));
}
