#!/usr/bin/env node
/**
 * npm run bench:scale — catalod at 100,000 and 1,000,000 generated records (issue 12): load,
 * start-up with the index rebuilt, the index snapshot, restart from it, memory per quad, stored
 * queries, record fetches, and ingest while serving. Writes bench/results/scale.md (a table per
 * size and the issue's targets as PASS/MISS lines) and bench/results/scale.json (the raw numbers).
 *
 * Per size N:
 *   1. the corpus (bench/generate.mjs, page format), cached in the work folder by size;
 *   2. `catalod load --jobs J` into a fresh data folder (timed);
 *   3. first start of `catalod serve --jobs J` (until it listens; then the background snapshot
 *      write, its ms and bytes), RSS and quads;
 *   4. SIGTERM, restart: until it listens, where its index came from, RSS and bytes per quad;
 *   5. every stored query (GET /queries) RUNS times in sequence with parameters drawn from the
 *      corpus, p50/p99; record fetches with autocannon (JSON-LD and HTML, 10 connections);
 *   6. ingest while serving: 10,000 new records POSTed (split into bodies under the body limit)
 *      while GET /health and a record resource are probed every 10 ms each; then 10 batches of
 *      1,000 new records one after another (records/s).
 * The server features it measures (snapshots, --jobs, the listening line's `index`) may be
 * missing from an older build: options the CLI lacks are left out and a missing snapshot event
 * is recorded as "no snapshot" after a time-out, so the script runs on any build.
 *
 *   node bench/scale.mjs [--sizes 100000,1000000] [--keep DIR] [--runs 200] [--duration 10]
 *                        [--port 3919] [--snapshot-timeout SECONDS] [--query-budget SECONDS]
 *
 * --keep DIR keeps the corpora and data folders in DIR and reuses them in later runs (each run
 * ingests 20,000 further new records into a kept folder); without it the work folder is
 * bench/tmp/scale/, corpora are cached there and data folders are rebuilt and removed.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { generateRecordData, generateRecords } from './generate.mjs';
import { cliOptions, memoryOf, pct, startServerLog, stopChild, storedQueryParams, timeStoredQuery } from './lib.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_SIZES = '100000,1000000';
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: DEFAULT_SIZES },
    keep: { type: 'string' },
    runs: { type: 'string', default: '200' },
    duration: { type: 'string', default: '10' },
    port: { type: 'string', default: '3919' },
    'snapshot-timeout': { type: 'string' },
    'query-budget': { type: 'string', default: '120' },
  },
});
const sizes = values.sizes.split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new RangeError(`--sizes must be positive integers, not ${values.sizes}`);
const RUNS = Number(values.runs);
const DURATION = Number(values.duration);
const QUERY_BUDGET_MS = Number(values['query-budget']) * 1000;
const PORT = Number(values.port);
const BASE = `http://127.0.0.1:${PORT}/`;
const WORK = `${values.keep ? resolvePath(values.keep) : `${ROOT}bench/tmp/scale`}/`;
const JOBS = availableParallelism();
const TOKEN = randomBytes(24).toString('base64url');
const INGEST_BODY = 10_000;
const BATCHES = 10;
const BATCH = 1_000;
/**
 * Data folder bytes per corpus byte, for the disk check: the record store is ~1.1× the corpus and
 * the index snapshot ~1.25× (measured at 1,000–21,000 records), with room for the snapshot's
 * temporary copy while it is rewritten.
 */
const DATA_PER_CORPUS_BYTE = 3.6;
const SELECTIVE = ['work-by-identifier', 'authors-of-work', 'coauthors'];
const RESULTS = `${ROOT}bench/results/`;
/** Most probes of one kind waiting at once; past it a tick is counted as not sent (a stalled server). */
const PROBES_IN_FLIGHT = 500;

const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const MB = (bytes) => bytes / 1048576;
const f1 = (x) => (x === undefined || x === null || Number.isNaN(x) ? '–' : x.toFixed(1));
const f2 = (x) => (x === undefined || x === null || Number.isNaN(x) ? '–' : x.toFixed(2));
const int = (x) => (x === undefined || x === null || Number.isNaN(x) ? '–' : Math.round(x).toLocaleString('en'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every child this script starts is killed when it exits, however it exits.
const children = new Set();
/** Remembers a child until it exits, so that an error or a signal never leaves it running. */
function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => { for (const c of children) c.kill('SIGKILL'); process.exit(130); });

/** Runs `node ARGS`, resolving with its exit code, seconds and the tails of its output. */
function runNode(args) {
  const t = performance.now();
  const child = track(spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout = (stdout + c).slice(-8192)));
  child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-8192)));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code: code ?? signal, seconds: (performance.now() - t) / 1000, stdout, stderr })));
}

