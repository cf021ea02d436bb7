/** executeQuery (through LocalRunner and directly): result formats, the merged default graph, datasets, parameters, the row cap. */
import type * as RDF from '@rdfjs/types';
import { QueryEngine } from '@comunica/query-sparql-rdfjs';
import jsonld from 'jsonld';
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROW_CAP, executeQuery } from '../../src/query/execute.js';
import { LocalRunner } from '../../src/query/local.js';
import type { QueryRequest } from '../../src/query/types.js';
import { parse, sameGraph } from '../helpers.js';
import { OTHER, OTHER_QUADS, QUADS, RECORD, SCHEMA, SEED, WORK, source } from './data.js';
import { parseRdfXml } from '../server/helpers.js';

const runner = new LocalRunner(source());
const run = (query: string, mediaType: string, extra: Partial<QueryRequest> = {}) => runner.run({ query, mediaType, ...extra });

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const NAME_QUERY = `PREFIX schema: <${SCHEMA}> SELECT ?name WHERE { <${WORK}> schema:name ?name }`;
const TITLE = SEED.quads.find((q) => q.subject.value === WORK && q.predicate.value === `${SCHEMA}name`)!.object.value;

/** The triples about the work in the merged default graph: each once. */
const workTriples = (): RDF.Quad[] => {
  const seen = new Map<string, RDF.Quad>();
  for (const q of QUADS) {
    if (q.subject.value !== WORK) continue;
    const t = DataFactory.quad(q.subject, q.predicate, q.object);
    seen.set(`${t.predicate.value} ${t.object.termType} ${t.object.value} ${(t.object as RDF.Literal).datatype?.value ?? ''}`, t);
  }
  return [...seen.values()];
};


describe('SELECT and ASK in every result format', () => {
  it('application/sparql-results+json', async () => {
    const res = await run(NAME_QUERY, 'application/sparql-results+json');
    expect(res).toMatchObject({ status: 200, mediaType: 'application/sparql-results+json', kind: 'bindings', truncated: false });
    const body = JSON.parse(res.body);
    expect(body.head.vars).toEqual(['name']);
    expect(body.results.bindings).toEqual([{ name: { type: 'literal', value: TITLE } }]);
  });

  it('application/sparql-results+xml', async () => {
    const res = await run(NAME_QUERY, 'application/sparql-results+xml');
    expect(res).toMatchObject({ status: 200, mediaType: 'application/sparql-results+xml', kind: 'bindings' });
    expect(res.body).toContain('<sparql xmlns="http://www.w3.org/2005/sparql-results#"');
    expect(res.body).toContain('<variable name="name"/>');
    expect(res.body).toContain(`<binding name="name">\n        <literal>${TITLE}</literal>`);
  });

  it('text/csv', async () => {
    const res = await run(NAME_QUERY, 'text/csv');
    expect(res).toMatchObject({ status: 200, mediaType: 'text/csv', kind: 'bindings' });
    expect(res.body).toBe(`name\r\n${TITLE.includes(',') ? `"${TITLE}"` : TITLE}\r\n`);
  });

  it('text/tab-separated-values', async () => {
    const res = await run(`SELECT ?year WHERE { <${WORK}> <http://purl.org/spar/fabio/hasPublicationYear> ?year }`, 'text/tab-separated-values');
    expect(res).toMatchObject({ status: 200, mediaType: 'text/tab-separated-values', kind: 'bindings' });
    expect(res.body).toBe(`?year\n"2022"^^<${XSD}gYear>\n`);
  });

  it('ASK in JSON, XML, CSV and TSV', async () => {
    const yes = `ASK { <${WORK}> a <${SCHEMA}ScholarlyArticle> }`;
    const no = `ASK { <${WORK}> a <${SCHEMA}Person> }`;
    const json = await run(yes, 'application/sparql-results+json');
    expect(json).toMatchObject({ status: 200, mediaType: 'application/sparql-results+json', kind: 'boolean' });
    expect(JSON.parse(json.body)).toMatchObject({ head: {}, boolean: true });
    expect(JSON.parse((await run(no, 'application/sparql-results+json')).body).boolean).toBe(false);
    const xml = await run(no, 'application/sparql-results+xml');
    expect(xml).toMatchObject({ status: 200, mediaType: 'application/sparql-results+xml' });
    expect(xml.body).toContain('<boolean>false</boolean>');
    expect(await run(yes, 'text/csv')).toMatchObject({ status: 200, mediaType: 'text/csv', body: '_askResult\r\ntrue\r\n' });
    expect(await run(yes, 'text/tab-separated-values')).toMatchObject({ status: 200, body: '?_askResult\ntrue\n' });
  });

  it('a form answered in a type it cannot take is 406, naming the ones it can', async () => {
    const res = await run(NAME_QUERY, 'text/turtle');
    expect(res).toMatchObject({ status: 406, mediaType: 'text/plain' });
    expect(res.body).toContain('application/sparql-results+json');
  });
});

