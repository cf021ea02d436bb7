#!/usr/bin/env node
/**
 * npm run bench:store — catalod in front of a SPARQL store (Virtuoso, Debian's package): how fast
 * records reach the store (`catalod sync`, SPARQL Update) against the store's own bulk loader fed
 * by `catalod export`, what catalod adds to a stored query's latency over the same query sent to
 * Virtuoso directly, record fetches through a read-only front, and the memory of both processes.
 * Writes bench/results/store.md (a table per step, the targets as PASS/MISS lines) and
 * bench/results/store.json (the raw numbers).
 *
 *   node bench/store.mjs [--count 100000] [--runs 120] [--duration 10] [--port 3929]
 *
 * Steps (numbered as in the issue; the bulk load runs before the sync so that only one Virtuoso
 * runs at a time and each is measured alone):
 *   1. generate N records (bench/generate.mjs, seed 1, page format); `catalod load --jobs 2`;
 *   3. `catalod export --shards S`; Virtuoso B on a fresh database: ld_dir + rdf_loader_run +
 *      checkpoint (isql), then the merged graph in one SPARQL INSERT; B stopped;
 *   2. Virtuoso A on a fresh database: `catalod sync --all` through /sparql-auth (HTTP Digest);
 *   4. `catalod serve --store A --read-only`: every stored query through catalod (HTTP) and the
 *      exact text catalod sends, POSTed to A directly, interleaved run by run; p50/p99 each;
 *   5. work pages as JSON-LD and HTML through catalod (autocannon, 8 connections);
 *   6. RSS of catalod serve and of virtuoso-t.
 * Every IRI is minted under http://localhost:3000/ (load, sync, export and serve all get
 * `--base http://localhost:3000/`); the front listens on --port. Temporary data is in
 * bench/tmp/store/ and removed at the end, on error too.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { generateRecordData } from './generate.mjs';
import { memoryOf, pct, startServer, stopChild, storedQueryParams } from './lib.mjs';
import * as virtuoso from './peers/virtuoso.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_COUNT = 100_000;
const { values } = parseArgs({
  options: {
    count: { type: 'string', default: String(DEFAULT_COUNT) },
    runs: { type: 'string', default: '120' },
    duration: { type: 'string', default: '10' },
    port: { type: 'string', default: '3929' },
    'query-budget': { type: 'string', default: '90' },
    'sync-budget': { type: 'string', default: '0' },
    'sync-until': { type: 'string' },
    'report-only': { type: 'boolean', default: false },
  },
});
/** --report-only: write store.md again from store.json (after the report code changed), measuring nothing. */
const saved = values['report-only'] ? JSON.parse(readFileSync(`${ROOT}bench/results/store.json`, 'utf8')) : undefined;
const COUNT = saved ? saved.count : Number(values.count);
if (!Number.isInteger(COUNT) || COUNT < 1) throw new RangeError(`--count must be a positive integer, not ${values.count}`);
const RUNS = saved?.runs ?? Number(values.runs);
const DURATION = saved?.duration ?? Number(values.duration);
const PORT = Number(values.port);
const QUERY_BUDGET_MS = Number(values['query-budget']) * 1000;
/** Most seconds the sync may take (0: no limit); past it, it is stopped, its rate read from the store, and steps 4–6 run against B. */
let SYNC_BUDGET = Number(values['sync-budget']);
/** Or: stop the sync at this wall-clock time (ISO, e.g. 2026-12-04T17:30:00Z); the budget is set when the sync starts. */
const SYNC_UNTIL = values['sync-until'] ? Date.parse(values['sync-until']) : undefined;
const BASE = 'http://localhost:3000/'; // the base of every minted IRI (catalod's default)
const FRONT = `http://127.0.0.1:${PORT}/`; // where the read-only front listens
const JOBS = 2;
const CONNECTIONS = 8;
const ROW_CAP = 10_000;
const TARGET_MS = 1; // "catalod adds ≤ 1 ms at p50"
const SYSTEM_TRIPLES = 5611; // a fresh Virtuoso database's own graphs (dialect.ts)
const WORK = `${ROOT}bench/tmp/store/`;
const RESULTS = `${ROOT}bench/results/`;
const TRIAL = COUNT !== DEFAULT_COUNT;
const BUFFERS = Math.max(30_000, Math.round(1.7 * COUNT)); // ≈ 170,000 at 100,000 records

const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const MB = (bytes) => bytes / 1048576;
const f1 = (x) => (x === undefined || x === null || Number.isNaN(x) ? '–' : x.toFixed(1));
const f2 = (x) => (x === undefined || x === null || Number.isNaN(x) ? '–' : x.toFixed(2));
const int = (x) => (x === undefined || x === null || Number.isNaN(x) ? '–' : Math.round(x).toLocaleString('en'));

// Every child this script starts is killed when it exits, however it exits.
const children = new Set();
function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
const stores = new Set(); // running Virtuosos (their stop())
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  for (const s of stores) try { process.kill(s.pid, 'SIGKILL'); } catch { /* gone */ }
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => process.exit(130));

