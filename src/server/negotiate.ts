/**
 * Content negotiation (RFC 9110 §12.5.1): the `Accept` header's media ranges with q-values and
 * wildcards, matched against what the server offers. For each offer the most specific matching
 * range gives its quality; the best quality wins, ties go to the server's order, so a lone `*\/*`
 * (or no Accept at all) gets the first offer, the default.
 *
 * Parameters are ignored except `profile`: `application/ld+json;profile="https://schema.org"`
 * selects an offer carrying that profile (http/https and a trailing slash do not matter), and a
 * profile no offer carries is ignored, so `profile="http://www.w3.org/ns/json-ld#compacted"` is
 * plain JSON-LD.
 */

/** One media range of an Accept header. */
export interface MediaRange {
  /** Lower-case `type/subtype`, wildcards as given (`*\/*`, `text/*`). */
  type: string;
  /** Parameters other than `q`, names lower-cased, quotes removed. */
  params: Record<string, string>;
  /** Quality, 0 to 1. */
  q: number;
}

/** Something a response can be: a media type (with a `profile` parameter where it has one) and others that mean the same. */
export interface Offer {
  mediaType: string;
  aliases?: readonly string[];
}

/** Splits on `sep` outside double quotes. */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && quoted && i + 1 < text.length) {
      current += ch + text[++i];
      continue;
    }
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  const v = value.trim();
  return v.length >= 2 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1).replace(/\\(.)/g, '$1') : v;
}

/**
 * A media type with its parameters: `text/turtle; charset=utf-8` → `{ type: 'text/turtle', params: { charset: 'utf-8' } }`.
 * @example
 * parseMediaType('application/ld+json; profile="https://schema.org"').params.profile; // 'https://schema.org'
 */
export function parseMediaType(text: string): { type: string; params: Record<string, string> } {
  const [head = '', ...rest] = splitOutsideQuotes(text, ';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const at = p.indexOf('=');
    if (at < 0) continue;
    const name = p.slice(0, at).trim().toLowerCase();
    if (name) params[name] = unquote(p.slice(at + 1));
  }
  let type = head.trim().toLowerCase();
  if (type === '*') type = '*/*';
  return { type, params };
}

/**
 * The media ranges of an Accept header, in the order given; malformed ones are skipped.
 * @example
 * parseAccept('text/html, *\/*;q=0.8'); // [{ type: 'text/html', params: {}, q: 1 }, { type: '*\/*', params: {}, q: 0.8 }]
 */
export function parseAccept(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of splitOutsideQuotes(header, ',')) {
    if (!part.trim()) continue;
    const { type, params } = parseMediaType(part);
    if (!/^[^/\s]+\/[^/\s]+$/.test(type)) continue;
    let q = 1;
    if ('q' in params) {
      const n = Number(params.q);
      q = Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 1;
      delete params.q;
    }
    ranges.push({ type, params, q });
  }
  return ranges;
}

/** A profile IRI compared loosely: scheme http/https and a trailing slash do not matter. */
function profileKey(iri: string): string {
  const key = iri.trim().replace(/^https?:\/\//i, '//');
  let end = key.length;
  while (end > 0 && key[end - 1] === '/') end--; // a loop, not /\/+$/: that regex is quadratic on a run of slashes
  return key.slice(0, end).toLowerCase();
}

/** The profiles named in a `profile` parameter (a space-separated list). */
function profilesOf(params: Record<string, string>): string[] {
  return params.profile ? params.profile.split(/\s+/).filter(Boolean).map(profileKey) : [];
}

/**
 * True when `profile` names schema.org (`https://schema.org`, `http://schema.org/`, …).
 * @example
 * isSchemaProfile('http://schema.org/'); // true
 */
export function isSchemaProfile(profile: string | undefined): boolean {
  return !!profile && profile.split(/\s+/).some((p) => profileKey(p) === '//schema.org');
}

/** How specifically `range` matches media type `offer` (-1: not at all). */
function specificity(range: MediaRange, offer: { type: string; profile?: string }, knownProfiles: Set<string>): number {
  const [rt, rs] = range.type.split('/') as [string, string];
  const [ot, os] = offer.type.split('/') as [string, string];
  let level: number;
  if (rt === '*' && rs === '*') level = 0;
  else if (rt === ot && rs === '*') level = 1;
  else if (rt === ot && rs === os) level = 2;
  else return -1;
  const wanted = profilesOf(range.params).filter((p) => knownProfiles.has(p));
  if (!wanted.length) return level;
  if (offer.profile && wanted.includes(offer.profile)) return level + 1;
  return -1;
}

/**
 * The best offer for an Accept header, or undefined when none is acceptable (answer 406).
 * No header (or one without a well-formed range) gets the first offer.
 * @example
 * const offers = [{ mediaType: 'text/turtle' }, { mediaType: 'application/rdf+xml' }, { mediaType: 'text/html' }];
 * negotiate('application/rdf+xml, text/rdf+n3;q=0.9, application/xhtml+xml;q=0.5, *\/*;q=0.1', offers); // rdf+xml
 * negotiate('text/html,application/xhtml+xml,application/xml;q=0.9,*\/*;q=0.8', offers); // html
 * negotiate('*\/*', offers); // turtle, the first
 */
export function negotiate<T extends Offer>(accept: string | null | undefined, offers: readonly T[]): T | undefined {
  if (!offers.length) return undefined;
  const ranges = accept ? parseAccept(accept) : [];
  // No header, or one with no well-formed range: disregarded, as RFC 9110 allows.
  if (!ranges.length) return offers[0];
  const parsed = offers.map((o) =>
    [o.mediaType, ...(o.aliases ?? [])].map((m) => {
      const { type, params } = parseMediaType(m);
      return { type, profile: params.profile ? profileKey(params.profile) : undefined };
    }),
  );
  const knownProfiles = new Set(parsed.flat().flatMap((p) => (p.profile ? [p.profile] : [])));
  let best: T | undefined;
  let bestQ = 0;
  offers.forEach((offer, i) => {
    let q = 0;
    parsed[i]!.forEach((name, n) => {
      let level = -1;
      let quality = 0;
      for (const range of ranges) {
        const s = specificity(range, name, knownProfiles);
        if (s > level || (s === level && s >= 0 && range.q > quality)) {
          level = s;
          quality = range.q;
        }
      }
      // An alias counts only when named: a wildcard reaches the offer through its own type.
      if (level >= (n === 0 ? 0 : 2)) q = n === 0 ? quality : Math.max(q, quality);
    });
    if (q > bestQ) {
      best = offer;
      bestQ = q;
    }
  });
  return best;
}

/**
 * The body of a 406 answer: what was asked for, and what `what` is offered as.
 * @example
 * notAcceptable('image/png', 'This resource', offers); // 'Not acceptable: image/png\nThis resource is offered as:\n  text/turtle\n…'
 */
export function notAcceptable(accept: string | null | undefined, what: string, offers: readonly Offer[]): string {
  return `Not acceptable: ${accept ?? ''}\n${what} is offered as:\n${offers.map((o) => `  ${o.mediaType}`).join('\n')}\n`;
}
