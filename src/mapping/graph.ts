/**
 * The work as RDF: runs the mapping table over the model. Every triple goes in the named graph
 * of the catalogue record it came from, so re-loading a record replaces exactly its triples.
 */
import { CQuad, Iri, Lit, iri as namedNode, lit as literal } from '../rdf/terms.js';
import type { Author, Found, Work } from '../model.js';
import { collectionIri, irisFor, identifierIri, journalIri, normaliseBase, organizationIri, personIri, resolverIri, DEFAULT_BASE } from './iris.js';
import { terms, type Scheme } from './terms.js';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const XSD_TYPES = { date: namedNode(XSD + 'date'), gYearMonth: namedNode(XSD + 'gYearMonth'), gYear: namedNode(XSD + 'gYear') };
const RDF_TYPE = namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');

export interface MapOptions {
  /** Base IRI every minted IRI starts with. */
  base?: string;
}

/** Collects the quads of one graph. */
class Emitter {
  readonly quads: CQuad[] = [];
  constructor(private readonly graph: Iri) {}

  /** `s a T1, T2 …` */
  types(s: Iri, types: Iri[]): void {
    for (const t of types) this.quads.push(new CQuad(s, RDF_TYPE, t, this.graph));
  }

  /** `s p o` for each predicate the table gives the slot. */
  out(s: Iri, predicates: Iri[], o: Iri | Lit | undefined): void {
    if (o === undefined) return;
    for (const p of predicates) this.quads.push(new CQuad(s, p, o, this.graph));
  }

  /** Plain string literal, if there is a value. */
  text(s: Iri, predicates: Iri[], value: Found | string | undefined): void {
    const v = typeof value === 'string' ? value : value?.value;
    if (v !== undefined && v !== '') this.out(s, predicates, literal(v));
  }
}

/** Typed literal for an ISO date: `xsd:date`, `xsd:gYearMonth` or `xsd:gYear` by what is known. */
export function dateLiteral(value: string) {
  const type = /^\d{4}-\d{2}-\d{2}$/.test(value) ? 'date' : /^\d{4}-\d{2}$/.test(value) ? 'gYearMonth' : 'gYear';
  return literal(value, XSD_TYPES[type]);
}

/** All quads for one work, in the graph named by its catalogue record's IRI. */
export function workToQuads(w: Work, options: MapOptions = {}): CQuad[] {
  const base = normaliseBase(options.base ?? DEFAULT_BASE);
  const t = terms();
  const iris = irisFor(base, w);
  const work = namedNode(iris.work);
  const record = namedNode(iris.record);
  const e = new Emitter(record);

  e.types(work, t.article.types!);
  e.text(work, t.article.title!, w.title);
  e.text(work, t.article.subtitle!, w.subtitle);
  e.text(work, t.article.abstract!, w.abstract);
  if (w.date) e.out(work, t.article.date!, dateLiteral(w.date.value));
  if (w.year) e.out(work, t.article.year!, literal(w.year.value, XSD_TYPES.gYear));
  e.text(work, t.article.language!, w.language);
  e.text(work, t.article.copyright!, w.copyright);
  for (const topic of w.topics) e.text(work, t.article.topic!, topic);
  for (const format of w.record.formats) e.text(work, t.article.format!, format);
  if (w.license) e.out(work, t.article.license!, namedNode(w.license.value));

  identifiers(e, base, work, w);
  if (w.journal) named(e, work, t.article.journal!, journalIri(base, w.journal.value), t.journal.types!, t.journal.name!, w.journal.value);
  if (w.publisher) named(e, work, t.article.publisher!, organizationIri(base, w.publisher.value), t.organization.types!, t.organization.name!, w.publisher.value);
  authors(e, work, iris, w.authors, base);
  catalogueRecord(e, base, record, work, w);
  return e.quads;
}

/** A node with a name (journal, organisation), linked from `s`. */
function named(e: Emitter, s: Iri, via: Iri[], iri: string, types: Iri[], name: Iri[], value: string): void {
  const node = namedNode(iri);
  e.out(s, via, node);
  e.types(node, types);
  e.text(node, name, value);
}

/** DOI, PMID, PMCID: a literal each, an identifier node each (schema.org and DataCite at once), a resolver link each. */
function identifiers(e: Emitter, base: string, work: Iri, w: Work): void {
  const t = terms();
  for (const key of ['doi', 'pmid', 'pmcid'] as const) {
    const found = w[key];
    if (!found) continue;
    e.text(work, t.article[key]!, found);
    const scheme = t.schemes[key];
    e.out(work, t.article.identifier!, identifierNode(e, base, scheme, found.value));
    const resolved = namedNode(resolverIri(scheme, found.value));
    e.out(work, t.article.sameAs!, resolved);
    if (key === 'doi') e.out(work, t.article.url!, resolved);
  }
}

/** `{base}id/<scheme>/<value>`: a `schema:PropertyValue` that is also a `datacite:Identifier`. */
function identifierNode(e: Emitter, base: string, scheme: Scheme, value: string): Iri {
  const t = terms().identifier;
  const node = namedNode(identifierIri(base, scheme.propertyID, value));
  e.types(node, t.types!);
  e.text(node, t.propertyID!, scheme.propertyID);
  e.text(node, t.value!, value);
  e.out(node, t.scheme!, scheme.scheme);
  return node;
}

/** Persons with their name parts, and the order as PRO roles chained by `oco:hasNext`. */
function authors(e: Emitter, work: Iri, iris: ReturnType<typeof irisFor>, list: Author[], base: string): void {
  const t = terms();
  list.forEach((a, i) => {
    const n = i + 1;
    const person = namedNode(personIri(iris, n, a.orcid));
    e.out(work, t.article.author!, person);
    e.types(person, t.person.types!);
    e.text(person, t.person.name!, a.name);
    e.text(person, t.person.given!, a.given);
    e.text(person, t.person.family!, a.family);
    if (a.orcid) e.out(person, t.person.identifier!, identifierNode(e, base, t.schemes.orcid, a.orcid));
    const role = namedNode(iris.role(n));
    e.out(work, t.article.role!, role);
    e.types(role, t.role.types!);
    e.out(role, t.role.withRole!, t.role.author);
    e.out(role, t.role.heldBy!, person);
    e.out(role, t.role.document!, work);
    e.out(person, t.person.role!, role);
    if (n < list.length) e.out(role, t.role.next!, namedNode(iris.role(n + 1)));
  });
}

/** The catalogue record as a document about the work: id, collection, institution, format, version. */
function catalogueRecord(e: Emitter, base: string, record: Iri, work: Iri, w: Work): void {
  const t = terms();
  const r = w.record;
  e.types(record, t.record.types!);
  e.text(record, t.record.id!, r.id);
  e.out(record, t.record.topic!, work);
  e.out(work, t.article.record!, record);
  if (r.collection) named(e, record, t.record.collection!, collectionIri(base, r.collection.value), t.collection.types!, t.collection.name!, r.collection.value);
  if (r.institution) named(e, record, t.record.institution!, organizationIri(base, r.institution.value), t.organization.types!, t.organization.name!, r.institution.value);
  e.text(record, t.record.recordFormat!, r.recordFormat);
  e.text(record, t.record.version!, r.version);
}
