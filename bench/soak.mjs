#!/usr/bin/env node
/**
 * npm run bench:soak — the server under a sustained mixed load while records are written.
 *
 * `catalod load` stores a generated corpus (bench/generate.mjs, seed 1) in a fresh data folder;
 * `catalod serve` starts on it with a write token. Then, for the whole run (60 s):
 * - one autocannon instance (50 connections) cycles through a mix of record fetches (JSON-LD
 *   and HTML of the corpus's works) and stored queries with parameters drawn from the corpus;
 * - a posting loop POSTs new records (the generator's records after the corpus: same seed and
 *   person pool, indexes N, N+1, …, so no id collides) in small batches to /records, keeping
 *   every record the server acknowledged;
 * - the server's RSS is read from /proc every second.
 * Afterwards every acknowledged record's work IRI is fetched (each must answer 200).
 *
 * Criteria (the report says PASS or MISS for each; the script exits 0 either way):
 * 1. zero errors: no connection error, timeout or 5xx; no non-2xx answer (a 404 for a record
 *    fetch is a failure too), in the mix and in the posting loop;
 * 2. RSS stable: the largest RSS over the last 30 s at most 5% above the RSS at the 30 s mark
 *    before the end;
 * 3. every acknowledged posted record present at the end.
 * Writes bench/results/soak.md.
 *
 *   node bench/soak.mjs [--records 10000] [--duration 60] [--connections 50] [--batch 5] [--interval 250]
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { generateRecordData, renderPage, writeCorpus } from './generate.mjs';
import { memoryOf, pct, startServer } from './lib.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TMP = `${ROOT}bench/tmp/`;
const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '50' },
    batch: { type: 'string', default: '5' },
    interval: { type: 'string', default: '250' },
  },
});
const COUNT = Number(values.records);
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const BATCH = Number(values.batch);
/** Milliseconds between the start of one POST and the next (less when a POST took longer). */
const INTERVAL = Number(values.interval);
/** The window over which RSS must be stable, seconds before the end. */
const WINDOW = Math.min(30, DURATION / 2);
const RSS_LIMIT = 0.05;
const PORT = 3927;
const BASE = `http://127.0.0.1:${PORT}/`;
const TOKEN = randomBytes(24).toString('hex');
// The corpus's person pool (generate.mjs default for COUNT records), used for the posted records too.
const PERSONS = Math.max(1000, 2 * COUNT);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const n = (x) => x.toLocaleString('en');
const ms = (x) => (Number.isNaN(x) ? '–' : `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`);
const workIri = (doi) => `${BASE}work/doi/${doi.toLowerCase()}`;

const rssMB = (pid) => memoryOf(pid).rss / 1048576;

