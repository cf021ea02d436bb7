/**
 * Which operations of a query the index may evaluate itself (src/query/index/operations.ts),
 * read from the parsed query. A Comunica selector shape names operation types but cannot look
 * inside their expressions, so the types are offered per query, only when every use of them in
 * the query is one the index evaluates exactly:
 *
 * - `bgp`, `join`, `union`, `project`, `distinct`: always;
 * - `leftjoin`: unless an OPTIONAL holds a FILTER of its own (a left join with a condition);
 * - `filter`: when every FILTER is `=`, `!=`, `sameTerm`, `bound`, `!`, `&&`, `||` over variables
 *   and IRIs (src/query/index/conditions.ts), and there is no HAVING;
 * - `extend`: when every BIND and every SELECT expression is a variable, an IRI, a literal or a COUNT;
 * - `group`: when every aggregate is COUNT of a variable or `*`, and GROUP BY lists variables;
 * - `orderby`: when ORDER BY lists variables (ASC or DESC).
 */
import type * as sparqljs from 'sparqljs';
import type { PushedType } from './index/source.js';

type Node = Record<string, any>;

/**
 * The operation types the index may take for this query.
 * @example
 * pushableTypes(new sparqljs.Parser().parse('SELECT * { ?s ?p ?o OPTIONAL { ?o ?q ?r } }'))
 * // ['bgp', 'join', 'union', 'project', 'distinct', 'leftjoin', 'filter', 'extend', 'group', 'orderby']
 */
export function pushableTypes(query: sparqljs.SparqlQuery): PushedType[] {
  const ok = { leftjoin: true, filter: true, extend: true, group: true, orderby: true };
  const visitQuery = (q: Node) => {
    for (const item of q.variables ?? []) {
      if (!('expression' in item)) continue;
      if (!isTerm(item.expression) && !isCount(item.expression)) ok.extend = false;
      checkAggregates(item.expression);
    }
    for (const g of q.group ?? []) if (!isVariable(g.expression) || g.variable) ok.group = false;
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
      if (p.type === 'optional' && p.patterns.some((inner: Node) => inner.type === 'filter')) ok.leftjoin = false;
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
  return ['bgp', 'join', 'union', 'project', 'distinct', ...(Object.keys(ok) as (keyof typeof ok)[]).filter((k) => ok[k])];
}

function isVariable(e: Node | undefined): boolean {
  return e?.termType === 'Variable';
}

const CONDITIONS = new Set(['=', '!=', 'sameterm', 'bound', '!', '&&', '||']);

/** A condition the index evaluates: (in)equality, sameTerm, bound and logic over variables and IRIs. */
function isCondition(e: Node | undefined): boolean {
  if (e?.type !== 'operation' || !CONDITIONS.has(String(e.operator).toLowerCase())) return false;
  return (e.args as Node[]).every((a) => (a?.type === 'operation' ? isCondition(a) : ['Variable', 'NamedNode'].includes(a?.termType)));
}

/** A variable, IRI or literal (a stored query's parameter is substituted as one). */
function isTerm(e: Node | undefined): boolean {
  return ['Variable', 'NamedNode', 'Literal'].includes(e?.termType);
}

/** COUNT of a variable or `*` (DISTINCT or not). */
function isCount(e: Node): boolean {
  return e?.type === 'aggregate' && e.aggregation?.toLowerCase() === 'count' && (isVariable(e.expression) || e.expression?.termType === 'Wildcard');
}
