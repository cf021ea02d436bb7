/**
 * A seeded generator of SPARQL SELECT queries over the catalogue's own vocabulary, for the
 * differential test: the same seed gives the same queries. Queries walk the catalogue graph
 * (works, authors, author roles chained by oco:hasNext, journals, record graphs), name terms that
 * exist (Samples), and nest the shapes where the index and Comunica may disagree: OPTIONAL, UNION,
 * MINUS and subqueries with FILTERs of their own, BIND before a group that reads the bound
 * variable, GRAPH ?g, VALUES (with UNDEF), property paths, parts that match nothing, aggregates
 * with HAVING, ORDER BY with LIMIT/OFFSET. Every ORDER BY ends with all projected variables, so
 * the order of what a query returns is total and two correct engines give the same list.
 */

/** mulberry32: a small seeded PRNG giving floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a variable or a sample term stands for. */
export type Kind =
  | 'work' | 'person' | 'role' | 'journal' | 'record' | 'title' | 'family' | 'given' | 'name'
  | 'year' | 'date' | 'doi' | 'lang' | 'roleType' | 'collection' | 'org';

/** Sample terms of each kind, as SPARQL text (`<iri>`, `"lexical"^^<datatype>`). */
export type Samples = Partial<Record<Kind, string[]>>;

export const PREFIXES = [
  'PREFIX schema: <http://schema.org/>',
  'PREFIX fabio: <http://purl.org/spar/fabio/>',
  'PREFIX pro: <http://purl.org/spar/pro/>',
  'PREFIX oco: <https://w3id.org/oc/ontology/>',
  'PREFIX dcterms: <http://purl.org/dc/terms/>',
  'PREFIX prism: <http://prismstandard.org/namespaces/basic/2.0/>',
  'PREFIX foaf: <http://xmlns.com/foaf/0.1/>',
  'PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>',
].join('\n');

/** The catalogue's edges: subject kind, predicate (prefixed and full), object kind. */
const EDGES: [Kind, string, string, Kind][] = [
  ['work', 'schema:name', 'http://schema.org/name', 'title'],
  ['work', 'schema:author', 'http://schema.org/author', 'person'],
  ['work', 'dcterms:creator', 'http://purl.org/dc/terms/creator', 'person'],
  ['work', 'schema:isPartOf', 'http://schema.org/isPartOf', 'journal'],
  ['work', 'fabio:hasPublicationYear', 'http://purl.org/spar/fabio/hasPublicationYear', 'year'],
  ['work', 'schema:datePublished', 'http://schema.org/datePublished', 'date'],
  ['work', 'pro:isDocumentContextFor', 'http://purl.org/spar/pro/isDocumentContextFor', 'role'],
  ['work', 'prism:doi', 'http://prismstandard.org/namespaces/basic/2.0/doi', 'doi'],
  ['work', 'schema:inLanguage', 'http://schema.org/inLanguage', 'lang'],
  ['person', 'schema:familyName', 'http://schema.org/familyName', 'family'],
  ['person', 'schema:givenName', 'http://schema.org/givenName', 'given'],
  ['person', 'foaf:name', 'http://xmlns.com/foaf/0.1/name', 'name'],
  ['role', 'pro:isHeldBy', 'http://purl.org/spar/pro/isHeldBy', 'person'],
  ['role', 'oco:hasNext', 'https://w3id.org/oc/ontology/hasNext', 'role'],
  ['role', 'pro:withRole', 'http://purl.org/spar/pro/withRole', 'roleType'],
  ['journal', 'schema:name', 'http://schema.org/name', 'name'],
  ['record', 'foaf:primaryTopic', 'http://xmlns.com/foaf/0.1/primaryTopic', 'work'],
  ['record', 'dcterms:isPartOf', 'http://purl.org/dc/terms/isPartOf', 'collection'],
  ['record', 'schema:provider', 'http://schema.org/provider', 'org'],
];

/** Subject and object kinds by full predicate IRI, the first edge of a predicate winning (schema:name: a work's title). */
export const KINDS_BY_PREDICATE: Record<string, [Kind, Kind]> = Object.fromEntries(EDGES.map(([s, , iri, o]) => [iri, [s, o]]).reverse());

