/**
 * Which operations of a query the index may evaluate itself (src/query/index/operations.ts),
 * read from the parsed query. A Comunica selector shape names operation types but cannot look
 * inside their expressions, so the types are offered per query, only when every use of them in
 * the query is one the index evaluates exactly:
 *
 * - `bgp`, `join`, `union`, `project`, `distinct`, `values`: always (`values` also because Comunica
 *   turns `FILTER(?v = <iri>)` into the pattern with `<iri>` joined with a one-row VALUES);
 * - `leftjoin`: unless an OPTIONAL holds a FILTER of its own (its left join's condition) that is
 *   not such a condition as `filter` takes below;
 * - `filter`: when every FILTER is `=`, `!=`, `sameTerm` over variables and IRIs, `bound`, and
 *   `!`, `&&`, `||` over those (src/query/index/conditions.ts), there is no HAVING, and no FILTER could be dropped
 *   by Comunica's filter pushdown (see filtersKeepTheirPlace);
 * - `extend`: when every BIND and every SELECT expression is a variable, an IRI, a literal or a
 *   COUNT, and GROUP BY groups by no expression (the algebra makes that a BIND);
 * - `group`: when every aggregate is COUNT of a variable or `*`, and GROUP BY lists variables;
 * - `orderby`: when ORDER BY lists variables (ASC or DESC);
 * - only `bgp` and `values` beside an OPTIONAL with a FILTER the index does not take whole.
 */
import type * as sparqljs from 'sparqljs';
import type { PushedType } from './index/source.js';

type Node = Record<string, any>;

/**
 * The operation types the index may take for this query.
 * @example
 * pushableTypes(new sparqljs.Parser().parse('SELECT * { ?s ?p ?o OPTIONAL { ?o ?q ?r } }'))
 * // ['bgp', 'join', 'union', 'project', 'distinct', 'values', 'leftjoin', 'filter', 'extend', 'group', 'orderby']
 */
export function pushableTypes(query: sparqljs.SparqlQuery): PushedType[] {
  const ok = { leftjoin: true, filter: true, extend: true, group: true, orderby: true };
  let optionalFilter = false;
  const visitQuery = (q: Node) => {
    for (const item of q.variables ?? []) {
      if (!('expression' in item)) continue;
      if (!isTerm(item.expression) && !isCount(item.expression)) ok.extend = false;
      checkAggregates(item.expression);
    }
    for (const g of q.group ?? []) {
      if (isVariable(g.expression) && !g.variable) continue;
      // GROUP BY (expression [AS ?v]) is a BIND before the grouping in the algebra.
      ok.group = false;
      ok.extend = false;
    }
    for (const h of q.having ?? []) {
      checkAggregates(h);
      ok.filter = false;
    }
    for (const o of q.order ?? []) {
      if (!isVariable(o.expression)) ok.orderby = false;
      checkAggregates(o.expression);
    }
    visitPatterns(q.where ?? []);
  };
  const visitPatterns = (patterns: Node[]) => {
    for (const p of patterns) {
      // An OPTIONAL's own FILTERs are its left join's condition: the index evaluates the conditions it knows.
      if (p.type === 'optional' && p.patterns.some((inner: Node) => inner.type === 'filter')) optionalFilter = true;
      if (p.type === 'optional' && p.patterns.some((inner: Node) => inner.type === 'filter' && !isCondition(inner.expression))) ok.leftjoin = false;
      if (p.type === 'bind' && !isTerm(p.expression)) ok.extend = false;
      if (p.type === 'filter' && !isCondition(p.expression)) ok.filter = false;
      if (p.type === 'query') visitQuery(p);
      if (Array.isArray(p.patterns)) visitPatterns(p.patterns);
    }
  };
  const checkAggregates = (e: Node | undefined) => {
    if (!e || typeof e !== 'object') return;
    if (e.type === 'aggregate' && !isCount(e)) ok.group = false;
    for (const arg of e.args ?? []) checkAggregates(arg);
    if (e.expression) checkAggregates(e.expression);
  };
  visitQuery(query as Node);
  const where = (query as Node).where ?? [];
  if (!filtersKeepTheirPlace(where, boundAnywhere(where))) ok.filter = false;
  // An OPTIONAL with a FILTER the index does not take whole is bind-joined by Comunica, which
  // rebuilds the filtered right side and loses the source of a part handed to the index whole
  // (a join flattened into bare patterns no source is assigned to: a 500). There, the index is
  // given triple patterns only (and the one-row VALUES of a `FILTER(?v = <iri>)`).
  if (optionalFilter && !(ok.leftjoin && ok.filter)) return ['bgp', 'values'];
  return ['bgp', 'join', 'union', 'project', 'distinct', 'values', ...(Object.keys(ok) as (keyof typeof ok)[]).filter((k) => ok[k])];
}

// ---------------------------------------------------------------------------------------------
// Once a source takes `filter`, Comunica's filter-pushdown optimiser moves every FILTER down into
// the join inputs, UNION branches, subqueries and VALUES that bind its variables, and drops it
// where none of them does: right only if the condition holds with all its variables unbound,
// which `?x != <iri>` (an error) does not. It also gives a join input a FILTER reading a
// variable another input binds (operations.ts lifts such a filter back to the join), so a FILTER
// reading a variable bound outside its own group would see it. So `filter` is offered only when
// no FILTER can be dropped or see too much that way: each reads only variables its own group
// binds (or none binds anywhere), and each UNION branch it would be pushed into binds one of them.

