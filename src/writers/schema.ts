/**
 * JSON-LD for embedding in a page: `"@context": "https://schema.org"`, a `ScholarlyArticle` with
 * its `author` array in order. Only statements the full graph also makes, under the same IRIs,
 * so the embed and the N-Quads agree wherever they overlap.
 */
import type { Converted } from '../convert.js';
import type { Found } from '../model.js';
import { identifierIri, journalIri, organizationIri, personIri, resolverIri } from '../mapping/iris.js';
import { terms } from '../mapping/terms.js';
import { jsonSequence, type RecordWriter, type WriterOptions } from './format.js';

type Json = Record<string, unknown>;

/** The schema.org embed object for one converted record. */
export function schemaEmbed(c: Converted, base: string): Json {
  const w = c.work;
  const schemes = terms().schemes;
  const ids = (['doi', 'pmid', 'pmcid'] as const).filter((k) => w[k]).map((k) => ({ key: k, value: w[k]!.value }));
  const resolved = ids.map(({ key, value }) => resolverIri(schemes[key], value));
  return prune({
    '@context': 'https://schema.org',
    '@type': 'ScholarlyArticle',
    '@id': c.iris.work,
    name: w.title?.value,
    headline: w.title?.value,
    abstract: w.abstract?.value,
    datePublished: (w.date ?? w.year)?.value,
    inLanguage: w.language?.value,
    license: w.license?.value,
    copyrightNotice: w.copyright?.value,
    keywords: values(w.topics),
    genre: values(w.record.formats),
    url: w.doi ? resolved[0] : undefined,
    sameAs: resolved.length ? resolved : undefined,
    identifier: ids.length ? ids.map(({ key, value }) => propertyValue(base, key, value)) : undefined,
    isPartOf: w.journal && { '@type': 'Periodical', '@id': journalIri(base, w.journal.value), name: w.journal.value },
    publisher: w.publisher && { '@type': 'Organization', '@id': organizationIri(base, w.publisher.value), name: w.publisher.value },
    author: w.authors.length
      ? w.authors.map((a, i) => prune({
          '@type': 'Person',
          '@id': personIri(c.iris, i + 1, a.orcid),
          name: a.name,
          givenName: a.given,
          familyName: a.family,
          identifier: a.orcid ? propertyValue(base, 'orcid', a.orcid) : undefined,
        }))
      : undefined,
  });
}

function propertyValue(base: string, key: 'doi' | 'pmid' | 'pmcid' | 'orcid', value: string): Json {
  return { '@type': 'PropertyValue', '@id': identifierIri(base, key, value), propertyID: key, value };
}

function values(list: Found[]): string[] | undefined {
  return list.length ? list.map((f) => f.value) : undefined;
}

/** Drops keys without a value, so the embed holds only what the record supports. */
function prune(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== ''));
}

/** `--to schema`: one embed object per work; an array when there are several. */
export function schemaWriter(options: WriterOptions): RecordWriter {
  const seq = jsonSequence();
  return {
    write: (c) => seq.add(JSON.stringify(schemaEmbed(c, options.base), null, 2)),
    end: () => seq.end(),
  };
}
