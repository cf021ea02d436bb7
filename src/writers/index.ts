/**
 * The format table: every output format once, with its media type and extension. It drives
 * the CLI's `--to`, HTTP content negotiation and the service description.
 */
import type { Format } from './format.js';
import { lineWriter } from './nquads.js';
import { n3Writer } from './turtle.js';
import { jsonldWriter } from './jsonld.js';
import { schemaWriter } from './schema.js';
import { htmlWriter } from './html.js';
import { rdfxmlWriter } from './rdfxml.js';
import { citationWriter } from './citation.js';

export type { Format, RecordWriter, WriterOptions } from './format.js';

export const FORMATS: readonly Format[] = [
  { name: 'nquads', mediaType: 'application/n-quads', extension: '.nq', formatIri: 'http://www.w3.org/ns/formats/N-Quads', description: 'N-Quads, one named graph per catalogue record (default)', create: () => lineWriter(true) },
  { name: 'ntriples', mediaType: 'application/n-triples', extension: '.nt', formatIri: 'http://www.w3.org/ns/formats/N-Triples', description: 'N-Triples, all records merged', create: () => lineWriter(false) },
  { name: 'turtle', mediaType: 'text/turtle', aliases: ['application/x-turtle'], extension: '.ttl', formatIri: 'http://www.w3.org/ns/formats/Turtle', description: 'Turtle with prefixes, all records merged', create: (o) => n3Writer('Turtle', o) },
  { name: 'trig', mediaType: 'application/trig', extension: '.trig', formatIri: 'http://www.w3.org/ns/formats/TriG', description: 'TriG, one named graph per catalogue record', create: (o) => n3Writer('TriG', o) },
  { name: 'rdfxml', mediaType: 'application/rdf+xml', extension: '.rdf', formatIri: 'http://www.w3.org/ns/formats/RDF_XML', description: 'RDF/XML (graphs merged), for clients that ask for it', create: () => rdfxmlWriter() },
  { name: 'jsonld', mediaType: 'application/ld+json', extension: '.jsonld', formatIri: 'http://www.w3.org/ns/formats/JSON-LD', description: "JSON-LD, a framed document per work in catalod's context", create: () => jsonldWriter() },
  { name: 'schema', mediaType: 'application/ld+json; profile="https://schema.org"', extension: '.schema.jsonld', description: 'schema.org JSON-LD to embed in a web page', create: (o) => schemaWriter(o) },
  { name: 'html', mediaType: 'text/html', extension: '.html', description: 'a <head> snippet: the schema.org JSON-LD and Google Scholar citation_* meta tags', create: (o) => htmlWriter(o) },
  { name: 'bibtex', mediaType: 'application/x-bibtex', extension: '.bib', description: 'BibTeX, an @article entry per record (citation-js)', create: () => citationWriter('bibtex') },
  { name: 'ris', mediaType: 'application/x-research-info-systems', extension: '.ris', description: 'RIS, a JOUR record per record (citation-js)', create: () => citationWriter('ris') },
  { name: 'csl', mediaType: 'application/vnd.citationstyles.csl+json', extension: '.csl.json', description: 'CSL JSON, an array of citeproc items', create: () => citationWriter('csl') },
  { name: 'citation', mediaType: 'text/x-bibliography', extension: '.txt', description: 'a formatted reference per record (APA, en-US)', create: () => citationWriter('citation') },
];

/** The format called `name`, or undefined. */
export function formatNamed(name: string): Format | undefined {
  return FORMATS.find((f) => f.name === name);
}