/** True when every FILTER (in every group, subquery included) keeps its place under pushdown. */
function filtersKeepTheirPlace(patterns: Node[], anywhere: Set<string>): boolean {
  const elements = patterns.filter((p) => p.type !== 'filter');
  const scope = new Set(elements.flatMap((e) => [...scopeOf(e)]));
  for (const f of patterns.filter((p) => p.type === 'filter')) {
    const vars = expressionVariables(f.expression);
    if ([...vars].some((v) => !scope.has(v) && anywhere.has(v))) return false;
    if (vars.size && !reachedBy(elements, vars)) return false;
  }
  return patterns.every((p) => nestedGroups(p).every((group) => filtersKeepTheirPlace(group, anywhere)));
}

/** Variables bound anywhere in a query, at any depth (MINUS and subqueries included). */
function boundAnywhere(patterns: Node[], out = new Set<string>()): Set<string> {
  for (const p of patterns) {
    scopeOf(p).forEach((v) => out.add(v));
    for (const group of nestedGroups(p)) boundAnywhere(group, out);
  }
  return out;
}

/** The filter over the join of `elements` is kept somewhere below: some element binds one of its variables, and nothing it descends into drops it. */
function reachedBy(elements: Node[], vars: Set<string>): boolean {
  const scopes = elements.map(scopeOf);
  if (!scopes.some((s) => [...vars].some((v) => s.has(v)))) return false;
  return elements.every((e, i) => ![...vars].every((v) => scopes[i]!.has(v)) || descendsInto(e, vars));
}

/** Pushing the filter into this element (which binds all its variables) drops it nowhere. */
function descendsInto(e: Node, vars: Set<string>): boolean {
  if (e.type === 'union') return (e.patterns as Node[]).every((branch) => reachedBy([branch], vars));
  if (e.type === 'group' || e.type === 'graph') return reachedBy(e.patterns, vars);
  if (e.type === 'query') return reachedBy(e.where ?? [], vars);
  return true;
}

/** Groups nested in a pattern element (each checked on its own). */
function nestedGroups(p: Node): Node[][] {
  if (p.type === 'query') return [p.where ?? []];
  if (p.type === 'union') return (p.patterns as Node[]).map((branch) => (branch.type === 'group' ? branch.patterns : [branch]));
  return Array.isArray(p.patterns) ? [p.patterns] : [];
}

/** Variables an element may bind (its in-scope variables). */
function scopeOf(p: Node): Set<string> {
  const out = new Set<string>();
  const add = (t: Node | undefined) => t?.termType === 'Variable' && out.add(t.value);
  if (p.type === 'bgp') for (const t of p.triples) [t.subject, t.predicate, t.object].forEach(add);
  else if (p.type === 'bind') add(p.variable);
  else if (p.type === 'values') for (const row of p.values) Object.keys(row).forEach((k) => out.add(k.replace(/^\?/, '')));
  else if (p.type === 'query') {
    const all = p.variables.some((v: Node) => v.termType === 'Wildcard');
    if (all) (p.where ?? []).forEach((q: Node) => scopeOf(q).forEach((v) => out.add(v)));
    else for (const v of p.variables) add(v.variable ?? v);
  } else if (p.type !== 'minus' && p.type !== 'filter' && Array.isArray(p.patterns)) {
    if (p.type === 'graph') add(p.name);
    for (const q of p.patterns) scopeOf(q).forEach((v) => out.add(v));
  }
  return out;
}

/** Variables an expression reads (not inside EXISTS: its pattern is a query of its own). */
function expressionVariables(e: Node | undefined, out = new Set<string>()): Set<string> {
  if (!e || typeof e !== 'object') return out;
  if (e.termType === 'Variable') out.add(e.value);
  if (e.type === 'operation' && /exists/i.test(e.operator)) return out;
  for (const a of Array.isArray(e.args) ? e.args : []) expressionVariables(a, out);
  if (e.expression) expressionVariables(e.expression, out);
  return out;
}

function isVariable(e: Node | undefined): boolean {
  return e?.termType === 'Variable';
}

const COMPARISONS = new Set(['=', '!=', 'sameterm']);
const LOGIC = new Set(['!', '&&', '||']);

/**
 * A condition the index evaluates: `=`, `!=` or sameTerm of variables and IRIs, `bound` of a
 * variable, and `!`, `&&`, `||` of such conditions. Logic over a plain variable (`!?v`, `?a && ?b`)
 * needs the variable's effective boolean value: Comunica keeps those.
 */
function isCondition(e: Node | undefined): boolean {
  if (e?.type !== 'operation') return false;
  const operator = String(e.operator).toLowerCase();
  const args = e.args as Node[];
  if (COMPARISONS.has(operator)) return args.every((a) => ['Variable', 'NamedNode'].includes(a?.termType));
  if (operator === 'bound') return isVariable(args[0]);
  return LOGIC.has(operator) && args.every(isCondition);
}

/** A variable, IRI or literal (a stored query's parameter is substituted as one). */
function isTerm(e: Node | undefined): boolean {
  return ['Variable', 'NamedNode', 'Literal'].includes(e?.termType);
}

/** COUNT of a variable or `*` (DISTINCT or not). */
function isCount(e: Node): boolean {
  return e?.type === 'aggregate' && e.aggregation?.toLowerCase() === 'count' && (isVariable(e.expression) || e.expression?.termType === 'Wildcard');
}