describe('CONSTRUCT in every RDF format', () => {
  const query = `CONSTRUCT WHERE { <${WORK}> ?p ?o }`;

  it('text/turtle (with catalod prefixes)', async () => {
    const res = await run(query, 'text/turtle');
    expect(res).toMatchObject({ status: 200, mediaType: 'text/turtle', kind: 'quads', truncated: false });
    expect(res.body).toContain('@prefix schema: <http://schema.org/>.');
    expect(sameGraph(parse(res.body, 'text/turtle'), workTriples())).toBe(true);
  });

  it('application/n-triples', async () => {
    const res = await run(query, 'application/n-triples');
    expect(res).toMatchObject({ status: 200, mediaType: 'application/n-triples' });
    expect(res.body).toContain(`<${WORK}> <${SCHEMA}comment> "only in the other record" .\n`);
    expect(sameGraph(parse(res.body, 'application/n-triples'), workTriples())).toBe(true);
  });

  it('application/n-quads: all in the default graph', async () => {
    const res = await run(query, 'application/n-quads');
    expect(res).toMatchObject({ status: 200, mediaType: 'application/n-quads' });
    const quads = parse(res.body);
    expect(quads.every((q) => q.graph.termType === 'DefaultGraph')).toBe(true);
    expect(sameGraph(quads, workTriples())).toBe(true);
  });

  it('application/ld+json', async () => {
    const res = await run(query, 'application/ld+json');
    expect(res).toMatchObject({ status: 200, mediaType: 'application/ld+json' });
    const doc = JSON.parse(res.body);
    expect(doc[0]['@id']).toBe(WORK);
    const nquads = (await jsonld.toRDF(doc, { format: 'application/n-quads' })) as unknown as string;
    expect(sameGraph(parse(nquads), workTriples())).toBe(true);
  });

  it('application/rdf+xml (catalod writer)', async () => {
    const res = await run(query, 'application/rdf+xml');
    expect(res).toMatchObject({ status: 200, mediaType: 'application/rdf+xml', kind: 'quads' });
    expect(res.body).toContain(`<rdf:Description rdf:about="${WORK}">`);
    expect(sameGraph(await parseRdfXml(res.body), workTriples())).toBe(true);
  });

  it('DESCRIBE answers as a graph too', async () => {
    const res = await run(`DESCRIBE <${WORK}>`, 'application/n-triples');
    expect(res).toMatchObject({ status: 200, mediaType: 'application/n-triples', kind: 'quads' });
    expect(res.body).toContain(`<${WORK}> <${SCHEMA}name> `);
  });
});

