/**
 * `convert --jobs N`'s loop: feed.ts reads the inputs and has the pool convert them; this writes
 * the answers in input order: diagnostics and `--report` blocks to stderr, the output through the
 * main-thread half of the format's split (chunks.ts). So stdout, stderr and the exit code are
 * those of `--jobs 1`.
 */
import type { OrcidTable } from '../orcid.js';
import { splitFor } from './chunks.js';
import { feedRecords } from './feed.js';
import { ConversionPool } from './pool.js';

/** Where output goes (the command's batching Output). */
export interface OutputSink {
  put(chunk: string | Uint8Array): Promise<void>;
}

/** How a conversion run went, and the text that closes its output. */
export interface RunCounts {
  failed: number;
  empty: number;
  end(): string | Promise<string>;
}

export interface PoolRunOptions {
  jobs: number;
  /** `--to` format (one splitFor knows). */
  format: string;
  base: string;
  orcids?: OrcidTable;
  report: boolean;
  output: OutputSink;
  /** Work keys of the records converted, filled in when `orcids` is given. */
  seen: Set<string>;
}

/**
 * Converts every input on a pool of `jobs` workers; output as `--jobs 1` gives it.
 * @example
 * const counts = await convertOnPool(['a.txt'], { jobs: 2, format: 'nquads', base, report: false, output, seen: new Set() });
 * await output.put(await counts.end());
 */
export async function convertOnPool(inputs: readonly string[], options: PoolRunOptions): Promise<RunCounts> {
  const split = splitFor(options.format);
  if (!split) throw new Error(`convert: format ${options.format} has no worker split`);
  const joiner = split.joiner(options.base);
  const pool = new ConversionPool({ jobs: options.jobs, base: options.base, orcids: options.orcids });
  let failed = 0;
  let empty = 0;
  try {
    for await (const event of feedRecords(pool, inputs, { format: options.format, report: options.report })) {
      if ('inputError' in event) {
        process.stderr.write(`${event.inputError}\n`);
        empty++;
        continue;
      }
      for (const r of event.results) {
        for (const d of r.diagnostics) process.stderr.write(`${d}\n`);
        if (r.report !== undefined) process.stderr.write(r.report);
        if (!r.ok) {
          failed++;
          continue;
        }
        if (r.chunk) await options.output.put(await joiner.write(r.chunk));
        if (options.orcids) for (const key of r.workKeys ?? []) options.seen.add(key);
      }
    }
  } finally {
    await pool.close();
  }
  return { failed, empty, end: () => joiner.end() };
}