/** Property paths between kinds. */
const PATHS: [Kind, string, Kind][] = [
  ['role', 'oco:hasNext+', 'role'],
  ['role', 'oco:hasNext*', 'role'],
  ['role', 'oco:hasNext?', 'role'],
  ['role', 'oco:hasNext/oco:hasNext', 'role'],
  ['person', '^schema:author', 'work'],
  ['work', 'schema:author/schema:familyName', 'family'],
  ['work', 'pro:isDocumentContextFor/pro:isHeldBy', 'person'],
  ['person', 'schema:familyName|schema:givenName', 'family'],
  ['record', 'foaf:primaryTopic/schema:isPartOf', 'journal'],
  ['work', '(schema:author|dcterms:creator)', 'person'],
];

const CLASSES: Partial<Record<Kind, string>> = { work: 'schema:ScholarlyArticle', person: 'schema:Person', record: 'fabio:MetadataDocument', journal: 'schema:Periodical' };
const ENTITIES: Kind[] = ['work', 'person', 'role', 'journal', 'record'];
/** Kinds whose terms are IRIs (the others are literals). */
const IRI_KINDS = new Set<Kind>([...ENTITIES, 'roleType', 'collection', 'org']);
const ABSENT: Record<'iri' | 'literal', string> = { iri: '<urn:catalod:absent>', literal: '"no such value anywhere"' };

/** Variables in scope: name → kind. */
type Scope = Map<string, Kind>;

/** One generated query and what comparing it needs. */
export interface GeneratedQuery {
  text: string;
  /** The top level has ORDER BY (made total): compare rows as lists, not multisets. */
  ordered: boolean;
}

/**
 * `count` queries from `seed`.
 * @example
 * for (const { text, ordered } of generateQueries(samples, 42, 300)) console.log(text);
 */
export function generateQueries(samples: Samples, seed: number, count: number): GeneratedQuery[] {
  return Array.from({ length: count }, (_, i) => new QueryGenerator(samples, seed * 100_003 + i).query());
}

/** Builds one query from its own PRNG. */
class QueryGenerator {
  private readonly random: () => number;
  private next = 0;

  constructor(private readonly samples: Samples, seed: number) {
    this.random = mulberry32(seed);
  }

  /** A whole SELECT query. */
  query(): GeneratedQuery {
    const scope: Scope = new Map();
    const where = this.group(scope, 0);
    const vars = [...scope.keys()];
    if (this.chance(0.3) && vars.length) return this.aggregateQuery(scope, where);
    const projected = this.chance(0.25) ? vars : this.some(vars, 1, 4);
    const head = this.chance(0.25) ? 'SELECT DISTINCT' : 'SELECT';
    const modifiers = this.chance(0.4) ? this.orderBy(scope, projected, this.chance(0.8)) : '';
    const select = projected.length === vars.length && this.chance(0.5) ? '*' : projected.map((v) => `?${v}`).join(' ');
    return { text: `${PREFIXES}\n${head} ${select} WHERE {\n${where}\n}${modifiers}`, ordered: modifiers !== '' };
  }

  /** GROUP BY (or one group) with COUNT/MIN/MAX, maybe HAVING, maybe ORDER BY + LIMIT. */
  private aggregateQuery(scope: Scope, where: string): GeneratedQuery {
    const vars = [...scope.keys()];
    const keys = this.chance(0.15) ? [] : this.some(vars, 1, 2);
    const aggregates: string[] = [];
    const names: string[] = [];
    for (let i = 0, n = 1 + this.int(2); i < n; i++) {
      const name = `agg${i}`;
      aggregates.push(`(${this.aggregate(vars)} AS ?${name})`);
      names.push(name);
    }
    const having = this.chance(0.4) ? ` HAVING (${this.aggregate(vars)} ${this.pick(['>', '>=', '<', '='])} ${this.int(3)})` : '';
    const group = keys.length ? ` GROUP BY ${keys.map((k) => `?${k}`).join(' ')}` : '';
    const projected = [...keys, ...names];
    const modifiers = this.chance(0.5) ? this.orderBy(new Map(projected.map((v) => [v, scope.get(v) ?? 'title'])), projected, this.chance(0.6)) : '';
    const text = `${PREFIXES}\nSELECT ${keys.map((k) => `?${k} `).join('')}${aggregates.join(' ')} WHERE {\n${where}\n}${group}${having}${modifiers}`;
    return { text, ordered: modifiers !== '' };
  }

  /** An aggregate expression over the group's variables. */
  private aggregate(vars: string[]): string {
    const v = `?${this.pick(vars)}`;
    return this.pick([`COUNT(*)`, `COUNT(${v})`, `COUNT(DISTINCT ${v})`, `MIN(${v})`, `MAX(${v})`, `COUNT(DISTINCT *)`]);
  }

