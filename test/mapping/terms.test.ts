/**
 * Every term catalod writes is a declared term of a vocabulary under vocab/ontologies/: each
 * predicate, each class (object of rdf:type), and each IRI used as a controlled value (pro:author,
 * datacite:doi, …). Two checks: the IRI is a subject in one of the vocabulary files, and, stricter,
 * its own vocabulary's file (HOME below) gives it an rdf:type, so a term that some other ontology
 * merely mentions does not count. The same holds for every CURIE in vocab/mapping.json and every
 * term vocab/shapes.ttl constrains.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as RDF from '@rdfjs/types';
import { Parser } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { convertText, type Converted } from '../../src/convert.js';
import { parseOrcidCsv } from '../../src/orcid.js';
import { goodFixtures } from '../fixtures/load.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ONTOLOGIES = join(ROOT, 'vocab/ontologies');
const FIXTURES = join(ROOT, 'test/fixtures');
const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDF_TYPE = `${RDF_NS}type`;
const SH = 'http://www.w3.org/ns/shacl#';

const prefixes = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(join(ROOT, 'vocab/prefixes.json'), 'utf8')) as Record<string, string>).filter(([k]) => !k.startsWith('$')),
);
/** Namespaces of the vocabularies catalod writes (the ones under vocab/ontologies/), less rdf: and xsd:. */
const VOCAB_NAMESPACES = Object.entries(prefixes)
  .filter(([k]) => k !== 'rdf' && k !== 'xsd')
  .map(([, ns]) => ns);

/**
 * The file that declares each namespace's terms. PRISM publishes no RDF schema of its own; FaBiO
 * declares the PRISM terms SPAR uses (see vocab/ontologies/SOURCES.md).
 */
const HOME: Record<string, string> = {
  schema: 'schemaorg-current-http.nt',
  dcterms: 'dublin_core_terms.ttl',
  fabio: 'fabio.ttl',
  prism: 'fabio.ttl',
  frbr: 'frbr.ttl',
  pro: 'pro.ttl',
  datacite: 'datacite.ttl',
  literal: 'literal.ttl',
  oco: 'oco.ttl',
  foaf: 'foaf.rdf',
};

/** What each vocabulary file says about IRIs: the subjects, and the subjects it gives an rdf:type. */
interface Declared {
  subjects: Set<string>;
  typed: Set<string>;
}

/** By file name. */
const declared = new Map<string, Declared>();

/** Why an IRI is not a declared term, or undefined when it is. */
function problem(iri: string): string | undefined {
  if (iri === RDF_TYPE) return undefined;
  if (![...declared.values()].some((d) => d.subjects.has(iri))) return 'is a subject in no file under vocab/ontologies/';
  const prefix = Object.keys(HOME).find((p) => iri.startsWith(prefixes[p]!));
  if (prefix && !declared.get(HOME[prefix]!)?.typed.has(iri)) return `is not declared (given an rdf:type) in ${HOME[prefix]}`;
  return undefined;
}

function isDeclared(iri: string): boolean {
  return problem(iri) === undefined;
}

function collect(d: Declared, quad: RDF.Quad): void {
  if (quad.subject.termType !== 'NamedNode') return;
  d.subjects.add(quad.subject.value);
  if (quad.predicate.value === RDF_TYPE) d.typed.add(quad.subject.value);
}

/** Subjects of a Turtle or N-Triples file (IRIs only), parsed with n3 without keeping the quads. */
function turtleSubjects(path: string): Promise<Declared> {
  const d: Declared = { subjects: new Set(), typed: new Set() };
  const format = path.endsWith('.nt') ? 'application/n-triples' : 'text/turtle';
  return new Promise((resolve, reject) => {
    new Parser({ format, baseIRI: `file://${path}` }).parse(readFileSync(path, 'utf8'), (error, quad) => {
      if (error) reject(new Error(`${basename(path)}: ${error.message}`));
      else if (quad) collect(d, quad);
      else resolve(d);
    });
  });
}

