/**
 * WorkerPool: queries on worker threads (run from the built dist/query/worker.js), stopped for good
 * at their deadline, with small queries answering while runaway ones burn.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool, affinityOf, takeOwn } from '../../src/query/pool.js';
import type { QueryRequest } from '../../src/query/types.js';
import { NQUADS, SEED, WORK, bulkNQuads } from './data.js';

const SOURCE = fileURLToPath(new URL('./fixture-source.mjs', import.meta.url));
const JSON_RESULTS = 'application/sparql-results+json';
const BULK = bulkNQuads(3000);
const TOTAL = SEED.quads.length + 1 + 3000; // merged default graph: the seed, OTHER's own triple, the bulk
const CARTESIAN = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
const REGEX = `SELECT * WHERE { BIND("${'a'.repeat(40)}b" AS ?x) FILTER(REGEX(?x, "^(a+)+$")) }`;
const SMALL: QueryRequest = { query: `SELECT ?name WHERE { <${WORK}> <http://schema.org/name> ?name }`, mediaType: JSON_RESULTS };
const COUNT_ALL: QueryRequest = { query: 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', mediaType: JSON_RESULTS };

const count = (body: string) => Number(JSON.parse(body).results.bindings[0].n.value);
const names = (body: string) => JSON.parse(body).results.bindings.map((b: { name: { value: string } }) => b.name.value);
const TITLE = SEED.quads.find((q) => q.subject.value === WORK && q.predicate.value === 'http://schema.org/name')!.object.value;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `request`, returning the answer and the seconds it took. */
async function timed(pool: WorkerPool, request: QueryRequest) {
  const started = performance.now();
  const response = await pool.run(request);
  return { response, seconds: (performance.now() - started) / 1000 };
}


/** The process (its worker threads included) spends under 30% of a second's CPU: no query runs on. */
async function expectIdleForASecond(): Promise<void> {
  const before = process.cpuUsage();
  await sleep(1_000);
  const cpu = process.cpuUsage(before);
  expect((cpu.user + cpu.system) / 1000).toBeLessThan(300);
}

