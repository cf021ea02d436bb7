import { describe, expect, it } from 'vitest';
import { collectionIri, journalIri, organizationIri, pathSegment, recordIri, slug, workIri } from '../../src/mapping/iris.js';

const BASE = 'http://localhost:3000/';
/** Where a browser or an RDF parser takes an IRI: dot segments resolved, as RFC 3986 §5.2.4 and WHATWG URL do. */
const resolved = (iri: string) => new URL(iri).href;

describe('record and work IRIs', () => {
  it('keep the IRIs ordinary ids always had', () => {
    expect(recordIri(BASE, 'pubmed-9158348')).toBe(`${BASE}record/pubmed-9158348`);
    expect(recordIri(BASE, 'oai:doaj.org/article:0a1b')).toBe(`${BASE}record/oai:doaj.org/article:0a1b`);
    expect(recordIri(BASE, 'a b?c#d%e')).toBe(`${BASE}record/a%20b%3Fc%23d%25e`);
    expect(recordIri(BASE, 'données')).toBe(`${BASE}record/données`);
    const work = { record: { id: { value: 'doaj-1', from: 'id' }, formats: [] } };
    expect(workIri(BASE, work)).toBe(`${BASE}work/record/doaj-1`);
    expect(workIri(BASE, { ...work, doi: { value: '10.1186/s12888-022-03999-9', from: 'url' } })).toBe(`${BASE}work/doi/10.1186/s12888-022-03999-9`);
  });

  it('encode a character outside the Basic Multilingual Plane whole, where the halves of it threw', () => {
    expect(pathSegment('a😀b')).toBe('a%F0%9F%98%80b');
    expect(pathSegment('a\uD800b')).toBe('a%EF%BF%BDb');
    expect(decodeURIComponent(recordIri(BASE, 'a😀b').slice(BASE.length))).toBe('record/a😀b');
  });
});

describe('slugs', () => {
  it('are VuFind work-key norms', () => {
    expect(slug('BMC Psychiatry')).toBe('bmcpsychiatry');
    expect(journalIri(BASE, 'BMC Psychiatry')).toBe(`${BASE}journal/bmcpsychiatry`);
    expect(slug('—')).toBe('—'); // no letter or digit, nothing unsafe: its own text, as before
  });

  it('never leave their folder: a name of dots and slashes gets its code points', () => {
    for (const name of ['..', '.', '/', '../..', ' .. ', '/../'] as const) {
      const s = slug(name);
      expect(s).toMatch(/^_[0-9a-f]+$/);
      for (const iri of [collectionIri(BASE, name), organizationIri(BASE, name), journalIri(BASE, name)])
        expect(resolved(iri)).toBe(iri);
    }
    expect(slug('..')).toBe('_2e2e');
  });
});
