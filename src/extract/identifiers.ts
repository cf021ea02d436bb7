/** PMCID, PMID and DOI from links, normalised (DOI lower-case, no resolver prefix). */
import type { Found, Warning } from '../model.js';
import { hasDotSegment } from './record-id.js';

export interface Identifiers {
  doi?: Found;
  pmid?: Found;
  pmcid?: Found;
  warnings: Warning[];
}

const PMC = /\/pmc\/articles\/(PMC\d+)|pmc\.ncbi\.nlm\.nih\.gov\/articles\/(PMC\d+)|europepmc\.org\/articles?\/(PMC\d+)/i;
const PUBMED = /\/pubmed\/(\d+)|pubmed\.ncbi\.nlm\.nih\.gov\/(\d+)/i;
// The DOI runs to the end of the line. Its first character is not white space, so the `\s*` before
// it cannot trade characters with it (`(.+)` after `\s*` backtracked through every space: quadratic).
const DOI_URL = /^(?:https?:\/\/)?(?:dx\.)?doi\.org\/([^\n\r\u2028\u2029]+)$|^doi:\s*(\S[^\n\r\u2028\u2029]*)$/i;
/** Crossref's recommended pattern for modern DOIs. */
export const DOI_SYNTAX = /^10\.\d{4,9}\/[-._;()/:a-z0-9<>[\]]+$/i;

/**
 * Normalises a DOI (URL, `doi:` or bare) or returns undefined when it is not a DOI. A DOI with a
 * `.` or `..` segment is refused: the work's IRI `work/doi/<doi>` would resolve to another resource.
 */
export function normaliseDoi(text: string): string | undefined {
  const m = DOI_URL.exec(text.trim());
  let doi = m ? (m[1] ?? m[2])! : text.trim();
  try {
    doi = decodeURIComponent(doi);
  } catch {
    return undefined;
  }
  doi = doi.toLowerCase();
  return DOI_SYNTAX.test(doi) && !hasDotSegment(doi) ? doi : undefined;
}

/** Finds the identifiers among links; `from` names the field they came from. */
export function identifiersFrom(urls: readonly Found[], line?: number): Identifiers {
  const out: Identifiers = { warnings: [] };
  const keep = (key: 'doi' | 'pmid' | 'pmcid', value: string, from: string) => {
    const had = out[key];
    if (!had) out[key] = { value, from };
    else if (had.value !== value) out.warnings.push({ message: `${from}: a second ${key.toUpperCase()} ${value} differs from ${had.value}; kept the first`, line });
  };
  for (const { value: url, from } of urls) {
    const pmc = PMC.exec(url);
    if (pmc) keep('pmcid', (pmc[1] ?? pmc[2] ?? pmc[3])!.toUpperCase(), from);
    const pubmed = PUBMED.exec(url);
    if (pubmed) keep('pmid', (pubmed[1] ?? pubmed[2])!, from);
    if (DOI_URL.test(url)) {
      const doi = normaliseDoi(url);
      if (doi) keep('doi', doi, from);
      else out.warnings.push({ message: `${from}: "${url}" is not a valid DOI; left out`, line });
    }
  }
  return out;
}
