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

/** One row as written (CSV or JSON), before it is checked; `line` is its CSV line or 1-based JSON index. */
export interface OrcidRow {
  work?: unknown;
  author?: unknown;
  orcid?: unknown;
  line: number;
}

/** The rows of an ORCID CSV (`work,author,orcid` header), with their line numbers. */
export function orcidCsvRows(text: string): OrcidRow[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true }) as { record: Record<string, string>; info: { lines: number } }[];
  return rows.map(({ record, info }) => ({ ...record, line: info.lines }));
}

/**
 * The row as an entry, or why it is refused (a work that is no DOI, PMID or PMCID, an iD whose
 * check character is wrong, no author). `needOrcid: false` (a deletion) takes a row without an iD.
 * @example
 * checkOrcidRow({ work: '35650562', author: '1', orcid: '0000-0002-1825-0097', line: 2 }, 'ids.csv');
 * // { work: 'pmid:35650562', author: '1', orcid: '0000-0002-1825-0097', line: 2 }
 */
export function checkOrcidRow(row: OrcidRow, file: string, needOrcid = true): OrcidEntry | string {
  const at = `${file}:${row.line}`;
  const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() : '');
  const key = workKey(text(row.work));
  const given = text(row.orcid);
  const orcid = normaliseOrcid(given);
  const author = text(row.author);
  if (!key) return `${at}: "${text(row.work)}" is not a DOI, PMID or PMCID; row ignored`;
  if (!orcid && (needOrcid || given)) return `${at}: "${given}" is not a valid ORCID iD (format or check digit); refused`;
  if (!author) return `${at}: no author given; row ignored`;
  return { work: key, author, orcid: orcid ?? '', line: row.line };
}

/** Files entries by work key. */
export function orcidTable(entries: Iterable<OrcidEntry>): OrcidTable {
  const table: OrcidTable = new Map();
  for (const e of entries) table.set(e.work, [...(table.get(e.work) ?? []), e]);
  return table;
}

/** Parses the CSV text; rows with a bad work id or iD become warnings. */
export function parseOrcidCsv(text: string, file: string): { table: OrcidTable; warnings: string[] } {
  const entries: OrcidEntry[] = [];
  const warnings: string[] = [];
  for (const row of orcidCsvRows(text)) {
    const checked = checkOrcidRow(row, file);
    if (typeof checked === 'string') warnings.push(checked);
    else entries.push(checked);
  }
  return { table: orcidTable(entries), warnings };
}

/** Reads an ORCID CSV file. */
export function loadOrcidFile(path: string): { table: OrcidTable; warnings: string[] } {
  return parseOrcidCsv(readFileSync(path, 'utf8'), path);
}

/**
 * The keys a work is filed under in an ORCID table.
 * @example
 * workKeysOf(work); // ['doi:10.1186/s12888-022-03999-9', 'pmid:35650562', 'pmcid:PMC9158348']
 */
export function workKeysOf(work: Work): string[] {
  return [work.doi && `doi:${work.doi.value}`, work.pmid && `pmid:${work.pmid.value}`, work.pmcid && `pmcid:${work.pmcid.value}`].filter((k): k is string => !!k);
}

/** The 0-based index of the author a row names (a 1-based position or `Family, Given`), or -1. */
export function authorIndex(work: Work, author: string): number {
  const index = /^\d+$/.test(author)
    ? Number(author) - 1
    : work.authors.findIndex((a) => `${a.family ?? ''}, ${a.given ?? ''}`.toLowerCase() === author.toLowerCase());
  return work.authors[index] ? index : -1;
}

/** Attaches iDs to the work's authors by position or exact `Family, Given`; unmatched rows warn. */
export function attachOrcids(work: Work, table: OrcidTable): Warning[] {
  const warnings: Warning[] = [];
  for (const key of workKeysOf(work)) {
    for (const entry of table.get(key) ?? []) {
      const author = work.authors[authorIndex(work, entry.author)];
      if (!author) warnings.push({ message: `ORCID ${entry.orcid}: no author "${entry.author}" in ${entry.work}; not attached` });
      else author.orcid = entry.orcid;
    }
  }
  return warnings;
}
