/** Child of bench/convert.mjs: times n3's streaming parser over an N-Quads file. */
import { createReadStream } from 'node:fs';
import { StreamParser } from 'n3';

const start = performance.now();
let quads = 0;
await new Promise((resolve, reject) =>
  createReadStream(process.argv[2]).pipe(new StreamParser({ format: 'N-Quads' })).on('data', () => quads++).on('end', resolve).on('error', reject),
);
process.stdout.write(`${JSON.stringify({ quads, seconds: (performance.now() - start) / 1000 })}\n`);