/** Runs `node ARGS`, resolving with its exit code, seconds and the tails of its output. */
function runNode(args, env = process.env, budgetSeconds = 0) {
  const t = performance.now();
  const child = track(spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env }));
  let stdout = '';
  let stderr = '';
  let stopped = false;
  const timer = budgetSeconds > 0 ? setTimeout(() => { stopped = true; child.kill('SIGKILL'); }, budgetSeconds * 1000) : undefined;
  child.stdout.on('data', (c) => (stdout = (stdout + c).slice(-8192)));
  child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-8192)));
  return new Promise((resolve) => child.once('exit', (code, signal) => { clearTimeout(timer); resolve({ code: code ?? signal, seconds: (performance.now() - t) / 1000, stdout, stderr, stopped }); }));
}

async function mustRun(what, args, env, budgetSeconds = 0) {
  const r = await runNode(args, env, budgetSeconds);
  if (r.code !== 0 && !r.stopped) throw new Error(`${what} exited ${r.code}: ${r.stderr.slice(-2000)}`);
  return r;
}

function folderBytes(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) total += e.isDirectory() ? folderBytes(`${dir}/${e.name}`) : statSync(`${dir}/${e.name}`).size;
  return total;
}

/** The number in an isql answer to a one-value SPARQL SELECT. */
function isqlNumber(out) {
  return Number(/^\s*(\d+)\s*$/m.exec(out)?.[1] ?? NaN);
}

/** Quad counts of a Virtuoso: all graphs, the record graphs, the merged graph (isql, no HTTP time limit). */
function storeCounts(v) {
  const total = isqlNumber(v.sql('SPARQL SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } };'));
  const records = isqlNumber(v.sql(`SPARQL SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "${BASE}record/")) };`));
  const merged = isqlNumber(v.sql(`SPARQL SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${BASE}graph/merged> { ?s ?p ?o } };`));
  const graphs = isqlNumber(v.sql(`SPARQL SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "${BASE}record/")) };`));
  return { total, underBase: total - SYSTEM_TRIPLES, records, merged, recordGraphs: graphs };
}

/** POSTs a query (form-encoded) to a SPARQL endpoint; the whole body read; ms and rows. */
async function direct(endpoint, text) {
  const t = performance.now();
  const res = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' }, body: new URLSearchParams({ query: text }) });
  const body = await res.text();
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`direct query ${res.status}: ${body.slice(0, 300)}`);
  return { ms, rows: JSON.parse(body).results?.bindings?.length ?? 0 };
}

/** GET FRONT/queries/NAME?params as SPARQL JSON; the whole body read; ms and rows. */
async function viaCatalod(name, params) {
  const url = `${FRONT}queries/${name}?${new URLSearchParams(params)}`;
  const t = performance.now();
  const res = await fetch(url, { headers: { accept: 'application/sparql-results+json' } });
  const body = await res.text();
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`catalod ${name} ${res.status}: ${body.slice(0, 300)}`);
  return { ms, rows: JSON.parse(body).results?.bindings?.length ?? 0, truncated: res.headers.get('x-catalod-truncated') };
}

/** Parameters for a stored query from the drawn set: by its name, else by its parameters' names. */
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

