import { describe, expect, it } from 'vitest';
import { hasDotSegment, recordIdProblem } from '../../src/extract/record-id.js';
import { normaliseDoi } from '../../src/extract/identifiers.js';

describe('record ids', () => {
  it('takes every ordinary id as it is', () => {
    for (const id of ['pubmed-9158348', 'doaj-0a1b2c', 'oai:doaj.org/article:0a1b', 'PMC9158348', 'a.b/c..d/.e', 'x/y', 'données-1', 'a😀b', 'page-0123456789abcdef'])
      expect(recordIdProblem(id)).toBeUndefined();
  });

  it('refuses an id with a `.` or `..` segment: its IRI would resolve to another resource', () => {
    for (const id of ['../work/doi/10.1186/s12888-022-03999-9', '..', '.', 'a/./b', 'a/..', 'x/../../record/y'])
      expect(recordIdProblem(id)).toMatch(/^the record id ".*" has a "\." or "\.\." segment: its IRI would resolve to another resource; record refused/);
  });

  it('refuses control characters, U+FFFD and lone surrogates, and shows them escaped', () => {
    expect(recordIdProblem('a\u0000b')).toBe('the record id "a\\u0000b" holds a control character (U+0000); record refused');
    expect(recordIdProblem('a\u001B[31mb')).toBe('the record id "a\\u001b[31mb" holds a control character (U+001B); record refused');
    expect(recordIdProblem('a\u0085b')).toMatch(/control character \(U\+0085\)/);
    expect(recordIdProblem('a\uFFFDb')).toMatch(/^the record id "a\uFFFDb" holds U\+FFFD, the mark of bytes that were not UTF-8: the real id is lost; record refused/);
    expect(recordIdProblem('a\uD800b')).toBe('the record id "a\\ud800b" holds a lone surrogate (U+D800), which is no character; record refused');
    expect(recordIdProblem('b\uDC00')).toMatch(/lone surrogate \(U\+DC00\)/);
  });

  it('cuts a long id short in the message', () => {
    expect(recordIdProblem(`${'x'.repeat(200_000)}\u0000`)!.length).toBeLessThan(200);
  });

  it('finds dot segments only as whole segments', () => {
    expect(hasDotSegment('10.1186/s12888-022-03999-9')).toBe(false);
    expect(hasDotSegment('10.1000/../x')).toBe(true);
    expect(hasDotSegment('10.1000/x/.')).toBe(true);
    expect(hasDotSegment('10.1000/x.../...')).toBe(false);
  });

  it('a DOI with a dot segment is no DOI: `work/doi/10.1/../../record/x` would be another resource', () => {
    expect(normaliseDoi('https://doi.org/10.1000/../../record/x')).toBeUndefined();
    expect(normaliseDoi('https://doi.org/10.1000/%2E%2E/x')).toBeUndefined();
    expect(normaliseDoi('https://doi.org/10.1000/a..b')).toBe('10.1000/a..b');
  });
});
