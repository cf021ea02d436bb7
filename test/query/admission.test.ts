/**
 * Admission on the HTTP thread (src/query/admission.ts): the text is bounded in size and nesting
 * and its form read by one linear pass, so no parser ever runs on a text that could stall it.
 */
import { describe, expect, it } from 'vitest';
import sparqljs from 'sparqljs';
import { admitQuery, DEFAULT_MAX_QUERY_DEPTH, maxNesting } from '../../src/query/admission.js';
import { withPlaceholders, PLACEHOLDER } from '../../src/query/bare-blank-nodes.js';
import { checkQuery } from '../../src/query/validate.js';

const nested = (depth: number) => `SELECT * WHERE { ${'{'.repeat(depth)} ?s ?p ?o ${'}'.repeat(depth)} }`;
const ms = (run: () => unknown) => {
  const t = performance.now();
  run();
  return performance.now() - t;
};

describe('admitQuery', () => {
  it('reads the form after the prologue: BASE, PREFIX (with or without spaces), comments', () => {
    expect(admitQuery('PREFIX s: <http://schema.org/> CONSTRUCT WHERE { ?a s:name ?n }')).toEqual({ ok: true, form: 'CONSTRUCT' });
    expect(admitQuery('# a note\nBASE <http://x/>\nPREFIX:<http://y/>  prefix ex:<z>\n  ask {}')).toEqual({ ok: true, form: 'ASK' });
    expect(admitQuery('describe <http://x/a>')).toEqual({ ok: true, form: 'DESCRIBE' });
    expect(admitQuery('SELECT*{}')).toEqual({ ok: true, form: 'SELECT' });
  });

  it('refuses updates with 403, and a text with no query form with 400', () => {
    expect(admitQuery('PREFIX x: <http://x/> INSERT DATA { x:a x:b x:c }')).toMatchObject({ ok: false, status: 403, message: expect.stringMatching(/read-only/) });
    expect(admitQuery('WITH <http://x/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }')).toMatchObject({ status: 403 });
    expect(admitQuery('{ ?s ?p ?o }')).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/^malformed query: expected SELECT, CONSTRUCT, DESCRIBE or ASK after the prologue/) });
    expect(admitQuery('')).toMatchObject({ status: 400 });
  });

  it('refuses a text over the size limit with 413, counting UTF-8 bytes', () => {
    expect(admitQuery(`SELECT * { FILTER("${'x'.repeat(300)}") }`, { maxQueryBytes: 256 })).toMatchObject({ ok: false, status: 413, message: 'query too large: at most 256 bytes of query text' });
    const accents = `ASK { FILTER("${'é'.repeat(100)}") }`; // 120 characters, 220 bytes
    expect(admitQuery(accents, { maxQueryBytes: 200 })).toMatchObject({ status: 413 });
    expect(admitQuery(accents, { maxQueryBytes: 230 })).toMatchObject({ ok: true });
  });

  it('refuses nesting past the limit with 400; brackets inside strings, IRIs and comments do not count', () => {
    expect(admitQuery(nested(DEFAULT_MAX_QUERY_DEPTH - 1)).ok).toBe(true);
    expect(admitQuery(nested(DEFAULT_MAX_QUERY_DEPTH))).toMatchObject({ ok: false, status: 400, message: `query nested too deep: at most ${DEFAULT_MAX_QUERY_DEPTH} levels of { ( [ brackets` });
    expect(admitQuery(nested(10), { maxQueryDepth: 8 })).toMatchObject({ status: 400 });
    expect(maxNesting(`SELECT * { FILTER(?x = "{{{(((" && ?y = '[[[' && ?z = """{{\n{""") } # {{{{\n`)).toBe(2);
    expect(maxNesting('SELECT * { <http://x/{a}> ?p ?o . FILTER(?a < ?b) }')).toBe(2); // `{` is not an IRI character: a `<` that opens none is an operator
  });

  // A quadratic scan of a megabyte would take minutes; these bounds are generous for a busy machine.
  it('is linear: 50,000 levels, a megabyte of quotes or of angle brackets take well under a second', () => {
    expect(ms(() => admitQuery(nested(50_000), { maxQueryBytes: Infinity }))).toBeLessThan(500);
    expect(ms(() => maxNesting('"'.repeat(1 << 20)))).toBeLessThan(1000);
    expect(ms(() => maxNesting('<a'.repeat(1 << 19)))).toBeLessThan(1000);
    expect(ms(() => admitQuery('PREFIX a: <x> '.repeat(50_000) + 'ASK {}', { maxQueryBytes: Infinity }))).toBeLessThan(1000);
  });

  it('admits what the parser then accepts: the form it reads is the parsed one', () => {
    const texts = ['PREFIX s: <http://schema.org/> SELECT ?n WHERE { ?w s:name ?n }', 'BASE <http://x/> ASK { <a> ?p ?o }', 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }', '#c\nDESCRIBE ?s WHERE { ?s ?p ?o }'];
    for (const text of texts) {
      const admitted = admitQuery(text);
      const checked = checkQuery(text);
      expect(admitted.ok && checked.ok && admitted.form === checked.form).toBe(true);
    }
  });
});

describe('a blank-node property list alone in a CONSTRUCT template (sparqljs fails on it)', () => {
  const REIF = 'PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> CONSTRUCT { [ rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ] . } WHERE { ?s ?p ?o . }';

  it('sparqljs alone throws on it; checkQuery accepts it with the same template a parser that handles it gives', () => {
    expect(() => new sparqljs.Parser().parse(REIF)).toThrow(TypeError);
    const checked = checkQuery(REIF);
    expect(checked.ok).toBe(true);
    const template = checked.ok && checked.ast.type === 'query' && checked.ast.queryType === 'CONSTRUCT' ? checked.ast.template! : [];
    expect(template.map((t) => ('value' in t.predicate ? t.predicate.value : '').replace(/.*#/, ''))).toEqual(['subject', 'predicate', 'object']);
    expect(new Set(template.map((t) => t.subject.termType))).toEqual(new Set(['BlankNode']));
  });

  it('places the placeholder only after lists that stand alone, never inside strings or the WHERE clause', () => {
    const text = 'CONSTRUCT { ?s <p> [ <q> "]." ] . [ <r> ?o ] # ] .\n } WHERE { [ <p> ?o ] . }';
    expect(withPlaceholders(text)).toBe(`CONSTRUCT { ?s <p> [ <q> "]." ] . [ <r> ?o ] <${PLACEHOLDER}> <${PLACEHOLDER}> # ] .\n } WHERE { [ <p> ?o ] . }`);
    expect(withPlaceholders('SELECT * { [ <p> ?o ] . }')).toBe('SELECT * { [ <p> ?o ] . }');
  });
});