/** What the server said that matters: its 5xx answers (from its request log, by path) and any other output. */
const server5xx = {};
const serverProblems = [];
/** When the server last wrote anything (a request log line, mostly). */
let lastOutput = 0;
function watchOutput(stream, label) {
  let rest = '';
  stream.on('data', (chunk) => {
    lastOutput = performance.now();
    const text = rest + chunk;
    const cut = text.lastIndexOf('\n');
    rest = text.slice(cut + 1);
    if (cut < 0) return;
    const lines = text.slice(0, cut);
    // Cheap pre-filter: request log lines come by thousands a second.
    if (label === 'stdout' && !lines.includes('"status":5') && !/^(?!\{"time")/m.test(lines)) return;
    for (const line of lines.split('\n')) {
      if (label === 'stdout' && line.startsWith('{"time"')) {
        if (!line.includes('"status":5')) continue;
        try {
          const entry = JSON.parse(line);
          if (entry.status >= 500) {
            const key = `${entry.status} ${entry.method} ${entry.path}`;
            server5xx[key] = (server5xx[key] ?? 0) + 1;
            if (server5xx[key] === 1 && serverProblems.length < 50) serverProblems.push(`server log (first of its kind): ${line}`);
          }
          continue;
        } catch {}
      }
      if (line.trim() && serverProblems.length < 50) serverProblems.push(`server ${label}: ${line.slice(0, 500)}`);
    }
  });
}

/** Starts the server; resolves with the child once it listens, its output watched from then on. */
async function serve(data) {
  const { child } = await startServer(['--data', data, '--port', String(PORT), '--host', '127.0.0.1', '--base', BASE, '--token', TOKEN], { stderr: 'pipe' });
  watchOutput(child.stdout, 'stdout');
  watchOutput(child.stderr, 'stderr');
  child.once('exit', (code, signal) => stopping || serverProblems.unshift(`the server exited by itself during the soak (${signal ?? `code ${code}`})`));
  return child;
}

let stopping = false;
/** Stops the server (SIGTERM, then SIGKILL after 10 s). */
async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  stopping = true;
  // 'close': the process has exited and its output has been read to the end.
  const exited = new Promise((r) => child.once('close', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The request mix: JSON-LD and HTML fetches of corpus works, and every stored query, interleaved. */
function requestMix() {
  const sample = [...generateRecordData({ count: Math.min(COUNT, 2000), persons: PERSONS })];
  const mix = [];
  sample.forEach((r, i) => {
    const work = workIri(r.doi);
    const path = new URL(work).pathname;
    const q = (name, params) => ({ kind: `query ${name}`, path: `/queries/${name}?${new URLSearchParams(params)}`, accept: 'application/sparql-results+json' });
    const queries = [
      q('works-by-author-name', { name: r.authors[0].split(',')[0] }),
      q('work-by-identifier', { id: r.doi }),
      q('works-by-journal-year', { journal: r.journal, year: String(r.year) }),
      q('authors-of-work', { work }),
      q('coauthors', { person: `${work}/person/${r.authors[0].normalize('NFD').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')}` }), // the first author's folded name
      q('authors-with-orcid', {}),
      q('works-by-title-word', { word: r.title.split(/[^A-Za-z]+/).sort((a, b) => b.length - a.length)[0] }),
    ];
    // Per record: 2 JSON-LD, 2 HTML, 1 stored query (rotating over the seven): 40/40/20.
    mix.push(
      { kind: 'fetch JSON-LD', path, accept: 'application/ld+json' },
      { kind: 'fetch HTML', path, accept: 'text/html' },
      queries[i % queries.length],
      { kind: 'fetch JSON-LD', path: new URL(workIri(sample[(i * 7919) % sample.length].doi)).pathname, accept: 'application/ld+json' },
      { kind: 'fetch HTML', path: new URL(workIri(sample[(i * 104729) % sample.length].doi)).pathname, accept: 'text/html' },
    );
  });
  return mix;
}

/** Answers and acknowledged records so far, for the samples taken every second. */
const progress = { responses: 0, acked: 0 };

/** Runs autocannon over the mix; per-kind status counts, latencies and a few failing paths are kept. */
function cannon(mix, byKind, latencies, failures) {
  let next = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: BASE,
        connections: CONNECTIONS,
        duration: DURATION,
        timeout: 10,
        requests: [
          {
            method: 'GET',
            setupRequest: (req, context) => {
              const item = mix[next++ % mix.length];
              context.item = item;
              context.started = performance.now();
              return { ...req, path: item.path, headers: { accept: item.accept } };
            },
            onResponse: (status, _body, context) => {
              const item = context.item;
              progress.responses++;
              (latencies[item.kind] ??= []).push(performance.now() - context.started);
              const counts = (byKind[item.kind] ??= {});
              counts[status] = (counts[status] ?? 0) + 1;
              if ((status < 200 || status > 299) && failures.length < 20) failures.push(`${status} GET ${item.path} (${item.accept})`);
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on('error', () => {});
  });
}

/** POSTs new records in batches until `until`; returns what was acknowledged and what went wrong. */
async function postLoop(until) {
  const acked = [];
  const statuses = {};
  const problems = [];
  const latencies = [];
  let errors = 0;
  let sent = 0;
  let requests = 0;
  const fresh = generateRecordData({ count: 1_000_000, startIndex: COUNT, persons: PERSONS });
  while (BATCH > 0 && performance.now() < until) {
    const started = performance.now();
    const texts = [];
    const expected = [];
    for (let i = 0; i < BATCH; i++) {
      const r = fresh.next().value;
      texts.push(renderPage(r));
      expected.push({ id: r.id, work: workIri(r.doi) });
    }
    sent += BATCH;
    requests++;
    try {
      const res = await fetch(`${BASE}records`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain; charset=utf-8' },
        body: `${texts.join('\n')}\n`,
        signal: AbortSignal.timeout(30_000),
      });
      const body = await res.text();
      latencies.push(performance.now() - started);
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status >= 200 && res.status < 300) {
        const { records } = JSON.parse(body);
        for (const [i, o] of records.entries()) {
          if (o.ok) {
            acked.push({ id: o.id, work: o.work, expected: expected[i] });
            progress.acked++;
          }
          else if (problems.length < 20) problems.push(`record ${expected[i].id} refused: ${o.error}`);
        }
        if (res.status !== 200 && problems.length < 20) problems.push(`POST /records ${res.status}: ${body.slice(0, 300)}`);
      } else if (problems.length < 20) problems.push(`POST /records ${res.status}: ${body.slice(0, 300)}`);
    } catch (e) {
      errors++;
      if (problems.length < 20) problems.push(`POST /records failed: ${e.message}`);
    }
    const wait = INTERVAL - (performance.now() - started);
    if (wait > 0) await sleep(Math.min(wait, until - performance.now()));
  }
  return { acked, statuses, problems, latencies, errors, sent, requests };
}

/** GETs every acknowledged record's work IRI (8 at a time); returns those not answered 200. */
async function verify(acked) {
  const missing = [];
  let i = 0;
  const one = async () => {
    while (i < acked.length) {
      const a = acked[i++];
      let status;
      try {
        const res = await fetch(a.work, { headers: { accept: 'application/ld+json' } });
        await res.arrayBuffer();
        status = res.status;
      } catch (e) {
        status = e.message;
      }
      if (status !== 200 || a.work !== a.expected.work || a.id !== a.expected.id) missing.push({ ...a, status });
    }
  };
  await Promise.all(Array.from({ length: 8 }, one));
  return missing;
}

// ---------------------------------------------------------------------------------------------

mkdirSync(TMP, { recursive: true });
mkdirSync(`${ROOT}bench/results`, { recursive: true });
const corpus = `${TMP}corpus-${COUNT}.txt`;
if (!existsSync(corpus)) {
  console.log(`generating ${n(COUNT)} records into ${corpus}`);
  const out = createWriteStream(corpus);
  await writeCorpus({ count: COUNT }, out);
  await new Promise((r, j) => out.end((e) => (e ? j(e) : r())));
}
const data = `${TMP}soak-data-${COUNT}`;
rmSync(data, { recursive: true, force: true });
console.log(`loading ${corpus} into ${data}`);
const load = spawnSync(process.execPath, [`${ROOT}dist/cli.js`, 'load', '--data', data, '--base', BASE, corpus], { encoding: 'utf8' });
if (load.status !== 0) throw new Error(`catalod load exited ${load.status}: ${load.stderr}`);

let child;
const onSignal = async () => {
  await stop(child);
  process.exit(130);
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

let report;
try {
  child = await serve(data);
  console.log(`server ${child.pid} listening on ${BASE}; soak for ${DURATION} s at ${CONNECTIONS} connections`);
  const before = await (await fetch(`${BASE}health`)).json();
  const mix = requestMix();

  // Sanity: every kind of request in the mix answers 200 before the load starts.
  for (const item of mix.slice(0, 35)) {
    const res = await fetch(`${BASE}${item.path.slice(1)}`, { headers: { accept: item.accept } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${item.kind} ${item.path}: ${res.status} before the soak`);
  }

  const samples = [];
  const t0 = performance.now();
  const sample = () => samples.push({ t: (performance.now() - t0) / 1000, mb: rssMB(child.pid), ...progress });
  sample();
  const sampler = setInterval(() => {
    try {
      sample();
    } catch {}
  }, 1000);
  const byKind = {};
  const kindLatencies = {};
  const failures = [];
  const [result, posted] = await Promise.all([cannon(mix, byKind, kindLatencies, failures), postLoop(t0 + DURATION * 1000)]);
  clearInterval(sampler);
  try {
    sample();
  } catch {}
  const seconds = samples.at(-1).t;

  const missing = await verify(posted.acked);
  const after = await (await fetch(`${BASE}health`)).json();
  // The server answers what it had queued when the client stopped (queries until their deadline):
  // wait until it has been quiet for 2 s, then stop it before the counts are read, so every
  // answer it logged is in and none is a shutdown's.
  const drainStart = performance.now();
  while (performance.now() - lastOutput < 2000 && performance.now() - drainStart < 40_000) await sleep(250);
  await stop(child);

  // --- criteria ---
  const count = (kind, test) => Object.entries(byKind[kind] ?? {}).reduce((s, [status, c]) => s + (test(Number(status)) ? c : 0), 0);
  const kinds = Object.keys(byKind).sort();
  const total = (test) => kinds.reduce((s, k) => s + count(k, test), 0);
  const mix4xx = total((s) => s >= 400 && s < 500);
  const mix5xx = total((s) => s >= 500);
  const mixOther = total((s) => s < 200 || (s >= 300 && s < 400));
  const post5xx = Object.entries(posted.statuses).reduce((s, [k, c]) => s + (Number(k) >= 500 ? c : 0), 0);
  const postNon2xx = Object.entries(posted.statuses).reduce((s, [k, c]) => s + (Number(k) < 200 || Number(k) > 299 ? c : 0), 0);
  const postPartial = posted.statuses[207] ?? 0;
  const logged5xx = Object.values(server5xx).reduce((a, b) => a + b, 0);
  const errorsOk = logged5xx === 0 && result.errors === 0 && result.timeouts === 0 && result.non2xx === 0 && mix4xx + mix5xx + mixOther === 0 && posted.errors === 0 && postNon2xx === 0 && postPartial === 0;

  const mark = seconds - WINDOW;
  const atMark = samples.reduce((best, s) => (Math.abs(s.t - mark) < Math.abs(best.t - mark) ? s : best));
  const window = samples.filter((s) => s.t > atMark.t);
  const maxWindow = window.reduce((m, s) => (s.mb > m.mb ? s : m), atMark);
  const growth = maxWindow.mb / atMark.mb - 1;
  const rssOk = growth <= RSS_LIMIT;

  const recordsOk = posted.acked.length > 0 && missing.length === 0;
  const healthDelta = after.records - before.records;

  const mb = (x) => `${Math.round(x)} MB`;
  // One row per 5 s: RSS, the mix's answers per second over those 5 s, records acknowledged so far.
  const rows = [samples[0]];
  for (const s of samples) if (s.t - rows.at(-1).t >= 4.5) rows.push(s);
  if (rows.at(-1) !== samples.at(-1)) {
    if (samples.at(-1).t - rows.at(-1).t < 2) rows.pop();
    rows.push(samples.at(-1));
  }
  report = [
    '# catalod soak test',
    '',
    `Generated ${new Date().toISOString()} on ${cpus().length} cores, Node ${process.version}. Corpus: ${n(COUNT)} records from bench/generate.mjs (seed 1), loaded with \`catalod load\`; ` +
      `${DURATION} s of autocannon at ${CONNECTIONS} connections on \`catalod serve\` while a loop POSTs new records to /records in batches of ${BATCH} (one every ${INTERVAL} ms at most).`,
    '',
    `- ${errorsOk ? 'PASS' : 'MISS'} zero errors: autocannon ${result.errors} errors, ${result.timeouts} timeouts, ${mix4xx} 4xx, ${mix5xx} 5xx${mixOther ? `, ${mixOther} other non-2xx` : ''}; ` +
      `POST /records ${posted.errors} errors, ${postNon2xx - post5xx} 4xx, ${post5xx} 5xx, ${postPartial} partial (207); ` +
      `the server's log: ${logged5xx} 5xx answers${logged5xx ? ` (${Object.entries(server5xx).sort((a, b) => b[1] - a[1]).map(([k, c]) => `${c}× ${k}`).join(', ')})` : ''}`,
    `- ${rssOk ? 'PASS' : 'MISS'} RSS stable: ${mb(atMark.mb)} at ${atMark.t.toFixed(0)} s, at most ${mb(maxWindow.mb)} (at ${maxWindow.t.toFixed(0)} s) over the last ${WINDOW} s: ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}% (limit +${RSS_LIMIT * 100}%)`,
    `- ${recordsOk ? 'PASS' : 'MISS'} every posted record present: ${n(posted.acked.length)} acknowledged, ${missing.length} missing (work IRI not 200); /health records ${n(before.records)} → ${n(after.records)} (+${n(healthDelta)})`,
    '',
    '## Load',
    '',
    `- ${n(result.requests.total)} requests in ${result.duration.toFixed(1)} s: **${Math.round(result.requests.average)} requests/s** (mean), latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`,
    `- POST /records: ${n(posted.requests)} requests, ${n(posted.acked.length)} of ${n(posted.sent)} records acknowledged (${(posted.acked.length / seconds).toFixed(1)} records/s), latency p50 ${ms(pct(posted.latencies, 0.5))}, p99 ${ms(pct(posted.latencies, 0.99))}; statuses ${JSON.stringify(posted.statuses)}`,
    `- index: ${n(before.quads)} → ${n(after.quads)} quads`,
    '',
    `| request (answered; ${result.timeouts} more timed out at 10 s) | count | 2xx | 4xx | 5xx | p50 | p99 |`,
    '|---|---|---|---|---|---|---|',
    ...kinds.map((k) => `| ${k} | ${n(count(k, () => true))} | ${n(count(k, (s) => s >= 200 && s < 300))} | ${n(count(k, (s) => s >= 400 && s < 500))} | ${n(count(k, (s) => s >= 500))} | ${ms(pct(kindLatencies[k], 0.5))} | ${ms(pct(kindLatencies[k], 0.99))} |`),
    '',
    '## Over time',
    '',
    '| time | server RSS | answers/s (last 5 s) | records posted |',
    '|---|---|---|---|',
    ...rows.map((s, i) => `| ${s.t.toFixed(0)} s | ${mb(s.mb)} | ${i === 0 ? '' : Math.round((s.responses - rows[i - 1].responses) / (s.t - rows[i - 1].t))} | ${n(s.acked)} |`),
    '',
  ];
  const problems = [...failures.map((f) => `mix: ${f}`), ...posted.problems.map((p) => `post: ${p}`), ...missing.slice(0, 20).map((m) => `missing: ${m.id} ${m.work} → ${m.status}${m.work !== m.expected.work ? ` (expected ${m.expected.work})` : ''}`), ...serverProblems];
  if (problems.length) report.push('## Problems', '', ...problems.map((p) => `- ${p}`), '');
} finally {
  await stop(child);
}
writeFileSync(`${ROOT}bench/results/soak.md`, report.join('\n'));
console.log(`\n${report.join('\n')}\nwritten to bench/results/soak.md`);
