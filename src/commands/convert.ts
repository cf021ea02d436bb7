/** `catalod convert`: streams records from each input through the pipeline into one writer. */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { convertFile, diagnostics, type ConvertOptions } from '../convert.js';
import { normaliseBase } from '../mapping/iris.js';
import { loadOrcidFile, workKeysOf } from '../orcid.js';
import { InputError } from '../readers/index.js';
import { reportOf } from '../report.js';
import { formatNamed } from '../writers/index.js';

export interface ConvertCommandOptions {
  to: string;
  base: string;
  orcid?: string;
  output?: string;
  report?: boolean;
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
  const writer = format.create({ base });
  const seen = new Set<string>();
  let failed = 0;
  let empty = 0;
  for (const file of inputs) {
    try {
      for await (const outcome of convertFile(file, convert)) {
        for (const d of diagnostics(outcome)) process.stderr.write(`${d}\n`);
        if (options.report) process.stderr.write(reportOf(outcome));
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
  if (options.orcid) reportUnseen(options.orcid, convert, seen);
  await output.put(await writer.end());
  await output.flush();
  if (options.output) {
    out.end();
    await once(out, 'finish');
  }
  return empty ? 2 : failed ? 1 : 0;
}

/** Says each ORCID row whose work was not in the input (it attached to nothing). */
function reportUnseen(file: string, convert: ConvertOptions, seen: ReadonlySet<string>): void {
  for (const [key, entries] of convert.orcids ?? []) {
    if (seen.has(key)) continue;
    for (const e of entries) process.stderr.write(`${file}:${e.line}: no work ${key} in the input; not attached\n`);
  }
}
