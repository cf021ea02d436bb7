/** Shared set-up for the server tests: a MemoryCatalog with the seed, run through `app.request()`. */
import type { Hono } from 'hono';
import type * as RDF from '@rdfjs/types';
import jsonld from 'jsonld';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { offlineLoader } from '../../src/jsonld-loader.js';
import { MemoryCatalog } from '../../src/catalog/memory.js';
import type { OrcidTable } from '../../src/orcid.js';
import { LocalRunner } from '../../src/query/local.js';
import type { QueryRequest, QueryResponse, QueryRunner } from '../../src/query/types.js';
import { createApp, type AppOptions } from '../../src/server/app.js';
import { SEED, parse } from '../helpers.js';

export const BASE = 'http://localhost:3000/';
export const WORK = `${BASE}work/doi/10.1186/s12888-022-03999-9`;
export const WORK_PATH = '/work/doi/10.1186/s12888-022-03999-9';
export const RECORD = `${BASE}record/pubmed-9158348`;

/** A runner that records each request and answers through another one (or with `reply`). */
export class SpyRunner implements QueryRunner {
  readonly requests: QueryRequest[] = [];
  constructor(private readonly inner?: QueryRunner, private readonly reply?: (r: QueryRequest) => QueryResponse) {}
  async run(request: QueryRequest): Promise<QueryResponse> {
    this.requests.push(request);
    if (this.reply) return this.reply(request);
    return this.inner!.run(request);
  }
  async close(): Promise<void> {
    await this.inner?.close();
  }
}

export interface TestServer {
  app: Hono;
  catalog: MemoryCatalog;
  spy: SpyRunner;
  logs: Record<string, unknown>[];
}

/**
 * A server over a fresh in-memory catalogue holding `texts` (the seed by default), with a spy
 * around a LocalRunner (or answering with `reply`).
 */
export async function testServer(
  options: Partial<Omit<AppOptions, 'catalog'>> & { texts?: string[]; reply?: (r: QueryRequest) => QueryResponse; orcids?: OrcidTable } = {},
): Promise<TestServer> {
  let spy!: SpyRunner;
  const catalog = new MemoryCatalog({ base: BASE, orcids: options.orcids, queries: (source) => (spy = new SpyRunner(new LocalRunner(source), options.reply)) });
  for (const [i, text] of (options.texts ?? [SEED]).entries()) await catalog.ingest(text, `text${i + 1}`);
  const logs: Record<string, unknown>[] = [];
  const { texts: _, reply: __, orcids: ___, ...rest } = options;
  const app = createApp({ catalog, log: (line) => logs.push(line as Record<string, unknown>), ...rest });
  return { app, catalog, spy, logs };
}

/** The media type of a response, without parameters other than `profile`. */
export function mediaType(res: Response): string {
  return (res.headers.get('content-type') ?? '').replace(/;\s*charset=[^;]+/i, '').trim();
}

/** RDF/XML parsed by a parser no one here wrote. */
export function parseRdfXml(text: string): Promise<RDF.Quad[]> {
  return new Promise((resolve, reject) => {
    const out: RDF.Quad[] = [];
    const parser = new RdfXmlParser();
    parser.on('data', (q: RDF.Quad) => out.push(q));
    parser.on('error', reject);
    parser.on('end', () => resolve(out));
    parser.write(text);
    parser.end();
  });
}

/** JSON-LD to quads with jsonld.js, contexts resolved offline. */
export async function parseJsonld(doc: unknown): Promise<RDF.Quad[]> {
  const nquads = (await jsonld.toRDF(doc as never, { format: 'application/n-quads', documentLoader: offlineLoader as never } as never)) as unknown as string;
  return parse(nquads);
}