/** Step 4: every stored query through catalod and directly, interleaved; p50/p99 and row agreement. */
async function storedQueries(endpoint) {
  const { loadStoredQueries, bindParams } = await import(`${ROOT}dist/server/queries.js`);
  const { checkQuery } = await import(`${ROOT}dist/query/validate.js`);
  const { rewrite } = await import(`${ROOT}dist/remote/forward.js`);
  const { preamble } = await import(`${ROOT}dist/remote/dialect.js`);
  const dialect = { name: 'virtuoso', merged: `${BASE}graph/merged` };
  /** The exact text catalod sends for a stored query with these parameters. */
  const textFor = (q, values) => {
    const bound = bindParams(q, values);
    if (!bound.ok) throw new Error(`${q.name}: ${bound.message}`);
    const checked = checkQuery(q.query);
    if (!checked.ok) throw new Error(`${q.name}: ${checked.message}`);
    return preamble(dialect, false) + rewrite(checked.ast, { query: q.query, mediaType: 'application/sparql-results+json', bindings: bound.bindings, rowCap: ROW_CAP }, { base: BASE, dialect }, ROW_CAP);
  };
  const sample = [...generateRecordData({ count: Math.min(COUNT, 2000), persons: Math.max(1000, 2 * COUNT) })];
  const params = storedQueryParams(BASE, sample);
  const rows = [];
  for (const q of loadStoredQueries()) {
    if (!paramsFor(q, params(0))) {
      rows.push({ query: q.name, skipped: `no values for ${q.params.map((p) => p.name).join(', ')}` });
      continue;
    }
    try {
      rows.push(await measureQuery(q));
    } catch (error) {
      // One query the store cannot answer (e.g. past Virtuoso's MaxQueryExecutionTime) must not stop the others.
      rows.push({ query: q.name, skipped: `failed: ${error.message.split('\n')[0].slice(0, 200)}` });
      log(`  ${q.name}: failed: ${error.message.split('\n')[0]}`);
    }
  }
  return { rows, works: Array.from({ length: 200 }, (_, i) => params(i).workIri) };

  async function measureQuery(q) {
    // Cold: direct first (so that catalod's cold run is not the one that warms the store), then catalod.
    const coldDirect = await direct(endpoint, textFor(q, paramsFor(q, params(0))));
    const coldCatalod = await viaCatalod(q.name, paramsFor(q, params(0)));
    const c = [];
    const d = [];
    const mismatches = [];
    let rowsCatalod = 0;
    let rowsDirect = 0;
    let capped = 0;
    let spent = 0;
    for (let i = 1; i <= RUNS && spent < QUERY_BUDGET_MS; i++) {
      const values = paramsFor(q, params(i));
      const text = textFor(q, values);
      // Alternate which goes first, so neither is always the one that finds the store's cache warm.
      const [a, b] = i % 2 ? [await viaCatalod(q.name, values), await direct(endpoint, text)] : (([y, x]) => [x, y])([await direct(endpoint, text), await viaCatalod(q.name, values)]);
      c.push(a.ms);
      d.push(b.ms);
      spent += a.ms + b.ms;
      rowsCatalod += a.rows;
      rowsDirect += Math.min(b.rows, ROW_CAP);
      if (b.rows > ROW_CAP) capped++;
      if (a.rows !== Math.min(b.rows, ROW_CAP)) mismatches.push({ run: i, params: values, catalod: a.rows, direct: b.rows });
    }
    const row = {
      query: q.name, runs: c.length,
      coldCatalodMs: coldCatalod.ms, coldDirectMs: coldDirect.ms,
      catalod: { p50: pct(c, 0.5), p99: pct(c, 0.99), mean: c.reduce((s, x) => s + x, 0) / c.length },
      direct: { p50: pct(d, 0.5), p99: pct(d, 0.99), mean: d.reduce((s, x) => s + x, 0) / d.length },
      meanRows: rowsCatalod / c.length, meanRowsDirect: rowsDirect / d.length, capped,
      mismatches: mismatches.length, mismatchExamples: mismatches.slice(0, 3),
      sampleText: textFor(q, paramsFor(q, params(1))),
    };
    row.diffP50 = row.catalod.p50 - row.direct.p50;
    row.diffP99 = row.catalod.p99 - row.direct.p99;
    log(`  ${q.name}: catalod p50 ${f2(row.catalod.p50)} / p99 ${f2(row.catalod.p99)} ms; direct p50 ${f2(row.direct.p50)} / p99 ${f2(row.direct.p99)} ms; +${f2(row.diffP50)} ms at p50 over ${row.runs} runs (${f1(row.meanRows)} rows${mismatches.length ? `, ${mismatches.length} row-count mismatches` : ''})`);
    return row;
  }
}

