/** The mapping table (`vocab/mapping.json`) with every CURIE expanded to an RDF/JS term, once. */
import { Iri } from '../rdf/terms.js';
import { vocabJson } from '../vocab.js';

export type Prefixes = Record<string, string>;

/** Namespaces by prefix, from `vocab/prefixes.json`. */
export function prefixes(): Prefixes {
  const { $comment: _, ...rest } = vocabJson<Record<string, string>>('prefixes.json');
  return rest;
}

/** `schema:name` → `http://schema.org/name`. */
export function expand(curie: string): string {
  const at = curie.indexOf(':');
  const ns = prefixes()[curie.slice(0, at)];
  if (ns === undefined) throw new Error(`unknown prefix in ${curie}`);
  return ns + curie.slice(at + 1);
}

type Slots = Record<string, Iri[]>;

export interface Scheme {
  scheme: Iri;
  propertyID: string;
  resolver: string;
  suffix?: string;
}

/** The table, expanded: `terms().article.title` is the list of predicates a title is written with. */
export interface Terms {
  article: Slots;
  person: Slots;
  role: Slots & { author: Iri };
  journal: Slots;
  organization: Slots;
  identifier: Slots;
  record: Slots;
  collection: Slots;
  schemes: Record<'doi' | 'pmid' | 'pmcid' | 'orcid', Scheme>;
}

let expanded: Terms | undefined;

/** Loads and expands the table on first use. */
export function terms(): Terms {
  if (expanded) return expanded;
  const raw = vocabJson<Record<string, Record<string, unknown>>>('mapping.json');
  const out: Record<string, unknown> = {};
  for (const [group, slots] of Object.entries(raw)) {
    if (group.startsWith('$')) continue;
    const g: Record<string, unknown> = {};
    for (const [slot, value] of Object.entries(slots)) g[slot] = expandValue(value);
    out[group] = g;
  }
  return (expanded = out as unknown as Terms);
}

function expandValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((c: string) => new Iri(expand(c)));
  if (typeof value === 'string') return value.includes(':') && !value.includes('//') ? new Iri(expand(value)) : value;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'scheme' ? expandValue(v) : typeof v === 'object' ? expandValue(v) : v]));
  return value;
}