  /** ORDER BY some keys then every projected variable (a total order), maybe LIMIT/OFFSET. */
  private orderBy(scope: Scope, projected: string[], limited: boolean): string {
    const keys = this.some([...scope.keys()], 1, 2).map((v) => (this.chance(0.3) ? `DESC(?${v})` : `?${v}`));
    const ties = projected.map((v) => `?${v}`);
    const limit = limited ? ` LIMIT ${1 + this.int(12)}${this.chance(0.4) ? ` OFFSET ${this.int(6)}` : ''}` : this.chance(0.2) ? ` OFFSET ${this.int(4)}` : '';
    return `\nORDER BY ${[...keys, ...ties].join(' ')}${limit}`;
  }

  // ---- group graph patterns ----

  /** A group: an anchoring pattern, then a few elements, at most `depth` 2 deep. */
  private group(scope: Scope, depth: number): string {
    const lines = [this.triples(scope, this.anchor(scope))];
    const n = depth >= 2 ? this.int(2) : 1 + this.int(2);
    for (let i = 0; i < n; i++) lines.push(this.element(scope, depth));
    return lines.join('\n');
  }

  /** One element of a group. */
  private element(scope: Scope, depth: number): string {
    const shapes: [number, () => string][] = [
      [3, () => this.triples(scope, this.anchor(scope))],
      [3, () => this.filter(scope, [...scope.keys()])],
      [3, () => `OPTIONAL {\n${this.inner(scope, depth, 0.5)}\n}`],
      [2, () => this.union(scope, depth)],
      [2, () => `MINUS {\n${this.inner(new Map(scope), depth, 0.4)}\n}`],
      [2, () => this.subquery(scope, depth)],
      [2, () => this.graph(scope, depth)],
      [2, () => this.bindThenGroup(scope, depth)],
      [2, () => this.values(scope)],
      [2, () => this.path(scope)],
      [2, () => this.empty(scope)],
      [2, () => `{\n${this.inner(scope, depth, 0.7, true)}\n}`],
    ];
    return this.weighted(depth >= 2 ? shapes.slice(0, 2) : shapes)();
  }

  /** A nested group anchored on a variable of `scope` (binding into it), maybe with a FILTER of its own that may read outer variables. */
  private inner(scope: Scope, depth: number, filterChance: number, outer = false, anchor = this.anchor(scope)): string {
    const own: Scope = new Map();
    own.set(anchor, scope.get(anchor)!);
    const body = [this.triples(own, anchor)];
    if (depth < 1 && this.chance(0.4)) body.push(this.element(own, depth + 1));
    if (this.chance(filterChance)) body.push(this.filter(own, [...own.keys(), ...(outer || this.chance(0.3) ? scope.keys() : [])]));
    for (const [v, k] of own) scope.set(v, k);
    return body.join('\n');
  }

  /** `{ A } UNION { B }`, both anchored on one variable. */
  private union(scope: Scope, depth: number): string {
    const a = new Map(scope), b = new Map(scope);
    const text = `{\n${this.inner(a, depth, 0.4)}\n} UNION {\n${this.inner(b, depth, 0.4)}\n}`;
    for (const [v, k] of [...a, ...b]) scope.set(v, k);
    return text;
  }

  /** A subquery sharing one variable with the outer group: plain, DISTINCT, ordered with LIMIT, or grouped with COUNT. */
  private subquery(scope: Scope, depth: number): string {
    const own: Scope = new Map();
    const anchor = this.anchor(scope);
    own.set(anchor, scope.get(anchor)!);
    const body = [this.triples(own, anchor)];
    if (this.chance(0.5)) body.push(this.element(own, depth + 1));
    if (this.chance(0.5)) body.push(this.filter(own, [...own.keys()]));
    const others = [...own.keys()].filter((v) => v !== anchor);
    if (this.chance(0.35)) {
      const n = this.fresh('count');
      scope.set(n, 'year');
      const counted = others.length ? `?${this.pick(others)}` : '*';
      return `{ SELECT ?${anchor} (COUNT(${counted}) AS ?${n}) WHERE {\n${body.join('\n')}\n} GROUP BY ?${anchor} }`;
    }
    const projected = [anchor, ...this.some(others, 0, 2)];
    const modifiers = this.chance(0.4) ? this.orderBy(own, projected, true) : '';
    for (const v of projected) scope.set(v, own.get(v)!);
    return `{ SELECT ${this.chance(0.3) ? 'DISTINCT ' : ''}${projected.map((v) => `?${v}`).join(' ')} WHERE {\n${body.join('\n')}\n}${modifiers} }`;
  }

