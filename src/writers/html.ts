/**
 * A snippet for a page head: the schema.org JSON-LD in a script element (with `<` escaped, as
 * JSON-LD 1.1 §7 asks) and the Google Scholar / Highwire `citation_*` meta tags Zotero and
 * Scholar read.
 */
import type { Converted } from '../convert.js';
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

/** The `citation_*` meta tags, in the order Google Scholar documents them. */
export function citationMeta(c: Converted): [string, string][] {
  const w = c.work;
  const tags: [string, string][] = [];
  const add = (name: string, value: string | undefined) => value && tags.push([name, value]);
  add('citation_title', w.title?.value);
  for (const a of w.authors) add('citation_author', a.family && a.given ? `${a.family}, ${a.given}` : a.name);
  add('citation_journal_title', w.journal?.value);
  add('citation_publication_date', (w.date ?? w.year)?.value.replace(/-/g, '/'));
  add('citation_publisher', w.publisher?.value);
  add('citation_doi', w.doi?.value);
  add('citation_pmid', w.pmid?.value);
  add('citation_language', w.language?.value);
  return tags;
}

/** The snippet for one record. */
export function htmlSnippet(c: Converted, base: string): string {
  const meta = citationMeta(c).map(([name, value]) => `<meta name="${name}" content="${escapeAttribute(value)}">`);
  return [`<script type="application/ld+json">\n${scriptJson(schemaEmbed(c, base))}\n</script>`, ...meta].join('\n') + '\n';
}

/** `--to html`: a snippet per work, separated by a blank line. */
export function htmlWriter(options: WriterOptions): RecordWriter {
  let count = 0;
  return {
    write: (c) => (count++ ? '\n' : '') + htmlSnippet(c, options.base),
    end: () => '',
  };
}
