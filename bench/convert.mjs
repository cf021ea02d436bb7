#!/usr/bin/env node
/**
 * npm run bench:convert — conversion speed and memory on generated seed-like corpora.
 *
 * For each size (default 20,000 and 100,000 records) it generates a corpus with
 * bench/generate.mjs, runs `catalod convert` on it in a child process pinned to one core,
 * then has n3 parse the N-Quads it wrote (same core), and reports records/s, triples/s,
 * peak RSS and the ratio of conversion time to n3's parse time. Then it converts the same corpus
 * with `--jobs 1` and `--jobs 2`, not pinned, and reports the speed-up (time 1 job / time 2 jobs)
 * of the conversion worker pool (src/jobs/) at the largest size.
 *
 *   node bench/convert.mjs [--sizes 20000,100000] [--format page|solr] [--keep]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, createWriteStream, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { availableParallelism } from 'node:os';
import { writeCorpus } from './generate.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TMP = `${ROOT}bench/tmp/`;
const { values } = parseArgs({ options: { sizes: { type: 'string', default: '20000,100000' }, format: { type: 'string', default: 'page' }, keep: { type: 'boolean', default: false } } });
const sizes = values.sizes.split(',').map(Number);
const pin = existsSync('/usr/bin/taskset') ? ['taskset', '-c', '0'] : [];

/** Runs a node script in a child (pinned to one core unless `pinned` is false) and returns its JSON report. */
function child(script, args, pinned = true) {
  const use = pinned ? pin : [];
  const [cmd, ...pre] = use.length ? use : [process.execPath];
  const argv = use.length ? [...pre, process.execPath, script, ...args] : [script, ...args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${script} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

mkdirSync(TMP, { recursive: true });
const rows = [];
for (const count of sizes) {
  const corpus = `${TMP}corpus-${count}.${values.format === 'solr' ? 'jsonl' : 'txt'}`;
  const out = `${TMP}corpus-${count}.nq`;
  if (!existsSync(corpus)) await writeCorpus({ count, format: values.format }, createWriteStream(corpus));
  const run = child(`${ROOT}bench/convert-child.mjs`, [corpus, out, '1']);
  const parse = child(`${ROOT}bench/parse-child.mjs`, [out]);
  // The pool's speed-up: the same corpus on every core the machine gives, 1 job then 2 (unpinned).
  const oneJob = child(`${ROOT}bench/convert-child.mjs`, [corpus, out, '1'], false);
  const twoJobs = child(`${ROOT}bench/convert-child.mjs`, [corpus, out, '2'], false);
  rows.push({
    records: count,
    inputMB: statSync(corpus).size / 1e6,
    seconds: run.seconds,
    recordsPerSecond: Math.round(count / run.seconds),
    triplesPerSecond: Math.round(parse.quads / run.seconds),
    quads: parse.quads,
    peakRssMB: Math.round(run.maxRssKB / 1024),
    n3ParseSeconds: parse.seconds,
    ratio: +(run.seconds / parse.seconds).toFixed(2),
    exitCode: run.exitCode,
    jobs1Seconds: oneJob.seconds,
    jobs2Seconds: twoJobs.seconds,
    speedup: +(oneJob.seconds / twoJobs.seconds).toFixed(2),
    jobs2PeakRssMB: Math.round(twoJobs.maxRssKB / 1024),
  });
  if (!values.keep) rmSync(out);
}

console.log('\ncatalod convert benchmark (one core, %s format, generated seed-like records)\n', values.format);
console.table(rows.map((r) => ({ ...r, inputMB: r.inputMB.toFixed(1), seconds: r.seconds.toFixed(2), n3ParseSeconds: r.n3ParseSeconds.toFixed(2), jobs1Seconds: r.jobs1Seconds.toFixed(2), jobs2Seconds: r.jobs2Seconds.toFixed(2) })));
const lines = [];
const check = (ok, text) => {
  lines.push(`${ok ? 'PASS' : 'MISS'}  ${text}`);
  console.log(lines.at(-1));
};
for (const r of rows) {
  check(r.recordsPerSecond >= 5000, `${r.records} records: ${r.recordsPerSecond} records/s (target ≥ 5,000)`);
  check(r.ratio <= 1.5, `${r.records} records: convert/n3-parse time ratio ${r.ratio} (target ≤ 1.5)`);
}
{
  const r = rows[rows.length - 1];
  check(r.speedup >= 1.8, `convert speed-up with 2 jobs: ${r.speedup.toFixed(2)}× (target ≥ 1.8)`);
}
if (rows.length >= 2) {
  const [a, b] = [rows[0], rows[rows.length - 1]];
  const growth = (b.peakRssMB - a.peakRssMB) / a.peakRssMB;
  check(Math.abs(growth) <= 0.1, `peak RSS ${a.peakRssMB} MB at ${a.records} vs ${b.peakRssMB} MB at ${b.records} records: ${(growth * 100).toFixed(1)}% (target within 10%)`);
}

const table = ['| records | input MB | seconds | records/s | triples/s | peak RSS MB | n3 parse s | ratio | 1 job s | 2 jobs s | speed-up | 2 jobs peak RSS MB |', '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.records} | ${r.inputMB.toFixed(1)} | ${r.seconds.toFixed(2)} | ${r.recordsPerSecond} | ${r.triplesPerSecond} | ${r.peakRssMB} | ${r.n3ParseSeconds.toFixed(2)} | ${r.ratio} | ${r.jobs1Seconds.toFixed(2)} | ${r.jobs2Seconds.toFixed(2)} | ${r.speedup.toFixed(2)}× | ${r.jobs2PeakRssMB} |`)];
mkdirSync(`${ROOT}bench/results`, { recursive: true });
writeFileSync(`${ROOT}bench/results/convert.md`, `# catalod convert benchmark\n\nGenerated ${new Date().toISOString()}, Node ${process.version}, one core (taskset), ${values.format} format; the 1 job / 2 jobs columns unpinned on ${availableParallelism()} cores.\n\n${table.join('\n')}\n\n${lines.map((l) => `- ${l}`).join('\n')}\n`);
console.log('written to bench/results/convert.md');