  /** GRAPH over the record graphs: a variable (maybe the record of an outer variable) or one record. */
  private graph(scope: Scope, depth: number): string {
    const records = [...scope].filter(([, k]) => k === 'record').map(([v]) => `?${v}`);
    // Anchored on the outer group before ?g exists, so the graph's patterns join the group's.
    const anchor = this.anchor(scope);
    let g: string;
    if (this.chance(0.2)) g = this.sample('record');
    else if (records.length && this.chance(0.5)) g = this.pick(records);
    else {
      const name = this.fresh('g');
      scope.set(name, 'record');
      g = `?${name}`;
    }
    return `GRAPH ${g} {\n${this.inner(scope, depth, 0.3, false, anchor)}\n}`;
  }

  /** BIND of a variable, a constant or an expression, then a group whose FILTER reads the bound variable. */
  private bindThenGroup(scope: Scope, depth: number): string {
    const from = this.pick([...scope.keys()]);
    const kind = scope.get(from)!;
    const to = this.fresh(kind);
    const expression = this.pick([`?${from}`, `?${from}`, this.sample(kind), `STR(?${from})`]);
    const bind = `BIND(${expression} AS ?${to})`;
    scope.set(to, kind);
    if (this.chance(0.3)) return bind;
    const own: Scope = new Map();
    const anchor = this.anchor(scope);
    own.set(anchor, scope.get(anchor)!);
    const body = this.triples(own, anchor);
    const condition = this.pick([`bound(?${to})`, `!bound(?${to})`, `?${to} = ?${from}`, `?${to} != ${this.sample(kind)}`, this.condition(new Map([...own, [to, kind]]), 1)]);
    for (const [v, k] of own) scope.set(v, k);
    return `${bind}\n{\n${body}\nFILTER(${condition})\n}`;
  }

  /** VALUES over one or two variables (new or in scope), with samples, UNDEF and absent terms. */
  private values(scope: Scope): string {
    const vars = this.some([...scope.keys()], 1, 2);
    if (this.chance(0.3)) {
      const kind = this.pick(['year', 'family', 'journal', 'person'] as Kind[]);
      const v = this.fresh(kind);
      scope.set(v, kind);
      vars.splice(0, 1, v);
    }
    const cell = (v: string) => this.pick([this.sample(scope.get(v)!), this.sample(scope.get(v)!), 'UNDEF', this.absent(scope.get(v)!)]);
    const rows = Array.from({ length: this.int(4) }, () => `(${vars.map(cell).join(' ')})`);
    return `VALUES (${vars.map((v) => `?${v}`).join(' ')}) { ${rows.join(' ')} }`;
  }

  /** A property path from a variable in scope. */
  private path(scope: Scope): string {
    const fits = PATHS.filter(([s]) => [...scope.values()].includes(s));
    if (!fits.length) return this.triples(scope, this.anchor(scope));
    const [from, path, to] = this.pick(fits);
    const subject = this.pick([...scope].filter(([, k]) => k === from).map(([v]) => v));
    const object = this.reuseOrFresh(scope, to);
    return `?${subject} ${path} ?${object} .`;
  }

  /** A part that matches nothing: an absent term, an empty group, an empty VALUES, or a FILTER nothing passes. */
  private empty(scope: Scope): string {
    const v = this.pick([...scope.keys()]);
    const kind = scope.get(v)!;
    const edges = EDGES.filter(([s]) => s === kind);
    return this.weighted<() => string>([
      [2, () => (edges.length ? `?${v} ${this.pick(edges)[1]} ${this.absent(this.pick(edges)[3])} .` : `?${v} schema:name ${ABSENT.literal} .`)],
      [1, () => '{}'],
      [1, () => `VALUES ?${v} { }`],
      [2, () => `FILTER(?${v} = ${this.absent(kind)})`],
      [2, () => `OPTIONAL { ?${v} schema:name ${ABSENT.literal} }`],
      [2, () => `{ ?${v} <urn:catalod:nothing> ?${this.fresh('none')} }`],
    ])();
  }

  // ---- triple patterns and conditions ----

  /** A variable of `scope` to hang patterns on, or a new entity variable typed by a class pattern. */
  private anchor(scope: Scope): string {
    const entities = [...scope].filter(([, k]) => ENTITIES.includes(k)).map(([v]) => v);
    // Only the first pattern of a query starts afresh: parts joined on nothing would be cartesian products.
    if (entities.length) return this.pick(entities);
    const kind = this.pick(ENTITIES);
    const v = this.fresh(kind);
    scope.set(v, kind);
    return v;
  }

