/**
 * The SHACL shapes in vocab/shapes.ttl: every fixture's and the seed's output passes them, and each
 * important constraint catches the fault it is there for (one deliberate fault per test).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as RDF from '@rdfjs/types';
import { DataFactory } from 'n3';
import { convertText, type Converted, type Outcome } from '../src/convert.js';
import { parseOrcidCsv } from '../src/orcid.js';
import { validateQuads, type ValidationReport, type ValidationResult } from '../src/validate.js';
import { goodFixtures } from './fixtures/load.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEED_FILE = join(ROOT, 'samples/seed-pubmed-9158348.txt');
const FIXTURES = join(ROOT, 'test/fixtures');
const { namedNode, literal, quad } = DataFactory;

const SCHEMA = 'http://schema.org/';
const DCTERMS = 'http://purl.org/dc/terms/';
const FABIO = 'http://purl.org/spar/fabio/';
const PRISM = 'http://prismstandard.org/namespaces/basic/2.0/';
const PRO = 'http://purl.org/spar/pro/';
const DATACITE = 'http://purl.org/spar/datacite/';
const OCO = 'https://w3id.org/oc/ontology/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** The converted records of a file; undefined when the file holds no record at all. */
function convertFile(path: string, name: string): Converted[] | undefined {
  let outcomes: Outcome[];
  try {
    outcomes = convertText(readFileSync(path, 'utf8'), name);
  } catch {
    return undefined;
  }
  return outcomes.filter((o): o is Converted => o.ok);
}

function seed(options: Parameters<typeof convertText>[2] = {}): Converted {
  const c = convertText(readFileSync(SEED_FILE, 'utf8'), 'seed.txt', options)[0];
  if (!c?.ok) throw new Error('the seed did not convert');
  return c;
}

/** A readable list of what failed, for assertion messages. */
function explain(report: ValidationReport): string {
  return report.results.map((r) => `${r.focus} ${r.path ?? ''} [${r.constraint}] ${r.message}${r.value ? ` (value ${r.value})` : ''}`).join('\n');
}

const S = seed();
const WORK = S.iris.work;
const GRAPH = S.quads[0]!.graph;
const ROLE2 = S.iris.role(2);
const PERSON1 = S.quads.find((q) => q.subject.value === S.iris.role(1) && q.predicate.value === `${PRO}isHeldBy`)!.object.value;

const is = (q: RDF.Quad, s: string, p: string) => q.subject.value === s && q.predicate.value === p;
const add = (s: string, p: string, o: RDF.Quad['object']) => quad(namedNode(s), namedNode(p), o as never, GRAPH as never);

/** The seed with the quads matching `drop` removed and `extra` added. */
function mutate(drop: (q: RDF.Quad) => boolean, extra: RDF.Quad[] = [], from: RDF.Quad[] = S.quads): RDF.Quad[] {
  return [...from.filter((q) => !drop(q)), ...extra];
}

/** Asserts the quads fail validation with a result matching `want`; returns the matching results. */
async function expectViolation(quads: RDF.Quad[], want: Partial<ValidationResult>): Promise<ValidationResult[]> {
  const report = await validateQuads(quads);
  expect(report.conforms).toBe(false);
  const hits = report.results.filter((r) => Object.entries(want).every(([k, v]) => r[k as keyof ValidationResult] === v));
  expect(hits, `no result matching ${JSON.stringify(want)} in:\n${explain(report)}`).not.toHaveLength(0);
  for (const h of hits) {
    expect(h.severity).toBe('Violation');
    expect(h.message.length).toBeGreaterThan(20);
    expect(h.graph).toBe(GRAPH.value);
  }
  return hits;
}