/** Subjects of an RDF/XML file (IRIs only). */
function rdfXmlSubjects(path: string): Promise<Declared> {
  const d: Declared = { subjects: new Set(), typed: new Set() };
  return new Promise((resolve, reject) => {
    const parser = new RdfXmlParser({ baseIRI: `file://${path}` });
    parser.on('data', (quad: RDF.Quad) => collect(d, quad));
    parser.on('error', (e: Error) => reject(new Error(`${basename(path)}: ${e.message}`)));
    parser.on('end', () => resolve(d));
    parser.write(readFileSync(path, 'utf8'));
    parser.end();
  });
}

/** Every converted record of the seed (plain, and with ORCID iDs attached) and of the fixtures. */
function outputs(): { from: string; records: Converted[] }[] {
  const convertAll = (text: string, name: string, options = {}) => {
    try {
      return convertText(text, name, options).filter((o): o is Converted => o.ok);
    } catch {
      return []; // holds no record at all: not an input fixture
    }
  };
  const seed = readFileSync(join(ROOT, 'samples/seed-pubmed-9158348.txt'), 'utf8');
  const { table } = parseOrcidCsv('work,author,orcid\n10.1186/s12888-022-03999-9,1,0000-0002-1825-0097\n', 'ids.csv');
  return [
    { from: 'seed', records: convertAll(seed, 'seed.txt') },
    { from: 'seed with ORCID iDs', records: convertAll(seed, 'seed.txt', { orcids: table }) },
    ...goodFixtures().map((f) => ({ from: f, records: convertAll(readFileSync(join(FIXTURES, f), 'utf8'), f) })),
  ];
}

/** The vocabulary terms in some quads: predicates, classes, and controlled values in the vocabulary namespaces. */
function termsOf(quads: Iterable<RDF.Quad>): Map<string, string> {
  const found = new Map<string, string>();
  for (const q of quads) {
    found.set(q.predicate.value, 'predicate');
    if (q.object.termType !== 'NamedNode') continue;
    if (q.predicate.value === RDF_TYPE) found.set(q.object.value, 'class');
    else if (VOCAB_NAMESPACES.some((ns) => q.object.value.startsWith(ns))) found.set(q.object.value, 'controlled value');
  }
  return found;
}

function missing(terms: Map<string, string>): string[] {
  return [...terms].flatMap(([iri, role]) => {
    const why = problem(iri);
    return why ? [`${role} ${iri} ${why}`] : [];
  }).sort();
}

beforeAll(async () => {
  const files = readdirSync(ONTOLOGIES).filter((f) => /\.(ttl|nt|rdf)$/.test(f));
  const parsed = await Promise.all(files.map((f) => (f.endsWith('.rdf') ? rdfXmlSubjects(join(ONTOLOGIES, f)) : turtleSubjects(join(ONTOLOGIES, f)))));
  files.forEach((f, i) => declared.set(f, parsed[i]!));
  expect(declared.size).toBeGreaterThan(0);
});

describe('the vocabulary files', () => {
  it('parse, and each declares terms in its namespace', () => {
    expect([...declared.keys()].sort()).toEqual(expect.arrayContaining(['datacite.ttl', 'dublin_core_terms.ttl', 'fabio.ttl', 'foaf.rdf', 'frbr.ttl', 'literal.ttl', 'oco.ttl', 'pro.ttl', 'schemaorg-current-http.nt']));
    expect(declared.get('schemaorg-current-http.nt')!.typed.has('http://schema.org/ScholarlyArticle')).toBe(true);
    expect(declared.get('foaf.rdf')!.typed.has('http://xmlns.com/foaf/0.1/Person')).toBe(true);
    expect(declared.get('pro.ttl')!.typed.has('http://purl.org/spar/pro/author')).toBe(true);
    expect(declared.get('fabio.ttl')!.typed.has('http://prismstandard.org/namespaces/basic/2.0/doi')).toBe(true);
    expect(Object.keys(HOME).sort(), 'every prefix in vocab/prefixes.json needs its vocabulary file in HOME').toEqual(Object.keys(prefixes).filter((p) => p !== 'rdf' && p !== 'xsd').sort());
  });

  it('a term nobody declares is not found (the check can fail)', () => {
    expect(isDeclared('http://schema.org/ScholarlyArticleX')).toBe(false);
    expect(missing(new Map([['http://purl.org/spar/fabio/hasPubMedIdentifier', 'predicate']]))).toEqual(['predicate http://purl.org/spar/fabio/hasPubMedIdentifier is a subject in no file under vocab/ontologies/']);
    // a term some other ontology declares, but not its own vocabulary file, does not count
    const fake = 'http://purl.org/dc/terms/notATerm';
    declared.set('other.ttl', { subjects: new Set([fake]), typed: new Set([fake]) });
    try {
      expect(problem(fake)).toBe('is not declared (given an rdf:type) in dublin_core_terms.ttl');
    } finally {
      declared.delete('other.ttl');
    }
  });
});

