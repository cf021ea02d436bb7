/** Namespace IRIs by prefix (`vocab/prefixes.json`, the one table), for code that reads the graph back. */
import { prefixes } from '../mapping/terms.js';

const table = prefixes();

/** `NS.schema` → `http://schema.org/`, and so on for every prefix catalod writes. */
export const NS = {
  ...table,
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
} as Record<'schema' | 'dcterms' | 'fabio' | 'prism' | 'frbr' | 'pro' | 'datacite' | 'literal' | 'oco' | 'foaf' | 'rdf' | 'xsd' | 'rdfs', string>;

export const RDF_TYPE = `${NS.rdf}type`;
