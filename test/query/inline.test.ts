/** Bounded stored queries answered on the calling thread give what the engine's runner gives; the rest go to that runner. */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DataFactory } from 'n3';
import { convertText } from '../../src/convert.js';
import { InlineStoredRunner } from '../../src/query/inline.js';
import { LocalRunner } from '../../src/query/local.js';
import type { QueryRequest, QueryResponse, QueryRunner } from '../../src/query/types.js';
import { CompactStore } from '../../src/store/compact/store.js';
import { ROOT, SEED, converted } from '../helpers.js';

const store = new CompactStore();
let work = '';

beforeAll(() => {
  for (const c of converted(convertText(SEED, 'seed.txt'))) {
    store.replaceGraph(DataFactory.namedNode(c.iris.record), c.quads);
    work = c.iris.work;
  }
  store.index(true);
});

/** The real local runner, counting what reaches it. */
class Counted implements QueryRunner {
  calls = 0;
  private readonly local = new LocalRunner(store);
  run(request: QueryRequest): Promise<QueryResponse> {
    this.calls++;
    return this.local.run(request);
  }
  close() {
    return this.local.close();
  }
}

const stored = (name: string, bindings: Record<string, string>): QueryRequest => ({
  query: readFileSync(`${ROOT}queries/${name}.rq`, 'utf8'),
  mediaType: 'application/sparql-results+json',
  stored: name,
  bindings,
});

describe('InlineStoredRunner', () => {
  it("answers a work's authors itself, with the rows the engine gives", async () => {
    const next = new Counted();
    const runner = new InlineStoredRunner(store, next);
    const request = stored('authors-of-work', { work: `<${work}>` });
    const inline = await runner.run(request);
    expect(next.calls).toBe(0);
    const viaEngine = await new LocalRunner(store).run({ ...request, stored: undefined });
    expect(inline.status).toBe(200);
    expect(JSON.parse(inline.body).results.bindings).toHaveLength(20);
    expect(JSON.parse(inline.body).results.bindings).toEqual(JSON.parse(viaEngine.body).results.bindings);
  });

  it('passes a scan (title words) and any ad-hoc query to the next runner', async () => {
    const next = new Counted();
    const runner = new InlineStoredRunner(store, next);
    expect((await runner.run(stored('works-by-title-word', { word: '"peer"' }))).status).toBe(200);
    expect((await runner.run({ query: 'ASK { ?s ?p ?o }', mediaType: 'application/sparql-results+json' })).status).toBe(200);
    expect(next.calls).toBe(2);
  });

  it('leaves a bad parameter to the next runner, which explains it', async () => {
    const next = new Counted();
    const res = await new InlineStoredRunner(store, next).run(stored('authors-of-work', { work: 'not a term' }));
    expect(next.calls).toBe(1);
    expect(res.status).toBe(400);
  });
});