describe('the dataset', () => {
  const count = async (query: string, extra: Partial<QueryRequest> = {}) => {
    const res = await run(query, 'application/sparql-results+json', extra);
    expect(res).toMatchObject({ status: 200, mediaType: 'application/sparql-results+json' });
    return Number(JSON.parse(res.body).results.bindings[0].n.value);
  };
  const seedSize = SEED.quads.length;

  it('the default graph is the merge: a triple two records state counts once; GRAPH ?g sees both', async () => {
    expect(await count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')).toBe(seedSize + 1);
    expect(await count('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }')).toBe(seedSize + 2);
    const shared = OTHER_QUADS[0]!;
    expect(await count(`SELECT (COUNT(*) AS ?n) WHERE { <${WORK}> <${SCHEMA}name> ${JSON.stringify(shared.object.value)} }`)).toBe(1);
    expect(await count(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { <${WORK}> <${SCHEMA}name> ${JSON.stringify(shared.object.value)} } }`)).toBe(2);
  });

  it('default-graph-uri: the default graph is the merge of those local graphs only', async () => {
    expect(await count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', { defaultGraphs: [OTHER] })).toBe(2);
    expect(await count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', { defaultGraphs: [RECORD, OTHER] })).toBe(seedSize + 1);
    // Only default-graph-uri given: there are no named graphs.
    expect(await count('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }', { defaultGraphs: [RECORD] })).toBe(0);
    expect(await count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', { defaultGraphs: ['http://localhost:3000/record/none'] })).toBe(0);
  });

  it('named-graph-uri: only those graphs are named graphs, and the default graph is empty', async () => {
    expect(await count('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }', { namedGraphs: [OTHER] })).toBe(2);
    expect(await count(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${RECORD}> { ?s ?p ?o } }`, { namedGraphs: [OTHER] })).toBe(0);
    expect(await count('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', { namedGraphs: [OTHER] })).toBe(0);
  });

  it('FROM / FROM NAMED in the query select local graphs the same way; protocol graphs win over them', async () => {
    expect(await count(`SELECT (COUNT(*) AS ?n) FROM <${OTHER}> WHERE { ?s ?p ?o }`)).toBe(2);
    expect(await count(`SELECT (COUNT(*) AS ?n) FROM <${RECORD}> FROM <${OTHER}> WHERE { ?s ?p ?o }`)).toBe(seedSize + 1);
    expect(await count(`SELECT (COUNT(*) AS ?n) FROM NAMED <${OTHER}> WHERE { GRAPH ?g { ?s ?p ?o } }`)).toBe(2);
    expect(await count(`PREFIX r: <http://localhost:3000/record/> SELECT (COUNT(*) AS ?n) FROM r:other-1 WHERE { ?s ?p ?o }`, { defaultGraphs: [RECORD] })).toBe(seedSize);
  });
});

