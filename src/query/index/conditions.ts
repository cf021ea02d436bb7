/**
 * FILTER conditions the index evaluates on term ids: `=`, `!=`, `sameTerm`, `bound`, `!`, `&&`
 * and `||` over variables and IRIs, with SPARQL's three-valued logic (an error, e.g. an unbound
 * operand, drops the row unless `||` finds a true side or `&&` a false one). Terms with one id are
 * the same term; two different ids are different terms, and `=` on different literals compares
 * values where SPARQL defines it, as Comunica does (equality.ts): numbers, booleans, dates and
 * times, durations by value, strings by text and tag; other literals are an error, as SPARQL's
 * RDFterm-equal says, so `!=` on them is an error too.
 * pushdown.ts only lets a query through when all its FILTERs have this form.
 */
import type * as RDF from '@rdfjs/types';
import { NUMERIC } from './order.js';
import { literalsEqual } from './equality.js';

type Expr = { subType: string; term?: RDF.Term; operator?: string; args?: Expr[] };
/** true, false, or undefined for an error. */
type Truth = boolean | undefined;

export interface ConditionScope {
  /** Row column of a variable. */
  variable(v: RDF.Variable): number;
  /** Id of a constant (negative when the store lacks it). */
  constant(t: RDF.Term): number;
  /** The term an id stands for. */
  term(id: number): RDF.Term;
}

/** Operators evaluated here, as the algebra names them. */
export const CONDITION_OPERATORS = ['=', '!=', 'sameterm', 'bound', '!', '&&', '||'] as const;

/** A missing constant's id: equal to nothing in a row. */
const ABSENT = -2;

/** Variables a condition reads. */
export function conditionVariables(e: Expr, out = new Set<RDF.Variable>()): Set<RDF.Variable> {
  if (e.subType === 'term' && e.term?.termType === 'Variable') out.add(e.term as RDF.Variable);
  for (const a of e.args ?? []) conditionVariables(a, out);
  return out;
}

/**
 * A condition as a function of a row.
 * @example
 * const test = compileCondition(filter.expression, scope); // FILTER (?a != ?b)
 * test(row); // true, false, or undefined (error)
 */
export function compileCondition(e: Expr, scope: ConditionScope): (row: Int32Array) => Truth {
  if (e.subType !== 'operator') throw new Error('the index evaluates only (in)equality conditions');
  const args = e.args ?? [];
  const operand = (a: Expr): ((row: Int32Array) => number) => {
    if (a.subType !== 'term' || !a.term) throw new Error('the index compares only variables and terms');
    if (a.term.termType === 'Variable') {
      const k = scope.variable(a.term as RDF.Variable);
      return (row) => row[k]!;
    }
    const id = scope.constant(a.term);
    const value = id >= 0 ? id : ABSENT;
    return () => value;
  };
  switch (e.operator) {
    case 'bound': {
      const value = operand(args[0]!);
      return (row) => value(row) >= 0;
    }
    case 'sameterm': {
      const [a, b] = args.map(operand) as [(r: Int32Array) => number, (r: Int32Array) => number];
      return (row) => bothBound(a(row), b(row), (x, y) => x === y);
    }
    case '=':
    case '!=': {
      const [a, b] = args.map(operand) as [(r: Int32Array) => number, (r: Int32Array) => number];
      const negate = e.operator === '!=';
      return (row) => {
        const equal = bothBound(a(row), b(row), (x, y) => termsEqual(x, y, scope));
        return equal === undefined ? undefined : equal !== negate;
      };
    }
    case '!': {
      const inner = compileCondition(args[0]!, scope);
      return (row) => {
        const v = inner(row);
        return v === undefined ? undefined : !v;
      };
    }
    case '&&':
    case '||': {
      const sides = args.map((a) => compileCondition(a, scope));
      const decisive = e.operator === '||';
      return (row) => {
        let error = false;
        for (const side of sides) {
          const v = side(row);
          if (v === decisive) return decisive;
          if (v === undefined) error = true;
        }
        return error ? undefined : !decisive;
      };
    }
    default:
      throw new Error(`the index cannot evaluate the operator ${e.operator}`);
  }
}

/** An error when either side is unbound (ABSENT constants are bound: they just equal nothing). */
function bothBound(x: number, y: number, test: (x: number, y: number) => Truth): Truth {
  if (x === -1 || y === -1) return undefined;
  return test(x, y);
}

/** SPARQL `=` on two terms given by id: one id is one term (equal, but NaN is equal to nothing); two literals compare by value (equality.ts). */
function termsEqual(x: number, y: number, scope: ConditionScope): Truth {
  if (x === ABSENT || y === ABSENT) return x === y ? true : false;
  if (x === y) return !isNaNLiteral(scope.term(x));
  const a = scope.term(x), b = scope.term(y);
  if (a.termType !== 'Literal' || b.termType !== 'Literal') return false;
  return literalsEqual(a as RDF.Literal, b as RDF.Literal);
}

function isNaNLiteral(t: RDF.Term): boolean {
  return t.termType === 'Literal' && t.value === 'NaN' && NUMERIC.has((t as RDF.Literal).datatype.value);
}
