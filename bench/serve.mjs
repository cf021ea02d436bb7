#!/usr/bin/env node
/**
 * npm run bench:serve — the server at 10,000 and 100,000 generated seed-like records.
 *
 * Per size: `catalod load` stores the corpus (timed); `catalod serve` starts on it (start-up =
 * until it listens, the index rebuilt from the store); the server's RSS; each stored query run
 * 30 times with parameters drawn from the corpus (p50/p99); record fetches with autocannon
 * (JSON-LD and HTML, 10 connections, 10 s) at p50/p99. Writes bench/results/serve.md.
 *
 *   node bench/serve.mjs [--sizes 10000,100000] [--runs 30] [--duration 10]
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { generateRecordData, writeCorpus } from './generate.mjs';
import { memoryOf, pct, startServer, timeStoredQuery } from './lib.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TMP = `${ROOT}bench/tmp/`;
const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000' }, runs: { type: 'string', default: '30' }, duration: { type: 'string', default: '10' } } });
const sizes = values.sizes.split(',').map(Number);
const RUNS = Number(values.runs);
const PORT = 3917;
const BASE = `http://127.0.0.1:${PORT}/`;

const ms = (x) => `${x.toFixed(1)} ms`;

/** RSS (current and peak) of a process in MB. */
function rss(pid) {
  const { rss: now, peak } = memoryOf(pid);
  return { rssMB: Math.round(now / 1048576), peakMB: Math.round(peak / 1048576) };
}

/** Starts the server on the corpus's data; resolves with the child and its start-up time once it listens. */
async function serve(data) {
  const started = await startServer(['--data', data, '--port', String(PORT), '--base', BASE]);
  started.child.stdout.resume();
  return started;
}

/** Parameters for each stored query, drawn from the corpus's own records. */
function parameterSets(count) {
  // The same person pool as the corpus (generate.mjs: max(1000, 2 × count)), so the records are the same.
  const sample = [...generateRecordData({ count: Math.min(count, 2000), persons: Math.max(1000, 2 * count) })];
  const pick = (i) => sample[(i * 7919) % sample.length];
  return (i) => {
    const r = pick(i);
    const [family] = r.authors[0].split(',');
    return {
      'works-by-author-name': { name: family },
      'work-by-identifier': { id: r.doi },
      'works-by-journal-year': { journal: r.journal, year: String(r.year) },
      'authors-of-work': { work: `${BASE}work/doi/${r.doi.toLowerCase()}` },
      coauthors: { person: `${BASE}work/doi/${r.doi.toLowerCase()}/person/${r.authors[0].normalize('NFD').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')}` }, // the first author's folded name
      'authors-with-orcid': {},
      // A word of the record's own title (the longest, so it is not a stop word).
      'works-by-title-word': { word: r.title.split(/[^A-Za-z]+/).sort((a, b) => b.length - a.length)[0] },
      workIri: `${BASE}work/doi/${r.doi.toLowerCase()}`,
    };
  };
}

/** Times one stored query run. */
const timeQuery = (name, params) => timeStoredQuery(BASE, name, params);

function cannon(urls, accept) {
  return new Promise((resolve, reject) => {
    autocannon({ url: BASE, connections: 10, duration: Number(values.duration), requests: urls.map((u) => ({ method: 'GET', path: new URL(u).pathname, headers: { accept } })) }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

mkdirSync(TMP, { recursive: true });
const report = [`# catalod serve benchmark\n\nGenerated ${new Date().toISOString()} on ${(await import('node:os')).cpus().length} cores, Node ${process.version}. Corpus: bench/generate.mjs (seed 1).\n`];
for (const count of sizes) {
  const corpus = `${TMP}corpus-${count}.txt`;
  if (!existsSync(corpus)) await writeCorpus({ count }, createWriteStream(corpus));
  const data = `${TMP}serve-data-${count}`;
  rmSync(data, { recursive: true, force: true });
  let t = performance.now();
  const load = spawnSync(process.execPath, [`${ROOT}dist/cli.js`, 'load', '--data', data, '--base', BASE, corpus], { encoding: 'utf8' });
  if (load.status !== 0) throw new Error(load.stderr);
  const loadSeconds = (performance.now() - t) / 1000;
  const { child, startSeconds } = await serve(data);
  try {
    const health = await (await fetch(`${BASE}health`)).json();
    const memory = rss(child.pid);
    const params = parameterSets(count);
    const rows = [];
    for (const name of ['works-by-author-name', 'work-by-identifier', 'works-by-journal-year', 'authors-of-work', 'coauthors', 'authors-with-orcid', 'works-by-title-word']) {
      await timeQuery(name, params(0)[name]); // cold
      const times = [];
      let results = 0;
      for (let i = 1; i <= RUNS; i++) {
        const r = await timeQuery(name, params(i)[name]);
        times.push(r.ms);
        results += r.rows;
      }
      rows.push({ query: name, p50: pct(times, 0.5), p99: pct(times, 0.99), meanRows: results / RUNS });
    }
    const works = Array.from({ length: 500 }, (_, i) => params(i).workIri);
    const fetches = {};
    for (const [label, accept] of [['JSON-LD', 'application/ld+json'], ['HTML', 'text/html']]) {
      const r = await cannon(works, accept);
      fetches[label] = { rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
    }
    const after = rss(child.pid);
    report.push(`## ${count.toLocaleString('en')} records\n`,
      `- load (\`catalod load\`): ${loadSeconds.toFixed(1)} s; start-up with the index rebuilt: **${startSeconds.toFixed(1)} s** (target at 100,000: under 60 s)`,
      `- index: ${health.quads.toLocaleString('en')} quads; server RSS ${memory.rssMB} MB after start (${Math.round((memory.rssMB * 1048576) / health.quads)} bytes per quad), peak ${after.peakMB} MB\n`,
      '| stored query | p50 | p99 | rows (mean) |', '|---|---|---|---|',
      ...rows.map((r) => `| ${r.query} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.meanRows.toFixed(1)} |`),
      '\n| record fetch (autocannon, 10 connections) | requests/s | p50 | p99 | errors |', '|---|---|---|---|---|',
      ...Object.entries(fetches).map(([k, f]) => `| ${k} | ${f.rps} | ${f.p50} ms | ${f.p99} ms | ${f.errors} |`), '');
    console.log(report.slice(-rows.length - Object.keys(fetches).length - 8).join('\n'));
  } finally {
    child.kill('SIGTERM');
  }
}
writeFileSync(`${ROOT}bench/results/serve.md`, report.join('\n'));
console.log(`\nwritten to bench/results/serve.md`);
