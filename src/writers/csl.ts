/**
 * A work as a CSL-JSON item (the Citation Style Language's data model), read from its graph: the
 * one input every citation format (BibTeX, RIS, CSL JSON, a formatted reference) is made from,
 * by `convert --to …` and by the server alike. The graph is read through `workView`, the reader
 * the pages use, so a citation says what the record page says. Only what the graph states is
 * mapped: a work without a date has no `issued`, never a guessed one.
 */
import type * as RDF from '@rdfjs/types';
import { NS } from '../rdf/namespaces.js';
import { Index, workView, type PersonView } from '../server/view.js';

const { schema: S } = NS;

/** A CSL name: a person's family and given names, or one literal for an organisation or an unsplit name. */
export type CslName = { family: string; given?: string } | { literal: string };

/** The CSL-JSON fields catalod fills (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html). */
export interface CslItem {
  /** The work's IRI: stable, and the same wherever the work is cited from. */
  id: string;
  type: 'article-journal';
  title?: string;
  author?: CslName[];
  'container-title'?: string;
  publisher?: string;
  /** Year, month, day: as many parts as the graph's date has. */
  issued?: { 'date-parts': [number[]] };
  volume?: string;
  issue?: string;
  page?: string;
  DOI?: string;
  PMID?: string;
  PMCID?: string;
  URL?: string;
  abstract?: string;
  language?: string;
}

/**
 * A person as a CSL name: `{family, given}` where the graph splits the name, `{literal}` for a
 * name given whole (an organisation, a consortium), undefined for a person with no name at all.
 * @example
 * cslName({ iri, family: 'Gillard', given: 'Steve', name: 'Steve Gillard' }); // { family: 'Gillard', given: 'Steve' }
 */
export function cslName(p: PersonView): CslName | undefined {
  if (p.family) return p.given ? { family: p.family, given: p.given } : { family: p.family };
  return p.name ? { literal: p.name } : undefined;
}

/**
 * CSL date parts of an ISO date, year-month or year (`xsd:date`, `gYearMonth`, `gYear`);
 * undefined for anything else, so a malformed date is left out rather than half-read.
 * @example
 * dateParts('2022-06-01'); // [2022, 6, 1]
 * dateParts('2022'); // [2022]
 */
export function dateParts(date: string): number[] | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(date.trim());
  if (!m) return undefined;
  return m.slice(1).filter((x): x is string => x !== undefined).map(Number);
}

/**
 * The CSL-JSON item of the work `iri` as `quads` (or their index) describe it; undefined when
 * they do not describe it as a work.
 * @example
 * cslItem(converted.quads, converted.iris.work)?.author?.[0]; // { family: 'Gillard', given: 'Steve' }
 */
export function cslItem(quads: Iterable<RDF.Quad> | Index, iri: string): CslItem | undefined {
  const index = quads instanceof Index ? quads : new Index(quads);
  const v = workView(index, iri);
  if (!v) return undefined;
  const id = (scheme: string) => v.identifiers.find((i) => i.scheme === scheme)?.value;
  const parts = (v.date && dateParts(v.date)) ?? (v.year && dateParts(v.year));
  const authors = v.authors.map(cslName).filter((n): n is CslName => !!n);
  // Volume, issue and pages are read if a graph states them (schema.org's terms); catalogue records rarely do.
  const item: CslItem = {
    id: iri,
    type: 'article-journal',
    title: v.subtitle && v.title && !v.title.includes(v.subtitle) ? `${v.title}: ${v.subtitle}` : v.title,
    author: authors.length ? authors : undefined,
    'container-title': v.journal?.name,
    publisher: v.publisher?.name,
    issued: parts ? { 'date-parts': [parts] } : undefined,
    volume: index.one(iri, `${S}volumeNumber`),
    issue: index.one(iri, `${S}issueNumber`),
    page: index.one(iri, `${S}pagination`),
    DOI: id('doi'),
    PMID: id('pmid'),
    PMCID: id('pmcid'),
    URL: v.url,
    abstract: v.abstract,
    language: v.language,
  };
  return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined)) as unknown as CslItem;
}
