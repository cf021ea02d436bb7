/**
 * From a raw record to the model: the staff view (Solr fields) is the authority, the top block
 * fills gaps. Every value keeps the field it came from; what the record does not support is
 * left out with a warning.
 */
import { createHash } from 'node:crypto';
import type { Author, Found, RecordError, Warning, Work } from '../model.js';
import { YEAR, type RawField, type RawRecord, type TopBlock, type TopRow } from '../readers/raw.js';
import { cutByKeys } from './authors.js';
import { identifiersFrom } from './identifiers.js';
import { recordIdProblem } from './record-id.js';
import { familyGiven, givenFamily } from './names.js';
import { bcp47, copyrightIn, datesIn, journalIn, languageCodeIn, licenceIn } from './spelling.js';
import { authorKeys, workKeyNorm } from './workkeys.js';

type Fields = Map<string, RawField>;

/** Builds the work a raw record describes, or says why it cannot. */
export function extract(raw: RawRecord): Work | RecordError {
  const f = raw.fields;
  const top = raw.top;
  const warnings: Warning[] = [];
  const line = raw.source.line;
  const id = first(f, 'id') ?? derivedId(raw);
  const idProblem = recordIdProblem(id.value);
  if (idProblem) return { source: { ...raw.source, line: f.get('id')?.line ?? line }, message: idProblem };
  const title = first(f, 'title') ?? first(f, 'title_full') ?? topTitle(top);
  if (!title) return { source: raw.source, recordId: id.value, message: 'no title: neither a `title` field nor a top block title' };
  const warn = (message: string, at?: number) => warnings.push({ message, line: at ?? line });
  if (top?.title && title.from !== 'top:title' && workKeyNorm(top.title) !== workKeyNorm(title.value))
    warn(`the top block's title "${top.title}" is not the staff view's: two records may have run together`, top.titleLine);

  const authors = extractAuthors(f, top, warn);
  const abstract = first(f, 'description');
  if (!abstract && top?.teaser) warn('the page shows only a cut-short abstract; left out (no `description` field)');

  const urls = fillGap(all(f, 'url', /\s+/), topValues(top, 'online', /\s+/));
  const spelling = f.get('spelling')?.values.join(' ') ?? '';
  const ids = identifiersFrom([...urls, ...spellingDoiUrls(spelling, urls)], line);
  warnings.push(...ids.warnings);

  const topics = fillGap(all(f, 'topic'), topValues(top, 'subjects'));
  const published = topPublished(top);
  const publisher = first(f, 'publisher') ?? published.publisher;
  const year = yearOf(first(f, 'publishDate')) ?? published.year;
  const date = fullDate(spelling, published.date, year, warn);
  const shown = spelling
    ? found(journalIn(spelling, authorRun(f), topics.map((t) => t.value), [abstract?.value, publisher?.value], title.value), 'spelling')
    : undefined;
  const journal = journalOf(shown, topSeries(top, warn), warn);
  if (!journal)
    warn(spelling ? 'no journal title: `spelling` does not show one between the authors and the abstract, and there is no Series row' : 'no journal title: the record has neither a `spelling` field nor a Series row');

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

/** The staff view's values, or the top block's where the staff view has none. */
function fillGap(staff: Found[], top: Found[]): Found[] {
  return staff.length > 0 ? staff : top;
}

/** DOI links in `spelling` that the links do not already hold. */
function spellingDoiUrls(spelling: string, urls: readonly Found[]): Found[] {
  return [...spelling.matchAll(/https?:\/\/(?:dx\.)?doi\.org\/\S+/g)]
    .filter((m) => !urls.some((u) => u.value === m[0]))
    .map((m) => ({ value: m[0], from: 'spelling' }));
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

/**
 * Publisher, year and full date from the `Published` row: the publisher is what stands before the
 * first year; the date is that year with its month (and day) where the row prints them, as DOAJ
 * harvests do (`BioMed Central 2022-06-01`).
 */
function topPublished(top: TopBlock | undefined): { publisher?: Found; year?: Found; date?: Found } {
  const row = top?.rows.get('published');
  if (!row) return {};
  const from = `top:${row.label}`;
  const text = row.values.join(' ').replace(/\s+/g, ' ').trim();
  const year = YEAR.exec(text);
  const publisher = trimPublisherTail(year ? text.slice(0, year.index) : text);
  const date = year ? datesIn(text.slice(year.index)).find((d) => d.startsWith(year[1]!)) : undefined;
  return { publisher: found(publisher || undefined, from), year: found(year?.[1], from), date: found(date, from) };
}

/** The journal from the `Series` row, where DOAJ harvests put it (`Series: | BMC Psychiatry |`). */
function topSeries(top: TopBlock | undefined, warn: (m: string, at?: number) => void): Found | undefined {
  const values = topValues(top, 'series');
  const names = [...new Set(values.map((v) => v.value))];
  if (names.length > 1) warn(`${values[0]!.from}: ${names.length} series (${names.join('; ')}); took the first as the journal`, top!.rows.get('series')!.line);
  return values[0];
}

/** The journal `spelling` shows, else the Series row's; a Series row naming another journal is reported. */
function journalOf(shown: Found | undefined, series: Found | undefined, warn: (m: string) => void): Found | undefined {
  if (shown && series && workKeyNorm(shown.value) !== workKeyNorm(series.value))
    warn(`${series.from}: "${series.value}" is not the journal \`spelling\` shows ("${shown.value}"); kept spelling's`);
  return shown ?? series;
}

/**
 * The publisher without what ties it to the year (`BioMed Central, c` before `c2022`): a lone
 * `c`, then separators. Read back from the end, since `/[\s,;:([]*(?:\bc)?$/` re-read a run of
 * separators from each position in it (quadratic).
 */
function trimPublisherTail(text: string): string {
  let end = text.length;
  if (text[end - 1] === 'c' && !/\w/.test(text[end - 2] ?? ' ')) end--;
  while (end > 0 && /[\s,;:([]/.test(text[end - 1]!)) end--;
  return text.slice(0, end).trim();
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

/**
 * The full date from `spelling`, else from the `Published` row, each kept only when its year
 * agrees with the record's year (`publishDate` where the staff view has one); else the year.
 */
function fullDate(spelling: string, rowDate: Found | undefined, year: Found | undefined, warn: (m: string) => void): Found | undefined {
  const dates = datesIn(spelling);
  const agrees = (d: string) => !year || d.startsWith(year.value);
  const fromSpelling = found(dates.find(agrees), 'spelling');
  const fromRow = rowDate && agrees(rowDate.value) ? rowDate : undefined;
  const kept = fromSpelling ?? fromRow ?? year;
  const keptText = kept === year ? 'kept the year only' : `kept ${kept!.value} (${kept!.from})`;
  if (dates.length > 0 && !fromSpelling) warn(`spelling: dates ${dates.join(', ')} disagree with the year ${year!.value}; ${keptText}`);
  if (rowDate && !fromRow) warn(`${rowDate.from}: the date ${rowDate.value} disagrees with the year ${year!.value} (${year!.from}); ${keptText}`);
  else if (rowDate && fromSpelling && rowDate.value !== fromSpelling.value && rowDate.value.length === fromSpelling.value.length)
    warn(`${rowDate.from}: the date ${rowDate.value} is not spelling's ${fromSpelling.value}; kept spelling's`);
  return kept;
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
  let keys = authorKeys(f.get('work_keys_str_mv')?.values ?? []);
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
      keys = keys.slice(cut.keysUsed);
      for (const w of cut.warnings) warn(w.message, w.line);
    }
  }
  const rows = (['authors', 'others'] as const).flatMap((key) => top?.rows.get(key) ?? []);
  if (authors.length > 0) {
    crossCheck(authors, rows, warn);
    return authors;
  }
  if (rows.length === 0) warn('no author names: neither an `author` field nor an author row; the work has no authors');
  return rows.flatMap((row) => topAuthors(row, warn));
}

/** The blanked top block (`, , ,`) still tells how many authors the page had. */
function crossCheck(authors: Author[], rows: TopRow[], warn: (m: string, at?: number) => void): void {
  const texts = rows.map((row) => row.values.join(', '));
  if (rows.length === 0 || texts.some((text) => text.replace(/[\s,]/g, '') !== '')) return;
  const count = texts.reduce((n, text) => n + text.split(',').length, 0);
  if (count !== authors.length) warn(`top:${rows[0]!.label}: the page shows ${count} blanked author(s), the staff view ${authors.length}`, rows[0]!.line);
}

/** Names from the top block alone: `Family, Given` pairs, or `Given Family` as DOAJ gives them. */
function topAuthors(row: TopRow, warn: (m: string, at?: number) => void): Author[] {
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
