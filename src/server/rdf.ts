/**
 * Quads to text in the RDF syntaxes the server answers with: Turtle, N-Triples, N-Quads,
 * RDF/XML, and JSON-LD (compacted with catalod's context, or framed around a work). Media types,
 * extensions and format IRIs come from the format table (`src/writers/index.ts`).
 */
import type * as RDF from '@rdfjs/types';
import { Writer } from 'n3';
import { formatNamed } from '../writers/index.js';
import { catalodContext } from '../writers/jsonld.js';
import { quadLine, termToNt } from '../writers/nquads.js';
import { quadsToRdfXml } from '../writers/rdfxml.js';
import { prefixes } from '../mapping/terms.js';
import { Compactor } from '../writers/frame.js';
import { HYDRA } from '../store/describe.js';
import type { Offer } from './negotiate.js';

/** The RDF syntaxes served for a graph. */
export type Syntax = 'turtle' | 'ntriples' | 'nquads' | 'rdfxml' | 'jsonld';

/** An offer for negotiation: a syntax with its media type and extension from the format table. */
export interface SyntaxOffer extends Offer {
  syntax: Syntax;
  extension: string;
  formatIri?: string;
  label: string;
}

const LABELS: Record<Syntax, string> = { turtle: 'Turtle', ntriples: 'N-Triples', nquads: 'N-Quads', rdfxml: 'RDF/XML', jsonld: 'JSON-LD' };

/**
 * The syntaxes in the server's order of preference (the first is the default for `*\/*`).
 * @example
 * syntaxOffers(['turtle', 'jsonld']).map((o) => o.mediaType); // ['text/turtle', 'application/ld+json']
 */
export function syntaxOffers(order: readonly Syntax[] = ['turtle', 'jsonld', 'ntriples', 'nquads', 'rdfxml']): SyntaxOffer[] {
  return order.map((syntax) => {
    const f = formatNamed(syntax)!;
    return { syntax, mediaType: f.mediaType, aliases: f.aliases, extension: f.extension, formatIri: f.formatIri, label: LABELS[syntax] };
  });
}

/** Namespaces used by the server's own descriptions (VoID, the service description), on top of catalod's. */
export const EXTRA_PREFIXES: Record<string, string> = {
  void: 'http://rdfs.org/ns/void#',
  sd: 'http://www.w3.org/ns/sparql-service-description#',
  formats: 'http://www.w3.org/ns/formats/',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  hydra: HYDRA,
};

let all: Readonly<Record<string, string>> | undefined;

/**
 * catalod's prefixes and the server's.
 * @example
 * allPrefixes().void; // 'http://rdfs.org/ns/void#'
 */
export function allPrefixes(): Readonly<Record<string, string>> {
  // Made once: pages ask for it per IRI they abbreviate (a hub's page holds a thousand).
  return (all ??= Object.freeze({ ...prefixes(), ...EXTRA_PREFIXES }));
}

/**
 * Turtle with prefixes, each subject once.
 * @example
 * await toTurtle(catalog.describe(iri));
 */
export function toTurtle(quads: Iterable<RDF.Quad>, prefixMap: Readonly<Record<string, string>> = allPrefixes()): Promise<string> {
  const writer = new Writer({ format: 'Turtle', prefixes: prefixMap });
  const bySubject = new Map<string, RDF.Quad[]>();
  for (const q of quads) {
    const key = termToNt(q.subject);
    const list = bySubject.get(key);
    if (list) list.push(q);
    else bySubject.set(key, [q]);
  }
  for (const list of bySubject.values()) for (const q of list) writer.addQuad(q.subject as never, q.predicate as never, q.object as never);
  return new Promise((resolve, reject) => writer.end((error, result: string) => (error ? reject(error) : resolve(result))));
}

/** One compactor per context object (catalod's, the server's). */
const compactors = new WeakMap<Record<string, unknown>, Compactor>();

/**
 * JSON-LD of `quads` compacted with `context` (catalod's by default), a node per subject; `first` is put at the head of `@graph`.
 * Linear in the quads (`Compactor.flatten`): no JSON-LD processor runs on the HTTP thread.
 * @example
 * (await compactDocument(catalog.describe(journal), { first: journal }))['@graph'][0].name; // 'BMC Psychiatry'
 */
export async function compactDocument(quads: Iterable<RDF.Quad>, options: { context?: Record<string, unknown>; first?: string } = {}): Promise<Record<string, unknown>> {
  const context = options.context ?? resourceContext();
  let compactor = compactors.get(context);
  if (!compactor) compactors.set(context, (compactor = new Compactor(context, {})));
  return { '@context': context, '@graph': compactor.flatten([...quads], options.first) };
}

let resources: Record<string, unknown> | undefined;

/**
 * catalod's context with Hydra's prefix, for resource descriptions (a paged one links its pages with `hydra:next`).
 * @example
 * (await compactDocument(quads))['@context'] === resourceContext(); // true
 */
export function resourceContext(): Record<string, unknown> {
  return (resources ??= { ...catalodContext(), hydra: HYDRA });
}

/**
 * catalod's context with the server's extra prefixes, for VoID and the service description.
 * @example
 * await serialise(quads, 'jsonld', { context: serverContext() });
 */
export function serverContext(): Record<string, unknown> {
  return { ...catalodContext(), ...EXTRA_PREFIXES };
}

/**
 * `quads` in `syntax` (graphs kept only for N-Quads; JSON-LD compacted with `context`).
 * @example
 * await serialise(catalog.describe(iri), 'turtle');
 */
export async function serialise(quads: RDF.Quad[], syntax: Syntax, options: { context?: Record<string, unknown>; first?: string } = {}): Promise<string> {
  switch (syntax) {
    case 'turtle':
      return toTurtle(quads);
    case 'ntriples':
      return quads.map((q) => quadLine(q, false)).join('');
    case 'nquads':
      return quads.map((q) => quadLine(q, true)).join('');
    case 'rdfxml':
      return quadsToRdfXml(quads, allPrefixes());
    case 'jsonld':
      return JSON.stringify(await compactDocument(quads, options), null, 2) + '\n';
  }
}

/**
 * `type; charset=utf-8` for text answers (JSON-LD and XML are UTF-8 by definition, said anyway).
 * @example
 * withCharset('text/turtle'); // 'text/turtle; charset=utf-8'
 */
export function withCharset(mediaType: string): string {
  return /charset=/i.test(mediaType) ? mediaType : `${mediaType}; charset=utf-8`;
}

