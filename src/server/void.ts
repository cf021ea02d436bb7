/**
 * `/.well-known/void`: a VoID description of the dataset (https://www.w3.org/TR/void/) — size
 * (distinct triples of the merged default graph), the record graphs as a subset (their quads),
 * classes with their entity counts, example works, the dumps, the SPARQL endpoint, the licence —
 * negotiated in the RDF syntaxes. Class counts come from one SPARQL query over the merged default
 * graph (so a resource several records describe counts once), cached while the catalogue's size
 * stays the same, for a minute at most. A browser (`Accept: text/html`) gets the description as
 * a page (pages/void.tsx); the page is offered last, so `*\/*` and no Accept still get Turtle, and
 * `?format=turtle|jsonld|ntriples|nquads|rdfxml` lets the page link to each syntax.
 */
import type * as RDF from '@rdfjs/types';
import type { Context, Hono } from 'hono';
import { DataFactory } from 'n3';
import type { Catalog } from '../catalog.js';
import { negotiate, notAcceptable } from './negotiate.js';
import { serialise, serverContext, syntaxOffers, withCharset, type Syntax } from './rdf.js';
import { voidPage } from './pages/void.js';
import { prefixes } from '../mapping/terms.js';
import { formatNamed } from '../writers/index.js';

const VOID = 'http://rdfs.org/ns/void#';
const DCT = 'http://purl.org/dc/terms/';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const XSD_INTEGER = 'http://www.w3.org/2001/XMLSchema#integer';

/** CC0 for the bibliographic metadata; texts such as abstracts keep their article's licence. */
export const DEFAULT_DATASET_LICENSE = 'https://creativecommons.org/publicdomain/zero/1.0/';

export interface VoidOptions {
  catalog: Catalog;
  /** The dataset's licence IRI (default CC0 1.0). */
  license?: string;
  /** Deadline for the class count query (default 30 s). */
  timeoutMs?: number;
  /** How many example works to name (default 3). */
  examples?: number;
}

/**
 * The IRI of the dataset VoID describes.
 * @example
 * datasetIri('http://localhost:3000/'); // 'http://localhost:3000/.well-known/void#dataset'
 */
export function datasetIri(base: string): string {
  return `${base}.well-known/void#dataset`;
}

interface ClassCount {
  iri: string;
  entities: number;
}

/** Distinct instances per class over the merged default graph; undefined when the query fails. */
async function classCounts(catalog: Catalog, timeoutMs: number): Promise<ClassCount[] | undefined> {
  const res = await catalog.queries.run({
    query: 'SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY ?class',
    mediaType: 'application/sparql-results+json',
    timeoutMs,
    rowCap: 10_000,
  });
  if (res.status !== 200) return undefined;
  try {
    const json = JSON.parse(res.body) as { results: { bindings: { class?: { value: string }; n?: { value: string } }[] } };
    return json.results.bindings.flatMap((b) => (b.class && b.n ? [{ iri: b.class.value, entities: Number(b.n.value) }] : []));
  } catch {
    return undefined;
  }
}

/** A few works: the primary topics of the most recent records. */
async function exampleWorks(catalog: Catalog, n: number): Promise<string[]> {
  const works: string[] = [];
  for (const r of catalog.recent(n * 2)) {
    const topic = (await catalog.describe(r.record)).find((q) => q.subject.value === r.record && q.predicate.value === `${FOAF}primaryTopic`);
    if (topic && !works.includes(topic.object.value)) works.push(topic.object.value);
    if (works.length >= n) break;
  }
  return works;
}

/**
 * The record graphs as a subset: the named graphs together, counted as quads, so a triple several
 * records state counts once per record (the dataset's own `void:triples` counts it once).
 */
function recordGraphsSubset(ds: RDF.NamedNode, base: string, quads: number): RDF.Quad[] {
  const { namedNode: n, literal: l, quad } = DataFactory;
  const graphs = n(`${base}.well-known/void#record-graphs`);
  return [
    quad(ds, n(`${VOID}subset`), graphs),
    quad(graphs, n(RDF_TYPE), n(`${VOID}Dataset`)),
    quad(graphs, n(`${DCT}title`), l('The record graphs')),
    quad(graphs, n(`${DCT}description`), l(`Every catalogue record's named graph (${base}record/<id>), counted as quads: a triple several records state counts once per record, so this is at least the dataset's void:triples. SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } counts the same.`)),
    quad(graphs, n(`${VOID}triples`), l(String(quads), n(XSD_INTEGER))),
  ];
}

/**
 * A VoID describer with a small cache for the class counts.
 * @example
 * const describe = voidDescriber({ catalog });
 * const quads = await describe(); // then serialise(quads, 'turtle')
 */