describe('WorkerPool', () => {
  let pool: WorkerPool;

  beforeAll(async () => {
    pool = new WorkerPool({ sourceModule: SOURCE, init: { nquads: NQUADS + BULK }, size: 2, maxSize: 4 });
    await pool.ready();
    // Warm both workers (Comunica's first query is slower), then let the spare this starts come up.
    await Promise.all([pool.run(SMALL), pool.run(SMALL)]);
    await pool.ready();
  }, 30_000);

  afterAll(() => pool.close());

  it('answers as the in-process runner does: the merged default graph, formats, bindings', async () => {
    const res = await pool.run(COUNT_ALL);
    expect(res).toMatchObject({ status: 200, mediaType: JSON_RESULTS, kind: 'bindings', truncated: false });
    expect(count(res.body)).toBe(TOTAL);
    expect(names((await pool.run(SMALL)).body)).toEqual([TITLE]);
    const ttl = await pool.run({ query: `CONSTRUCT WHERE { <${WORK}> <http://schema.org/comment> ?c }`, mediaType: 'text/turtle' });
    expect(ttl).toMatchObject({ status: 200, mediaType: 'text/turtle', kind: 'quads' });
    expect(ttl.body).toContain('schema:comment "only in the other record"');
    const bound = await pool.run({ query: 'SELECT ?c WHERE { ?w <http://schema.org/comment> ?c }', mediaType: 'text/csv', bindings: { w: `<${WORK}>` } });
    expect(bound).toMatchObject({ status: 200, mediaType: 'text/csv', body: 'c\r\nonly in the other record\r\n' });
    expect(await pool.run({ query: 'DROP ALL', mediaType: JSON_RESULTS })).toMatchObject({ status: 403, mediaType: 'text/plain' });
  });

  it('hands the body over as the UTF-8 bytes the worker wrote, and decodes them when asked', async () => {
    const res = await pool.run({ query: 'SELECT ?c WHERE { ?w <http://schema.org/comment> ?c }', mediaType: 'text/csv' });
    expect(res.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(res.bytes!).toString('utf8')).toBe(res.body);
    expect(res.body).toBe('c\r\nonly in the other record\r\n');
  });

  it('a cartesian product is stopped at its 2 s deadline (503) while a small query answers in under 500 ms', async () => {
    const runaway = timed(pool, { query: CARTESIAN, mediaType: JSON_RESULTS, timeoutMs: 2_000 });
    await sleep(300);
    expect(pool.stats().busy).toBe(1);
    const small = await timed(pool, SMALL);
    expect(small.response).toMatchObject({ status: 200, mediaType: JSON_RESULTS });
    expect(names(small.response.body)).toEqual([TITLE]);
    expect(small.seconds).toBeLessThan(0.5);

    const { response, seconds } = await runaway;
    expect(response).toMatchObject({ status: 503, mediaType: 'text/plain', body: 'query stopped: it ran past its deadline of 2 s' });
    expect(seconds).toBeGreaterThanOrEqual(1.8);
    expect(seconds).toBeLessThan(4);
    console.info(`cartesian product: 503 after ${seconds.toFixed(2)} s (deadline 2 s); small query meanwhile: ${Math.round(small.seconds * 1000)} ms`);

    // The work really stopped: once the replacement worker is up, the process is (nearly) idle.
    await pool.ready();
    const before = process.cpuUsage();
    await sleep(1_000);
    const cpu = process.cpuUsage(before);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(300);
  });

  it('a catastrophic regular expression is stopped at its deadline too, and the pool still answers', async () => {
    await pool.ready();
    const runaway = timed(pool, { query: REGEX, mediaType: JSON_RESULTS, timeoutMs: 2_000 });
    await sleep(300);
    const small = await timed(pool, SMALL);
    expect(small.response).toMatchObject({ status: 200 });
    expect(small.seconds).toBeLessThan(0.5);
    const { response, seconds } = await runaway;
    expect(response).toMatchObject({ status: 503, mediaType: 'text/plain' });
    expect(response.body).toContain('deadline of 2 s');
    expect(seconds).toBeGreaterThanOrEqual(1.8);
    expect(seconds).toBeLessThan(4);
    console.info(`catastrophic regex: 503 after ${seconds.toFixed(2)} s (deadline 2 s); small query meanwhile: ${Math.round(small.seconds * 1000)} ms`);

    // Right after the termination (its replacement may still be starting), queries are answered.
    const after = await pool.run(COUNT_ALL);
    expect(after).toMatchObject({ status: 200 });
    expect(count(after.body)).toBe(TOTAL);
  });

  it('two runaways at once: an extra worker keeps small queries answering', async () => {
    await pool.ready();
    // Both terminated workers were replaced: more workers than `size` are up.
    expect(pool.stats().idle).toBeGreaterThanOrEqual(3);
    const runaways = [timed(pool, { query: CARTESIAN, mediaType: JSON_RESULTS, timeoutMs: 3_000 }), timed(pool, { query: REGEX, mediaType: JSON_RESULTS, timeoutMs: 3_000 })];
    await sleep(200);
    const stats = pool.stats();
    expect(stats.busy).toBe(2);
    expect(stats.idle).toBeGreaterThanOrEqual(1);
    const small = await timed(pool, SMALL);
    expect(small.response).toMatchObject({ status: 200 });
    expect(small.seconds).toBeLessThan(0.5);
    for (const { response } of await Promise.all(runaways)) expect(response.status).toBe(503);
    console.info(`two runaways: small query on the extra worker in ${Math.round(small.seconds * 1000)} ms`);
  });
});

