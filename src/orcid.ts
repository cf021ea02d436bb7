/**
 * ORCID iDs from a trusted CSV (`work,author,orcid`): `work` a DOI, PMID or PMCID; `author` a
 * 1-based position or `Family, Given`. Each iD's ISO 7064 MOD 11-2 check character is verified;
 * a bad iD is refused with a warning. No iD is ever guessed.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Warning, Work } from './model.js';
import { normaliseDoi } from './extract/identifiers.js';

/** One accepted row of the ORCID file. */
export interface OrcidEntry {
  work: string;
  author: string;
  orcid: string;
  line: number;
}

/** ORCID assignments by work key (`doi:…`, `pmid:…`, `pmcid:…`). */
export type OrcidTable = Map<string, OrcidEntry[]>;

/** True when the 16-character iD's last character is the MOD 11-2 check of the first 15 digits. */
export function orcidChecksumOk(id: string): boolean {
  const digits = id.replace(/-/g, '');
  if (!/^\d{15}[\dX]$/.test(digits)) return false;
  let total = 0;
  for (const d of digits.slice(0, 15)) total = (total + Number(d)) * 2;
  const check = (12 - (total % 11)) % 11;
  return digits[15] === (check === 10 ? 'X' : String(check));
}

/** `https://orcid.org/0000-0002-1825-0097` or bare → `0000-0002-1825-0097`, if well-formed and checked. */
export function normaliseOrcid(text: string): string | undefined {
  const m = /^(?:https?:\/\/(?:www\.)?orcid\.org\/)?(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])$/.exec(text.trim());
  if (!m) return undefined;
  const id = `${m[1]}-${m[2]}-${m[3]}-${m[4]!.toUpperCase()}`;
  return orcidChecksumOk(id) ? id : undefined;
}

/** The key a work id is filed under: `doi:10.…`, `pmid:123`, `pmcid:PMC123`. */
export function workKey(text: string): string | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return `pmid:${t}`;
  if (/^pmc\d+$/i.test(t)) return `pmcid:${t.toUpperCase()}`;
  const doi = normaliseDoi(t);
  return doi ? `doi:${doi}` : undefined;
}

/** Parses the CSV text; rows with a bad work id or iD become warnings. */
export function parseOrcidCsv(text: string, file: string): { table: OrcidTable; warnings: string[] } {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true }) as { record: Record<string, string>; info: { lines: number } }[];
  const table: OrcidTable = new Map();
  const warnings: string[] = [];
  for (const { record, info } of rows) {
    const at = `${file}:${info.lines}`;
    const key = workKey(record.work ?? '');
    const orcid = normaliseOrcid(record.orcid ?? '');
    if (!key) warnings.push(`${at}: "${record.work}" is not a DOI, PMID or PMCID; row ignored`);
    else if (!orcid) warnings.push(`${at}: "${record.orcid}" is not a valid ORCID iD (format or check digit); refused`);
    else if (!record.author) warnings.push(`${at}: no author given; row ignored`);
    else table.set(key, [...(table.get(key) ?? []), { work: key, author: record.author, orcid, line: info.lines }]);
  }
  return { table, warnings };
}

/** Reads an ORCID CSV file. */
export function loadOrcidFile(path: string): { table: OrcidTable; warnings: string[] } {
  return parseOrcidCsv(readFileSync(path, 'utf8'), path);
}

/** Attaches iDs to the work's authors by position or exact `Family, Given`; unmatched rows warn. */
export function attachOrcids(work: Work, table: OrcidTable): Warning[] {
  const keys = [work.doi && `doi:${work.doi.value}`, work.pmid && `pmid:${work.pmid.value}`, work.pmcid && `pmcid:${work.pmcid.value}`];
  const warnings: Warning[] = [];
  for (const key of keys) {
    for (const entry of (key && table.get(key)) || []) {
      const index = /^\d+$/.test(entry.author)
        ? Number(entry.author) - 1
        : work.authors.findIndex((a) => `${a.family ?? ''}, ${a.given ?? ''}`.toLowerCase() === entry.author.toLowerCase());
      const author = work.authors[index];
      if (!author) warnings.push({ message: `ORCID ${entry.orcid}: no author "${entry.author}" in ${entry.work}; not attached` });
      else author.orcid = entry.orcid;
    }
  }
  return warnings;
}
