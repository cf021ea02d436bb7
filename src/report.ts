/** `--report`: per record, each value found and the field it came from, what is missing, and each warning. */
import { showControls, type Outcome } from './convert.js';
import type { Found, Work } from './model.js';

const FIELDS: [string, (w: Work) => Found | undefined][] = [
  ['title', (w) => w.title],
  ['subtitle', (w) => w.subtitle],
  ['abstract', (w) => w.abstract && { value: `${w.abstract.value.slice(0, 60)}… (${w.abstract.value.length} chars)`, from: w.abstract.from }],
  ['doi', (w) => w.doi],
  ['pmid', (w) => w.pmid],
  ['pmcid', (w) => w.pmcid],
  ['journal', (w) => w.journal],
  ['publisher', (w) => w.publisher],
  ['date', (w) => w.date],
  ['year', (w) => w.year],
  ['language', (w) => w.language],
  ['license', (w) => w.license],
  ['copyright', (w) => w.copyright],
  ['record id', (w) => w.record.id],
  ['collection', (w) => w.record.collection],
  ['institution', (w) => w.record.institution],
  ['record format', (w) => w.record.recordFormat],
  ['version', (w) => w.record.version],
];

/** The report block for one outcome. */
export function reportOf(outcome: Outcome): string {
  if (!outcome.ok) {
    const e = outcome.error;
    return showControls(`${e.source.file}:${e.source.line}: record #${e.source.index}${e.recordId ? ` ${e.recordId}` : ''}: NOT CONVERTED: ${e.message}`) + '\n';
  }
  const w = outcome.work;
  const lines = [`${w.source.file}:${w.source.line}: ${w.record.id.value} (${w.layout}) → ${outcome.iris.work}`];
  const missing: string[] = [];
  for (const [label, get] of FIELDS) {
    const f = get(w);
    if (f) lines.push(`  ${label.padEnd(14)} ${f.value}   ← ${f.from}`);
    else missing.push(label);
  }
  const from = [...new Set(w.authors.map((a) => a.from))].join(', ');
  lines.push(`  ${'authors'.padEnd(14)} ${w.authors.length}${from ? `   ← ${from}` : ''}`);
  w.authors.forEach((a, i) => lines.push(`    ${String(i + 1).padStart(2)}. ${a.family ?? '?'}, ${a.given ?? '?'}${a.orcid ? ` (ORCID ${a.orcid})` : ''}`));
  if (w.topics.length) lines.push(`  ${'topics'.padEnd(14)} ${w.topics.map((t) => t.value).join('; ')}   ← ${w.topics[0]!.from}`);
  if (missing.length) lines.push(`  missing: ${missing.join(', ')}`);
  for (const x of w.warnings) lines.push(`  warning (line ${x.line ?? w.source.line}): ${x.message}`);
  lines.push(`  triples: ${outcome.quads.length}`);
  return lines.map(showControls).join('\n') + '\n'; // a record's control characters never reach the terminal raw
}
