/**
 * The query layer never reaches out: a listener on 127.0.0.1 serving RDF is named as FROM,
 * FROM NAMED, default-graph-uri, named-graph-uri, DESCRIBE target, SERVICE and LOAD, in-process and
 * on a worker thread, and must see zero connections; the answers are simply empty.
 */
import { createServer, type Server } from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LocalRunner } from '../../src/query/local.js';
import { WorkerPool } from '../../src/query/pool.js';
import { parse } from '../helpers.js';
import { NQUADS, source } from './data.js';

let server: Server;
let connections = 0;
let base = '';

beforeAll(async () => {
  server = createServer((_, res) => {
    res.setHeader('content-type', 'text/turtle');
    res.end('<http://evil.example/s> <http://evil.example/p> "fetched" .\n');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const JSON_RESULTS = 'application/sparql-results+json';
const rows = (body: string) => JSON.parse(body).results.bindings;

describe('no outbound request from a query', () => {
  it('in-process: FROM, FROM NAMED, protocol graphs and DESCRIBE of the listener IRI read nothing and open no socket', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const runner = new LocalRunner(source());
    const data = `${base}data.ttl`;
    try {
      const from = await runner.run({ query: `SELECT * FROM <${data}> WHERE { ?s ?p ?o }`, mediaType: JSON_RESULTS });
      expect(from).toMatchObject({ status: 200, mediaType: JSON_RESULTS });
      expect(rows(from.body)).toEqual([]);
      expect(JSON.parse(from.body).metadata).toEqual({ httpRequests: 0 });

      const named = await runner.run({ query: `SELECT * FROM NAMED <${data}> WHERE { GRAPH ?g { ?s ?p ?o } }`, mediaType: JSON_RESULTS });
      expect(rows(named.body)).toEqual([]);

      const protocol = await runner.run({ query: 'SELECT * WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }', mediaType: JSON_RESULTS, defaultGraphs: [data], namedGraphs: [data] });
      expect(protocol).toMatchObject({ status: 200 });
      expect(rows(protocol.body)).toEqual([]);

      const describe = await runner.run({ query: `DESCRIBE <${data}>`, mediaType: 'application/n-triples' });
      expect(describe).toMatchObject({ status: 200, mediaType: 'application/n-triples', body: '' });

      expect(await runner.run({ query: `SELECT * WHERE { SERVICE <${base}sparql> { ?s ?p ?o } }`, mediaType: JSON_RESULTS })).toMatchObject({ status: 400 });
      expect(await runner.run({ query: `LOAD <${data}>`, mediaType: JSON_RESULTS })).toMatchObject({ status: 403 });

      await new Promise((r) => setTimeout(r, 200));
      expect(connections).toBe(0);
      expect(connect).not.toHaveBeenCalled();
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      connect.mockRestore();
      fetchSpy.mockRestore();
    }
  });

  it('on a worker thread: FROM and default-graph-uri of the listener IRI make zero connections', async () => {
    const pool = new WorkerPool({ sourceModule: fileURLToPath(new URL('./fixture-source.mjs', import.meta.url)), init: { nquads: NQUADS }, size: 1 });
    try {
      const from = await pool.run({ query: `SELECT * FROM <${base}data.ttl> WHERE { ?s ?p ?o }`, mediaType: JSON_RESULTS });
      expect(from).toMatchObject({ status: 200, mediaType: JSON_RESULTS });
      expect(rows(from.body)).toEqual([]);
      const protocol = await pool.run({ query: 'CONSTRUCT WHERE { ?s ?p ?o }', mediaType: 'text/turtle', defaultGraphs: [`${base}data.ttl`] });
      expect(protocol).toMatchObject({ status: 200, mediaType: 'text/turtle' });
      expect(protocol.body).toContain('@prefix schema: <http://schema.org/>.');
      expect(parse(protocol.body, 'text/turtle')).toEqual([]);
      await new Promise((r) => setTimeout(r, 200));
      expect(connections).toBe(0);
    } finally {
      await pool.close();
    }
  });
});
