/**
 * Deterministic IRIs under a base. The work's IRI comes from its DOI, else PMID, else PMCID,
 * else the record id, so one article converted from two catalogues gets one IRI and merges.
 */
import type { Author, Work } from '../model.js';
import { workKeyNorm } from '../extract/workkeys.js';

/** Default base IRI, as served by `catalod serve` on its default port. */
export const DEFAULT_BASE = 'http://localhost:3000/';

/**
 * Percent-encodes what may not stand in an IRI path, keeping `/` (DOIs hold slashes). Code points,
 * not UTF-16 units, are encoded (an emoji encoded half by half threw); a lone surrogate, which is
 * no character, becomes U+FFFD's bytes.
 * @example
 * pathSegment('10.1000/a b'); // '10.1000/a%20b'
 */
export function pathSegment(text: string): string {
  return text.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]/gu, (c) =>
    encodeURIComponent(/\p{Cs}/u.test(c) ? '\uFFFD' : c),
  );
}

/**
 * A name's stable slug: VuFind's work-key normalisation, so "BMC Psychiatry" → `bmcpsychiatry`.
 * A name with no letter or digit keeps its own text, unless that holds a `/` or is `.` or `..`
 * (`collection/..` would be the base itself): then its code points in hex, `_2e2e`.
 * @example
 * slug('BMC Psychiatry'); // 'bmcpsychiatry'
 */
export function slug(name: string): string {
  const norm = workKeyNorm(name);
  if (norm) return pathSegment(norm);
  const text = name.trim().toLowerCase();
  if (!text.includes('/') && text !== '.' && text !== '..') return pathSegment(text);
  return `_${[...text].map((c) => c.codePointAt(0)!.toString(16)).join('')}`;
}

/** The IRIs one work's graph uses. */
export interface WorkIris {
  work: string;
  record: string;
  person(n: number): string;
  role(n: number): string;
}

/** Ensures the base ends with a slash, so paths append cleanly. */
export function normaliseBase(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}

/** The work's own IRI under `base`. */
export function workIri(base: string, w: Pick<Work, 'doi' | 'pmid' | 'pmcid' | 'record'>): string {
  if (w.doi) return `${base}work/doi/${pathSegment(w.doi.value)}`;
  if (w.pmid) return `${base}work/pmid/${w.pmid.value}`;
  if (w.pmcid) return `${base}work/pmcid/${w.pmcid.value}`;
  return `${base}work/record/${pathSegment(w.record.id.value)}`;
}

/** The catalogue record's IRI, also the name of the graph that holds the record's triples. */
export function recordIri(base: string, id: string): string {
  return `${base}record/${pathSegment(id)}`;
}

/**
 * Every IRI minted for one work. A role belongs to the catalogue record (`record/<id>/role/<n>`),
 * so two records' author chains never mix; a person belongs to the work, named by their name.
 */
export function irisFor(base: string, w: Work): WorkIris {
  const work = workIri(base, w);
  const record = recordIri(base, w.record.id.value);
  const persons = personSlugs(w.authors);
  return {
    work,
    record,
    person: (n) => `${work}/person/${persons[n - 1] ?? `_${n}`}`,
    role: (n) => `${record}/role/${n}`,
  };
}

/**
 * An author's name folded as VuFind folds work keys, `family given` (or the name as written):
 * lower case, accents, spaces and punctuation removed.
 * @example
 * personName({ name: 'Gillard, Steve', family: 'Gillard', given: 'Steve', from: 'author' }); // 'gillardsteve'
 */
export function personName(a: Pick<Author, 'name' | 'family' | 'given'>): string {
  return slug(a.family ? `${a.family} ${a.given ?? ''}` : a.name);
}

/**
 * Each author's slug in list order: their folded name, `-2`, `-3`… for the second, third author of
 * the record bearing the same folded name (two `Wang, Li` are two people).
 * @example
 * personSlugs([{ name: 'Wang, Li', … }, { name: 'Wang, Li', … }]); // ['wangli', 'wangli-2']
 */
export function personSlugs(authors: readonly Pick<Author, 'name' | 'family' | 'given'>[]): string[] {
  const seen = new Map<string, number>();
  return authors.map((a) => {
    const name = personName(a);
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name}-${n}`;
  });
}

/** A journal's IRI from its name: `{base}journal/bmcpsychiatry`. */
export function journalIri(base: string, name: string): string {
  return `${base}journal/${slug(name)}`;
}

/** An organisation's IRI from its name (publishers and institutions share them). */
export function organizationIri(base: string, name: string): string {
  return `${base}org/${slug(name)}`;
}

/** A catalogue collection's IRI (`PubMed` → `{base}collection/pubmed`). */
export function collectionIri(base: string, name: string): string {
  return `${base}collection/${slug(name)}`;
}

/** A person's IRI: the ORCID iD where one was attached, else their folded name under the work. */
export function personIri(iris: WorkIris, n: number, orcid?: string): string {
  return orcid ? `https://orcid.org/${orcid}` : iris.person(n);
}

/** An identifier node: `{base}id/doi/10.1186/…`. */
export function identifierIri(base: string, scheme: string, value: string): string {
  return `${base}id/${scheme}/${pathSegment(value)}`;
}

/** The resolver URL of an identifier: `https://doi.org/10.1186/…`, `https://pubmed.ncbi.nlm.nih.gov/35650562/`. */
export function resolverIri(scheme: { resolver: string; suffix?: string }, value: string): string {
  return scheme.resolver + pathSegment(value) + (scheme.suffix ?? '');
}