describe('parameters as initialBindings', () => {
  const query = `PREFIX schema: <${SCHEMA}> PREFIX fabio: <http://purl.org/spar/fabio/>
    SELECT ?work ?name WHERE { ?work fabio:hasPublicationYear ?year ; schema:name ?name }`;

  it('bind an IRI and a typed literal', async () => {
    const res = await run(query, 'application/sparql-results+json', { bindings: { work: `<${WORK}>`, year: `"2022"^^<${XSD}gYear>` } });
    expect(res).toMatchObject({ status: 200, mediaType: 'application/sparql-results+json' });
    const rows = JSON.parse(res.body).results.bindings;
    expect(rows).toEqual([{ work: { type: 'uri', value: WORK }, name: { type: 'literal', value: TITLE } }]);
  });

  it('the literal type matters: a plain "2022" is not the gYear', async () => {
    const res = await run(query, 'text/csv', { bindings: { year: '"2022"' } });
    expect(res).toMatchObject({ status: 200, mediaType: 'text/csv', body: 'work,name\r\n' });
  });

  it('a value with > } ; DROP is just a literal, never query text', async () => {
    const evil = '"x> } ; DROP ALL ; INSERT DATA { <a> <b> <c> } #"';
    const res = await run(`SELECT ?name WHERE { ?s <${SCHEMA}name> ?name }`, 'application/sparql-results+json', { bindings: { name: evil } });
    expect(res).toMatchObject({ status: 200, mediaType: 'application/sparql-results+json' });
    expect(JSON.parse(res.body).results.bindings).toEqual([]);
    // The engine saw the string as a value: binding it in a projection returns it verbatim.
    const echo = await run('SELECT ?v WHERE { }', 'application/sparql-results+json', { bindings: { v: evil } });
    expect(JSON.parse(echo.body).results.bindings).toEqual([{ v: { type: 'literal', value: 'x> } ; DROP ALL ; INSERT DATA { <a> <b> <c> } #' } }]);
  });

  it('a value that is not exactly one IRI or literal is 400', async () => {
    for (const value of ['Smith', '"a" . <http://x/a> <http://x/b> <http://x/c>', '_:b0', '<not an iri>']) {
      const res = await run(query, 'text/csv', { bindings: { name: value } });
      expect(res).toMatchObject({ status: 400, mediaType: 'text/plain' });
      expect(res.body).toMatch(/parameter name: /);
    }
    expect(await run(query, 'text/csv', { bindings: { 'a b': '"x"' } })).toMatchObject({ status: 400 });
  });
});

