/** Short names pages show for IRIs, licences, languages and abstract section labels. */
import { allPrefixes } from '../rdf.js';

/**
 * A compact name for an IRI with the known prefixes, else the IRI.
 * @example
 * curie('http://schema.org/name'); // 'schema:name'
 */
export function curie(iri: string): string {
  let best: [string, string] | undefined;
  for (const [prefix, ns] of Object.entries(allPrefixes())) if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [prefix, ns];
  return best && /^[\w.-]*$/.test(iri.slice(best[1].length)) ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
}

/**
 * A short name for a licence IRI: Creative Commons licences as they name themselves.
 * @example
 * licenceLabel('https://creativecommons.org/licenses/by/4.0/'); // 'CC BY 4.0'
 * licenceLabel('https://creativecommons.org/publicdomain/zero/1.0/'); // 'CC0 1.0'
 */
export function licenceLabel(iri: string): string {
  const cc = /^https?:\/\/creativecommons\.org\/licenses\/([a-z-]+)\/(\d\.\d)(?:\/([a-z]{2}))?\/?$/i.exec(iri);
  if (cc) return `CC ${cc[1]!.toUpperCase()} ${cc[2]}${cc[3] ? ` ${cc[3].toUpperCase()}` : ''}`;
  const pd = /^https?:\/\/creativecommons\.org\/publicdomain\/(zero|mark)\/(1\.0)\/?$/i.exec(iri);
  if (pd) return pd[1]!.toLowerCase() === 'zero' ? `CC0 ${pd[2]}` : `Public Domain Mark ${pd[2]}`;
  return iri;
}

/**
 * A language's English name, the code itself when the name is unknown.
 * @example
 * languageName('en'); // 'English'
 */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * A section label as a heading shows it.
 * @example
 * sentenceCase('MATERIALS AND METHODS'); // 'Materials and methods'
 */
export function sentenceCase(label: string): string {
  return label.charAt(0) + label.slice(1).toLowerCase();
}

/**
 * A timestamp as people read it.
 * @example
 * readableTime('2026-12-03T18:31:39.123Z'); // '2026-12-03 18:31:39 UTC'
 */
export function readableTime(iso: string): string {
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
}
