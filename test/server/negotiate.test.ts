/** Accept parsing and the choice among offers: q-values, wildcards, ties, profiles, real clients' headers. */
import { describe, expect, it } from 'vitest';
import { isSchemaProfile, negotiate, parseAccept, parseMediaType } from '../../src/server/negotiate.js';
import { representations } from '../../src/server/resources.js';

const RDFLIB = 'application/rdf+xml, text/rdf+n3;q=0.9, application/xhtml+xml;q=0.5, */*;q=0.1';
const FIREFOX = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const CHROME = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7';
const SPARQLWRAPPER_RDFXML = 'application/rdf+xml';
const offers = representations(true);
const pick = (accept: string | undefined) => negotiate(accept, offers)?.mediaType;

describe('parseAccept', () => {
  it('reads types, q-values and parameters, quoted commas included', () => {
    expect(parseAccept('text/html;level=1, application/ld+json;profile="a, b";q=0.5, */*;q=0')).toEqual([
      { type: 'text/html', params: { level: '1' }, q: 1 },
      { type: 'application/ld+json', params: { profile: 'a, b' }, q: 0.5 },
      { type: '*/*', params: {}, q: 0 },
    ]);
  });

  it('skips malformed ranges and clamps odd q-values', () => {
    expect(parseAccept('nonsense, text/turtle;q=7, , text/csv;q=x')).toEqual([
      { type: 'text/turtle', params: {}, q: 1 },
      { type: 'text/csv', params: {}, q: 1 },
    ]);
  });

  it('parses a media type with parameters', () => {
    expect(parseMediaType('Application/LD+JSON; profile="https://schema.org"')).toEqual({ type: 'application/ld+json', params: { profile: 'https://schema.org' } });
  });
});

describe('negotiate', () => {
  it('gives rdflib RDF/XML, not HTML', () => {
    expect(pick(RDFLIB)).toBe('application/rdf+xml');
  });

  it('gives browsers HTML', () => {
    expect(pick(FIREFOX)).toBe('text/html');
    expect(pick(CHROME)).toBe('text/html');
  });

  it('gives SPARQLWrapper what it asks for', () => {
    expect(pick(SPARQLWRAPPER_RDFXML)).toBe('application/rdf+xml');
  });

  it('gives the default (the first offer) for */*, no header, or a header with nothing well-formed', () => {
    expect(pick('*/*')).toBe('text/turtle');
    expect(pick(undefined)).toBe('text/turtle');
    expect(pick('')).toBe('text/turtle');
    expect(pick('garbage')).toBe('text/turtle');
  });

  it('follows q-values and the most specific range', () => {
    expect(pick('text/turtle;q=0.5, application/n-triples')).toBe('application/n-triples');
    expect(pick('application/*;q=0.9, application/n-quads;q=0.2')).toBe('application/ld+json');
    expect(pick('text/*;q=0.3, text/html;q=0.4, text/turtle;q=0.2')).toBe('text/html');
    // The most specific range wins for an offer even with a lower q than a wildcard.
    expect(pick('*/*;q=0.9, text/turtle;q=0.1')).toBe('application/ld+json');
  });

  it('breaks ties in the server order', () => {
    expect(pick('application/n-quads, application/n-triples')).toBe('application/n-triples');
    expect(pick('text/html, text/turtle')).toBe('text/turtle');
  });

  it('treats q=0 as "not acceptable" and answers undefined when nothing is', () => {
    expect(pick('text/turtle;q=0, */*;q=0.1')).toBe('application/ld+json');
    expect(pick('image/png')).toBeUndefined();
    expect(pick('text/html;q=0')).toBeUndefined();
  });

  it('knows the format table aliases', () => {
    expect(pick('application/x-turtle')).toBe('text/turtle');
  });

  it('selects the schema.org embed by profile, in its spellings; plain JSON-LD otherwise', () => {
    for (const profile of ['https://schema.org', 'http://schema.org/', 'https://schema.org/', 'http://schema.org'])
      expect(pick(`application/ld+json;profile="${profile}"`)).toBe('application/ld+json; profile="https://schema.org"');
    expect(pick('application/ld+json; profile=http://schema.org/')).toBe('application/ld+json; profile="https://schema.org"');
    expect(pick('application/ld+json')).toBe('application/ld+json');
    // A profile nothing offered carries is ignored.
    expect(pick('application/ld+json;profile="http://www.w3.org/ns/json-ld#compacted"')).toBe('application/ld+json');
    expect(pick('application/ld+json;profile="https://schema.org";q=0.4, application/ld+json;q=0.5')).toBe('application/ld+json');
    expect(pick('application/ld+json;profile="https://schema.org", application/ld+json;q=0.5')).toBe('application/ld+json; profile="https://schema.org"');
  });

  it('reads a profile of 16,000 slashes (a full header) in linear time', () => {
    const started = performance.now();
    expect(pick(`application/ld+json;profile="${'/'.repeat(16_000)}x"`)).toBe('application/ld+json');
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('recognises the schema.org profile', () => {
    expect(isSchemaProfile('http://schema.org/')).toBe(true);
    expect(isSchemaProfile('http://www.w3.org/ns/json-ld#compacted https://schema.org')).toBe(true);
    expect(isSchemaProfile('https://example.org/schema.org')).toBe(false);
  });
});
