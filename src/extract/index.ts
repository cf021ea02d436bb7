/**
 * From a raw record to the model: the staff view (Solr fields) is the authority, the top block
 * fills gaps. Every value keeps the field it came from; what the record does not support is
 * left out with a warning.
 */
import { createHash } from 'node:crypto';
import type { Author, Found, RecordError, Warning, Work } from '../model.js';
import type { RawField, RawRecord, TopBlock } from '../readers/raw.js';
import { cutByKeys } from './authors.js';
import { identifiersFrom } from './identifiers.js';
import { familyGiven, givenFamily } from './names.js';
import { bcp47, copyrightIn, datesIn, journalIn, languageCodeIn, licenceIn } from './spelling.js';
import { authorKeys } from './workkeys.js';

type Fields = Map<string, RawField>;

/** Builds the work a raw record describes, or says why it cannot. */
export function extract(raw: RawRecord): Work | RecordError {
  const f = raw.fields;
  const top = raw.top;
  const warnings: Warning[] = [];
  const line = raw.source.line;
  const id = first(f, 'id') ?? derivedId(raw);
  const title = first(f, 'title') ?? first(f, 'title_full') ?? topTitle(top);
  if (!title) return { source: raw.source, recordId: id.value, message: 'no title: neither a `title` field nor a top block title' };
  const warn = (message: string, at?: number) => warnings.push({ message, line: at ?? line });

  const authors = extractAuthors(f, top, warn);
  const abstract = first(f, 'description');
  if (!abstract && top?.teaser) warn('the page shows only a cut-short abstract; left out (no `description` field)');

  const urls = [...all(f, 'url', /\s+/), ...topValues(top, 'online', /\s+/)];
  const spelling = first(f, 'spelling')?.value ?? '';
  const spellingUrls = [...spelling.matchAll(/https?:\/\/(?:dx\.)?doi\.org\/\S+/g)].map((m) => ({ value: m[0], from: 'spelling' }));
  const ids = identifiersFrom([...urls, ...spellingUrls], line);
  warnings.push(...ids.warnings);

  const topics = [...all(f, 'topic'), ...(f.has('topic') ? [] : topValues(top, 'subjects'))];
  const publisher = first(f, 'publisher') ?? topPublished(top).publisher;
  const year = yearOf(first(f, 'publishDate')) ?? topPublished(top).year;
  const date = fullDate(spelling, year, warn);
  const journal = spelling
    ? found(journalIn(spelling, authorRun(f), topics.map((t) => t.value), [abstract?.value, publisher?.value], title.value), 'spelling')
    : undefined;
  if (!journal) warn('no journal title: `spelling` does not show one between the authors and the abstract');

  const work: Work = {
    source: raw.source,
    layout: raw.layout,
    record: {
      id,
      collection: first(f, 'collection'),
      institution: first(f, 'institution'),
      recordFormat: first(f, 'record_format'),
      version: first(f, '_version_'),
      formats: f.has('format') ? all(f, 'format', /\s+/) : topValues(top, 'format', /\s+/),
    },
    title,
    subtitle: subtitleOf(f),
    abstract,
    authors,
    ...identifierFields(ids),
    journal,
    publisher,
    date,
    year,
    language: languageOf(f, top, spelling, warn),
    license: found(licenceIn(spelling), 'spelling'),
    copyright: found(copyrightIn(spelling), 'spelling'),
    topics,
    urls,
    warnings,
  };
  if (!work.doi && !work.pmid && !work.pmcid) warn('no DOI, PMID or PMCID: the work IRI is minted from the record id');
  return work;
}

function identifierFields(ids: ReturnType<typeof identifiersFrom>): Pick<Work, 'doi' | 'pmid' | 'pmcid'> {
  return { doi: ids.doi, pmid: ids.pmid, pmcid: ids.pmcid };
}

function found(value: string | undefined, from: string): Found | undefined {
  return value === undefined ? undefined : { value, from };
}

/** First value of a Solr field. */
function first(f: Fields, name: string): Found | undefined {
  const v = f.get(name)?.values.find((x) => x.trim() !== '');
  return v === undefined ? undefined : { value: v.trim(), from: name };
}

/** All values of a Solr field; values the page ran together are cut by `split` where given. */
function all(f: Fields, name: string, split?: RegExp): Found[] {
  const field = f.get(name);
  if (!field) return [];
  const values = field.joined && split ? field.values.flatMap((v) => v.split(split)) : field.values;
  return values.map((v) => v.trim()).filter(Boolean).map((value) => ({ value, from: name }));
}

function topValues(top: TopBlock | undefined, key: string, split?: RegExp): Found[] {
  const row = top?.rows.get(key);
  if (!row) return [];
  const values = split ? row.values.flatMap((v) => v.split(split)) : row.values;
  return values.map((v) => v.trim()).filter(Boolean).map((value) => ({ value, from: `top:${row.label}` }));
}

function topTitle(top: TopBlock | undefined): Found | undefined {
  return top?.title ? { value: top.title, from: 'top:title' } : undefined;
}