describe('WorkerPool lifecycle', () => {
  it('a query waiting for a worker past its deadline is 503 without one being stopped', async () => {
    const pool = new WorkerPool({ sourceModule: SOURCE, init: { nquads: BULK }, size: 1, maxSize: 1 });
    try {
      await pool.ready();
      const runaway = pool.run({ query: CARTESIAN, mediaType: JSON_RESULTS, timeoutMs: 1_500 });
      const waiting = await pool.run({ ...SMALL, timeoutMs: 500 });
      expect(waiting).toMatchObject({ status: 503, mediaType: 'text/plain', body: 'query stopped: it ran past its deadline of 0.5 s while waiting for a free query worker' });
      expect(pool.stats().busy).toBe(1);
      expect((await runaway).status).toBe(503);
      expect(await pool.run(SMALL)).toMatchObject({ status: 200 });
    } finally {
      await pool.close();
    }
  });

  it('broadcast reaches every live worker; setInit is what new workers open', async () => {
    const pool = new WorkerPool({ sourceModule: SOURCE, init: { nquads: NQUADS }, size: 2 });
    try {
      await pool.ready();
      const added = '<http://example.org/new> <http://example.org/p> "added" <http://example.org/g-new> .\n';
      pool.setInit({ nquads: NQUADS + added });
      await pool.broadcast({ add: added });
      const ask = { query: 'ASK { <http://example.org/new> ?p "added" }', mediaType: JSON_RESULTS };
      const answers = await Promise.all([pool.run(ask), pool.run(ask), pool.run(ask)]);
      for (const res of answers) expect(JSON.parse(res.body).boolean).toBe(true);

      // A worker that fails an update is replaced by one opening the latest init.
      await pool.broadcast({ fail: 'cannot apply' });
      await pool.ready();
      const again = await Promise.all([pool.run(ask), pool.run(ask)]);
      for (const res of again) expect(JSON.parse(res.body).boolean).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('extra workers retire when idle', async () => {
    const pool = new WorkerPool({ sourceModule: SOURCE, init: { nquads: NQUADS }, size: 1, maxSize: 3, idleMs: 100 });
    try {
      await pool.ready();
      await Promise.all([pool.run(SMALL), pool.run(SMALL), pool.run(SMALL)]);
      await pool.ready();
      await sleep(400);
      const { starting, idle, busy } = pool.stats();
      expect(starting + idle + busy).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('a source module that cannot open answers 500 with its message, without a restart loop', async () => {
    const pool = new WorkerPool({ sourceModule: SOURCE, init: { fail: 'no store here' }, size: 2 });
    try {
      const res = await pool.run(SMALL);
      expect(res).toMatchObject({ status: 500, mediaType: 'text/plain', body: 'query workers could not open the store: no store here' });
      await sleep(300);
      expect(pool.stats()).toEqual({ starting: 0, idle: 0, busy: 0, queued: 0 });
    } finally {
      await pool.close();
    }
  });

  it('close answers 503 to what is still running, and to what comes after', async () => {
    const pool = new WorkerPool({ sourceModule: SOURCE, init: { nquads: BULK }, size: 1 });
    await pool.ready();
    const running = pool.run({ query: CARTESIAN, mediaType: JSON_RESULTS });
    await sleep(100);
    await pool.close();
    expect(await running).toMatchObject({ status: 503, body: 'the query pool is closed' });
    expect(await pool.run(SMALL)).toMatchObject({ status: 503 });
  });

  it('refuses a relative source module path', () => {
    expect(() => new WorkerPool({ sourceModule: 'fixture-source.mjs', init: {} })).toThrow(/absolute path or a file URL/);
  });
});

describe('which worker takes which job', () => {
  const job = (affinity: number, passed = 0) => ({ affinity, passed });

  it('an idle worker takes the first near-front job that hashes to it; those it jumped are counted', () => {
    const queue = [job(5), job(7), job(6), job(8)];
    expect(takeOwn(queue, 0, 2)).toEqual(job(6));
    expect(queue).toEqual([job(5, 1), job(7, 1), job(8)]);
    expect(takeOwn(queue, 1, 2)).toEqual(job(5, 1));
  });

  it('never jumps a job passed over too often, and looks only so far down the queue', () => {
    expect(takeOwn([job(1, 4), job(2)], 0, 2)).toBeUndefined();
    expect(takeOwn([...Array(8)].map(() => job(1)).concat(job(2)), 0, 2)).toBeUndefined();
  });

  it('the same request always hashes alike, another one (mostly) not', () => {
    const request = { query: 'q', mediaType: 'text/csv', stored: 'coauthors', bindings: { person: '<http://x/1>' } };
    expect(affinityOf(request)).toBe(affinityOf({ ...request }));
    expect(affinityOf(request)).not.toBe(affinityOf({ ...request, bindings: { person: '<http://x/2>' } }));
  });
});

describe('WorkerPool fairness: no client holds every worker', () => {
  const runaway = (client: string, timeoutMs = 4_000): QueryRequest => ({ query: CARTESIAN, mediaType: JSON_RESULTS, timeoutMs, client });

  it('one client runs at most its share; another client, and a stored query, still answer at once; its queue is bounded (429)', async () => {
    const pool = new WorkerPool({ sourceModule: SOURCE, init: { nquads: NQUADS + BULK }, size: 4, maxSize: 4, maxQueuedPerClient: 3 });
    try {
      await pool.ready();
      await Promise.all([1, 2, 3, 4].map(() => pool.run(SMALL)));
      const flood = [1, 2, 3, 4, 5].map(() => pool.run(runaway('10.0.0.1')));
      await sleep(300);
      expect(pool.stats()).toMatchObject({ busy: 2, queued: 3 }); // perClient = maxSize / 2
      const refused = await pool.run(runaway('10.0.0.1'));
      expect(refused).toMatchObject({ status: 429, mediaType: 'text/plain' });
      expect(refused.body).toMatch(/at most 3 may wait per client/);

      const other = await timed(pool, { ...SMALL, client: '10.0.0.2' });
      expect(other.response.status).toBe(200);
      expect(other.seconds).toBeLessThan(1.5);
      // A second client's runaway takes the third worker; the fourth stays for stored queries.
      const second = pool.run(runaway('10.0.0.2', 3_000));
      await sleep(200);
      expect(pool.stats().busy).toBe(3);
      const stored = await timed(pool, { ...SMALL, stored: 'titles', client: '10.0.0.3' });
      expect(stored.response.status).toBe(200);
      expect(stored.seconds).toBeLessThan(1.5);
      console.info(`fairness: another client's small query ${Math.round(other.seconds * 1000)} ms, a stored query ${Math.round(stored.seconds * 1000)} ms while runaways hold 3 of 4 workers`);
      for (const res of await Promise.all([...flood, second])) expect(res.status).toBe(503);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('a worker whose query failed unexpectedly (500) is replaced: what the engine left running stops with it', async () => {
    const failing = fileURLToPath(new URL('./failing-source.mjs', import.meta.url));
    const pool = new WorkerPool({ sourceModule: failing, init: { nquads: NQUADS }, size: 2, maxSize: 2 });
    try {
      await pool.ready();
      const res = await pool.run({ query: 'SELECT * WHERE { ?s <urn:catalod-test:fail> ?o }', mediaType: JSON_RESULTS, timeoutMs: 10_000 });
      expect(res).toMatchObject({ status: 500, mediaType: 'text/plain', body: 'query failed: the source failed mid-stream' });
      const next = await timed(pool, { ...SMALL, timeoutMs: 5_000 });
      expect(next.response.status).toBe(200);
      await pool.ready();
      expect(pool.stats()).toEqual({ starting: 0, idle: 2, busy: 0, queued: 0 });
      // The busy timer the failed query left ran on its worker, which is gone.
      await expectIdleForASecond();
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('a worker whose query the client got wrong (400) is free again at once: the next queries answer', async () => {
    const pool = new WorkerPool({ sourceModule: SOURCE, init: { nquads: NQUADS + BULK }, size: 2, maxSize: 2 });
    try {
      await pool.ready();
      const failing = await pool.run({ query: 'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(REGEX(STR(?c), "(")) }', mediaType: JSON_RESULTS, timeoutMs: 10_000 });
      expect(failing).toMatchObject({ status: 400, mediaType: 'text/plain' });
      expect(failing.body).toMatch(/^query error: Invalid regular expression/);
      const next = await timed(pool, { ...SMALL, timeoutMs: 5_000 });
      expect(next.response.status).toBe(200);
      expect(next.seconds).toBeLessThan(1.5);
      await pool.ready();
      expect(pool.stats()).toEqual({ starting: 0, idle: 2, busy: 0, queued: 0 });
      const answers = await Promise.all([pool.run(SMALL), pool.run(SMALL), pool.run(COUNT_ALL)]);
      for (const res of answers) expect(res.status).toBe(200);
      // Nothing of the failed query runs on.
      await expectIdleForASecond();
    } finally {
      await pool.close();
    }
  }, 60_000);
});
