/** `catalod convert`: streams records from each input through the pipeline into one writer. */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { once } from 'node:events';
import { convertFile, diagnostics, type ConvertOptions } from '../convert.js';
import { normaliseBase } from '../mapping/iris.js';
import { loadOrcidFile } from '../orcid.js';
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

/** Writes respecting backpressure, so memory stays flat however large the input. */
async function put(out: Writable, text: string | Uint8Array): Promise<void> {
  if (text.length > 0 && !out.write(text)) await once(out, 'drain');
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
  const writer = format.create({ base });
  let failed = 0;
  let empty = 0;
  for (const file of inputs) {
    try {
      for await (const outcome of convertFile(file, convert)) {
        for (const d of diagnostics(outcome)) process.stderr.write(`${d}\n`);
        if (options.report) process.stderr.write(reportOf(outcome));
        if (outcome.ok) await put(out, await writer.write(outcome));
        else failed++;
      }
    } catch (e) {
      if (!(e instanceof InputError) && (e as NodeJS.ErrnoException).code === undefined) throw e;
      process.stderr.write(`${e instanceof InputError ? e.message : `${file}: ${(e as Error).message}`}\n`);
      empty++;
    }
  }
  await put(out, await writer.end());
  if (options.output) {
    out.end();
    await once(out, 'finish');
  }
  return empty ? 2 : failed ? 1 : 0;
}