/** Publisher and year from the `Published` row (publisher line(s) then a year). */
function topPublished(top: TopBlock | undefined): { publisher?: Found; year?: Found } {
  const row = top?.rows.get('published');
  if (!row) return {};
  const from = `top:${row.label}`;
  const text = row.values.join('\n');
  const year = /(\d{4})\D*$/.exec(text)?.[1];
  const publisher = text.replace(/[\s,]*\(?\d{4}\)?[.\s]*$/, '').replace(/\s+/g, ' ').trim();
  return { publisher: found(publisher || undefined, from), year: found(year, from) };
}

/** The record's own id, or a documented derived one: `page-` + 16 hex of SHA-256 over the record text with whitespace folded. */
function derivedId(raw: RawRecord): Found {
  const text = raw.text.replace(/\s+/g, ' ').trim();
  const prefix = raw.layout === 'solr-json' ? 'doc' : 'page';
  return { value: `${prefix}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`, from: 'derived:sha256(record text)' };
}

function yearOf(v: Found | undefined): Found | undefined {
  const y = v && /\b(\d{4})\b/.exec(v.value)?.[1];
  return y ? { value: y, from: v.from } : undefined;
}

/** The full date from `spelling`, kept only when its year agrees with the record's year. */
function fullDate(spelling: string, year: Found | undefined, warn: (m: string) => void): Found | undefined {
  const dates = datesIn(spelling);
  const fit = dates.find((d) => !year || d.startsWith(year.value));
  if (dates.length > 0 && !fit) warn(`spelling: dates ${dates.join(', ')} disagree with the year ${year!.value}; kept the year only`);
  if (fit) return { value: fit, from: 'spelling' };
  return year;
}

function subtitleOf(f: Fields): Found | undefined {
  const sub = first(f, 'title_sub');
  if (sub) return sub;
  const title = first(f, 'title')?.value;
  const short = first(f, 'title_short')?.value;
  if (!title || !short || title === short || !title.startsWith(short)) return undefined;
  const rest = title.slice(short.length).replace(/^\s*[:;.\-–—/]\s*/, '').trim();
  return rest ? { value: rest, from: 'title, title_short' } : undefined;
}

function languageOf(f: Fields, top: TopBlock | undefined, spelling: string, warn: (m: string) => void): Found | undefined {
  const code = languageCodeIn(spelling);
  const named = first(f, 'language') ?? topValues(top, 'language')[0];
  const fromName = named && bcp47(named.value);
  if (code && fromName && code !== fromName) warn(`spelling gives language "${code}" but ${named!.from} says "${named!.value}"; kept "${code}"`);
  if (code) return { value: code, from: 'spelling' };
  if (fromName) return { value: fromName, from: named!.from };
  if (named) warn(`${named.from}: unknown language "${named.value}"; left out`);
  return undefined;
}

/** The author values run together as they appear in `spelling`. */
function authorRun(f: Fields): string {
  return [...(f.get('author')?.values ?? []), ...(f.get('author2')?.values ?? [])].join(' ');
}

function extractAuthors(f: Fields, top: TopBlock | undefined, warn: (m: string, at?: number) => void): Author[] {
  const keys = authorKeys(f.get('work_keys_str_mv')?.values ?? []);
  const authors: Author[] = [];
  for (const name of ['author', 'author2']) {
    const field = f.get(name);
    if (!field) continue;
    if (!field.joined) {
      authors.push(...field.values.filter((v) => v.trim()).map((v) => familyGiven(v, name)));
      continue;
    }
    for (const value of field.values) {
      const cut = cutByKeys(value, keys, name, field.line);
      authors.push(...cut.authors);
      for (const w of cut.warnings) warn(w.message, w.line);
    }
  }
  const row = top?.rows.get('authors');
  if (authors.length > 0 || !row) {
    crossCheck(authors, row, warn);
    return authors;
  }
  return topAuthors(row, warn);
}

/** The blanked top block (`, , ,`) still tells how many authors the page had. */
function crossCheck(authors: Author[], row: TopBlock['rows'] extends Map<string, infer R> ? R | undefined : never, warn: (m: string, at?: number) => void): void {
  if (!row) return;
  const text = row.values.join(', ');
  if (text.replace(/[\s,]/g, '') !== '') return;
  const count = text.split(',').length;
  if (count !== authors.length) warn(`top:${row.label}: the page shows ${count} blanked author(s), the staff view ${authors.length}`, row.line);
}

/** Names from the top block alone: `Family, Given` pairs, or `Given Family` as DOAJ gives them. */
function topAuthors(row: { label: string; values: string[]; line: number }, warn: (m: string, at?: number) => void): Author[] {
  const from = `top:${row.label}`;
  const parts = row.values.join(', ').split(',').map((p) => p.trim());
  if (parts.every((p) => p === '')) {
    warn(`${from}: the page blanked the names of ${parts.length} author(s); authors left out`, row.line);
    return [];
  }
  const named = parts.filter(Boolean);
  const pairs = named.length % 2 === 0 && !named.every((p) => /\s/.test(p));
  if (pairs) {
    const authors: Author[] = [];
    for (let i = 0; i < named.length; i += 2) authors.push(familyGiven(`${named[i]}, ${named[i + 1]}`, from));
    return authors;
  }
  warn(`${from}: names given as "Given Family"; family names taken from the last word (with particles)`, row.line);
  return named.map((n) => givenFamily(n, from));
}