export function voidDescriber(options: VoidOptions): () => Promise<RDF.Quad[]> {
  const { catalog } = options;
  let cache: { key: string; at: number; counts: ClassCount[] | undefined } | undefined;
  return async () => {
    const { namedNode: n, literal: l, blankNode: b, quad } = DataFactory;
    const base = catalog.base;
    const stats = catalog.stats();
    const key = `${stats.records}:${stats.quads}`;
    if (!cache || cache.key !== key || Date.now() - cache.at > 60_000) {
      cache = { key, at: Date.now(), counts: await classCounts(catalog, options.timeoutMs ?? 30_000) };
    }
    const counts = cache.counts;
    const ds = n(datasetIri(base));
    const doc = n(`${base}.well-known/void`);
    const int = (x: number) => l(String(x), n(XSD_INTEGER));
    const quads: RDF.Quad[] = [
      quad(doc, n(RDF_TYPE), n(`${VOID}DatasetDescription`)),
      quad(doc, n(`${DCT}title`), l('VoID description of the catalod dataset')),
      quad(doc, n(`${FOAF}primaryTopic`), ds),
      quad(ds, n(RDF_TYPE), n(`${VOID}Dataset`)),
      quad(ds, n(`${DCT}title`), l('catalod: catalogue records of scholarly articles as linked data')),
      quad(ds, n(`${DCT}description`), l(`Scholarly articles from ${stats.records} VuFind catalogue records, described with schema.org, Dublin Core, FaBiO and PRO. Each record's triples are in a named graph named by the record's IRI.`)),
      quad(ds, n(`${DCT}license`), n(options.license ?? DEFAULT_DATASET_LICENSE)),
      quad(ds, n(`${DCT}rights`), l("Abstracts and other texts keep their article's licence, given on each work as schema:license.")),
      ...(stats.triples === undefined ? [] : [quad(ds, n(`${VOID}triples`), int(stats.triples))]),
      ...recordGraphsSubset(ds, base, stats.quads),
      quad(ds, n(`${VOID}uriSpace`), l(base)),
      quad(ds, n(`${VOID}sparqlEndpoint`), n(`${base}sparql`)),
      ...['nquads', 'turtle', 'jsonld'].map((f) => quad(ds, n(`${VOID}dataDump`), n(`${base}dump${formatNamed(f)!.extension}`))),
      ...['turtle', 'jsonld', 'ntriples', 'nquads', 'rdfxml'].map((f) => quad(ds, n(`${VOID}feature`), n(formatNamed(f)!.formatIri!))),
      ...Object.entries(prefixes()).filter(([p]) => p !== 'rdf' && p !== 'xsd').map(([, ns]) => ns).map((ns) => quad(ds, n(`${VOID}vocabulary`), n(ns))),
      ...(await exampleWorks(catalog, options.examples ?? 3)).map((w) => quad(ds, n(`${VOID}exampleResource`), n(w))),
    ];
    if (counts) {
      quads.push(quad(ds, n(`${VOID}classes`), int(counts.length)));
      counts.forEach((c, i) => {
        const part = b(`class${i + 1}`);
        quads.push(quad(ds, n(`${VOID}classPartition`), part), quad(part, n(`${VOID}class`), n(c.iri)), quad(part, n(`${VOID}entities`), int(c.entities)));
      });
    }
    return quads;
  };
}

/**
 * Adds `GET /.well-known/void` to `app`: RDF negotiated (Turtle by default), a page for browsers.
 * @example
 * voidRoutes(app, { catalog, license: 'https://creativecommons.org/publicdomain/zero/1.0/' });
 */
export function voidRoutes(app: Hono, options: VoidOptions): void {
  const { catalog } = options;
  const describe = voidDescriber(options);
  const root = new URL(catalog.base).pathname;
  const rdfOffers = syntaxOffers();
  const offers = [...rdfOffers, { syntax: 'html' as const, mediaType: 'text/html', label: 'HTML' }];
  app.get('/.well-known/void', async (c: Context) => {
    c.header('Vary', 'Accept');
    const format = c.req.query('format');
    let accept = c.req.header('accept');
    if (format !== undefined) {
      // A link cannot set Accept: `?format=` names the syntax instead.
      const named = rdfOffers.find((o) => o.syntax === format);
      if (!named) return c.text(`unknown format ${JSON.stringify(format)}: one of ${rdfOffers.map((o) => o.syntax).join(', ')}\n`, 400);
      accept = named.mediaType;
    }
    const chosen = negotiate(accept, offers);
    if (!chosen) return c.text(notAcceptable(accept, 'VoID', offers), 406);
    const quads = await describe();
    const rdf = (syntax: Syntax) => serialise(quads, syntax, { context: serverContext(), first: datasetIri(catalog.base) });
    if (chosen.syntax === 'html') {
      const formats = rdfOffers.map((o) => ({ label: o.label, mediaType: o.mediaType, href: `${root}.well-known/void?format=${o.syntax}` }));
      return c.html(voidPage(quads, { base: catalog.base, dataset: datasetIri(catalog.base), turtle: await rdf('turtle'), formats }));
    }
    return c.body(await rdf(chosen.syntax), 200, { 'Content-Type': withCharset(chosen.mediaType) });
  });
}
