/**
 * A snippet for a page head: the schema.org JSON-LD in a script element (with `<` escaped, as
 * JSON-LD 1.1 §7 asks), the Google Scholar / Highwire `citation_*` meta tags Zotero's Embedded
 * Metadata translator and Scholar read, and a `description` for search results. Each snippet
 * starts with a comment naming its catalogue record, so a file of several is told apart.
 */
import type { Converted } from '../convert.js';
import { resolverIri } from '../mapping/iris.js';
import { terms } from '../mapping/terms.js';
import { schemaEmbed } from './schema.js';
import type { RecordWriter, WriterOptions } from './format.js';

/** Escapes text for an HTML attribute value. */
export function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** JSON safe inside `<script>`: no `</script` can end it early. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/</g, '\\u003c');
}

/** What the `citation_*` tags are made from: the same facts whether read from the model (`--to html`) or the graph (the record page). */
export interface CitationFacts {
  title?: string;
  /** In order: `Family, Given` where the name is split, else the name as given. */
  authors: string[];
  journal?: string;
  /** ISO date, year-month or year. */
  date?: string;
  publisher?: string;
  doi?: string;
  pmid?: string;
  pmcid?: string;
  language?: string;
  abstract?: string;
  keywords: string[];
  /** The work's IRI: its record page for a browser. */
  page: string;
}

/**
 * The `citation_*` meta tags, in the order Google Scholar documents them, then the ones Zotero
 * reads beyond those: the abstract, keywords (one tag each: a keyword may hold a comma), the
 * record page and, where the article is in PubMed Central, its full text there.
 * @example
 * citationTags({ title: 'T', authors: ['Gillard, Steve'], keywords: [], page: 'http://localhost:3000/work/doi/10.1/x' })[1]; // ['citation_author', 'Gillard, Steve']
 */
export function citationTags(f: CitationFacts): [string, string][] {
  const tags: [string, string][] = [];
  const add = (name: string, value: string | undefined) => value && tags.push([name, value]);
  add('citation_title', f.title);
  for (const a of f.authors) add('citation_author', a);
  add('citation_journal_title', f.journal);
  add('citation_publication_date', f.date?.replace(/-/g, '/'));
  add('citation_publisher', f.publisher);
  add('citation_doi', f.doi);
  add('citation_pmid', f.pmid);
  add('citation_language', f.language);
  add('citation_abstract', f.abstract);
  for (const k of f.keywords) add('citation_keywords', k);
  add('citation_abstract_html_url', f.page);
  add('citation_fulltext_html_url', f.pmcid && resolverIri(terms().schemes.pmcid, f.pmcid));
  return tags;
}

/** The `citation_*` meta tags of one converted record. */
export function citationMeta(c: Converted): [string, string][] {
  const w = c.work;
  return citationTags({
    title: w.title?.value,
    authors: w.authors.map((a) => (a.family && a.given ? `${a.family}, ${a.given}` : a.name)),
    journal: w.journal?.value,
    date: (w.date ?? w.year)?.value,
    publisher: w.publisher?.value,
    doi: w.doi?.value,
    pmid: w.pmid?.value,
    pmcid: w.pmcid?.value,
    language: w.language?.value,
    abstract: w.abstract?.value,
    keywords: [...new Set(w.topics.map((t) => t.value))],
    page: c.iris.work,
  });
}

/** How much of the abstract a `description` meta tag holds: search engines show about this much. */
const DESCRIPTION_LENGTH = 300;

/**
 * A page description: the abstract's first ~300 characters, cut at a word, else the title.
 * @example
 * pageDescription(undefined, 'A title'); // 'A title'
 */
export function pageDescription(abstract: string | undefined, title: string | undefined): string | undefined {
  const text = abstract?.replace(/\s+/g, ' ').trim();
  if (!text) return title;
  if (text.length <= DESCRIPTION_LENGTH) return text;
  const cut = text.slice(0, DESCRIPTION_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${(space > DESCRIPTION_LENGTH / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/**
 * The comment that opens a record's snippet: `<!-- catalod record pubmed-9158348 -->` (the ids
 * space-separated when several records describe the work). `<`, `>`, `!`, `%` and controls in an
 * id are percent-escaped, so no id can close the comment or open another.
 * @example
 * recordComment(['a-->b']); // '<!-- catalod record a--%3Eb -->'
 */
export function recordComment(ids: string[]): string {
  const safe = ids.map((id) => id.replace(/[<>!%\s\u0000-\u001F\u007F]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`));
  return `<!-- catalod record ${safe.join(' ')} -->`;
}

/**
 * A head snippet from its parts: the record comment, the JSON-LD script, the meta tags and the
 * description; what `--to html` writes and the record page carries.
 * @example
 * headSnippet(['pubmed-1'], { '@type': 'ScholarlyArticle' }, [['citation_title', 'T']], 'T');
 */
export function headSnippet(recordIds: string[], schema: unknown, tags: [string, string][], description: string | undefined): string {
  const meta = tags.map(([name, value]) => `<meta name="${name}" content="${escapeAttribute(value)}">`);
  if (description) meta.push(`<meta name="description" content="${escapeAttribute(description)}">`);
  const comment = recordIds.length ? [recordComment(recordIds)] : [];
  return [...comment, `<script type="application/ld+json">\n${scriptJson(schema)}\n</script>`, ...meta].join('\n') + '\n';
}

/** The snippet for one record. */
export function htmlSnippet(c: Converted, base: string): string {
  const w = c.work;
  return headSnippet([w.record.id.value], schemaEmbed(c, base), citationMeta(c), pageDescription(w.abstract?.value, w.title?.value));
}

/** `--to html`: a snippet per record, each opened by its record comment, separated by a blank line. */
export function htmlWriter(options: WriterOptions): RecordWriter {
  let count = 0;
  return {
    write: (c) => (count++ ? '\n' : '') + htmlSnippet(c, options.base),
    end: () => '',
  };
}
