import { describe, expect, it } from 'vitest';
import { checkQuery, READ_ONLY_MESSAGE, SERVICE_MESSAGE } from '../../src/query/validate.js';

describe('checkQuery', () => {
  it('accepts each read form and names it', () => {
    expect(checkQuery('SELECT * WHERE { ?s ?p ?o }')).toMatchObject({ ok: true, form: 'SELECT' });
    expect(checkQuery('ASK { ?s ?p ?o }')).toMatchObject({ ok: true, form: 'ASK' });
    expect(checkQuery('CONSTRUCT WHERE { ?s ?p ?o }')).toMatchObject({ ok: true, form: 'CONSTRUCT' });
    expect(checkQuery('DESCRIBE <http://example.org/a>')).toMatchObject({ ok: true, form: 'DESCRIBE' });
  });

  it('a malformed query is 400 with the parser message', () => {
    const res = checkQuery('SELECT * WHERE { ?s ?p ?o ');
    expect(res).toMatchObject({ ok: false, status: 400 });
    expect(!res.ok && res.message).toMatch(/^malformed query: Parse error on line 1:/);
    expect(!res.ok && res.message).toContain("got 'EOF'");
  });

  it.each([
    'INSERT DATA { <http://a> <http://b> <http://c> }',
    'DELETE WHERE { ?s ?p ?o }',
    'PREFIX ex: <http://example.org/#x> DELETE { ?s ?p ?o } INSERT { ?s ex:q ?o } WHERE { ?s ?p ?o }',
    'LOAD <http://127.0.0.1:1/data.ttl>',
    'CLEAR ALL',
    'DROP GRAPH <http://example.org/g>',
    'CREATE GRAPH <http://example.org/g>',
    'ADD DEFAULT TO <http://example.org/g>',
    'MOVE <http://example.org/a> TO <http://example.org/b>',
    'COPY <http://example.org/a> TO <http://example.org/b>',
    '# a comment\nINSERT DATA { <http://a> <http://b> }', // malformed, but an update all the same
  ])('an update is 403 read-only: %s', (query) => {
    expect(checkQuery(query)).toEqual({ ok: false, status: 403, message: READ_ONLY_MESSAGE });
    expect(READ_ONLY_MESSAGE).toMatch(/this endpoint is read-only/);
  });

  it.each([
    'SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }',
    'SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:1/sparql> { ?s ?p ?o } }',
    'SELECT * WHERE { ?s ?p ?o OPTIONAL { { ?s ?q ?r } UNION { SERVICE <http://x.example/> { ?s ?q ?r } } } }',
    'SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://x.example/> { ?s ?p ?o } } }',
    'SELECT * WHERE { { SELECT ?s WHERE { GRAPH ?g { SERVICE ?endpoint { ?s ?p ?o } } } } }',
    'ASK { MINUS { SERVICE <http://x.example/> { ?s ?p ?o } } }',
    'CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://x.example/> { ?s ?p ?o } }',
  ])('SERVICE anywhere is 400: %s', (query) => {
    expect(checkQuery(query)).toEqual({ ok: false, status: 400, message: SERVICE_MESSAGE });
    expect(SERVICE_MESSAGE).toBe('SERVICE is not allowed: catalod never makes outbound requests');
  });

  it('FROM and FROM NAMED are allowed (execute.ts keeps them local)', () => {
    const res = checkQuery('SELECT * FROM <http://127.0.0.1:1/a> FROM NAMED <http://127.0.0.1:1/b> WHERE { ?s ?p ?o }');
    expect(res).toMatchObject({ ok: true, form: 'SELECT' });
    expect(res.ok && res.ast.from?.default.map((g) => g.value)).toEqual(['http://127.0.0.1:1/a']);
  });

  it('a variable named ?service is not a SERVICE clause', () => {
    expect(checkQuery('SELECT ?service WHERE { ?service ?type ?o }')).toMatchObject({ ok: true });
  });
});