describe('every term the mapping emits is declared', () => {
  const sources = outputs();

  it('the seed converts, plain and with ORCID iDs', () => {
    expect(sources[0]!.records).toHaveLength(1);
    expect(sources[1]!.records).toHaveLength(1);
  });

  it('covers classes, predicates and controlled values such as pro:author and datacite:doi', () => {
    const terms = termsOf(sources.flatMap((s) => s.records).flatMap((r) => r.quads));
    for (const iri of ['http://schema.org/ScholarlyArticle', 'http://schema.org/author', 'http://purl.org/spar/pro/author', 'http://purl.org/spar/datacite/doi', 'http://purl.org/spar/datacite/orcid']) {
      expect(terms.has(iri), iri).toBe(true);
    }
  });

  it.each(sources.map((s) => [s.from, s] as const))('%s', (_from, s) => {
    expect(missing(termsOf(s.records.flatMap((r) => r.quads)))).toEqual([]);
  });
});

describe('vocab/mapping.json', () => {
  const mapping = JSON.parse(readFileSync(join(ROOT, 'vocab/mapping.json'), 'utf8')) as unknown;

  /** Every CURIE-looking string in the table (`prefix:local`, no `//`), with where it sits. */
  function curies(value: unknown, at: string, out: [string, string][] = []): [string, string][] {
    if (typeof value === 'string') {
      if (/^[A-Za-z][\w-]*:[^/\s]/.test(value) && !value.includes('//')) out.push([value, at]);
    } else if (Array.isArray(value)) value.forEach((v, i) => curies(v, `${at}[${i}]`, out));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (!k.startsWith('$')) curies(v, `${at}.${k}`, out);
    return out;
  }

  const all = curies(mapping, 'mapping');

  it('has CURIEs', () => {
    expect(all.length).toBeGreaterThan(50);
  });

  it('every CURIE has a known prefix and names a declared term', () => {
    const problems: string[] = [];
    for (const [curie, at] of all) {
      const [prefix] = curie.split(':');
      const ns = prefixes[prefix!];
      if (ns === undefined) problems.push(`${at}: ${curie}: unknown prefix`);
      else {
        const why = problem(ns + curie.slice(prefix!.length + 1));
        if (why) problems.push(`${at}: ${curie} ${why}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('vocab/shapes.ttl', () => {
  it('constrains only declared terms (paths, classes, values)', () => {
    const quads = new Parser({ baseIRI: 'urn:catalod:shapes' }).parse(readFileSync(join(ROOT, 'vocab/shapes.ttl'), 'utf8'));
    const used = new Set<string>();
    const lists = new Map(quads.filter((q) => q.predicate.value === `${RDF_NS}first`).map((q) => [q.subject.value, q.object]));
    for (const q of quads) {
      const p = q.predicate.value;
      if ([`${SH}path`, `${SH}inversePath`, `${SH}class`, `${SH}targetClass`, `${SH}hasValue`, `${SH}equals`].includes(p) && q.object.termType === 'NamedNode') used.add(q.object.value);
    }
    for (const o of lists.values()) if (o.termType === 'NamedNode') used.add(o.value); // sh:in members
    const unknown = [...used].filter((iri) => VOCAB_NAMESPACES.some((ns) => iri.startsWith(ns))).flatMap((iri) => {
      const why = problem(iri);
      return why ? [`${iri} ${why}`] : [];
    });
    expect(used.size).toBeGreaterThan(40);
    expect(unknown).toEqual([]);
  });
});