  /** One or two triple patterns from `v` (outgoing, or incoming where an edge ends at its kind). */
  private triples(scope: Scope, v: string): string {
    const kind = scope.get(v)!;
    const lines: string[] = [];
    for (let i = 0, n = 1 + this.int(2); i < n; i++) {
      const out = EDGES.filter(([s]) => s === kind);
      const into = EDGES.filter(([, , , o]) => o === kind);
      if (CLASSES[kind] && this.chance(0.2)) lines.push(`?${v} a ${CLASSES[kind]} .`);
      else if (out.length && (this.chance(0.7) || !into.length)) {
        const [, p, , o] = this.pick(out);
        lines.push(`?${v} ${p} ${this.objectFor(scope, o)} .`);
      } else if (into.length) {
        const [s, p] = this.pick(into);
        lines.push(`?${this.reuseOrFresh(scope, s)} ${p} ?${v} .`);
      }
    }
    return lines.join('\n');
  }

  /** The object of a pattern: mostly a variable (maybe one in scope: a join), sometimes a sample term. */
  private objectFor(scope: Scope, kind: Kind): string {
    if (this.chance(0.12)) return this.sample(kind);
    return `?${this.reuseOrFresh(scope, kind)}`;
  }

  /** A variable of this kind already in scope (a join, 30 %), else a new one. */
  private reuseOrFresh(scope: Scope, kind: Kind): string {
    const same = [...scope].filter(([, k]) => k === kind).map(([v]) => v);
    if (same.length && this.chance(0.3)) return this.pick(same);
    const v = this.fresh(kind);
    scope.set(v, kind);
    return v;
  }

  /** FILTER over the variables named (which may include some bound only outside the group). */
  private filter(scope: Scope, vars: string[]): string {
    const visible = new Map(vars.map((v) => [v, scope.get(v) ?? 'title'] as [string, Kind]));
    return `FILTER(${this.condition(visible, 0)})`;
  }

  /** A condition: the forms the index takes (=, !=, sameTerm, bound, !, &&, ||) and some it does not. */
  private condition(scope: Scope, depth: number): string {
    const vars = [...scope.keys()];
    if (!vars.length) return 'true';
    const v = this.pick(vars);
    const kind = scope.get(v)!;
    const same = vars.filter((w) => scope.get(w) === kind && w !== v);
    const other = () => (same.length && this.chance(0.6) ? `?${this.pick(same)}` : this.chance(0.7) ? this.sample(kind) : this.absent(kind));
    const forms: [number, () => string][] = [
      [4, () => `?${v} != ${other()}`],
      [3, () => `?${v} = ${other()}`],
      [2, () => `sameTerm(?${v}, ${other()})`],
      [2, () => `bound(?${v})`],
      [1, () => `!bound(?${v})`],
      [1, () => `!(?${v} = ${other()})`],
      [1, () => `CONTAINS(STR(?${v}), "${this.pick(['a', 'e', 'Sm', '20', 'role/1'])}")`],
      [1, () => `isIRI(?${v})`],
      [1, () => `STR(?${v}) < "M"`],
    ];
    if (depth < 2) {
      forms.push([2, () => `(${this.condition(scope, depth + 1)} && ${this.condition(scope, depth + 1)})`]);
      forms.push([2, () => `(${this.condition(scope, depth + 1)} || ${this.condition(scope, depth + 1)})`]);
      forms.push([1, () => `!(${this.condition(scope, depth + 1)})`]);
    }
    return this.weighted(forms)();
  }

  // ---- terms and randomness ----

  /** A sample term of a kind (an absent one when the data has none). */
  private sample(kind: Kind): string {
    const terms = this.samples[kind];
    return terms?.length ? this.pick(terms) : this.absent(kind);
  }

  /** A term of the kind's term type that no record holds. */
  private absent(kind: Kind): string {
    return IRI_KINDS.has(kind) ? ABSENT.iri : ABSENT.literal;
  }

  private fresh(kind: string): string {
    return `${kind}${this.next++}`;
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Between `min` and `max` distinct items, in their order. */
  private some<T>(items: readonly T[], min: number, max: number): T[] {
    const n = Math.min(items.length, min + this.int(max - min + 1));
    const chosen = new Set<T>();
    while (chosen.size < n) chosen.add(this.pick(items));
    return items.filter((i) => chosen.has(i));
  }

  private weighted<T>(options: [number, T][]): T {
    let r = this.random() * options.reduce((n, [w]) => n + w, 0);
    for (const [w, value] of options) if ((r -= w) < 0) return value;
    return options[options.length - 1]![1];
  }
}
