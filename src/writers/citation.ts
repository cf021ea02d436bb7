/**
 * Citations, as DOI content negotiation offers them: BibTeX, RIS, CSL JSON and a formatted
 * reference (APA), each made by citation-js from the work's CSL-JSON item (`csl.ts`) rather than
 * by templates of our own, so escaping, name order and each format's quirks are the library's.
 *
 * citation-js is only ever handed CSL-JSON objects, never text: its text input plugins treat a
 * DOI or a URL as something to fetch, and catalod converts offline. The APA style and the en-US
 * locale ship inside @citation-js/plugin-csl, so formatting a reference opens no socket either.
 */
import type * as RDF from '@rdfjs/types';
import core from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import '@citation-js/plugin-csl';
import type { Converted } from '../convert.js';
import type { RecordWriter } from './format.js';
import { cslItem, type CslItem } from './csl.js';
import type { Index } from '../server/view.js';

/** The citation formats, by their `--to` names. */
export type CitationKind = 'bibtex' | 'ris' | 'csl' | 'citation';

/** The citation formats in the order the format table and the pages list them. */
export const CITATION_KINDS: readonly CitationKind[] = ['bibtex', 'ris', 'csl', 'citation'];

/** The style and locale of the formatted reference: both bundled with plugin-csl. */
const STYLE = 'apa';
const LOCALE = 'en-US';

/**
 * One or more items in a citation format: BibTeX entries, RIS records, a CSL-JSON array, or
 * formatted references (APA, one a line). Ends with a newline.
 * @example
 * citationText([item], 'bibtex'); // '@article{Gillard2022impact,\n\tauthor = {Gillard, Steve and …'
 */
export function citationText(items: CslItem[], kind: CitationKind): string {
  if (kind === 'csl') return JSON.stringify(items, null, 2) + '\n';
  // A copy (citation-js adds its own bookkeeping, `_graph`, to the objects it is given), with
  // white space folded: RIS has no way to carry a line break inside a value.
  // A reference prints no abstract, and citeproc spends half its time on one: it is left out.
  const cite = new core.Cite(items.map((item) => foldSpaces(kind === 'citation' ? { ...item, abstract: undefined } : item)));
  if (kind === 'citation') return cite.format('bibliography', { format: 'text', template: STYLE, lang: LOCALE }).trim() + '\n';
  if (kind === 'ris') return unwrapRis(cite.format('ris', { format: 'text' })).trim() + '\n';
  return cite.format('bibtex', { format: 'text' }).trim() + '\n';
}

/** A CSL item with every run of white space in its text values made one space. */
function foldSpaces<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim() as T;
  if (Array.isArray(value)) return value.map(foldSpaces) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, foldSpaces(v)])) as T;
  return value;
}

/** A RIS tag line: two capitals (or a capital and a digit), two spaces, a hyphen. */
const RIS_TAG = /^[A-Z][A-Z0-9] {2}-( |$)/;

/**
 * RIS with citation-js's line wrapping undone. It cuts every value after 70 characters, inside
 * words, and readers (citation-js's own, Zotero's) join the pieces with a space: "lo ngitudinal".
 * RIS readers take long lines (PubMed writes a whole abstract on one), so each value is put back
 * on its tag's line. Values hold no line breaks or double spaces (`foldSpaces`), so a line that is
 * not a tag line can only be such a piece.
 * @example
 * unwrapRis('TI  - The impact of working as a peer worker in mental health services: a lo\nngitudinal study'); // 'TI  - The impact … a longitudinal study'
 */
export function unwrapRis(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (out.length && line !== '' && !RIS_TAG.test(line) && out[out.length - 1] !== '') out[out.length - 1] += line;
    else out.push(line);
  }
  return out.join('\n');
}

/**
 * The citation of the work `iri` described by `quads` (or their index); undefined when they do
 * not describe it as a work.
 * @example
 * citationOf(catalog.describe(iri), iri, 'ris')?.startsWith('TY  - JOUR'); // true
 */
export function citationOf(quads: Iterable<RDF.Quad> | Index, iri: string, kind: CitationKind): string | undefined {
  const item = cslItem(quads, iri);
  return item && citationText([item], kind);
}

/**
 * One record's part of a citation output: its entry in the format (for CSL JSON, its item
 * indented as an array member); empty when the record describes no work. What depends on this
 * record alone, so `convert --jobs` makes it on a worker (src/jobs/chunks.ts).
 * @example
 * citationPart(converted, 'bibtex'); // '@article{Gillard2022impact,\n…}\n'
 */
export function citationPart(c: Converted, kind: CitationKind): string {
  const item = cslItem(c.quads, c.iris.work);
  if (!item) return '';
  if (kind === 'csl') return JSON.stringify(item, null, 2).replace(/^/gm, '  ');
  return citationText([item], kind);
}

/**
 * Joins records' parts in input order: BibTeX entries and RIS records with a blank line between
 * them (how their readers tell entries apart), references one a line, CSL-JSON items as one array
 * (what Zotero, pandoc and citeproc read, however many records come).
 * @example
 * const j = citationJoiner('csl'); j.add(part1) + j.add(part2) + j.end(); // '[\n  {…},\n  {…}\n]\n'
 */
export function citationJoiner(kind: CitationKind): { add(part: string): string; end(): string } {
  let count = 0;
  if (kind === 'csl')
    return {
      add: (part) => (part ? (count++ ? ',\n' : '[\n') + part : ''),
      end: () => (count ? '\n]\n' : '[]\n'),
    };
  return {
    add: (part) => (part ? (count++ && kind !== 'citation' ? '\n' : '') + part : ''),
    end: () => '',
  };
}

/**
 * `--to bibtex|ris|csl|citation`: one entry per record, from the record's own graph.
 * @example
 * const w = citationWriter('ris'); (await w.write(converted)) + (await w.end());
 */
export function citationWriter(kind: CitationKind): RecordWriter {
  const joiner = citationJoiner(kind);
  return { write: (c) => joiner.add(citationPart(c, kind)), end: () => joiner.end() };
}
