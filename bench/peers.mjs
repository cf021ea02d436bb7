#!/usr/bin/env node
/**
 * npm run bench:peers — catalod against Oxigraph and Virtuoso on the same data (issue 5).
 *
 * Needs Debian's virtuoso-opensource (`apt-get install -y virtuoso-opensource`: virtuoso-t and
 * isql-vt); without it Virtuoso is skipped with a message. Oxigraph is the npm `oxigraph` package
 * (WebAssembly, in process; its memory cannot exceed 4 GB).
 *
 * Per size: the generated corpus (bench/generate.mjs, reused from bench/tmp/) is converted once to
 * N-Quads; the merged triples (graph names dropped) are what Oxigraph and Virtuoso hold, so all
 * four answer over the same default graph: catalod's is the RDF merge of its record graphs.
 *   - catalod engine: a child process builds a CompactStore from the N-Quads grouped by graph and
 *     runs Comunica over it (bench/peers/inproc.mjs);
 *   - Oxigraph: a child process loads the N-Triples into an in-memory Store;
 *   - catalod HTTP: `catalod load` of the corpus, `catalod serve`; stored queries at
 *     /queries/NAME, the others at /sparql;
 *   - Virtuoso HTTP: virtuoso-t on a fresh database (bench/peers/virtuoso.mjs), bulk-loaded, /sparql.
 * Every query runs once cold then RUNS times warm (fewer when they add up past 30 s); answers are
 * normalised and compared across the four; mismatches are reported. Writes bench/results/peers.md
 * and bench/results/peers.svg (warm p50 by query, log scale).
 *
 *   node bench/peers.mjs [--sizes 10000,100000] [--runs 30] [--timeout 60]
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Parser } from 'n3';
import { writeCorpus } from './generate.mjs';
import { querySet, normalise, rowString, tripleString } from './peers/queries.mjs';
import * as virtuoso from './peers/virtuoso.mjs';
import { renderSvg } from './peers/svg.mjs';
import { memoryOf, pct, startServer } from './lib.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TMP = `${ROOT}bench/tmp/`;
const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,100000' }, runs: { type: 'string', default: '30' }, timeout: { type: 'string', default: '60' } } });
const sizes = values.sizes.split(',').map(Number);
const RUNS = Number(values.runs);
const TIMEOUT_MS = Number(values.timeout) * 1000;
const PORT = 3918;
const BASE = `http://127.0.0.1:${PORT}/`;
const SYSTEMS = ['catalod engine', 'Oxigraph', 'catalod HTTP', 'Virtuoso HTTP'];

const fmt = (x) => (x === undefined || Number.isNaN(x) ? '–' : x >= 100 ? `${Math.round(x)}` : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const mb = (bytes) => Math.round(bytes / 1048576);
const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const vmRss = (pid) => memoryOf(pid).rss;

/** The N-Quads as N-Triples (graph names dropped): what the merged-graph stores load. */
async function toTriples(nq, nt) {
  const out = createWriteStream(nt);
  const rl = createInterface({ input: createReadStream(nq, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let buf = [];
  for await (const line of rl) {
    buf.push(line.replace(/ <[^<>" ]*> \.$/, ' .'));
    if (buf.length >= 20000) { if (!out.write(`${buf.join('\n')}\n`)) await once(out, 'drain'); buf = []; }
  }
  out.end(buf.length ? `${buf.join('\n')}\n` : '');
  await once(out, 'finish');
}

/** Runs one in-process engine in a child; restarts it past a query that hangs beyond the timeout. */
async function inProcess(engine, file, queriesFile, queries) {
  const results = {};
  let loaded;
  let from = 0;
  while (from < queries.length) {
    const child = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=16384', `${ROOT}bench/peers/inproc.mjs`, engine, file, queriesFile, String(RUNS), String(from)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let current = from;
    let timer;
    const arm = (ms) => { clearTimeout(timer); timer = setTimeout(() => { results[queries[current].name] = { timeout: true }; child.kill('SIGKILL'); }, ms); };
    arm(30 * 60_000); // loading
    let failed;
    for await (const line of createInterface({ input: child.stdout })) {
      const m = JSON.parse(line);
      if (m.type === 'failed') failed = m.error;
      if (m.type === 'loaded') { loaded ??= m; log(`${engine}: loaded ${m.held.toLocaleString('en')} in ${m.seconds.toFixed(1)} s, RSS ${mb(m.rss)} MB`); arm(TIMEOUT_MS); }
      if (m.type === 'progress') { current = m.i; arm(TIMEOUT_MS); }
      if (m.type === 'result') { results[m.name] = m; current = m.i + 1; while (current < queries.length && queries[current].skipped) current++; arm(TIMEOUT_MS); }
      if (m.type === 'done') loaded.doneRss = m.rss;
    }
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    if (failed) { log(`${engine}: ${failed}`); return { failed }; }
    if (child.exitCode !== 0 && child.signalCode !== 'SIGKILL') log(`${engine}: child exited ${child.exitCode}`);
    if (current >= queries.length || !results[queries[current]?.name]?.timeout) break;
    log(`${engine}: ${queries[current].name} timed out; restarting past it`);
    from = current + 1;
  }
  return { loaded, results };
}

/** Warm runs stop early for slow queries: after 1 when the cold run took over 20 s, else after 2 once they add up past 20 s. */
export function budgetSpent(times) {
  return (times[0] > 20_000 && times.length >= 2) || (times.length >= 3 && times.reduce((a, b) => a + b, 0) > 20_000);
}

/** Times one query over HTTP; returns the normalised answer of the first run. */
async function overHttp(q, request) {
  const times = [];
  let answer;
  try {
    for (let r = 0; r <= RUNS; r++) {
      const t = performance.now();
      const res = await fetch(request.url, { ...request.init, signal: AbortSignal.timeout(TIMEOUT_MS) });
      const body = await res.text();
      const ms = performance.now() - t;
      if (res.status !== 200) return { cold: times[0], warm: times.slice(1), error: `HTTP ${res.status}: ${body.slice(0, 300)}` };
      times.push(ms);
      if (r === 0) {
        const rows = q.form === 'describe'
          ? new Parser({ format: 'N-Triples' }).parse(body).map(tripleString)
          : JSON.parse(body).results.bindings.map((b) => rowString(Object.entries(b)));
        answer = normalise(q, rows);
      }
      if (budgetSpent(times)) break;
    }
  } catch (e) {
    if (e.name === 'TimeoutError') return { timeout: true };
    return { error: e.message };
  }
  return { cold: times[0], warm: times.slice(1), answer };
}

function catalodRequest(q) {
  const accept = q.form === 'describe' ? 'application/n-triples' : 'application/sparql-results+json';
  if (q.stored) return { url: `${BASE}queries/${q.stored.name}?${new URLSearchParams(q.stored.params)}`, init: { headers: { accept } } };
  return { url: `${BASE}sparql`, init: { method: 'POST', headers: { accept, 'content-type': 'application/sparql-query' }, body: q.text } };
}

function virtuosoRequest(endpoint, q) {
  const accept = q.form === 'describe' ? 'application/n-triples' : 'application/sparql-results+json';
  // Virtuoso's DESCRIBE also gives triples whose object is the resource; CBD mode gives what catalod and Oxigraph give.
  const text = q.form === 'describe' ? `define sql:describe-mode "CBD" ${q.text}` : q.text;
  const body = new URLSearchParams({ query: text, 'default-graph-uri': virtuoso.GRAPH });
  return { url: endpoint, init: { method: 'POST', headers: { accept, 'content-type': 'application/x-www-form-urlencoded' }, body } };
}

async function serve(data) {
  const started = await startServer(['--data', data, '--port', String(PORT), '--base', BASE, '--timeout', String(TIMEOUT_MS / 1000)]);
  started.child.stdout.resume();
  return started;
}

// ---------------------------------------------------------------------------------------------

mkdirSync(TMP, { recursive: true });
const hasVirtuoso = virtuoso.available();
if (!hasVirtuoso) console.log('virtuoso-t/isql-vt not found: Virtuoso is skipped (apt-get install -y virtuoso-opensource)');
const bench = [];
const benchStarted = performance.now();
for (const count of sizes) {
  const size = { count, systems: {}, notes: [] };
  bench.push(size);
  const corpus = `${TMP}corpus-${count}.txt`;
  if (!existsSync(corpus)) { log(`generating ${corpus}`); await writeCorpus({ count }, createWriteStream(corpus)); }
  const nq = `${TMP}peers-${count}.nq`;
  const ntDir = `${TMP}peers-nt-${count}`;
  const ntName = 'merged.nt';
  let t = performance.now();
  const conv = spawnSync(process.execPath, [`${ROOT}dist/cli.js`, 'convert', '--base', BASE, corpus, '-o', nq], { encoding: 'utf8' });
  if (conv.status !== 0) throw new Error(conv.stderr);
  size.convertSeconds = (performance.now() - t) / 1000;
  mkdirSync(ntDir, { recursive: true });
  await toTriples(nq, `${ntDir}/${ntName}`);
  log(`${count}: converted in ${size.convertSeconds.toFixed(1)} s (${mb(statSync(nq).size)} MB N-Quads)`);
  const queries = querySet(count, BASE, `${ROOT}queries`);
  for (const q of queries.filter((x) => x.skipped)) size.notes.push(`stored query ${q.name} skipped: ${q.skipped}`);
  const runnable = queries;
  const queriesFile = `${TMP}peers-queries-${count}.json`;
  writeFileSync(queriesFile, JSON.stringify(runnable));
  size.queries = runnable.filter((q) => !q.skipped);

  // (a) catalod engine and (b) Oxigraph, in process (each in a child of its own).
  for (const [label, engine, file] of [['catalod engine', 'catalod', nq], ['Oxigraph', 'oxigraph', `${ntDir}/${ntName}`]]) {
    const r = await inProcess(engine, file, queriesFile, runnable);
    size.systems[label] = r.failed
      ? { failed: r.failed, results: {} }
      : { loadSeconds: r.loaded.seconds, held: r.loaded.held, rss: r.loaded.rss, results: r.results };
  }

  // (c) catalod over HTTP.
  const data = `${TMP}peers-data-${count}`;
  rmSync(data, { recursive: true, force: true });
  t = performance.now();
  const load = spawnSync(process.execPath, [`${ROOT}dist/cli.js`, 'load', '--data', data, '--base', BASE, corpus], { encoding: 'utf8' });
  if (load.status !== 0) throw new Error(load.stderr);
  const loadSeconds = (performance.now() - t) / 1000;
  const { child, startSeconds } = await serve(data);
  try {
    const health = await (await fetch(`${BASE}health`)).json();
    const results = {};
    for (const q of size.queries) results[q.name] = await overHttp(q, catalodRequest(q));
    size.systems['catalod HTTP'] = { loadSeconds, startSeconds, held: health.quads, rss: vmRss(child.pid), results };
    log(`catalod HTTP: load ${loadSeconds.toFixed(1)} s + start ${startSeconds.toFixed(1)} s, ${health.quads} quads, RSS ${mb(size.systems['catalod HTTP'].rss)} MB`);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }

  // (d) Virtuoso over HTTP.
  if (hasVirtuoso) {
    let v;
    try {
      v = await virtuoso.start(`${TMP}peers-virtuoso-${count}`, ntDir);
      t = performance.now();
      const held = v.load(ntName);
      const vLoad = (performance.now() - t) / 1000;
      log(`Virtuoso: loaded ${held} triples in ${vLoad.toFixed(1)} s, RSS ${mb(vmRss(v.pid))} MB`);
      const results = {};
      for (const q of size.queries) results[q.name] = await overHttp(q, virtuosoRequest(v.endpoint, q));
      size.systems['Virtuoso HTTP'] = { loadSeconds: vLoad, held, rss: vmRss(v.pid), results };
    } catch (e) {
      log(`Virtuoso failed: ${e.message}`);
      size.systems['Virtuoso HTTP'] = { failed: e.message.slice(0, 500), results: {} };
    } finally {
      await v?.stop();
      rmSync(`${TMP}peers-virtuoso-${count}`, { recursive: true, force: true });
    }
  } else size.systems['Virtuoso HTTP'] = { failed: 'virtuoso-t not installed', results: {} };
  rmSync(data, { recursive: true, force: true });

  // Answers compared, catalod engine's as the reference (else the first system with one).
  size.mismatches = [];
  for (const q of size.queries) {
    const answers = SYSTEMS.map((s) => [s, size.systems[s]?.results[q.name]]).filter(([, r]) => r?.answer);
    const [refName, ref] = answers[0] ?? [];
    for (const [s, r] of answers.slice(1)) {
      const a = JSON.stringify(r.answer);
      if (a !== JSON.stringify(ref.answer)) {
        const only = (x, y) => x.filter((e) => !new Set(y).has(e));
        const extra = only(r.answer, ref.answer), missing = only(ref.answer, r.answer);
        size.mismatches.push(`${q.name}: ${s} gives ${r.answer.length} rows vs ${ref.answer.length} from ${refName}` +
          (extra.length ? `; e.g. only in ${s}: \`${extra[0].slice(0, 200)}\`` : '') + (missing.length ? `; e.g. only in ${refName}: \`${missing[0].slice(0, 200)}\`` : ''));
      }
    }
    for (const s of SYSTEMS) {
      const r = size.systems[s]?.results[q.name];
      if (r?.error) size.mismatches.push(`${q.name}: ${s} failed: ${r.error.slice(0, 300).replaceAll('\n', ' ')}`);
    }
  }
  size.mismatches.forEach((m) => log(`MISMATCH ${m}`));
  writeReport();
}
console.log(writeReport().join('\n'));
log(`done in ${((performance.now() - benchStarted) / 60000).toFixed(1)} min; written to bench/results/peers.md and peers.svg`);

// ---------------------------------------------------------------------------------------------

function stats(r) {
  if (!r) return undefined;
  if (r.timeout) return { label: 'timeout' };
  if (r.error) return { label: 'error' };
  return { cold: r.cold, p50: pct(r.warm, 0.5), p99: pct(r.warm, 0.99), n: r.warm.length };
}

function cell(st) {
  if (!st) return '–';
  if (st.label) return st.label;
  return `${fmt(st.cold)} / ${fmt(st.p50)} / ${fmt(st.p99)}`;
}

function targets(sizeMax, sizeMin) {
  const lines = [];
  const engineRatios = (size) => size.queries
    .map((q) => [q.name, stats(size.systems['catalod engine']?.results[q.name])?.p50 / stats(size.systems.Oxigraph?.results[q.name])?.p50])
    .filter(([, r]) => Number.isFinite(r));
  let ratios = engineRatios(sizeMax);
  let at = sizeMax;
  if (!ratios.length) {
    const oxi = sizeMax.systems.Oxigraph;
    lines.push(`MISS engine: no catalod/Oxigraph ratio at ${sizeMax.count.toLocaleString('en')} (${oxi?.failed ? `Oxigraph: ${oxi.failed}` : 'no results'})`);
    // Say what the largest size both held shows, rather than nothing.
    if (sizeMin && sizeMin !== sizeMax) [ratios, at] = [engineRatios(sizeMin), sizeMin];
  }
  if (ratios.length) {
    const med = pct(ratios.map(([, r]) => r), 0.5);
    const worst = ratios.reduce((a, b) => (b[1] > a[1] ? b : a));
    const where = `at ${at.count.toLocaleString('en')}${at === sizeMax ? '' : ', the largest size Oxigraph held'}`;
    lines.push(`${med <= 5 ? 'PASS' : 'MISS'} engine: median catalod/Oxigraph warm p50 ${med.toFixed(1)}× (target ≤ 5×) ${where}`);
    lines.push(`${worst[1] <= 20 ? 'PASS' : 'MISS'} engine: worst query ${worst[0]} ${worst[1].toFixed(1)}× (target ≤ 20×) ${where}`);
  }
  const http = sizeMax.systems['catalod HTTP'], virt = sizeMax.systems['Virtuoso HTTP'];
  const slower = [];
  let compared = 0;
  for (const q of sizeMax.queries.filter((x) => x.stored)) {
    const a = stats(http?.results[q.name]), b = stats(virt?.results[q.name]);
    if (!Number.isFinite(a?.p50) || !Number.isFinite(b?.p50)) { if (!Number.isFinite(a?.p50)) slower.push(`${q.name} (catalod ${a?.label ?? 'missing'})`); continue; }
    compared++;
    if (a.p50 > b.p50) slower.push(`${q.name} ${fmt(a.p50)} vs ${fmt(b.p50)} ms`);
  }
  lines.push(`${compared && !slower.length ? 'PASS' : 'MISS'} HTTP: stored queries p50 ≤ Virtuoso's (${compared} compared${slower.length ? `; slower: ${slower.join(', ')}` : ''})`);
  if (http?.rss) {
    const b = http.rss / http.held;
    lines.push(`${b <= 250 ? 'PASS' : 'MISS'} memory: catalod server ${Math.round(b)} bytes RSS per quad held (target ≤ 250)`);
  }
  if (sizeMin && sizeMin !== sizeMax) {
    const flat = [];
    for (const q of sizeMax.queries.filter((x) => x.selective)) {
      for (const s of ['catalod engine', 'catalod HTTP']) {
        const a = stats(sizeMin.systems[s]?.results[q.name])?.p50, b = stats(sizeMax.systems[s]?.results[q.name])?.p50;
        if (Number.isFinite(a) && Number.isFinite(b)) flat.push([`${q.name} (${s})`, b / a, a, b]);
      }
    }
    const bad = flat.filter(([, r]) => r > 2);
    lines.push(`${flat.length && !bad.length ? 'PASS' : 'MISS'} selective queries flat ${sizeMin.count.toLocaleString('en')} → ${sizeMax.count.toLocaleString('en')} (within 2×): ` +
      flat.map(([n, r, a, b]) => `${n} ${fmt(a)} → ${fmt(b)} ms (${r.toFixed(1)}×)`).join('; '));
  }
  return lines;
}

function writeReport() {
  const done = bench.filter((s) => s.mismatches);
  if (!done.length) return [];
  const md = [`# catalod against its peers (bench:peers)\n`,
    `Generated ${new Date().toISOString()} on ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${RUNS} warm runs per query (fewer for slow queries: 1 when the cold run took over 20 s, 2 once they add up past 20 s), ${TIMEOUT_MS / 1000} s timeout. ` +
    `Corpus: bench/generate.mjs (seed 1), converted once to N-Quads. catalod holds the quads (one named graph per record; its default graph is their RDF merge); Oxigraph (npm, WebAssembly, in process) and Virtuoso (Debian 7.2, HTTP, bulk loader) hold the merged triples in one graph, so every query has one right answer. ` +
    `In process, catalod is Comunica with its index as the query source (src/query/index/source.ts: BGPs, joins, UNION, OPTIONAL, COUNT/GROUP BY and ORDER BY evaluated on term ids; stored queries included, as text); over HTTP, stored queries go to /queries/NAME (answered from the index by src/query/direct.ts) and the others to /sparql. ` +
    'Cells are cold / warm p50 / warm p99 in ms. Answers are compared across systems after normalisation (sorted rows; numbers by value; title-filter-limit by row count only, having no ORDER BY). Virtuoso’s DESCRIBE is asked in CBD mode (its default adds triples whose object is the resource). Where catalod’s ORDER BY puts rows in another order than the others, it is Comunica’s string order (localeCompare, which the index follows so that one query gives one order; e.g. "eLife" before "Nature …"), where Oxigraph and Virtuoso compare code points. works-by-author-name is asked with a person’s full name (an author’s works).\n'];
  for (const size of done) {
    md.push(`## ${size.count.toLocaleString('en')} records\n`);
    md.push('| system | load | held | RSS | bytes RSS per triple/quad held |', '|---|---|---|---|---|');
    for (const s of SYSTEMS) {
      const x = size.systems[s];
      if (!x) continue;
      if (x.failed) { md.push(`| ${s} | failed: ${x.failed.replaceAll('|', '/').replaceAll('\n', ' ')} | | | |`); continue; }
      const load = s === 'catalod HTTP' ? `${x.loadSeconds.toFixed(1)} s (\`catalod load\`) + ${x.startSeconds.toFixed(1)} s start-up` : `${x.loadSeconds.toFixed(1)} s`;
      const held = `${x.held.toLocaleString('en')} ${s.startsWith('catalod') ? 'quads' : 'triples'}`;
      md.push(`| ${s} | ${load} | ${held} | ${mb(x.rss)} MB | ${Math.round(x.rss / x.held)} |`);
    }
    md.push('', `| query | ${SYSTEMS.join(' | ')} | engine ratio (warm p50) | HTTP ratio (warm p50) |`, `|---|${SYSTEMS.map(() => '---').join('|')}|---|---|`);
    for (const q of size.queries) {
      const st = SYSTEMS.map((s) => stats(size.systems[s]?.results[q.name]));
      const ratio = (a, b) => (Number.isFinite(a?.p50) && Number.isFinite(b?.p50) ? `${(a.p50 / b.p50).toFixed(1)}×` : '–');
      md.push(`| ${q.name}${q.stored ? ' (stored)' : ''} | ${st.map(cell).join(' | ')} | ${ratio(st[0], st[1])} | ${ratio(st[2], st[3])} |`);
    }
    md.push('', size.mismatches.length ? `**Answers that differ or failed** (${size.mismatches.length}):\n\n${size.mismatches.map((m) => `- ${m}`).join('\n')}` : 'Answers: all systems gave the same answer to every query.');
    if (size.notes.length) md.push('', ...size.notes.map((n) => `- ${n}`));
    md.push('');
  }
  const last = done[done.length - 1];
  const lines = targets(last, done[0]);
  md.push(`## Targets (at ${last.count.toLocaleString('en')} records)\n`, '```', ...lines, '```', '', '![warm p50 by query](peers.svg)', '');
  writeFileSync(`${ROOT}bench/results/peers.md`, md.join('\n'));
  writeFileSync(`${ROOT}bench/results/peers.svg`, renderSvg(done.map((s) => ({ count: s.count, queries: s.queries.map((q) => q.name), systems: SYSTEMS, p50: (sys, name) => stats(s.systems[sys]?.results[name])?.p50 }))));
  return lines;
}