/** Step 5: work pages through the front with autocannon. */
function cannon(paths, accept) {
  return new Promise((resolve, reject) => {
    autocannon({ url: FRONT, connections: CONNECTIONS, duration: DURATION, requests: paths.map((p) => ({ method: 'GET', path: p, headers: { accept } })) }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

/** The embedded-mode record-fetch numbers at 100,000 from bench/results/scale.md, for comparison. */
function embeddedFetches() {
  const file = `${RESULTS}scale.md`;
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const section = text.split(/^## /m).find((s) => s.startsWith('100,000 records'));
  if (!section) return undefined;
  const out = {};
  for (const label of ['JSON-LD', 'HTML']) {
    const m = new RegExp(`^\\| ${label} \\| ([\\d,]+) \\| (\\d+) ms \\| (\\d+) ms \\| (\\d+) \\|`, 'm').exec(section);
    if (m) out[label] = { rps: Number(m[1].replace(/,/g, '')), p50: Number(m[2]), p99: Number(m[3]), errors: Number(m[4]) };
  }
  const q = {};
  for (const m of section.matchAll(/^\| ([a-z-]+) \| (\d+) \| [\d.]+ ms \| ([\d.]+) ms \| ([\d.]+) ms \| ([\d.]+) \|$/gm)) q[m[1]] = { p50: Number(m[3]), p99: Number(m[4]), rows: Number(m[5]) };
  return { fetches: out, queries: q, generated: /^Generated (\S+)/m.exec(text)?.[1] };
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const verdict = (ok, text) => `- ${ok ? 'PASS' : 'MISS'} ${text}`;

function targets(r) {
  const lines = [];
  for (const q of r.queries?.rows ?? []) {
    if (q.skipped) { lines.push(`- not measured: ${q.query} (${q.skipped})`); continue; }
    lines.push(verdict(q.diffP50 <= TARGET_MS, `${q.query}: catalod adds ${f2(q.diffP50)} ms at p50 (catalod ${f2(q.catalod.p50)} ms, Virtuoso directly ${f2(q.direct.p50)} ms, ${q.runs} runs; target ≤ ${TARGET_MS} ms)`));
  }
  if (!r.queries) lines.push('- not measured: catalod adds ≤ 1 ms at p50 (the run stopped before step 4)');
  const mism = (r.queries?.rows ?? []).filter((q) => q.mismatches);
  if (r.queries) lines.push(mism.length ? `- row counts differ (catalod vs direct) in ${mism.map((q) => `${q.query} (${q.mismatches} of ${q.runs} runs)`).join(', ')}` : '- row counts agree (catalod vs direct, every run of every query, the direct count cut at the 10,000-row cap as catalod cuts it)');
  return lines;
}

function whyMisses(r) {
  const misses = (r.queries?.rows ?? []).filter((q) => !q.skipped && q.diffP50 > TARGET_MS);
  if (!misses.length) return [];
  const out = ['## Why the misses (what was measured)\n'];
  for (const q of misses) {
    out.push(`- **${q.query}**: catalod p50 ${f2(q.catalod.p50)} ms vs direct ${f2(q.direct.p50)} ms (+${f2(q.diffP50)} ms; p99 ${f2(q.catalod.p99)} vs ${f2(q.direct.p99)} ms), ${f1(q.meanRows)} rows on average.${q.meanRows >= 100 ? ` The answer is large: catalod parses the store's whole SPARQL JSON on the query worker, turns it into terms (rowOf), writes it again (AnswerWriter) and copies it to the HTTP thread, so this part grows with the rows (${f2((q.diffP50 * 1000) / Math.max(q.meanRows, 1))} µs per row if it were all of it).` : ''}`);
  }
  out.push('', 'What every stored query pays on top of the store (each run through catalod): the extra HTTP request to catalod (Hono, negotiation, the request log line), the hand-off to a query worker and back (postMessage both ways), on the worker the parse and check of the stored query text with sparqljs, the rewrite and sparqljs\'s Generator, and reading the store\'s SPARQL JSON into terms and writing it again. The HTTP and thread hops cost scheduling latency on 2 busy cores (virtuoso-t, the client, catalod\'s two threads and another engineer\'s tests share them), so part of the difference is this machine; the parse + rewrite alone measured about 1 ms per query in-process here (see the notes, if any), which is the whole 1 ms budget before any hop.', '');
  return out;
}

function write(r, state) {
  const L = [];
  L.push('# catalod in front of Virtuoso (bench:store)\n');
  if (TRIAL) L.push(`**Trial run at ${int(COUNT)} records, not the benchmark size (100,000): \`npm run bench:store\` regenerates this file.**\n`);
  if (state !== 'done') L.push(`**Incomplete: ${state}.**\n`);
  L.push(`Generated ${r.started} on ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${f1(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${r.virtuosoVersion ?? 'Virtuoso'} (Debian package, NumberOfBuffers ${int(BUFFERS)}). N = ${int(COUNT)} records (bench/generate.mjs, seed 1, page format). Base of every IRI: ${BASE}.\n`);
  L.push('**Timings are noisy**: the machine has 2 cores, and another engineer was running tests on it at the same time (and the benchmark client, catalod and virtuoso-t share those 2 cores), so single numbers can move by tens of percent between runs; read the differences, not the last digit.\n');
  if (r.load) {
    L.push('## Step 1: generate and load\n', '| step | value |', '|---|---|');
    L.push(`| generate (${int(COUNT)} records) | ${f1(r.generate.seconds)} s, ${f1(r.generate.MB)} MB |`);
    L.push(`| \`catalod load --jobs ${JOBS}\` | **${f1(r.load.seconds)} s** (${int(COUNT / r.load.seconds)} records/s), data folder ${f1(r.load.dataMB)} MB |`);
    L.push('');
  }
  if (r.sync) {
    const s = r.sync;
    L.push('## Step 2: `catalod sync --all` into a fresh Virtuoso (SPARQL Update over /sparql-auth, HTTP Digest)\n');
    if (s.partial) L.push(`**The sync was stopped at its time budget (${int(s.budget)} s, \`--sync-budget\`) to report within the deadline**: the rates below are what reached the store in that time (counted in the store with isql: record graphs and their quads), and the time for all ${int(COUNT)} records is extrapolated from them (≈ ${f1(s.extrapolatedSeconds / 60)} min). Steps 4–6 ran against Virtuoso B (the same records, bulk-loaded in step 3, with the same merged graph).\n`);
    L.push('| what | value |', '|---|---|');
    L.push(`| sync line (stderr) | \`${s.line}\` |`);
    L.push(`| wall time (process) | ${f1(s.seconds)} s |`);
    L.push(`| records/s | **${int(s.recordsPerSecond)}** |`);
    L.push(`| record-graph quads/s (sync line's quads) | **${int(s.quadsPerSecond)}** |`);
    L.push(`| quads the store received per second (record graphs + merged graph) | ${int(s.storeQuadsPerSecond)} |`);
    if (s.partial) L.push(`| all ${int(COUNT)} records at this rate (extrapolated) | ${f1(s.extrapolatedSeconds)} s (${f1(s.extrapolatedSeconds / 60)} min) |`);
    L.push(`| store after sync: all graphs / minus ${int(SYSTEM_TRIPLES)} system triples | ${int(s.counts.total)} / ${int(s.counts.underBase)} |`);
    L.push(`| record graphs: graphs / quads | ${int(s.counts.recordGraphs)} / ${int(s.counts.records)} |`);
    L.push(`| merged graph \`${BASE}graph/merged\` | ${int(s.counts.merged)} quads (${f2(s.counts.merged / s.counts.records)}× the record graphs' quads: a triple stated in several records is kept once) |`);
    L.push('');
  }
  if (r.bulk) {
    const b = r.bulk;
    L.push('## Step 3: `catalod export` + Virtuoso bulk loader (a second fresh Virtuoso)\n', '| what | value |', '|---|---|');
    L.push(`| \`catalod export --jobs ${JOBS}\` | ${f1(b.exportSeconds)} s: ${int(b.manifest.records)} records, ${int(b.manifest.quads)} quads, ${b.shards} shard(s), ${f1(b.shardMB)} MB gzip |`);
    L.push(`| \`ld_dir(…'*.nq.gz'…); rdf_loader_run(); checkpoint;\` | **${f1(b.loadSeconds)} s → ${int(b.quadsPerSecond)} quads/s** (${int(b.counts.records)} quads in ${int(b.counts.recordGraphs)} record graphs; loader errors: ${b.loadErrors || 'none'}) |`);
    L.push(`| merged graph: one \`SPARQL INSERT { GRAPH <…/graph/merged> {…} } WHERE { GRAPH ?g {…} FILTER(STRSTARTS(…"…/record/")) }\` | **${f1(b.mergeSeconds)} s** (${int(b.counts.merged)} quads, ${int(b.counts.merged / b.mergeSeconds)} quads/s; run after \`log_enable(3,1)\`: row autocommit, no transaction log, as Virtuoso advises for large updates) |`);
    L.push(`| bulk load + merged graph | ${f1(b.loadSeconds + b.mergeSeconds)} s; with the export ${f1(b.exportSeconds + b.loadSeconds + b.mergeSeconds)} s |`);
    if (r.sync) {
      const syncTotal = r.sync.partial ? r.sync.extrapolatedSeconds : r.sync.seconds;
      L.push(`| sync vs bulk loader (record-graph quads/s) | sync ${int(r.sync.quadsPerSecond)} vs loader ${int(b.quadsPerSecond)}: **the loader is ${f1(b.quadsPerSecond / r.sync.quadsPerSecond)}× faster** |`);
      L.push(`| sync vs export + load + merged graph (end to end, same result in the store) | ${f1(syncTotal)} s${r.sync.partial ? ' (extrapolated)' : ''} vs ${f1(b.exportSeconds + b.loadSeconds + b.mergeSeconds)} s: **${f1(syncTotal / (b.exportSeconds + b.loadSeconds + b.mergeSeconds))}×** |`);
    }
    L.push('');
  }
  if (r.queries) {
    L.push(`## Step 4: stored queries, through catalod (\`serve --store … --read-only\`) and the same text sent to Virtuoso directly\n`);
    L.push(`Store: Virtuoso ${r.queryStore}.\n`);
    L.push(`Each query: 1 cold run each way (direct first), then up to ${RUNS} runs with parameters drawn from the corpus (storedQueryParams), catalod and direct interleaved (alternating which goes first), each timed from the request to the last byte of the body. Through catalod: \`GET /queries/NAME?…\` with Accept application/sparql-results+json. Directly: the text catalod sends (\`preamble(dialect, false) + rewrite(checkQuery(q).ast, …)\` from dist/, the merged graph as the default graph, the row cap as LIMIT 10001) POSTed form-encoded as \`query=\` to Virtuoso's /sparql. (catalod also sends \`timeout=30000\`, Virtuoso's own deadline; the direct requests do not.)\n`);
    L.push('| stored query | runs | catalod p50 | catalod p99 | direct p50 | direct p99 | catalod − direct p50 | p99 | cold (catalod / direct) | rows (mean) | row-count mismatches |', '|---|---|---|---|---|---|---|---|---|---|---|');
    for (const q of r.queries.rows) {
      if (q.skipped) { L.push(`| ${q.query} | skipped: ${q.skipped} | | | | | | | | | |`); continue; }
      L.push(`| ${q.query} | ${q.runs} | ${f2(q.catalod.p50)} ms | ${f2(q.catalod.p99)} ms | ${f2(q.direct.p50)} ms | ${f2(q.direct.p99)} ms | **${q.diffP50 >= 0 ? '+' : ''}${f2(q.diffP50)} ms** | ${q.diffP99 >= 0 ? '+' : ''}${f2(q.diffP99)} ms | ${f1(q.coldCatalodMs)} / ${f1(q.coldDirectMs)} ms | ${f1(q.meanRows)} | ${q.mismatches} |`);
    }
    const emb = r.embedded?.queries;
    if (emb && Object.keys(emb).length) {
      L.push('', `For comparison, the embedded index at 100,000 records (bench/results/scale.md, generated ${r.embedded.generated}): ${Object.entries(emb).map(([k, v]) => `${k} p50 ${f2(v.p50)} / p99 ${f2(v.p99)} ms`).join('; ')}.`);
    }
    L.push('');
  }
  if (r.fetches) {
    L.push(`## Step 5: record fetches through the read-only front (autocannon, ${CONNECTIONS} connections, ${DURATION} s each, ${r.fetches.works} work pages from the corpus)\n`);
    L.push('| work page | requests/s | p50 | p99 | non-2xx + errors |', '|---|---|---|---|---|');
    for (const [k, x] of Object.entries(r.fetches.results)) L.push(`| ${k} | **${int(x.rps)}** | ${x.p50} ms | ${x.p99} ms | ${x.errors} |`);
    const emb = r.embedded?.fetches;
    if (emb && Object.keys(emb).length) {
      L.push('', `Embedded mode at 100,000 records (bench/results/scale.md, autocannon with 10 connections, 10 s): ${Object.entries(emb).map(([k, x]) => `${k} ${int(x.rps)} requests/s, p50 ${x.p50} ms, p99 ${x.p99} ms`).join('; ')}.`);
      const ratio = (k) => (emb[k] && r.fetches.results[k] ? `${k} ${f1(emb[k].rps / r.fetches.results[k].rps)}×` : undefined);
      L.push(`Embedded is ${['JSON-LD', 'HTML'].map(ratio).filter(Boolean).join(', ')} the requests/s here. In front of the store a work page not yet rendered costs two queries to Virtuoso (the record graphs whose primary topic is the work, then a CONSTRUCT of those graphs: src/remote/catalog.ts describe()), and the representation cache (src/server/resources.ts) reads each description inside its \`Turns\` queue, which runs one lookup or render at a time for the whole server: built for the embedded index, where a lookup is a few in-memory microseconds, it makes the store's round trips one at a time too, so 8 connections wait on each other (p50 ≈ 8 × one lookup). autocannon's connections also walk the same list of ${r.fetches.works} works in step, so the 8 ask for the same uncached page at once and each does its own lookup (no coalescing). The cache is cleared whenever the front re-reads the store's counts (every 30 s: \`generation\`).`);
    }
    L.push(`\nLatencies from autocannon are whole milliseconds.\n`);
  }
  if (r.memory) {
    L.push('## Step 6: memory\n', '| process | RSS | peak RSS |', '|---|---|---|');
    L.push(`| catalod serve --store --read-only (after steps 4–5) | **${int(MB(r.memory.catalod.rss))} MB** | ${int(MB(r.memory.catalod.peak))} MB |`);
    L.push(`| virtuoso-t ${r.queryStore.slice(0, 1)} (after steps 4–5) | **${int(MB(r.memory.virtuoso.rss))} MB** | ${int(MB(r.memory.virtuoso.peak))} MB |`);
    if (r.bulk?.memory) L.push(`| virtuoso-t B (after bulk load + merged graph) | ${int(MB(r.bulk.memory.rss))} MB | ${int(MB(r.bulk.memory.peak))} MB |`);
    L.push(`\nVirtuoso's RSS is mostly its page buffers (NumberOfBuffers ${int(BUFFERS)} × 8 KB = ${int((BUFFERS * 8192) / 1048576)} MB at most) and grows as they fill.\n`);
  }
  L.push('## Targets\n', ...targets(r), '');
  L.push(...whyMisses(r));
  if (r.notes?.length) L.push('## Notes\n', ...r.notes.map((n) => `- ${n}`), '');
  writeFileSync(`${RESULTS}store.md`, `${L.join('\n').trimEnd()}\n`);
  writeFileSync(`${RESULTS}store.json`, `${JSON.stringify({ ...r, state, trial: TRIAL, count: COUNT, runs: RUNS, duration: DURATION, node: r.node ?? process.version, cores: cpus().length, buffers: BUFFERS }, null, 2)}\n`);
}

// ---------------------------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------------------------

if (saved) {
  write(saved, saved.state);
  console.log('bench/results/store.md written again from store.json');
  process.exit(0);
}
if (!virtuoso.available()) throw new Error('virtuoso-t and isql-vt are needed (Debian: apt-get install virtuoso-opensource)');
const r = { started: new Date().toISOString(), notes: [] };
const corpus = `${WORK}corpus-${COUNT}.txt`;
const data = `${WORK}data`;
const shards = `${WORK}shards`;
const env = { ...process.env, CATALOD_STORE_PASSWORD: 'dba' }; // not in the arguments (ps)
let A;
let B;
let server;
let state = 'running';
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
try {
  // Step 1
  log(`generating ${int(COUNT)} records`);
  let t = await mustRun('generate.mjs', [`${ROOT}bench/generate.mjs`, '--count', String(COUNT), '--seed', '1', '--format', 'page', '--out', corpus]);
  r.generate = { seconds: t.seconds, MB: MB(statSync(corpus).size) };
  log(`loading (catalod load --jobs ${JOBS})`);
  t = await mustRun('catalod load', [`${ROOT}dist/cli.js`, 'load', '--jobs', String(JOBS), '--data', data, '--base', BASE, corpus]);
  r.load = { seconds: t.seconds, dataMB: MB(folderBytes(data)), output: (t.stdout + t.stderr).trim().split('\n').slice(-2).join('\n') };
  log(`  load: ${f1(r.load.seconds)} s`);
  rmSync(corpus, { force: true }); // the sample for the queries is regenerated in memory
  write(r, 'stopped after step 1');

  // Step 3 (before step 2: one Virtuoso at a time)
  log('export');
  t = await mustRun('catalod export', [`${ROOT}dist/cli.js`, 'export', '--data', data, '--shards', shards, '--base', BASE, '--jobs', String(JOBS)]);
  const manifest = JSON.parse(readFileSync(`${shards}/manifest.json`, 'utf8'));
  const shardFiles = readdirSync(shards).filter((f) => f.endsWith('.nq.gz'));
  r.bulk = { exportSeconds: t.seconds, exportLine: t.stderr.trim().split('\n').pop(), manifest: { records: manifest.records, quads: manifest.quads, skipped: manifest.skipped?.length ?? 0 }, shards: shardFiles.length, shardMB: MB(shardFiles.reduce((s, f) => s + statSync(`${shards}/${f}`).size, 0)) };
  log(`  ${r.bulk.exportLine} (${f1(t.seconds)} s)`);
  log('Virtuoso B: bulk load');
  B = await virtuoso.start(`${WORK}virtuoso-b`, shards.replace(/\/$/, ''), { buffers: BUFFERS });
  stores.add(B);
  const ver = B.sql("SELECT sys_stat('st_dbms_ver');").match(/^\s*(\d\d\.\d\d\.\d+)/m)?.[1];
  if (ver) r.virtuosoVersion = `Virtuoso ${ver}`;
  let t0 = performance.now();
  B.sql(`ld_dir('${shards}', '*.nq.gz', 'http://example.org/unused'); rdf_loader_run(); checkpoint;`);
  r.bulk.loadSeconds = (performance.now() - t0) / 1000;
  const errs = B.sql('SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;');
  r.bulk.loadErrors = errs.split('\n').filter((l) => l.includes(shards)).join('; ');
  t0 = performance.now();
  B.sql(`log_enable(3,1); SPARQL INSERT { GRAPH <${BASE}graph/merged> { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "${BASE}record/")) }; checkpoint;`);
  r.bulk.mergeSeconds = (performance.now() - t0) / 1000;
  r.bulk.counts = storeCounts(B);
  r.bulk.quadsPerSecond = r.bulk.counts.records / r.bulk.loadSeconds;
  r.bulk.memory = memoryOf(B.pid);
  log(`  bulk load ${f1(r.bulk.loadSeconds)} s (${int(r.bulk.quadsPerSecond)} quads/s), merged graph ${f1(r.bulk.mergeSeconds)} s; counts ${JSON.stringify(r.bulk.counts)}`);
  if (r.bulk.counts.records !== manifest.quads) r.notes.push(`the bulk-loaded store holds ${int(r.bulk.counts.records)} quads in record graphs, the export manifest says ${int(manifest.quads)}`);
  rmSync(shards, { recursive: true, force: true });
  write(r, 'stopped after step 3');

  // Step 2
  log('Virtuoso A: catalod sync --all');
  A = await virtuoso.start(`${WORK}virtuoso-a`, WORK.replace(/\/$/, ''), { buffers: BUFFERS });
  stores.add(A);
  if (SYNC_UNTIL !== undefined) SYNC_BUDGET = Math.max(60, Math.round((SYNC_UNTIL - Date.now()) / 1000));
  if (SYNC_BUDGET) log(`  sync budget ${SYNC_BUDGET} s`);
  const update = A.endpoint.replace(/\/sparql$/, '/sparql-auth');
  t = await mustRun('catalod sync', [`${ROOT}dist/cli.js`, 'sync', '--all', '--data', data, '--base', BASE, '--store', A.endpoint, '--store-update', update, '--store-user', 'dba'], env, SYNC_BUDGET);
  if (t.stopped) {
    // Stopped at its budget: what reached the store in that time (the last batch may be cut: SIGKILL mid-request).
    const counts = storeCounts(A);
    r.sync = { partial: true, seconds: t.seconds, budget: SYNC_BUDGET, records: counts.recordGraphs, quads: counts.records, recordsPerSecond: counts.recordGraphs / t.seconds, quadsPerSecond: counts.records / t.seconds, counts };
    r.sync.storeQuadsPerSecond = (counts.records + counts.merged) / t.seconds;
    r.sync.line = `(stopped after ${f1(t.seconds)} s: ${int(counts.recordGraphs)} of ${int(COUNT)} records in the store)`;
    r.sync.extrapolatedSeconds = COUNT / r.sync.recordsPerSecond;
    log(`  sync stopped at its budget: ${int(counts.recordGraphs)} records, ${int(counts.records)} quads in ${f1(t.seconds)} s; store ${JSON.stringify(counts)}`);
  } else {
    const line = t.stderr.split('\n').find((l) => l.startsWith('synced '));
    const m = /^synced (\d+) record\(s\), (\d+) quads in ([\d.]+) s/.exec(line ?? '');
    if (!m) throw new Error(`no sync line in: ${t.stderr.slice(-1000)}`);
    const [records, quads, secs] = [Number(m[1]), Number(m[2]), Number(m[3])];
    r.sync = { line, seconds: t.seconds, reportedSeconds: secs, records, quads, recordsPerSecond: records / secs, quadsPerSecond: quads / secs };
    r.sync.counts = storeCounts(A);
    r.sync.storeQuadsPerSecond = (r.sync.counts.records + r.sync.counts.merged) / secs;
    log(`  ${line}; store ${JSON.stringify(r.sync.counts)}`);
    if (records !== COUNT) r.notes.push(`sync sent ${int(records)} records of ${int(COUNT)}`);
    if (r.sync.counts.records !== quads) r.notes.push(`after sync the record graphs hold ${int(r.sync.counts.records)} quads; the sync line says ${int(quads)} (the difference is triples a record states twice, which a graph keeps once, or sent quads the store refused)`);
    if (r.bulk && r.bulk.counts.records !== r.sync.counts.records) r.notes.push(`record-graph quads differ between sync (${int(r.sync.counts.records)}) and the bulk load (${int(r.bulk.counts.records)})`);
    if (r.bulk && r.bulk.counts.merged !== r.sync.counts.merged) r.notes.push(`merged-graph quads differ between sync (${int(r.sync.counts.merged)}) and the bulk load's INSERT (${int(r.bulk.counts.merged)})`);
    if (r.bulk && r.bulk.counts.records === r.sync.counts.records && r.bulk.counts.merged === r.sync.counts.merged) r.notes.push(`sync and export + bulk load + INSERT give the same store: ${int(r.sync.counts.records)} record-graph quads and ${int(r.sync.counts.merged)} merged-graph quads in both`);
  }
  write(r, 'stopped after step 2');
  // Steps 4–6 run against the synced store A, or against B (the same records, bulk-loaded) when the sync was stopped.
  const target = r.sync.partial ? B : A;
  const other = r.sync.partial ? A : B;
  await other.stop();
  stores.delete(other);
  if (other === A) A = undefined; else B = undefined;
  r.queryStore = r.sync.partial ? 'B (bulk-loaded: the sync was stopped at its budget, so A holds only part of the records)' : 'A (filled by catalod sync)';
  r.queryStorePid = target.pid;

  // Step 4
  log(`catalod serve --store ${target.endpoint} --read-only on port ${PORT}, in front of ${r.queryStore}`);
  server = await startServer(['--store', target.endpoint, '--read-only', '--port', String(PORT), '--base', BASE], { stderr: 'pipe' });
  track(server.child);
  server.child.stdout.resume();
  server.child.stderr.resume();
  r.serveStartSeconds = server.startSeconds;
  r.embedded = embeddedFetches();
  log('stored queries');
  const sq = await storedQueries(target.endpoint);
  r.queries = { rows: sq.rows };
  write(r, 'stopped after step 4');

  // Step 5
  const paths = sq.works.map((w) => new URL(w).pathname);
  for (const accept of ['application/ld+json', 'text/html']) {
    const res = await fetch(`${FRONT}${paths[0].slice(1)}`, { headers: { accept } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET ${paths[0]} as ${accept}: ${res.status} ${body.slice(0, 300)}`);
    if (accept === 'application/ld+json' && !body.includes(sq.works[0])) r.notes.push(`the JSON-LD of ${sq.works[0]} does not name the work`);
  }
  r.fetches = { works: paths.length, results: {} };
  for (const [label, accept] of [['JSON-LD', 'application/ld+json'], ['HTML', 'text/html']]) {
    const res = await cannon(paths, accept);
    r.fetches.results[label] = { rps: res.requests.average, p50: res.latency.p50, p99: res.latency.p99, mean: res.latency.average, errors: res.errors + res.non2xx, requests: res.requests.total };
    log(`  ${label}: ${int(res.requests.average)} req/s, p50 ${res.latency.p50} ms, p99 ${res.latency.p99} ms, ${res.errors + res.non2xx} errors`);
  }

  // Step 6
  r.memory = { catalod: memoryOf(server.child.pid), virtuoso: memoryOf(target.pid) };
  log(`  RSS catalod ${int(MB(r.memory.catalod.rss))} MB, virtuoso-t ${int(MB(r.memory.virtuoso.rss))} MB`);
  state = 'done';
} catch (error) {
  state = `failed: ${error.message.split('\n')[0].slice(0, 300)}`;
  r.error = error.stack;
  console.error(error);
  process.exitCode = 1;
} finally {
  if (server) await stopChild(server.child, 20_000);
  for (const v of [A, B]) if (v) { await v.stop().catch(() => undefined); stores.delete(v); }
  write(r, state);
  rmSync(WORK, { recursive: true, force: true });
}
if (state === 'done') console.log(`\n${targets(r).join('\n')}\n\nwritten to bench/results/store.md and bench/results/store.json`);
