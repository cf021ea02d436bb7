/** Which operation types a query lets the index evaluate (src/query/pushdown.ts). */
import { describe, expect, it } from 'vitest';
import sparqljs from 'sparqljs';
import { pushableTypes } from '../../src/query/pushdown.js';

const types = (query: string) => pushableTypes(new sparqljs.Parser().parse(query) as sparqljs.SparqlQuery);
const ALL = ['bgp', 'join', 'union', 'project', 'distinct', 'values', 'leftjoin', 'filter', 'extend', 'group', 'orderby'];

describe('pushableTypes', () => {
  it('offers every type to a query that only uses their simple forms', () => {
    expect(types('SELECT ?s (COUNT(DISTINCT ?o) AS ?n) (COUNT(*) AS ?m) { ?s ?p ?o OPTIONAL { ?o ?q ?r } BIND(?r AS ?x) } GROUP BY ?s ORDER BY DESC(?n) ?s')).toEqual(ALL);
  });

  it('keeps OPTIONAL from the index when an OPTIONAL has its own FILTER, even in a subquery', () => {
    expect(types('SELECT * { ?s ?p ?o OPTIONAL { ?o ?q ?r FILTER(?r > 1) } }')).not.toContain('leftjoin');
    expect(types('SELECT * { { SELECT ?s { ?s ?p ?o OPTIONAL { ?o ?q ?r FILTER(?r > 1) } } } }')).not.toContain('leftjoin');
    expect(types('SELECT * { ?s ?p ?o OPTIONAL { ?o ?q ?r } FILTER(?r > 1) }')).toContain('leftjoin');
  });

  it('lets the index BIND a variable or a constant', () => {
    expect(types('SELECT * { ?s ?p ?o BIND("x" AS ?x) BIND(<http://a> AS ?y) BIND(?o AS ?z) }')).toContain('extend');
  });

  it('keeps BIND from the index when an expression is more than a term', () => {
    expect(types('SELECT * { ?s ?p ?o BIND(STR(?o) AS ?x) }')).not.toContain('extend');
    expect(types('SELECT (STR(?o) AS ?x) { ?s ?p ?o }')).not.toContain('extend');
  });

  it('keeps GROUP BY from the index for aggregates other than COUNT, or grouping by an expression', () => {
    expect(types('SELECT (SUM(?o) AS ?n) { ?s ?p ?o }')).not.toContain('group');
    expect(types('SELECT ?s (COUNT(?o) AS ?n) { ?s ?p ?o } GROUP BY ?s HAVING (MAX(?o) > 1)')).not.toContain('group');
    expect(types('SELECT ?k (COUNT(?o) AS ?n) { ?s ?p ?o } GROUP BY (STR(?s) AS ?k)')).not.toContain('group');
    expect(types('SELECT (COUNT(STR(?o)) AS ?n) { ?s ?p ?o }')).not.toContain('group');
  });

  it('lets the index FILTER on (in)equality of variables and IRIs, not on functions, literals or HAVING', () => {
    expect(types('SELECT * { ?s ?p ?o FILTER(?s != ?o && (sameTerm(?p, <http://a>) || !bound(?o))) }')).toContain('filter');
    expect(types('SELECT * { ?s ?p ?o FILTER(?o != "x") }')).not.toContain('filter');
    expect(types('SELECT * { ?s ?p ?o FILTER(STR(?o) = "x") }')).not.toContain('filter');
    expect(types('SELECT ?s (COUNT(?o) AS ?n) { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(?o) != 1)')).not.toContain('filter');
  });

  it('keeps BIND from the index when GROUP BY groups by an expression (the algebra makes that a BIND)', () => {
    expect(types('SELECT ?k (COUNT(?o) AS ?n) { ?s ?p ?o } GROUP BY (STR(?s) AS ?k) ORDER BY ?k')).not.toContain('extend');
    expect(types('SELECT (COUNT(?o) AS ?n) { ?s ?p ?o } GROUP BY (?s + ?o)')).not.toContain('extend');
    expect(types('SELECT ?s (COUNT(?o) AS ?n) { ?s ?p ?o } GROUP BY ?s')).toContain('extend');
  });

  it('keeps FILTER from the index when logic reads a plain variable (its effective boolean value)', () => {
    for (const condition of ['!?o', '?s && ?o', '?s || ?o', '!bound(?o) || ?o']) {
      expect(types(`SELECT * { ?s ?p ?o FILTER(${condition}) }`), condition).not.toContain('filter');
    }
    expect(types('SELECT * { ?s ?p ?o FILTER(!bound(?o) || !(?s = ?o)) }')).toContain('filter');
  });

  it('lets the index take VALUES (Comunica also turns FILTER(?v = <iri>) into a pattern joined with one)', () => {
    expect(types('SELECT * { VALUES ?s { <http://a> } ?s ?p ?o }')).toContain('values');
    expect(types('SELECT * { ?s ?p ?o FILTER(?o = <http://a>) }')).toEqual(expect.arrayContaining(['values', 'filter']));
  });

  it('keeps ORDER BY from the index when a key is an expression', () => {
    expect(types('SELECT * { ?s ?p ?o } ORDER BY STR(?o)')).not.toContain('orderby');
    expect(types('SELECT * { ?s ?p ?o } ORDER BY DESC(?o)')).toContain('orderby');
  });
});