/** Bytes in a folder, recursively. */
function folderBytes(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) total += e.isDirectory() ? folderBytes(`${dir}/${e.name}`) : statSync(`${dir}/${e.name}`).size;
  return total;
}

/** Throws when the disk holding the work folder has less room than the step needs. */
function checkDisk(needBytes, what) {
  const s = statfsSync(WORK);
  const free = s.bavail * s.bsize;
  log(`disk: ${f1(free / 1e9)} GB free in ${WORK}; ${what} needs about ${f1(needBytes / 1e9)} GB`);
  if (needBytes > free) throw new Error(`not enough disk for ${what}: about ${f1(needBytes / 1e9)} GB needed, ${f1(free / 1e9)} GB free in ${WORK}`);
}

/** The corpus of `count` page records, generated once and cached in the work folder. */
async function corpus(count) {
  const file = `${WORK}corpus-${count}.txt`;
  if (existsSync(file)) return { file, bytes: statSync(file).size, generatedSeconds: undefined };
  log(`generating ${int(count)} records to ${file}`);
  const partial = `${file}.partial`;
  const r = await runNode([`${ROOT}bench/generate.mjs`, '--count', String(count), '--format', 'page', '--out', partial]);
  if (r.code !== 0) throw new Error(`generate.mjs exited ${r.code}: ${r.stderr}`);
  renameSync(partial, file);
  return { file, bytes: statSync(file).size, generatedSeconds: r.seconds };
}

/** Average bytes of one page record of a corpus of `count` (from 200 of them), for the disk check. */
function bytesPerRecord(count) {
  let bytes = 0;
  for (const text of generateRecords({ count: 200, persons: Math.max(1000, 2 * count) })) bytes += Buffer.byteLength(text) + 1;
  return bytes / 200;
}

/** `catalod load` with --jobs when the CLI has it (and again without it if it is refused). */
async function load(data, file, jobsFlag) {
  const args = (withJobs) => [`${ROOT}dist/cli.js`, 'load', '--data', data, '--base', BASE, ...(withJobs ? ['--jobs', String(JOBS)] : []), file];
  let r = await runNode(args(jobsFlag));
  if (r.code !== 0 && jobsFlag && /unknown option/.test(r.stderr)) {
    log('load refused --jobs; loading without it');
    jobsFlag = false;
    r = await runNode(args(false));
  }
  if (r.code !== 0) throw new Error(`catalod load exited ${r.code}: ${r.stderr}`);
  return { seconds: r.seconds, jobs: jobsFlag ? JOBS : undefined, output: (r.stdout + r.stderr).trim().split('\n').slice(-3).join('\n') };
}

/** Starts the server (with --jobs when the CLI has it; without if refused); returns it and whether --jobs was passed. */
async function serve(data, jobsFlag) {
  const args = (withJobs) => ['--data', data, '--base', BASE, '--port', String(PORT), ...(withJobs ? ['--jobs', String(JOBS)] : [])];
  // The write token goes in the environment: arguments show in `ps`.
  const env = { ...process.env, CATALOD_TOKEN: TOKEN };
  try {
    return { server: await startServerLog(args(jobsFlag), { env, onSpawn: track }), jobsFlag };
  } catch (error) {
    if (!jobsFlag || !/unknown option/.test(error.message)) throw error;
    log('serve refused --jobs; starting without it');
    return { server: await startServerLog(args(false), { env, onSpawn: track }), jobsFlag: false };
  }
}

/** A snapshot event that ends the write (written, failed, skipped …), not one that starts it. */
const snapshotDone = (e) => e.event === 'snapshot' && !['start', 'started', 'starting', 'writing', 'begin'].includes(e.state);

/** The snapshot written after start-up: its event (ms, bytes) and how long after listening, or `none` after the time-out. */
async function awaitSnapshot(server, timeoutMs) {
  const e = await server.waitForEvent(snapshotDone, timeoutMs);
  if (!e) return { state: 'none', note: `no snapshot event within ${f1(timeoutMs / 1000)} s of listening` };
  return { state: e.state, ms: e.ms, bytes: e.bytes, afterListeningSeconds: e.atSeconds - server.startSeconds, event: e };
}

