/** The text catalod sends a store for a query (src/remote/forward.ts, dialect.ts): parsed back and checked, no store needed. */
import { describe, expect, it } from 'vitest';
import sparqljs from 'sparqljs';
import { checkQuery } from '../../src/query/validate.js';
import { rewrite } from '../../src/remote/forward.js';
import { mergedGraph, preamble } from '../../src/remote/dialect.js';

const BASE = 'http://localhost:3000/';
const RECORD = `${BASE}record/pubmed-1`;

/** The parts of a parsed query these tests read. */
type Sent = { queryType: string; limit?: number; from?: { default: { value: string }[]; named: { value: string }[] }; template?: sparqljs.Triple[] };

/** The query as sent, parsed again (so the test reads structure, not spelling). */
function sent(query: string, extra: { bindings?: Record<string, string>; defaultGraphs?: string[]; namedGraphs?: string[] } = {}, cap = 100) {
  const checked = checkQuery(query);
  if (!checked.ok) throw new Error(checked.message);
  const text = rewrite(checked.ast as never, { query, mediaType: 'application/sparql-results+json', ...extra }, { base: BASE }, cap);
  return { text, ast: new sparqljs.Parser().parse(text) as Sent };
}

describe('the query sent to the store', () => {
  it('caps the rows at one more than the row cap, keeping a smaller LIMIT', () => {
    expect(sent('SELECT * WHERE { ?s ?p ?o }').ast.limit).toBe(101);
    expect(sent('SELECT * WHERE { ?s ?p ?o } LIMIT 5').ast.limit).toBe(5);
    expect(sent('CONSTRUCT WHERE { ?s ?p ?o }', {}, 10).ast.limit).toBe(11);
  });

  it('puts stored-query parameters in place of their variable, in sub-queries too, and projects a bound one as (term AS ?var)', () => {
    const { text } = sent('SELECT ?work ?n WHERE { { SELECT ?role (COUNT(?x) AS ?n) WHERE { ?work <http://p> ?role . ?role <http://q> ?x } GROUP BY ?role } }', { bindings: { work: `<${BASE}work/1>` } });
    expect(text).not.toMatch(/\?work\s+<http:\/\/p>/);
    expect(text.match(new RegExp(`<${BASE}work/1>`, 'g'))).toHaveLength(2);
    expect(text).toMatch(/AS \?work\)/);
  });

  it('refuses a parameter that is not one N-Triples term', () => {
    expect(() => sent('SELECT * WHERE { ?s ?p ?o }', { bindings: { s: '<a> . <b>' } })).toThrow(/parameter s/);
    expect(() => sent('SELECT * WHERE { ?s ?p ?o }', { bindings: { 'x y': '<http://a>' } })).toThrow(/variable name/);
  });

  it('keeps named graphs to the record graphs: GRAPH ?g gets a filter, GRAPH <other> a graph that cannot exist', () => {
    expect(sent('SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }').text).toMatch(new RegExp(`STRSTARTS\\(STR\\(\\?g\\), "${BASE}record/"\\)`));
    const other = sent(`SELECT * WHERE { GRAPH <${mergedGraph(BASE)}> { ?s ?p ?o } }`).text;
    expect(other).not.toContain(mergedGraph(BASE));
    expect(sent(`SELECT * WHERE { GRAPH <${RECORD}> { ?s ?p ?o } }`).text).toContain(`GRAPH <${RECORD}>`);
  });

  it('keeps only local FROM graphs; the protocol graphs win; another host’s graph becomes an empty one', () => {
    const from = sent(`SELECT * FROM <${RECORD}> FROM <http://elsewhere.example/g> WHERE { ?s ?p ?o }`).ast.from!;
    expect(from.default.map((g) => g.value)).toEqual([RECORD]);
    const only = sent('SELECT * FROM <http://elsewhere.example/g> WHERE { ?s ?p ?o }').ast.from!;
    expect(only.default).toHaveLength(1);
    expect(only.default[0]!.value.startsWith(BASE)).toBe(true);
    const protocol = sent(`SELECT * FROM <${BASE}record/x> WHERE { ?s ?p ?o }`, { defaultGraphs: [RECORD] }).ast.from!;
    expect(protocol.default.map((g) => g.value)).toEqual([RECORD]);
    const namedOnly = sent('SELECT * WHERE { ?s ?p ?o }', { namedGraphs: [RECORD] }).ast.from!;
    expect(namedOnly.named.map((g) => g.value)).toEqual([RECORD]);
    expect(namedOnly.default).toHaveLength(1); // no default graph asked for: an empty one, not the store's
  });

  it('sends DESCRIBE as the CONSTRUCT of each described resource’s own statements', () => {
    const { ast } = sent(`DESCRIBE ?w <${BASE}x> WHERE { ?w a <http://schema.org/ScholarlyArticle> }`);
    expect(ast.queryType).toBe('CONSTRUCT');
    expect(ast.template).toHaveLength(2);
    expect(ast.template![1]!.subject.value).toBe(`${BASE}x`);
    expect(() => sent('DESCRIBE *')).toThrow(/DESCRIBE \*/);
  });

  it('puts Virtuoso’s merged graph as the default graph, only when the query names no graph', () => {
    const dialect = { name: 'virtuoso' as const, merged: mergedGraph(BASE) };
    expect(preamble(dialect, false)).toBe(`define input:default-graph-uri <${BASE}graph/merged>\n`);
    expect(preamble(dialect, true)).toBe('');
    expect(preamble({ name: 'standard' }, false)).toBe('');
  });
});
