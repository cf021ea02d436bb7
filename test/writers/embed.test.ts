/**
 * The `--to html` head snippet as Zotero's Embedded Metadata translator and Google Scholar read
 * it, parsed with a real HTML parser: each `citation_*` tag, the description, and one snippet per
 * record, each opened by a comment naming its record.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument, DomUtils } from 'htmlparser2';
import { ElementType } from 'htmlparser2';
import type { ChildNode, Comment, Element } from 'domhandler';
import { convertText, type Converted } from '../../src/convert.js';
import { formatNamed } from '../../src/writers/index.js';
import { htmlSnippet, pageDescription, recordComment } from '../../src/writers/html.js';
import { SEED, convertSeed, converted } from '../helpers.js';
import { fixtureText } from '../fixtures/load.js';

const BASE = 'http://localhost:3000/';
const WORK = `${BASE}work/doi/10.1186/s12888-022-03999-9`;
const seed = convertSeed();

/** Runs the html writer over converted records, as the CLI does. */
async function write(records: Converted[]): Promise<string> {
  const writer = formatNamed('html')!.create({ base: BASE });
  let out = '';
  for (const c of records) out += await writer.write(c);
  return out + (await writer.end());
}

/** The snippet's meta tags as [name, content] (the parser decodes the entities). */
function metaOf(nodes: ChildNode[]): [string, string][] {
  return DomUtils.findAll((e) => e.name === 'meta', nodes).map((m) => [m.attribs.name!, m.attribs.content!]);
}
const contents = (nodes: ChildNode[], name: string) => metaOf(nodes).filter(([n]) => n === name).map(([, c]) => c);

describe('--to html: the tags Zotero and Scholar read', () => {
  const nodes = parseDocument(htmlSnippet(seed, BASE)).children;

  it('citation_abstract is the whole abstract', () => {
    expect(contents(nodes, 'citation_abstract')).toEqual([seed.work.abstract!.value]);
  });

  it('citation_fulltext_html_url is the PMC article, from the PMCID', () => {
    expect(contents(nodes, 'citation_fulltext_html_url')).toEqual(['https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9158348/']);
  });

  it('citation_abstract_html_url is the record page (the work IRI)', () => {
    expect(contents(nodes, 'citation_abstract_html_url')).toEqual([WORK]);
  });

  it('citation_language and citation_keywords (one tag per keyword)', () => {
    expect(contents(nodes, 'citation_language')).toEqual(['en']);
    expect(contents(nodes, 'citation_keywords')).toEqual(['Research']);
  });

  it('a description: the abstract’s first ~300 characters, cut at a word', () => {
    const [description] = contents(nodes, 'description');
    expect(description).toBe(pageDescription(seed.work.abstract!.value, seed.work.title!.value));
    expect(description!.length).toBeLessThanOrEqual(301);
    expect(description!.endsWith('…')).toBe(true);
    expect(seed.work.abstract!.value.startsWith(description!.slice(0, -1))).toBe(true);
    expect(seed.work.abstract!.value[description!.length - 1]).toMatch(/[\s,;:.]/);
  });

  it('no canonical link in a snippet meant for another site’s page', () => {
    expect(DomUtils.findAll((e) => e.name === 'link', nodes)).toEqual([]);
  });

  it('leaves out what the record does not have: no PMCID, no full-text link; no abstract, the title as description', () => {
    const bare = converted(convertText(SEED.replace(/^description \|.*\n/m, ''), 'bare.txt'))[0]!;
    bare.work.pmcid = undefined;
    bare.work.topics = [];
    const tags = parseDocument(htmlSnippet(bare, BASE)).children;
    expect(contents(tags, 'citation_fulltext_html_url')).toEqual([]);
    expect(contents(tags, 'citation_keywords')).toEqual([]);
    // The top block's cut-short text is never taken for the abstract: without the staff view's `description` there is none.
    expect(bare.work.abstract).toBeUndefined();
    expect(contents(tags, 'citation_abstract')).toEqual([]);
    expect(contents(tags, 'description')).toEqual([bare.work.title!.value]);
    expect(pageDescription(undefined, 'A title')).toBe('A title');
    expect(pageDescription('  Short\n abstract. ', 'A title')).toBe('Short abstract.');
  });
});

describe('--to html: several records', () => {
  it('writes one snippet per record, each opened by a comment naming its record, never two articles in one script', async () => {
    const records = [seed, ...converted(convertText(fixtureText('pages/hard-names.txt'), 'hard.txt'))];
    const nodes = parseDocument(await write(records)).children;
    const comments = nodes.filter((n): n is Comment => n.type === ElementType.Comment).map((c) => c.data.trim());
    expect(comments).toEqual(records.map((r) => `catalod record ${r.work.record.id.value}`));
    const scripts = nodes.filter((n): n is Element => n.type === ElementType.Script);
    expect(scripts).toHaveLength(records.length);
    for (const [i, s] of scripts.entries()) {
      const json = JSON.parse(DomUtils.textContent(s));
      expect(json['@type']).toBe('ScholarlyArticle');
      expect(json['@id']).toBe(records[i]!.iris.work);
    }
    // Each record's tags follow its own script: the titles come in the records' order, one each.
    expect(contents(nodes, 'citation_title')).toEqual(records.map((r) => r.work.title!.value));
  });

  it('a record id can never close its comment', () => {
    expect(recordComment(['a-->b<!--c'])).toBe('<!-- catalod record a--%3Eb%3C%21--c -->');
    const nodes = parseDocument(`${recordComment(['x--!>y'])}<p>after</p>`).children;
    expect(nodes.filter((n) => n.type === ElementType.Comment)).toHaveLength(1);
    expect(DomUtils.findAll((e) => e.name === 'p', nodes)).toHaveLength(1);
  });
});