describe('outputs pass the shapes', () => {
  it('the seed conforms', async () => {
    const report = await validateQuads(S.quads);
    expect(report.conforms, explain(report)).toBe(true);
    expect(report.results).toEqual([]);
  });

  it('the seed with ORCID iDs attached conforms', async () => {
    const { table } = parseOrcidCsv('work,author,orcid\n10.1186/s12888-022-03999-9,1,0000-0002-1825-0097\n35650562,2,0000-0002-1694-233X\n', 'ids.csv');
    const c = seed({ orcids: table });
    expect(c.quads.some((q) => q.subject.value === 'https://orcid.org/0000-0002-1825-0097')).toBe(true);
    const report = await validateQuads(c.quads);
    expect(report.conforms, explain(report)).toBe(true);
  });

  it('the seed under another base conforms', async () => {
    const report = await validateQuads(seed({ base: 'https://example.org/cat/' }).quads);
    expect(report.conforms, explain(report)).toBe(true);
  });

  const files = goodFixtures();
  it.each(files.length ? files : ['(no fixtures yet)'])('fixture %s conforms', async (name) => {
    if (!files.length) return;
    const records = convertFile(join(FIXTURES, name), name);
    if (!records) return; // holds no record at all: not an input fixture
    expect(records.length, `${name}: no record converted`).toBeGreaterThan(0);
    for (const r of records) {
      const report = await validateQuads(r.quads);
      expect(report.conforms, `${name}: ${r.work.record.id.value}\n${explain(report)}`).toBe(true);
    }
  });

  it('the records of all fixtures in one call are checked graph by graph, and conform', async () => {
    // A record converted twice (same id, e.g. another _version_) names the same graph; loading it
    // replaces the earlier copy, so only the first copy of each graph is kept here.
    const byGraph = new Map<string, RDF.Quad[]>([[GRAPH.value, S.quads]]);
    for (const r of files.flatMap((f) => convertFile(join(FIXTURES, f), f) ?? [])) {
      const g = r.quads[0]!.graph.value;
      if (!byGraph.has(g)) byGraph.set(g, r.quads);
    }
    const report = await validateQuads([...byGraph.values()].flat());
    expect(report.conforms, explain(report)).toBe(true);
    // and a fault in one graph is reported against that graph only
    const broken = await validateQuads([...[...byGraph.values()].flat(), ...mutate((q) => is(q, WORK, `${SCHEMA}name`)).map((q) => quad(q.subject as never, q.predicate as never, q.object as never, namedNode('urn:test:broken')))]);
    expect(broken.conforms).toBe(false);
    expect(new Set(broken.results.map((r) => r.graph))).toEqual(new Set(['urn:test:broken']));
  });
});

