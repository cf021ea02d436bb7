/** Child of bench/convert.mjs: runs the real convert command in-process, reports time and peak RSS as JSON. Args: input output [jobs, default 1]. */
import { convertCommand } from '../dist/commands/convert.js';

const [input, output, jobs = '1'] = process.argv.slice(2);
const start = performance.now();
const errors = process.stderr.write.bind(process.stderr);
let warnings = 0;
process.stderr.write = (chunk, ...rest) => (warnings++, true) || errors(chunk, ...rest);
const exitCode = await convertCommand([input], { to: 'nquads', base: 'http://localhost:3000/', output, jobs: Number(jobs) });
const seconds = (performance.now() - start) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, exitCode, warnings, maxRssKB: process.resourceUsage().maxRSS })}\n`);
