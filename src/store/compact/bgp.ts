/**
 * Basic graph patterns joined on the integer indexes. A pattern's terms are ids; variables are
 * columns of one reused row of ids; patterns are matched one after another with the values
 * already bound substituted (an index nested-loop join: each step is a range lookup, O(log n)),
 * in an order chosen from the indexes' counts. No term is decoded until a row comes out, and rows
 * come out lazily, so a LIMIT stops the work.
 */
import { G, O, P, S } from './quads.js';
import { ANY, NONE, type CompactStore } from './store.js';

/** A pattern over ids. Per position (s, p, o, g): a term id ≥ 0, ANY, NONE (a term the store lacks), or `variable(k)`. */
export interface IdPattern {
  terms: [number, number, number, number];
  /** A default-graph pattern: it reads the RDF merge of all graphs (each triple once); its g is ANY. */
  merged: boolean;
}

const VAR = -3;
/** The position code of variable k (row column k). */
export const variable = (k: number): number => VAR - k;
const varOf = (x: number): number => (x <= VAR ? VAR - x : -1);
const POSITIONS = [S, P, O, G] as const;

/** Without statistics, a bound position is taken to keep this share of a pattern's matches. */
const UNKNOWN_SELECTIVITY = 1e-4;
/** A bound predicate variable keeps about this share. */
const PREDICATE_SELECTIVITY = 0.05;

/**
 * Expected matches of a pattern per incoming row, given the variables bound before it.
 * Constants count exactly from the index; a bound variable divides by the predicate's distinct
 * subjects or objects (its average fan-out).
 */
export function estimate(store: CompactStore, pattern: IdPattern, bound: ReadonlySet<number>): number {
  const [s, p, o, g] = pattern.terms.map((t) => (t < ANY ? ANY : t)) as [number, number, number, number];
  if (pattern.terms.includes(NONE)) return 0;
  let n = store.count(s, p, o, pattern.merged ? ANY : g);
  const stats = p >= 0 ? store.predicateStats(p) : undefined;
  const isBound = (position: number) => bound.has(varOf(pattern.terms[position]!));
  if (isBound(S)) n *= stats ? 1 / Math.max(1, stats[1]) : UNKNOWN_SELECTIVITY;
  if (isBound(O)) n *= stats ? 1 / Math.max(1, stats[2]) : UNKNOWN_SELECTIVITY;
  if (isBound(P)) n *= PREDICATE_SELECTIVITY;
  if (isBound(G)) n *= UNKNOWN_SELECTIVITY;
  return n;
}

/** Variables a pattern uses. */
function variablesOf(pattern: IdPattern): number[] {
  return pattern.terms.map(varOf).filter((k) => k >= 0);
}

/**
 * The order to match patterns in (greedy): next is the cheapest pattern that shares a bound
 * variable with those before it, so no cartesian product is made while a join is possible.
 * Also returns the expected number of rows.
 */
export function plan(store: CompactStore, patterns: readonly IdPattern[], boundBefore: Iterable<number> = []): { order: number[]; cardinality: number } {
  const order: number[] = [];
  const bound = new Set<number>(boundBefore);
  let cardinality = 1;
  const left = new Set(patterns.keys());
  while (left.size > 0) {
    let best = -1, bestCost = Infinity, bestJoined = false;
    for (const i of left) {
      const vars = variablesOf(patterns[i]!);
      const joined = vars.length === 0 || vars.some((k) => bound.has(k));
      const cost = estimate(store, patterns[i]!, bound);
      if ((joined && !bestJoined) || (joined === bestJoined && cost < bestCost)) [best, bestCost, bestJoined] = [i, cost, joined];
    }
    order.push(best);
    left.delete(best);
    cardinality *= bestCost;
    for (const k of variablesOf(patterns[best]!)) bound.add(k);
  }
  return { order, cardinality };
}

/** One step of a plan: the pattern, and per position whether it binds a variable, reads one, or checks a repeat. */
interface Step {
  pattern: IdPattern;
  /** Variables bound before this step, per position (-1: none). */
  reads: number[];
  /** Variables this step binds, per position (-1: none). */
  binds: number[];
  /** Variables repeated inside this step's pattern, per position: must equal the first occurrence. */
  checks: number[];
}

/** The steps of a plan. */
function stepsOf(patterns: readonly IdPattern[], order: readonly number[], boundBefore: ReadonlySet<number>): Step[] {
  const bound = new Set<number>(boundBefore);
  return order.map((i) => {
    const pattern = patterns[i]!;
    const step: Step = { pattern, reads: [-1, -1, -1, -1], binds: [-1, -1, -1, -1], checks: [-1, -1, -1, -1] };
    const here = new Set<number>();
    for (const position of POSITIONS) {
      const k = varOf(pattern.terms[position]!);
      if (k < 0) continue;
      if (bound.has(k)) step.reads[position] = k;
      else if (here.has(k)) step.checks[position] = k;
      else (step.binds[position] = k), here.add(k);
    }
    for (const k of here) bound.add(k);
    return step;
  });
}

/**
 * Every solution of the patterns that extends `row` (a row of term ids by variable, -1 where
 * unbound): variables already bound in `row` are read, the others bound. Yields `row` itself
 * each time (copy what you keep); when done, the variables it bound are unbound again. A pattern
 * holding a term the store lacks has no solution; no pattern has one empty solution.
 * @example
 * const row = new Int32Array(2).fill(-1);
 * for (const r of solve(store, patterns, row)) console.log(store.term(r[0]!), store.term(r[1]!));
 */
export function* solve(store: CompactStore, patterns: readonly IdPattern[], row: Int32Array): Generator<Int32Array> {
  if (patterns.length === 0) {
    yield row;
    return;
  }
  if (patterns.some((p) => p.terms.includes(NONE))) return;
  const boundBefore = new Set<number>();
  for (const p of patterns) for (const t of p.terms) if (varOf(t) >= 0 && row[varOf(t)]! >= 0) boundBefore.add(varOf(t));
  const steps = stepsOf(patterns, plan(store, patterns, boundBefore).order, boundBefore);
  const cols = store.table.cols;
  const ids = [0, 0, 0, 0];
  const open = (step: Step): Iterator<number> => {
    for (const position of POSITIONS) {
      const t = step.pattern.terms[position]!;
      ids[position] = step.reads[position]! >= 0 ? row[step.reads[position]!]! : t >= 0 ? t : ANY;
    }
    return store.slots(ids[S]!, ids[P]!, ids[O]!, step.pattern.merged ? ANY : ids[G]!, step.pattern.merged);
  };
  const bind = (step: Step, slot: number): boolean => {
    for (const position of POSITIONS) {
      const k = step.binds[position]!;
      if (k >= 0) row[k] = cols[position]![slot]!;
    }
    for (const position of POSITIONS) {
      const k = step.checks[position]!;
      if (k >= 0 && row[k] !== cols[position]![slot]!) return false;
    }
    return true;
  };
  const last = steps.length - 1;
  const iterators: Iterator<number>[] = [open(steps[0]!)];
  for (let depth = 0; depth >= 0; ) {
    const next = iterators[depth]!.next();
    if (next.done) {
      depth--;
      continue;
    }
    if (!bind(steps[depth]!, next.value)) continue;
    if (depth === last) yield row;
    else iterators[++depth] = open(steps[depth]!);
  }
  for (const step of steps) for (const k of step.binds) if (k >= 0) row[k] = -1;
}