describe('each constraint catches its fault', () => {
  it('article without schema:name', async () => {
    await expectViolation(mutate((q) => is(q, WORK, `${SCHEMA}name`)), { focus: WORK, path: `${SCHEMA}name`, constraint: 'MinCountConstraintComponent' });
  });

  it('article with two titles in dcterms:title', async () => {
    await expectViolation(mutate(() => false, [add(WORK, `${DCTERMS}title`, literal('Another title'))]), { focus: WORK, path: `${DCTERMS}title`, constraint: 'MaxCountConstraintComponent' });
  });

  it('article title with a language tag instead of a plain string', async () => {
    const quads = mutate((q) => is(q, WORK, `${SCHEMA}name`), [add(WORK, `${SCHEMA}name`, literal(S.work.title!.value, 'en'))]);
    await expectViolation(quads, { focus: WORK, path: `${SCHEMA}name`, constraint: 'DatatypeConstraintComponent' });
  });

  it('article not typed fabio:JournalArticle', async () => {
    await expectViolation(mutate((q) => is(q, WORK, RDF_TYPE) && q.object.value === `${FABIO}JournalArticle`), { focus: WORK, path: RDF_TYPE, constraint: 'HasValueConstraintComponent' });
  });

  it('article not typed fabio:Expression', async () => {
    await expectViolation(mutate((q) => is(q, WORK, RDF_TYPE) && q.object.value === `${FABIO}Expression`), { focus: WORK, path: RDF_TYPE, constraint: 'HasValueConstraintComponent' });
  });

  it('DOI in upper case', async () => {
    const quads = mutate((q) => is(q, WORK, `${PRISM}doi`), [add(WORK, `${PRISM}doi`, literal('10.1186/S12888-022-03999-9'))]);
    const hits = await expectViolation(quads, { focus: WORK, path: `${PRISM}doi`, constraint: 'PatternConstraintComponent' });
    expect(hits.some((h) => /lower case/.test(h.message))).toBe(true);
  });

  it('DOI with a resolver prefix', async () => {
    const quads = mutate((q) => is(q, WORK, `${PRISM}doi`), [add(WORK, `${PRISM}doi`, literal('https://doi.org/10.1186/s12888-022-03999-9'))]);
    await expectViolation(quads, { focus: WORK, path: `${PRISM}doi`, constraint: 'PatternConstraintComponent', value: 'https://doi.org/10.1186/s12888-022-03999-9' });
  });

  it('PMID that is not digits, PMCID without PMC', async () => {
    const quads = mutate(
      (q) => is(q, WORK, `${FABIO}hasPubMedId`) || is(q, WORK, `${FABIO}hasPubMedCentralId`),
      [add(WORK, `${FABIO}hasPubMedId`, literal('PMID35650562')), add(WORK, `${FABIO}hasPubMedCentralId`, literal('9158348'))],
    );
    await expectViolation(quads, { focus: WORK, path: `${FABIO}hasPubMedId`, constraint: 'PatternConstraintComponent' });
    await expectViolation(quads, { focus: WORK, path: `${FABIO}hasPubMedCentralId`, constraint: 'PatternConstraintComponent' });
  });

  it('datePublished with the wrong datatype', async () => {
    const quads = mutate((q) => is(q, WORK, `${SCHEMA}datePublished`), [add(WORK, `${SCHEMA}datePublished`, literal('2022-06-01T00:00:00', namedNode(`${XSD}dateTime`)))]);
    await expectViolation(quads, { focus: WORK, path: `${SCHEMA}datePublished`, constraint: 'OrConstraintComponent' });
  });

  it('dcterms:issued as a plain string, and an impossible xsd:date', async () => {
    const quads = mutate(
      (q) => is(q, WORK, `${DCTERMS}issued`) || is(q, WORK, `${SCHEMA}datePublished`),
      [add(WORK, `${DCTERMS}issued`, literal('2022-06-01')), add(WORK, `${SCHEMA}datePublished`, literal('2022-13-45', namedNode(`${XSD}date`)))],
    );
    await expectViolation(quads, { focus: WORK, path: `${DCTERMS}issued`, constraint: 'OrConstraintComponent' });
    await expectViolation(quads, { focus: WORK, path: `${SCHEMA}datePublished`, constraint: 'OrConstraintComponent' });
  });

  it('two publication dates', async () => {
    await expectViolation(mutate(() => false, [add(WORK, `${SCHEMA}datePublished`, literal('2022', namedNode(`${XSD}gYear`)))]), { focus: WORK, path: `${SCHEMA}datePublished`, constraint: 'MaxCountConstraintComponent' });
  });

  it('publication year that is not an xsd:gYear', async () => {
    const quads = mutate((q) => is(q, WORK, `${FABIO}hasPublicationYear`), [add(WORK, `${FABIO}hasPublicationYear`, literal('2022', namedNode(`${XSD}integer`)))]);
    await expectViolation(quads, { focus: WORK, path: `${FABIO}hasPublicationYear`, constraint: 'DatatypeConstraintComponent' });
  });

  it('language that is not a BCP 47 tag', async () => {
    const quads = mutate((q) => is(q, WORK, `${SCHEMA}inLanguage`), [add(WORK, `${SCHEMA}inLanguage`, literal('English (UK)'))]);
    await expectViolation(quads, { focus: WORK, path: `${SCHEMA}inLanguage`, constraint: 'PatternConstraintComponent' });
  });

  it('licence as text instead of an IRI', async () => {
    const quads = mutate((q) => is(q, WORK, `${SCHEMA}license`), [add(WORK, `${SCHEMA}license`, literal('CC BY 4.0'))]);
    await expectViolation(quads, { focus: WORK, path: `${SCHEMA}license`, constraint: 'NodeKindConstraintComponent' });
  });

  it('author that is not a schema:Person', async () => {
    await expectViolation(mutate((q) => is(q, PERSON1, RDF_TYPE) && q.object.value === `${SCHEMA}Person`), { focus: WORK, path: `${SCHEMA}author`, constraint: 'ClassConstraintComponent' });
  });

  it('journal without a name, or not a schema:Periodical', async () => {
    const journal = S.quads.find((q) => is(q, WORK, `${SCHEMA}isPartOf`))!.object.value;
    await expectViolation(mutate((q) => is(q, journal, `${SCHEMA}name`)), { focus: journal, path: `${SCHEMA}name`, constraint: 'MinCountConstraintComponent' });
    await expectViolation(mutate((q) => is(q, journal, `${SCHEMA}name`)), { focus: WORK, path: `${SCHEMA}isPartOf`, constraint: 'NodeConstraintComponent' });
    await expectViolation(mutate((q) => is(q, journal, RDF_TYPE) && q.object.value === `${SCHEMA}Periodical`), { focus: WORK, path: `${SCHEMA}isPartOf`, constraint: 'ClassConstraintComponent' });
  });

  it('publisher that is not a schema:Organization', async () => {
    const publisher = S.quads.find((q) => is(q, WORK, `${SCHEMA}publisher`))!.object.value;
    await expectViolation(mutate((q) => is(q, publisher, RDF_TYPE)), { focus: WORK, path: `${SCHEMA}publisher`, constraint: 'ClassConstraintComponent' });
  });

  it('article that is not the primary topic of a record', async () => {
    await expectViolation(mutate((q) => is(q, WORK, 'http://xmlns.com/foaf/0.1/isPrimaryTopicOf')), { focus: WORK, path: 'http://xmlns.com/foaf/0.1/isPrimaryTopicOf', constraint: 'MinCountConstraintComponent' });
  });

  it('person without a name; person with two family names', async () => {
    await expectViolation(mutate((q) => is(q, PERSON1, `${SCHEMA}name`)), { focus: PERSON1, path: `${SCHEMA}name`, constraint: 'MinCountConstraintComponent' });
    await expectViolation(mutate(() => false, [add(PERSON1, `${SCHEMA}familyName`, literal('Other'))]), { focus: PERSON1, path: `${SCHEMA}familyName`, constraint: 'MaxCountConstraintComponent' });
  });

  it('ORCID person without the ORCID identifier, or with a malformed ORCID IRI', async () => {
    const { table } = parseOrcidCsv('work,author,orcid\n10.1186/s12888-022-03999-9,1,0000-0002-1825-0097\n', 'ids.csv');
    const c = seed({ orcids: table });
    const orcid = 'https://orcid.org/0000-0002-1825-0097';
    await expectViolation(mutate((q) => is(q, orcid, `${SCHEMA}identifier`), [], c.quads), { focus: orcid, constraint: 'OrConstraintComponent', shape: 'urn:catalod:shapes:OrcidPerson' });
    // the person node moved to a malformed ORCID IRI, identifier and all
    const bad = 'https://orcid.org/0000-0002-1825';
    const moved = c.quads.map((q) => (q.subject.value === orcid ? quad(namedNode(bad), q.predicate as never, q.object as never, q.graph as never) : q));
    await expectViolation(moved, { focus: bad, constraint: 'OrConstraintComponent', shape: 'urn:catalod:shapes:OrcidPerson' });
  });

  it('identifier node with two values, an unknown scheme, or a value that does not fit its scheme', async () => {
    const pmid = S.quads.find((q) => is(q, WORK, `${SCHEMA}identifier`) && q.object.value.includes('/pmid/'))!.object.value;
    await expectViolation(mutate(() => false, [add(pmid, `${SCHEMA}value`, literal('12345'))]), { focus: pmid, path: `${SCHEMA}value`, constraint: 'MaxCountConstraintComponent' });
    const isbn = mutate((q) => is(q, pmid, `${DATACITE}usesIdentifierScheme`), [add(pmid, `${DATACITE}usesIdentifierScheme`, namedNode(`${DATACITE}isbn`))]);
    await expectViolation(isbn, { focus: pmid, path: `${DATACITE}usesIdentifierScheme`, constraint: 'InConstraintComponent' });
    const asDoi = mutate((q) => is(q, pmid, `${DATACITE}usesIdentifierScheme`), [add(pmid, `${DATACITE}usesIdentifierScheme`, namedNode(`${DATACITE}doi`))]);
    await expectViolation(asDoi, { focus: pmid, constraint: 'OrConstraintComponent', shape: 'urn:catalod:shapes:DoiIdentifier' });
    const noLiteral = mutate((q) => is(q, pmid, 'http://www.essepuntato.it/2010/06/literalreification/hasLiteralValue'));
    await expectViolation(noLiteral, { focus: pmid, path: 'http://www.essepuntato.it/2010/06/literalreification/hasLiteralValue', constraint: 'MinCountConstraintComponent' });
  });

  it('role with two isHeldBy', async () => {
    const other = S.quads.find((q) => is(q, S.iris.role(3), `${PRO}isHeldBy`))!.object;
    await expectViolation(mutate(() => false, [add(ROLE2, `${PRO}isHeldBy`, other)]), { focus: ROLE2, path: `${PRO}isHeldBy`, constraint: 'MaxCountConstraintComponent' });
  });

  it('role without a document, or with another role than pro:author', async () => {
    await expectViolation(mutate((q) => is(q, ROLE2, `${PRO}relatesToDocument`)), { focus: ROLE2, path: `${PRO}relatesToDocument`, constraint: 'MinCountConstraintComponent' });
    const editor = mutate((q) => is(q, ROLE2, `${PRO}withRole`), [add(ROLE2, `${PRO}withRole`, namedNode(`${PRO}editor`))]);
    await expectViolation(editor, { focus: ROLE2, path: `${PRO}withRole`, constraint: 'HasValueConstraintComponent' });
  });

  it('author order that forks: two next roles, or two roles before one', async () => {
    await expectViolation(mutate(() => false, [add(ROLE2, `${OCO}hasNext`, namedNode(S.iris.role(5)))]), { focus: ROLE2, path: `${OCO}hasNext`, constraint: 'MaxCountConstraintComponent' });
    const role4 = S.iris.role(4);
    await expectViolation(mutate(() => false, [add(S.iris.role(1), `${OCO}hasNext`, namedNode(role4))]), { focus: role4, path: `^${OCO}hasNext`, constraint: 'MaxCountConstraintComponent' });
  });

  it('catalogue record without its id, or with two primary topics', async () => {
    const record = S.iris.record;
    await expectViolation(mutate((q) => is(q, record, `${DCTERMS}identifier`)), { focus: record, path: `${DCTERMS}identifier`, constraint: 'MinCountConstraintComponent' });
    await expectViolation(mutate(() => false, [add(record, 'http://xmlns.com/foaf/0.1/primaryTopic', namedNode(`${WORK}-other`))]), { focus: record, path: 'http://xmlns.com/foaf/0.1/primaryTopic', constraint: 'MaxCountConstraintComponent' });
  });
});