describe('errors and the row cap', () => {
  it('a malformed query is 400 with the parser message; updates 403; SERVICE 400', async () => {
    const bad = await run('SELECT * WHERE { ?s ?p ', 'text/csv');
    expect(bad).toMatchObject({ status: 400, mediaType: 'text/plain' });
    expect(bad.body).toMatch(/^malformed query: Parse error/);
    expect(await run('DROP ALL', 'text/csv')).toMatchObject({ status: 403, mediaType: 'text/plain' });
    expect(await run('SELECT * { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }', 'text/csv')).toMatchObject({ status: 400 });
  });

  it('a query the engine refuses is 400 with its message', async () => {
    const res = await run('SELECT ?x WHERE { BIND(1 AS ?x) }', 'text/csv', { bindings: { x: '"2"' } });
    expect(res).toMatchObject({ status: 400, mediaType: 'text/plain' });
    expect(res.body).toContain('Tried to bind variable ?x in a BIND operator');
  });

  it('rows past the cap are cut and it says so', async () => {
    const res = await run('SELECT * WHERE { ?s ?p ?o }', 'text/csv', { rowCap: 10 });
    expect(res).toMatchObject({ status: 200, mediaType: 'text/csv', truncated: true });
    expect(res.body.trimEnd().split('\r\n')).toHaveLength(11);
    const quads = await run('CONSTRUCT WHERE { ?s ?p ?o }', 'application/n-triples', { rowCap: 5 });
    expect(quads).toMatchObject({ status: 200, truncated: true });
    expect(quads.body.trimEnd().split('\n')).toHaveLength(5);
    const exact = await run('SELECT * WHERE { ?s ?p ?o }', 'application/sparql-results+json', { rowCap: SEED.quads.length + 1 });
    expect(exact).toMatchObject({ status: 200, truncated: false });
    expect(JSON.parse(exact.body).results.bindings).toHaveLength(SEED.quads.length + 1);
    expect(DEFAULT_ROW_CAP).toBe(10_000);
  });

  it('executeQuery runs on any RDF/JS source', async () => {
    const res = await executeQuery(new QueryEngine(), source(OTHER_QUADS), { query: 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', mediaType: 'text/csv' });
    expect(res).toMatchObject({ status: 200, mediaType: 'text/csv', body: 'n\r\n2\r\n', kind: 'bindings' });
  });
});

describe('answers that match the standard', () => {
  const J = 'application/sparql-results+json';
  const BAD = 'http://x/a&b"c<d>e';
  const BAD_CONSTRUCT = `CONSTRUCT { ?s <http://x/p> "bad" . <http://x/ok> <http://x/p> "good" } WHERE { BIND(IRI("${BAD.replace(/"/g, '\\"')}") AS ?s) }`;

  it('an invalid regular expression is the client’s error: 400 with the engine’s message, no path of the server', async () => {
    const res = await run(`SELECT ?name WHERE { <${WORK}> <${SCHEMA}name> ?name FILTER(REGEX(?name, "(")) }`, J);
    expect(res).toMatchObject({ status: 400, mediaType: 'text/plain' });
    expect(res.body).toMatch(/^query error: Invalid regular expression/);
    expect(res.body).not.toMatch(/\/(work|home|usr|srv)\//);
  });

  it('the query’s own BASE resolves relative IRIs, in IRI() too', async () => {
    const res = await run('BASE <http://example.org/base/> SELECT ?i WHERE { BIND(IRI("x") AS ?i) }', J);
    expect(res.status, res.body).toBe(200);
    expect(JSON.parse(res.body).results.bindings).toEqual([{ i: { type: 'uri', value: 'http://example.org/base/x' } }]);
    const work = new URL(WORK);
    const relative = await run(`BASE <${work.origin}/> SELECT ?name WHERE { <${work.pathname.slice(1)}> <${SCHEMA}name> ?name }`, J);
    expect(JSON.parse(relative.body).results.bindings).toEqual([{ name: { type: 'literal', value: TITLE } }]);
  });

  it('a blank-node property list alone in a CONSTRUCT template (W3C dawg-construct-reification-1)', async () => {
    const query = `PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> CONSTRUCT { [ rdf:subject ?s ; rdf:object ?n ] . } WHERE { ?s <${SCHEMA}name> ?n . FILTER(?s = <${WORK}>) }`;
    const res = await run(query, 'application/n-triples');
    expect(res.status, res.body).toBe(200);
    const quads = parse(res.body, 'application/n-triples');
    expect(quads).toHaveLength(2);
    expect(quads[0]!.subject.termType).toBe('BlankNode');
    expect(quads[0]!.subject.equals(quads[1]!.subject)).toBe(true);
    expect(quads.map((q) => q.object.value).sort()).toEqual([TITLE, WORK].sort());
  });

  it('CONSTRUCT leaves out a triple with an invalid IRI (SPARQL 1.1 §16.2): every format stays valid', async () => {
    const good = DataFactory.quad(DataFactory.namedNode('http://x/ok'), DataFactory.namedNode('http://x/p'), DataFactory.literal('good'));
    for (const mediaType of ['application/n-triples', 'text/turtle', 'application/n-quads']) {
      const res = await run(BAD_CONSTRUCT, mediaType);
      expect(res.status, res.body).toBe(200);
      expect(sameGraph(parse(res.body, mediaType), [good])).toBe(true);
    }
    const json = await run(BAD_CONSTRUCT, 'application/ld+json');
    expect(sameGraph((await jsonld.toRDF(JSON.parse(json.body))) as RDF.Quad[], [good])).toBe(true);
    expect(sameGraph(await parseRdfXml((await run(BAD_CONSTRUCT, 'application/rdf+xml')).body), [good])).toBe(true);
  });

  it('SELECT leaves an invalid IRI unbound, in every format alike', async () => {
    const query = `SELECT ?s ?t WHERE { BIND(IRI("${BAD.replace(/"/g, '\\"')}") AS ?s) BIND("kept" AS ?t) }`;
    expect(JSON.parse((await run(query, J)).body).results.bindings).toEqual([{ t: { type: 'literal', value: 'kept' } }]);
    expect((await run(query, 'text/tab-separated-values')).body).toBe('?s\t?t\n\t"kept"\n');
    expect((await run(query, 'text/csv')).body).toBe('s,t\r\n,kept\r\n');
    expect((await run(query, 'application/sparql-results+xml')).body).not.toContain('<uri>');
  });
});
