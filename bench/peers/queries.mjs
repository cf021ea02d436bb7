/**
 * The query set of bench:peers: every stored query (queries/*.rq, parameters drawn from the
 * corpus) plus seven ad-hoc shapes. Each query is one fixed text per corpus size, so all four
 * runners (catalod engine, Oxigraph, catalod HTTP, Virtuoso HTTP) run the same thing; stored
 * queries are also named with their parameters, for catalod's GET /queries/NAME.
 *
 * Every query is written to give the same answer under catalod's merged default graph (each
 * triple once) and a store holding the merged triples in one graph (Oxigraph's default graph,
 * Virtuoso's single graph): ORDER BY keys are total where a LIMIT/OFFSET cuts the answer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { generateRecordData } from '../generate.mjs';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const PREFIXES = `PREFIX schema: <http://schema.org/>
PREFIX fabio: <http://purl.org/spar/fabio/>
`;

/** A stored query file: text without its comment header, and its parameters with types. */
export function readStored(dir) {
  const out = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.rq')).sort()) {
    const text = readFileSync(`${dir}/${file}`, 'utf8');
    const params = {};
    for (const m of text.matchAll(/^#\s*@param\s+(\S+)\s+(\S+)/gm)) params[m[1]] = m[2];
    const body = text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
    out[file.replace(/\.rq$/, '')] = { params, body };
  }
  return out;
}

/** The RDF term (SPARQL syntax) a stored-query parameter value is bound as. */
function termFor(type, value) {
  const lit = (v) => JSON.stringify(String(v));
  switch (type) {
    case 'IRI': return `<${value}>`;
    case 'string': return lit(value.trim());
    case 'identifier': return lit(/^10\./.test(value) ? value.toLowerCase() : value);
    case 'xsd:gYear': return `${lit(value)}^^<${XSD}gYear>`;
    case 'xsd:date': return `${lit(value)}^^<${XSD}date>`;
    case 'xsd:integer': return `${lit(value)}^^<${XSD}integer>`;
    default: throw new Error(`unknown parameter type ${type}`);
  }
}

/** Substitutes parameter values into a stored query's text (every ?NAME outside strings and IRIs). */
export function bind(body, params, values) {
  let text = body;
  for (const [name, type] of Object.entries(params)) {
    if (values[name] === undefined) throw new Error(`no value for ?${name}`);
    text = text.replace(new RegExp(`[?$]${name}\\b`, 'g'), termFor(type, values[name]));
  }
  return text;
}

/**
 * The query set for a corpus of `count` records served at `base`. Parameters come from record 0's
 * neighbours in the generator's own data (same `persons` as the corpus, so the same records).
 * @returns {{name: string, stored?: {name: string, params: Record<string,string>}, text: string, form: 'select'|'describe', compare: 'rows'|'count', selective?: boolean}[]}
 */
export function querySet(count, base, queriesDir) {
  const sample = [...generateRecordData({ count: Math.min(count, 200), persons: Math.max(1000, 2 * count) })];
  const r = sample[17 % sample.length];
  const r2 = sample[53 % sample.length];
  const doi = r.doi.toLowerCase();
  const work = `${base}work/doi/${doi}`;
  const fullName = (a) => { const [f, g] = a.split(',').map((s) => s.trim()); return g ? `${g} ${f}` : f; };
  const values = {
    // A person's full name: an author's works, whose number does not grow with the catalogue
    // (a family name alone matches ever more people as it grows: that is no selective query).
    'works-by-author-name': { name: fullName(r.authors[0]) },
    'work-by-identifier': { id: r.doi },
    'works-by-journal-year': { journal: r.journal, year: String(r.year) },
    'authors-of-work': { work },
    coauthors: { person: `${work}/person/${r.authors[0].normalize('NFD').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')}` }, // the first author's folded name
    'authors-with-orcid': {},
    'works-by-title-word': { word: 'health' },
  };
  const selective = new Set(['work-by-identifier', 'works-by-author-name', 'authors-of-work', 'point-lookup-doi']);
  const out = [];
  for (const [name, { params, body }] of Object.entries(readStored(queriesDir))) {
    const v = values[name];
    if (!v || Object.keys(params).some((p) => v[p] === undefined)) {
      out.push({ name, skipped: `no parameter values known for ${Object.keys(params).join(', ')}` });
      continue;
    }
    out.push({ name, stored: { name, params: v }, text: bind(body, params, v), form: 'select', compare: 'rows', selective: selective.has(name) });
  }
  const lit = JSON.stringify;
  out.push(
    { name: 'point-lookup-doi', form: 'select', compare: 'rows', selective: true,
      text: `${PREFIXES}SELECT ?work ?title ?date WHERE {
  ?id schema:propertyID "doi" ; schema:value ${lit(doi)} .
  ?work schema:identifier ?id ; schema:name ?title ; schema:datePublished ?date .
}` },
    { name: 'coauthor-two-hop', form: 'select', compare: 'rows',
      // Works of the co-authors (matched by full name across records) of an author.
      text: `${PREFIXES}SELECT (COUNT(DISTINCT ?coName) AS ?coauthors) (COUNT(DISTINCT ?w2) AS ?works) WHERE {
  ?a1 schema:name ${lit(fullName(r2.authors[0]))} .
  ?w1 schema:author ?a1, ?co .
  FILTER (?co != ?a1)
  ?co schema:name ?coName .
  ?a2 schema:name ?coName .
  ?w2 schema:author ?a2 .
}` },
    { name: 'count-journal-year', form: 'select', compare: 'rows',
      text: `${PREFIXES}SELECT ?journal ?year (COUNT(DISTINCT ?work) AS ?works) WHERE {
  ?work schema:isPartOf ?periodical ; fabio:hasPublicationYear ?year .
  ?periodical schema:name ?journal .
}
GROUP BY ?journal ?year
ORDER BY DESC(?works) ?journal ?year
LIMIT 100` },
    { name: 'title-filter-limit', form: 'select', compare: 'count',
      // No ORDER BY: any 20 matching titles are a right answer, so only the row count is compared.
      text: `${PREFIXES}SELECT ?work ?title WHERE {
  ?work schema:headline ?title .
  FILTER (CONTAINS(LCASE(STR(?title)), "mental"))
}
LIMIT 20` },
    { name: 'describe-work', form: 'describe', compare: 'rows', selective: true, text: `DESCRIBE <${work}>` },
    { name: 'optional-listing', form: 'select', compare: 'rows',
      text: `${PREFIXES}PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>
SELECT ?work ?title ?date ?lang ?license ?copyright ?doi ?pmid ?pmcid ?publisherName WHERE {
  ?periodical schema:name ${lit(r.journal)} .
  ?work schema:isPartOf ?periodical .
  OPTIONAL { ?work schema:name ?title }
  OPTIONAL { ?work schema:datePublished ?date }
  OPTIONAL { ?work schema:inLanguage ?lang }
  OPTIONAL { ?work schema:license ?license }
  OPTIONAL { ?work schema:copyrightNotice ?copyright }
  OPTIONAL { ?work prism:doi ?doi }
  OPTIONAL { ?work fabio:hasPubMedId ?pmid }
  OPTIONAL { ?work fabio:hasPubMedCentralId ?pmcid }
  OPTIONAL { ?work schema:publisher ?publisher . ?publisher schema:name ?publisherName }
}
ORDER BY ?work` },
    { name: 'order-offset-page', form: 'select', compare: 'rows',
      text: `${PREFIXES}SELECT ?work ?date WHERE {
  ?work a schema:ScholarlyArticle ; schema:datePublished ?date .
}
ORDER BY DESC(?date) ?work
LIMIT 20 OFFSET ${Math.min(1000, Math.floor(count / 2))}` },
  );
  return out;
}

// ---- answers, normalised so the four systems can be compared ----

const NUMERIC = new Set(['integer', 'int', 'long', 'short', 'decimal', 'double', 'float', 'nonNegativeInteger', 'unsignedInt', 'unsignedLong'].map((t) => XSD + t));

/** A term (RDF/JS, Oxigraph or SPARQL JSON) as a comparable string. */
export function termString(t) {
  const type = t.termType ?? ({ uri: 'NamedNode', literal: 'Literal', 'typed-literal': 'Literal', bnode: 'BlankNode' })[t.type];
  if (type === 'NamedNode') return `<${t.value}>`;
  if (type === 'BlankNode') return '_:b';
  const dt = typeof t.datatype === 'string' ? t.datatype : t.datatype?.value;
  const lang = t.language || t['xml:lang'];
  if (lang) return `${JSON.stringify(t.value)}@${lang.toLowerCase()}`;
  if (dt && NUMERIC.has(dt)) return `${Number(t.value)}^^num`;
  if (!dt || dt === `${XSD}string` || dt.endsWith('#langString')) return JSON.stringify(t.value);
  return `${JSON.stringify(t.value)}^^<${dt}>`;
}

/** Sorted rows (or triples) as strings, or the row count for `compare: 'count'` queries. */
export function normalise(query, rows) {
  if (query.compare === 'count') return [`${rows.length} rows`];
  return rows.sort();
}

export const rowString = (entries) => entries.filter(([, t]) => t).map(([k, t]) => `${k}=${termString(t)}`).sort().join('\t');
export const tripleString = (q) => `${termString(q.subject)} ${termString(q.predicate)} ${termString(q.object)}`;