/** GET as JSON. */
async function getJson(path, accept = 'application/json') {
  const res = await fetch(`${BASE}${path}`, { headers: { accept } });
  if (!res.ok) throw new Error(`GET /${path}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return res.json();
}

/** The server's RSS, peak RSS, records and quads now, and bytes per quad. */
async function footprint(pid) {
  const health = await getJson('health');
  const mem = memoryOf(pid);
  return { rssMB: MB(mem.rss), peakMB: MB(mem.peak), records: health.records, quads: health.quads, bytesPerQuad: health.quads ? mem.rss / health.quads : undefined };
}

/** Times one stored query run. */
const timeQuery = (name, params) => timeStoredQuery(BASE, name, params);

/** Parameters for a listed stored query: by its name, or by its parameters' names from the known ones. */
function paramsFor(query, set) {
  if (set[query.name]) return set[query.name];
  const byParam = Object.assign({}, ...Object.entries(set).filter(([k]) => k !== 'workIri').map(([, v]) => v));
  const out = {};
  for (const p of query.params ?? []) {
    if (byParam[p.name] === undefined) return undefined;
    out[p.name] = byParam[p.name];
  }
  return out;
}

/** Every stored query: one cold run, then RUNS in sequence (fewer past the time budget); p50/p99. */
async function storedQueries(params) {
  const { queries } = await getJson('queries');
  const rows = [];
  for (const q of queries) {
    if (!paramsFor(q, params(0))) {
      rows.push({ query: q.name, skipped: `no values for its parameters ${q.params.map((p) => p.name).join(', ')}` });
      continue;
    }
    const cold = await timeQuery(q.name, paramsFor(q, params(0)));
    const times = [];
    let results = 0;
    let spent = 0;
    for (let i = 1; i <= RUNS && spent < QUERY_BUDGET_MS; i++) {
      const r = await timeQuery(q.name, paramsFor(q, params(i)));
      times.push(r.ms);
      spent += r.ms;
      results += r.rows;
    }
    const row = { query: q.name, runs: times.length, coldMs: cold.ms, p50: pct(times, 0.5), p99: pct(times, 0.99), meanRows: results / times.length };
    rows.push(row);
    log(`  ${q.name}: p50 ${f1(row.p50)} ms, p99 ${f1(row.p99)} ms over ${row.runs} runs (${f1(row.meanRows)} rows)`);
  }
  return rows;
}

/** Record fetches with autocannon (10 connections, DURATION s) over the given work IRIs. */
function cannon(urls, accept) {
  return new Promise((resolve, reject) => {
    autocannon({ url: BASE, connections: 10, duration: DURATION, requests: urls.map((u) => ({ method: 'GET', path: new URL(u).pathname, headers: { accept } })) }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/**
 * Fires GET `url()` every 10 ms whether or not the last answer came (so a stalled server shows
 * in many samples, not one); `stop()` resolves with the latencies' n, p50, p99, max and errors.
 */
function probe(url, accept) {
  const times = [];
  let errors = 0;
  let dropped = 0;
  const inFlight = new Set();
  const timer = setInterval(() => {
    if (inFlight.size >= PROBES_IN_FLIGHT) return void dropped++;
    const t = performance.now();
    const p = fetch(url(), { headers: { accept } })
      .then(async (res) => {
        await res.arrayBuffer();
        if (!res.ok) errors++;
        times.push(performance.now() - t);
      })
      .catch(() => errors++)
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }, 10);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(inFlight);
      return { n: times.length, p50: pct(times, 0.5), p99: pct(times, 0.99), max: times.length ? Math.max(...times) : NaN, errors, dropped };
    },
  };
}

/** POST /records with a body of record texts; node:http, so a long ingest meets no client time-out. */
function postRecords(body) {
  return new Promise((resolve, reject) => {
    const req = request(`${BASE}records`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Record texts cut into bodies of at most `limit` bytes (each text plus its newline). */
function bodies(texts, limit) {
  const out = [];
  let current = [];
  let size = 0;
  for (const t of texts) {
    const n = Buffer.byteLength(t) + 1;
    if (current.length && size + n > limit) { out.push(current); current = []; size = 0; }
    current.push(t);
    size += n;
  }
  if (current.length) out.push(current);
  return out;
}

/** Posts record texts in sequence, in bodies under the limit; a 413 splits that body in two. Resolves with stored/failed counts. */
async function postAll(texts, limit, tally = { stored: 0, failed: 0, posts: 0, split413: 0, largestBody: 0 }) {
  for (const part of bodies(texts, limit)) {
    const body = `${part.join('\n')}\n`;
    const res = await postRecords(body);
    if (res.status === 413 && part.length > 1) {
      tally.split413++;
      await postAll(part.slice(0, part.length >> 1), limit, tally);
      await postAll(part.slice(part.length >> 1), limit, tally);
      continue;
    }
    if (![200, 207].includes(res.status)) throw new Error(`POST /records: ${res.status} ${res.text.slice(0, 300)}`);
    const j = JSON.parse(res.text);
    tally.stored += j.stored;
    tally.failed += j.failed;
    tally.posts++;
    tally.largestBody = Math.max(tally.largestBody, Buffer.byteLength(body));
  }
  return tally;
}

/** The body limit of POST /records in the built server (its default; the CLI sets no other). */
async function bodyLimit() {
  const { DEFAULT_BODY_LIMIT } = await import(`${ROOT}dist/server/records.js`);
  return DEFAULT_BODY_LIMIT;
}

/** The index snapshot's file name in a data folder (from the build), or undefined for a build without snapshots. */
async function snapshotFileName() {
  try {
    return (await import(`${ROOT}dist/store/snapshot.js`)).SNAPSHOT_FILE;
  } catch {
    return undefined;
  }
}

/** Step 6: 10,000 new records posted while /health and a record are probed; then 10 batches of 1,000. */
async function ingest(count, start, works, limit) {
  const persons = Math.max(1000, 2 * count); // the corpus's pool, so the new records share its people
  const before = await getJson('health');
  const texts = [...generateRecords({ count: INGEST_BODY, startIndex: start, persons })];
  const bodyBytes = texts.reduce((s, t) => s + Buffer.byteLength(t) + 1, 0);
  const overLimit = bodyBytes > limit;
  if (overLimit) log(`  10,000 records are ${f1(MB(bodyBytes))} MB, over the ${f1(MB(limit))} MB body limit: posting bodies of at most ${f1(MB(limit))} MB in sequence`);
  let k = 0;
  const idle = [probe(() => `${BASE}health`, 'application/json'), probe(() => works[k++ % works.length], 'application/ld+json')];
  await sleep(2000);
  const baseline = { health: await idle[0].stop(), record: await idle[1].stop() };
  const probes = [probe(() => `${BASE}health`, 'application/json'), probe(() => works[k++ % works.length], 'application/ld+json')];
  let t = performance.now();
  const big = await postAll(texts, limit);
  const bigSeconds = (performance.now() - t) / 1000;
  const during = { health: await probes[0].stop(), record: await probes[1].stop() };
  log(`  10,000 records in ${big.posts} POST(s): ${f1(bigSeconds)} s; during it /health p99 ${f1(during.health.p99)} ms, record p99 ${f1(during.record.p99)} ms`);

  const batchSeconds = [];
  let batches = { stored: 0, failed: 0, posts: 0, split413: 0, largestBody: 0 };
  t = performance.now();
  for (let b = 0; b < BATCHES; b++) {
    const tb = performance.now();
    batches = await postAll([...generateRecords({ count: BATCH, startIndex: start + INGEST_BODY + b * BATCH, persons })], limit, batches);
    batchSeconds.push((performance.now() - tb) / 1000);
  }
  const batchTotal = (performance.now() - t) / 1000;
  const after = await getJson('health');
  const result = {
    start, bodyLimitBytes: limit, bodyBytes, overLimit,
    big: { ...big, seconds: bigSeconds, recordsPerSecond: big.stored / bigSeconds },
    baseline, during,
    batches: { ...batches, seconds: batchSeconds, totalSeconds: batchTotal, recordsPerSecond: batches.stored / batchTotal },
    recordsBefore: before.records, recordsAfter: after.records,
  };
  log(`  10 × 1,000 records: ${f1(batchTotal)} s, ${int(result.batches.recordsPerSecond)} records/s; records ${int(before.records)} → ${int(after.records)}`);
  return result;
}

/** One size, steps 1–6. */
async function measure(count, flags) {
  const out = { count, jobs: JOBS };
  mkdirSync(WORK, { recursive: true });
  const perRecord = bytesPerRecord(count);
  const corpusFile = `${WORK}corpus-${count}.txt`;
  const data = `${WORK}data-${count}`;
  const markerFile = `${WORK}data-${count}.json`;
  const reuse = Boolean(values.keep) && existsSync(markerFile) && existsSync(data);
  const marker = reuse ? JSON.parse(readFileSync(markerFile, 'utf8')) : { count, nextStart: count };
  const corpusBytes = existsSync(corpusFile) ? statSync(corpusFile).size : perRecord * count;
  checkDisk((existsSync(corpusFile) ? 0 : corpusBytes) + (reuse ? 0 : corpusBytes * DATA_PER_CORPUS_BYTE) + perRecord * 20_000 * 2, `${int(count)} records (corpus ${f1(corpusBytes / 1e9)} GB${existsSync(corpusFile) ? ', cached' : ''}, data folder${reuse ? ', kept' : ''})`);

  const c = await corpus(count);
  out.corpus = { file: c.file, MB: MB(c.bytes), generatedSeconds: c.generatedSeconds };

  if (reuse) {
    out.load = { ...marker.load, reused: true };
    log(`reusing ${data} (loaded earlier in ${f1(marker.load?.seconds)} s)`);
  } else {
    rmSync(data, { recursive: true, force: true });
    rmSync(markerFile, { force: true });
    log(`loading ${int(count)} records${flags.load ? ` with --jobs ${JOBS}` : ' (this catalod load has no --jobs)'}`);
    out.load = await load(data, c.file, flags.load);
    marker.load = out.load;
    log(`  load: ${f1(out.load.seconds)} s`);
  }
  out.dataMB = MB(folderBytes(data));
  if (values.keep) writeFileSync(markerFile, JSON.stringify(marker, null, 2));
  const snapshotTimeout = (values['snapshot-timeout'] ? Number(values['snapshot-timeout']) : Math.max(5, (600 * count) / 1e6)) * 1000;

  // A kept folder holds the last run's snapshot: remove it so that the first start rebuilds from the records.
  const snapshotName = await snapshotFileName();
  if (reuse && snapshotName) rmSync(`${data}/${snapshotName}`, { force: true });
  let { server, jobsFlag } = await serve(data, flags.serve);
  flags.serve = jobsFlag;
  try {
    out.first = { startSeconds: server.startSeconds, startMs: server.listening.startMs, index: server.listening.index, listeningQuads: server.listening.quads };
    log(`first start: ${f1(server.startSeconds)} s until listening (index ${JSON.stringify(server.listening.index ?? 'not reported')}); waiting up to ${f1(snapshotTimeout / 1000)} s for the snapshot`);
    out.first.snapshot = await awaitSnapshot(server, snapshotTimeout);
    Object.assign(out.first, await footprint(server.child.pid));
    log(`  snapshot: ${out.first.snapshot.state}${out.first.snapshot.ms !== undefined ? `, ${f1(out.first.snapshot.ms / 1000)} s, ${f1(MB(out.first.snapshot.bytes ?? NaN))} MB` : ''}; RSS ${int(out.first.rssMB)} MB, ${int(out.first.quads)} quads, ${f1(out.first.bytesPerQuad)} bytes/quad`);
    out.first.stopSeconds = (await stopChild(server.child, 10 * 60_000)).seconds;
    out.first.events = server.events.filter((e) => e.event !== 'listening' && e.event !== 'index').map(({ time, ...e }) => e);

    ({ server } = await serve(data, flags.serve));
    const index = server.listening.index;
    out.restart = { startSeconds: server.startSeconds, startMs: server.listening.startMs, index, from: index?.from ?? 'not reported' };
    log(`restart: ${f1(server.startSeconds)} s until listening, index from ${out.restart.from}${index?.why ? ` (${index.why})` : ''}`);
    // An index rebuilt from the records is written again in the background: let that finish before measuring.
    if (index?.from !== 'snapshot') out.restart.snapshot = await awaitSnapshot(server, snapshotTimeout);
    else await sleep(1000);
    Object.assign(out.restart, await footprint(server.child.pid));
    log(`  RSS ${int(out.restart.rssMB)} MB, ${int(out.restart.quads)} quads, ${f1(out.restart.bytesPerQuad)} bytes/quad`);

    const sample = [...generateRecordData({ count: Math.min(count, 2000), persons: Math.max(1000, 2 * count) })];
    const params = storedQueryParams(BASE, sample);
    log('stored queries');
    out.queries = await storedQueries(params);
    const works = Array.from({ length: 500 }, (_, i) => params(i).workIri);
    out.fetches = {};
    for (const [label, accept] of [['JSON-LD', 'application/ld+json'], ['HTML', 'text/html']]) {
      const r = await cannon(works, accept);
      out.fetches[label] = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
      log(`  record fetch ${label}: ${int(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`);
    }
    log('ingest while serving');
    out.ingest = await ingest(count, marker.nextStart, works, await bodyLimit());
    if (values.keep) writeFileSync(markerFile, JSON.stringify({ ...marker, nextStart: marker.nextStart + INGEST_BODY + BATCHES * BATCH }, null, 2));
    out.afterIngest = { ...memoryOf(server.child.pid) };
    out.restart.stopSeconds = (await stopChild(server.child, 10 * 60_000)).seconds;
  } finally {
    if (server.child.exitCode === null && server.child.signalCode === null) await stopChild(server.child, 30_000);
    if (!values.keep) rmSync(data, { recursive: true, force: true });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

/** `- PASS|MISS text` by a condition; "not measured" when the value is missing. */
const verdict = (ok, text) => `- ${ok ? 'PASS' : 'MISS'} ${text}`;

/** The convert line written by bench:convert, or "not measured". */
function convertLine() {
  const file = `${RESULTS}convert.md`;
  const line = existsSync(file) ? readFileSync(file, 'utf8').split('\n').find((l) => /(PASS|MISS)\s+convert speed-up with 2 jobs/.test(l)) : undefined;
  return line ? `- ${line.replace(/^-\s*/, '').trim()} (from bench/results/convert.md)` : '- not measured: convert speed-up ≥ 1.8× with 2 jobs (no such line in bench/results/convert.md; run npm run bench:convert)';
}

/** The hand-written analysis of the misses (bench/results/scale-notes.md), kept across reruns. */
function notes() {
  const file = `${RESULTS}scale-notes.md`;
  return existsSync(file) ? [readFileSync(file, 'utf8').trimEnd(), ''] : [];
}

/** Why-numbers for a restart: the listening line's `index` object. */
const indexDetail = (r) => (r.index ? `; index ${JSON.stringify(r.index)}` : '; the listening line has no `index` field');

/** The targets section from the per-size results. */
function targets(results) {
  const at = (n) => results.find((r) => r.count === n);
  const lines = [];
  for (const [n, limit] of [[100_000, 3], [1_000_000, 20]]) {
    const r = at(n);
    if (!r) lines.push(`- not measured at this size: restart with a snapshot ≤ ${limit} s at ${int(n)} records`);
    else lines.push(verdict(r.restart.from === 'snapshot' && r.restart.startSeconds <= limit, `restart with a snapshot at ${int(n)} records: ${f2(r.restart.startSeconds)} s until listening (server's own start-up ${int(r.restart.startMs)} ms), index from ${r.restart.from} (target ≤ ${limit} s)${indexDetail(r.restart)}`));
  }
  const big = at(1_000_000);
  lines.push(big ? verdict(big.restart.bytesPerQuad <= 70, `server RSS after restart at 1,000,000 records: ${f1(big.restart.bytesPerQuad)} bytes/quad (${int(big.restart.rssMB)} MB, ${int(big.restart.quads)} quads; target ≤ 70)`) : '- not measured at this size: server RSS ≤ 70 bytes per quad at 1,000,000 records (after restart)');
  const small = at(100_000);
  if (small && big) {
    for (const name of SELECTIVE) {
      const a = small.queries.find((q) => q.query === name);
      const b = big.queries.find((q) => q.query === name);
      if (!a?.p50 || !b?.p50) lines.push(`- not measured: ${name} p50 at both sizes`);
      else lines.push(verdict(b.p50 / a.p50 <= 2, `${name} p50 ${f2(a.p50)} ms at 100,000 → ${f2(b.p50)} ms at 1,000,000: ${f2(b.p50 / a.p50)}× (target ≤ 2×)`));
    }
  } else {
    const [x, y] = [results[0], results[results.length - 1]];
    const seen = x && y && x !== y ? ` (between ${int(x.count)} and ${int(y.count)}: ${SELECTIVE.map((q) => `${q} ${f2(y.queries.find((r) => r.query === q)?.p50 / x.queries.find((r) => r.query === q)?.p50)}×`).join(', ')})` : '';
    lines.push(`- not measured at this size: selective stored queries (${SELECTIVE.join(', ')}) p50 within 2× from 100,000 to 1,000,000 records${seen}`);
  }
  for (const r of results) {
    const { health, record } = r.ingest.during;
    lines.push(verdict(health.p99 < 50 && record.p99 < 50, `at ${int(r.count)} records, during the 10,000-record POST (${r.ingest.big.posts} bodies, ${f1(r.ingest.big.seconds)} s): /health p99 ${f1(health.p99)} ms (max ${f1(health.max)}, ${health.n} probes), record fetch p99 ${f1(record.p99)} ms (max ${f1(record.max)}, ${record.n} probes); idle p99 ${f1(r.ingest.baseline.health.p99)} / ${f1(r.ingest.baseline.record.p99)} ms (target < 50 ms)`));
  }
  for (const r of results) lines.push(verdict(r.ingest.batches.recordsPerSecond >= 2000, `at ${int(r.count)} records, 10 batches of 1,000 posted in sequence: ${int(r.ingest.batches.recordsPerSecond)} records/s (batches ${r.ingest.batches.seconds.map(f2).join(', ')} s; target ≥ 2,000)`));
  if (!results.some((r) => r.count === 100_000) || !results.some((r) => r.count === 1_000_000))
    lines.push(`- not measured at this size: /health and record fetch p99 during POST, and batches of 1,000, at ${[100_000, 1_000_000].filter((n) => !at(n)).map(int).join(' and ')} records`);
  lines.push(convertLine());
  return lines;
}

/** How many probes were not sent because 500 were already waiting (a stalled server). */
const dropped = (p) => (p.dropped ? `, ${p.dropped} not sent: ${PROBES_IN_FLIGHT} already waiting` : '');

/** The Markdown section of one size. */
function sizeSection(r) {
  const snap = (s) => (!s ? '–' : s.state === 'none' ? `none (${s.note})` : s.state === 'written' ? `written: ${f2((s.ms ?? NaN) / 1000)} s, ${f1(MB(s.bytes ?? NaN))} MB (logged ${f1(Math.abs(s.afterListeningSeconds))} s ${s.afterListeningSeconds < 0 ? 'before' : 'after'} listening)` : `${s.state}${s.event?.error ? `: ${s.event.error}` : ''}`);
  const ing = r.ingest;
  return [
    `## ${int(r.count)} records\n`,
    r.load.reused ? `Corpus ${f1(r.corpus.MB)} MB; data folder ${f1(r.dataMB)} MB, kept from earlier runs (it holds the records they ingested, and their snapshot).\n` : `Corpus ${f1(r.corpus.MB)} MB; data folder ${f1(r.dataMB)} MB after load (${f2(r.dataMB / r.corpus.MB)}× the corpus).\n`,
    '| step | value |', '|---|---|',
    `| load (\`catalod load${r.load.jobs ? ` --jobs ${r.load.jobs}` : ''}\`) | ${f1(r.load.seconds)} s${r.load.reused ? ' (earlier run; folder kept)' : ''} |`,
    `| first start (index from ${r.first.index?.from ?? 'records; not reported'}) | ${f2(r.first.startSeconds)} s until listening (server: ${int(r.first.startMs)} ms) |`,
    `| snapshot write after first start | ${snap(r.first.snapshot)} |`,
    `| RSS after first start (+ snapshot) | ${int(r.first.rssMB)} MB, peak ${int(r.first.peakMB)} MB, ${f1(r.first.bytesPerQuad)} bytes/quad |`,
    `| stop (SIGTERM → exit) | ${f2(r.first.stopSeconds)} s |`,
    `| restart | **${f2(r.restart.startSeconds)} s** until listening (server: ${int(r.restart.startMs)} ms), index from **${r.restart.from}**${r.restart.index?.why ? ` (${r.restart.index.why})` : ''} |`,
    ...(r.restart.snapshot ? [`| snapshot write after restart | ${snap(r.restart.snapshot)} |`] : []),
    `| RSS after restart | **${int(r.restart.rssMB)} MB**, peak ${int(r.restart.peakMB)} MB |`,
    `| records / quads | ${int(r.restart.records)} / ${int(r.restart.quads)} |`,
    `| bytes per quad (RSS after restart) | **${f1(r.restart.bytesPerQuad)}** |`,
    '',
    ...(r.restart.index ? [`Restart index: \`${JSON.stringify(r.restart.index)}\`\n`] : []),
    `| stored query | runs | cold | p50 | p99 | rows (mean) |`, '|---|---|---|---|---|---|',
    ...r.queries.map((q) => (q.skipped ? `| ${q.query} | skipped: ${q.skipped} | | | | |` : `| ${q.query} | ${q.runs} | ${f1(q.coldMs)} ms | ${f2(q.p50)} ms | ${f2(q.p99)} ms | ${f1(q.meanRows)} |`)),
    '',
    `| record fetch (autocannon, 10 connections, ${DURATION} s) | requests/s | p50 | p99 | errors |`, '|---|---|---|---|---|',
    ...Object.entries(r.fetches).map(([k, x]) => `| ${k} | ${int(x.rps)} | ${x.p50} ms | ${x.p99} ms | ${x.errors} |`),
    '',
    `Ingest while serving (new records from index ${int(ing.start)}; POST /records body limit ${f1(MB(ing.bodyLimitBytes))} MB):\n`,
    ing.overLimit ? `- 10,000 records are ${f1(MB(ing.bodyBytes))} MB, **over the body limit**: posted as ${ing.big.posts} bodies of at most ${f1(MB(ing.big.largestBody))} MB, in sequence${ing.big.split413 ? ` (${ing.big.split413} answered 413 and were split)` : ''}` : `- 10,000 records in one body of ${f1(MB(ing.bodyBytes))} MB`,
    `- 10,000 records: ${f1(ing.big.seconds)} s (${int(ing.big.recordsPerSecond)} records/s), ${ing.big.stored} stored, ${ing.big.failed} failed`,
    `- probes every 10 ms during it: /health p50 ${f1(ing.during.health.p50)} / p99 **${f1(ing.during.health.p99)}** / max ${f1(ing.during.health.max)} ms (${ing.during.health.n} probes, ${ing.during.health.errors} errors${dropped(ing.during.health)}); record fetch p50 ${f1(ing.during.record.p50)} / p99 **${f1(ing.during.record.p99)}** / max ${f1(ing.during.record.max)} ms (${ing.during.record.n} probes, ${ing.during.record.errors} errors${dropped(ing.during.record)})`,
    `- the same probes idle (2 s before): /health p99 ${f1(ing.baseline.health.p99)} ms, record fetch p99 ${f1(ing.baseline.record.p99)} ms`,
    `- 10 batches of 1,000 in sequence: ${f1(ing.batches.totalSeconds)} s, **${int(ing.batches.recordsPerSecond)} records/s** (${ing.batches.stored} stored, ${ing.batches.failed} failed)`,
    `- records ${int(ing.recordsBefore)} → ${int(ing.recordsAfter)}; server RSS after ingest ${int(MB(r.afterIngest.rss))} MB (peak ${int(MB(r.afterIngest.peak))} MB)`,
    '',
  ].join('\n');
}

/** Writes scale.md and scale.json from the results so far. */
function write(results, flags, started) {
  const trial = values.sizes !== DEFAULT_SIZES;
  const md = [
    '# catalod at scale (issue 12)\n',
    ...(trial ? [`**Trial run at ${sizes.map(int).join(' and ')} records, not the benchmark sizes (100,000 and 1,000,000): \`npm run bench:scale\` regenerates this file.**\n`] : []),
    `Generated ${started} on ${cpus().length} cores (availableParallelism ${JOBS}), ${f1(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}. Corpus: bench/generate.mjs (seed 1, page format, default person pool). \`--jobs ${JOBS}\` passed to load: ${flags.load ? 'yes' : 'no (the CLI has no --jobs)'}, to serve: ${flags.serve ? 'yes' : 'no (the CLI has no --jobs)'}. Stored queries: 1 cold run + up to ${RUNS} in sequence. RSS is VmRSS from /proc.\n`,
    ...results.map(sizeSection),
    '## Targets\n',
    ...targets(results),
    '',
    ...notes(),
  ].join('\n');
  writeFileSync(`${RESULTS}scale.md`, md);
  writeFileSync(`${RESULTS}scale.json`, `${JSON.stringify({ generated: started, trial, node: process.version, cores: cpus().length, jobs: JOBS, flags, sizes, results }, null, 2)}\n`);
}

const started = new Date().toISOString();
const flags = { load: cliOptions('load').has('--jobs'), serve: cliOptions('serve').has('--jobs') };
log(`sizes ${sizes.map(int).join(', ')}; work folder ${WORK}; --jobs ${JOBS} for load: ${flags.load}, serve: ${flags.serve}`);
const results = [];
for (const count of sizes) {
  log(`=== ${int(count)} records ===`);
  results.push(await measure(count, flags));
  write(results, flags, started);
}
console.log(`\n${targets(results).join('\n')}\n\nwritten to bench/results/scale.md and bench/results/scale.json`);
