/**
 * `catalod convert`: streams records from each input through the pipeline into one writer.
 * With `--jobs N` (N > 1) the records are read and converted on a worker pool (src/jobs/): the
 * main thread cuts the input into chunks, sends them, and writes the answers in input order, so
 * stdout, stderr and the exit code are exactly those of `--jobs 1`, which converts in this thread.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { convertFile, diagnostics, type ConvertOptions } from '../convert.js';
import { normaliseBase } from '../mapping/iris.js';
import { loadOrcidFile, workKeysOf } from '../orcid.js';
import { InputError } from '../readers/index.js';
import { reportOf } from '../report.js';
import { formatNamed, type RecordWriter } from '../writers/index.js';
import { splitFor } from '../jobs/chunks.js';
import { DEFAULT_JOBS } from '../jobs/pool.js';
import { convertOnPool, type RunCounts } from '../jobs/convert-run.js';

export interface ConvertCommandOptions {
  to: string;
  base: string;
  orcid?: string;
  output?: string;
  report?: boolean;
  /** Worker threads converting (default DEFAULT_JOBS of src/jobs/pool.ts); 1 converts in this thread. */
  jobs?: number;
}

/**
 * Gathers output into about a megabyte before writing it in one `writev`, respecting backpressure
 * so memory stays flat however large the input. Writing each record on its own cost more in
 * system calls than converting it.
 */
class Output {
  private pending: (string | Uint8Array)[] = [];
  private size = 0;
  constructor(private readonly out: Writable, private readonly batch = 1 << 20) {}

  async put(chunk: string | Uint8Array): Promise<void> {
    if (chunk.length === 0) return;
    this.pending.push(chunk);
    this.size += chunk.length;
    if (this.size >= this.batch) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    this.out.cork();
    let full = false;
    for (const chunk of this.pending) full = !this.out.write(chunk) || full;
    process.nextTick(() => this.out.uncork());
    this.pending = [];
    this.size = 0;
    if (full) await once(this.out, 'drain');
  }
}

/** Runs the conversion; returns the exit code (0 all converted, 1 records skipped, 2 an input held no record). */
export async function convertCommand(files: string[], options: ConvertCommandOptions): Promise<number> {
  const format = formatNamed(options.to)!;
  const base = normaliseBase(options.base);
  const convert: ConvertOptions = { base };
  if (options.orcid) {
    const { table, warnings } = loadOrcidFile(options.orcid);
    for (const w of warnings) process.stderr.write(`${w}\n`);
    convert.orcids = table;
  }
  const inputs = files.length ? files : ['-'];
  const out: Writable = options.output ? createWriteStream(options.output) : process.stdout;
  const output = new Output(out);
  const seen = new Set<string>();
  const jobs = options.jobs ?? DEFAULT_JOBS;
  const counts = jobs > 1 && splitFor(format.name)
    ? await convertOnPool(inputs, { jobs, format: format.name, base, orcids: convert.orcids, report: !!options.report, output, seen })
    : await convertHere(inputs, format.create({ base }), convert, !!options.report, output, seen);
  if (options.orcid) reportUnseen(options.orcid, convert, seen);
  await output.put(await counts.end());
  await output.flush();
  if (options.output) {
    out.end();
    await once(out, 'finish');
  }
  return counts.empty ? 2 : counts.failed ? 1 : 0;
}

/** Converts every input in this thread (`--jobs 1`: the reference output). */
async function convertHere(inputs: string[], writer: RecordWriter, convert: ConvertOptions, report: boolean, output: Output, seen: Set<string>): Promise<RunCounts> {
  let failed = 0;
  let empty = 0;
  for (const file of inputs) {
    try {
      for await (const outcome of convertFile(file, convert)) {
        for (const d of diagnostics(outcome)) process.stderr.write(`${d}\n`);
        if (report) process.stderr.write(reportOf(outcome));
        if (outcome.ok) await output.put(await writer.write(outcome));
        else failed++;
        if (outcome.ok && convert.orcids) for (const key of workKeysOf(outcome.work)) seen.add(key);
      }
    } catch (e) {
      if (!(e instanceof InputError) && (e as NodeJS.ErrnoException).code === undefined) throw e;
      process.stderr.write(`${e instanceof InputError ? e.message : `${file}: ${(e as Error).message}`}\n`);
      empty++;
    }
  }
  return { failed, empty, end: () => writer.end() };
}

/** Says each ORCID row whose work was not in the input (it attached to nothing). */
function reportUnseen(file: string, convert: ConvertOptions, seen: ReadonlySet<string>): void {
  for (const [key, entries] of convert.orcids ?? []) {
    if (seen.has(key)) continue;
    for (const e of entries) process.stderr.write(`${file}:${e.line}: no work ${key} in the input; not attached\n`);
  }
}
