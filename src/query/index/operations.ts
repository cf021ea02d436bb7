/**
 * The part of a SPARQL algebra tree the index evaluates itself, on rows of term ids: basic graph
 * patterns and joins (bgp.ts), UNION, OPTIONAL without a filter, FILTER on term (in)equality
 * (conditions.ts), BIND of a variable or constant, GROUP BY variables with COUNT, ORDER BY
 * variables, and VALUES (Comunica also rewrites `FILTER(?v = <iri>)` into the pattern joined with
 * a one-row VALUES). Comunica hands such subtrees over (source.ts) and
 * does the rest. Grouping and sorting here save Comunica's per-group aggregator and per-comparison
 * term conversions, which cost more than the joins.
 *
 * Every evaluator works on one shared row (term id per variable, -1 unbound): it reads the
 * variables bound on entry, binds the others, yields the row, and unbinds what it bound when done.
 */
import type * as RDF from '@rdfjs/types';
import type { Algebra } from '@comunica/utils-algebra';
import { Lit, Iri } from '../../rdf/terms.js';
import { plan, solve, variable, type IdPattern } from '../../store/compact/bgp.js';
import { compareKeys, sortKey, type SortKey } from './order.js';
import { compileCondition, conditionVariables, type ConditionScope } from './conditions.js';
import { ANY, type CompactStore } from '../../store/compact/store.js';

/** Ids from here on are terms made while evaluating (counts), not dictionary terms. */
const MADE = 1 << 30;
const INTEGER = new Iri('http://www.w3.org/2001/XMLSchema#integer');

/** The operation types evaluated here (Comunica's `Algebra.Types` values). */
export const TYPES = ['pattern', 'bgp', 'join', 'union', 'leftjoin', 'filter', 'extend', 'group', 'orderby', 'project', 'distinct', 'values'] as const;

type Op = Algebra.Operation & Record<string, any>;
type Expr = { subType: string; term?: RDF.Term; operator?: string; args?: Expr[]; aggregator?: string; distinct?: boolean; expression?: Expr; variable?: RDF.Variable };

/** One evaluation of an operation tree: its variables and its rows. */
export class Evaluation {
  readonly variables: RDF.Variable[] = [];
  private readonly index = new Map<string, number>();
  private readonly made: RDF.Term[] = [];
  private readonly madeCounts = new Map<number, number>();
  private readonly keys = new Map<number, SortKey>();
  private readonly vars = new WeakMap<Op, number[]>();
  private readonly valueIds = new WeakMap<Op, number[][]>();
  private readonly madeIds = new Map<string, number>();

  /** Throws, before any row is made, when the tree holds an operation or expression the index does not evaluate. */
  constructor(private readonly store: CompactStore, readonly operation: Algebra.Operation) {
    this.varsOf(operation as Op);
    this.check(operation as Op);
  }

  /** The rows (one shared array; copy what you keep). */
  rows(): Generator<Int32Array> {
    return this.run(this.operation as Op, new Int32Array(this.variables.length).fill(-1));
  }

  /** The term an id in a row stands for. */
  term(id: number): RDF.Term {
    return id >= MADE ? this.made[id - MADE]! : this.store.term(id);
  }

  /** Expected rows of the whole operation, for Comunica's join planning. */
  cardinality(): number {
    return Math.ceil(this.estimate(this.operation as Op, new Set()));
  }

  /** Variables of the operation's rows (not those its GROUP BY hides). */
  outputVariables(): number[] {
    return this.varsOf(this.operation as Op);
  }

  /** Variables that may be unbound in a row of `op`. */
  optionalVariables(op: Op = this.operation as Op): Set<number> {
    const all = this.varsOf(op);
    const required = this.required(op);
    return new Set(all.filter((k) => !required.has(k)));
  }

  // ---- variables ----

  private slot(v: RDF.Variable): number {
    let k = this.index.get(v.value);
    if (k === undefined) this.index.set(v.value, (k = this.variables.push(v) - 1));
    return k;
  }

  /** Variables an operation's rows may bind. */
  private varsOf(op: Op): number[] {
    let out = this.vars.get(op);
    if (out) return out;
    const set = new Set<number>();
    const add = (ks: number[]) => ks.forEach((k) => set.add(k));
    switch (op.type) {
      case 'pattern':
        for (const t of [op.subject, op.predicate, op.object, op.graph]) if (t.termType === 'Variable') set.add(this.slot(t));
        break;
      case 'bgp':
        op.patterns.forEach((p: Op) => add(this.varsOf(p)));
        break;
      case 'join':
      case 'union':
      case 'leftjoin':
        op.input.forEach((i: Op) => add(this.varsOf(i)));
        break;
      case 'extend':
        add(this.varsOf(op.input));
        set.add(this.slot(op.variable));
        // A row needs a column for the variable BIND reads, even one nothing binds (it stays unbound).
        this.bindSource(op);
        break;
      case 'orderby':
        add(this.varsOf(op.input));
        this.orderKeys(op);
        break;
      case 'distinct':
        add(this.varsOf(op.input));
        break;
      case 'values':
        op.variables.forEach((v: RDF.Variable) => set.add(this.slot(v)));
        break;
      case 'project':
        this.varsOf(op.input);
        op.variables.forEach((v: RDF.Variable) => set.add(this.slot(v)));
        break;
      case 'filter':
        add(this.varsOf(op.input));
        // A row needs a column for every variable the condition reads, even one nothing binds.
        for (const v of conditionVariables(op.expression)) this.slot(v);
        break;
      case 'group':
        this.varsOf(op.input);
        op.variables.forEach((v: RDF.Variable) => set.add(this.slot(v)));
        op.aggregates.forEach((a: Expr) => set.add(this.slot(a.variable!)));
        this.counts(op);
        break;
      default:
        throw new Error(`the index cannot evaluate a ${op.type} operation`);
    }
    this.vars.set(op, (out = [...set]));
    return out;
  }

  /** Variables bound in every row of `op`. */
  private required(op: Op): Set<number> {
    switch (op.type) {
      case 'leftjoin':
      case 'orderby':
      case 'filter':
      case 'distinct':
        return this.required(op.type === 'leftjoin' ? op.input[0] : op.input);
      case 'project': {
        const inner = this.required(op.input);
        return new Set(this.varsOf(op).filter((k) => inner.has(k)));
      }
      case 'extend':
        return this.required(op.input);
      case 'join':
        return new Set(op.input.flatMap((i: Op) => [...this.required(i)]));
      case 'union': {
        const [first, ...rest] = op.input.map((i: Op) => this.required(i));
        return new Set([...first!].filter((k) => rest.every((r: Set<number>) => r.has(k))));
      }
      case 'group': {
        const inner = this.required(op.input);
        return new Set([...op.variables.map((v: RDF.Variable) => this.slot(v)).filter((k: number) => inner.has(k)), ...op.aggregates.map((a: Expr) => this.slot(a.variable!))]);
      }
      case 'values':
        return new Set(this.varsOf(op).filter((k) => this.valueRows(op).every((ids) => ids[this.varsOf(op).indexOf(k)]! >= 0)));
      default:
        return new Set(this.varsOf(op));
    }
  }

  // ---- evaluation ----

  private run(op: Op, row: Int32Array): Generator<Int32Array> {
    switch (op.type) {
      case 'pattern':
      case 'bgp':
      case 'join':
        return this.join(op, row);
      case 'union':
        return this.union(op, row);
      case 'leftjoin':
        return this.leftJoin(op, row);
      case 'filter':
        return this.filter(op, row);
      case 'extend':
        return this.extend(op, row);
      case 'group':
        return this.isolated(op, row, (r) => this.group(op, r), this.scopeOf(op));
      case 'orderby':
        return this.orderBy(op, row);
      case 'project':
        return this.isolated(op, row, (r) => this.project(op, r), this.scopeOf(op));
      case 'distinct':
        return this.distinct(op, row);
      case 'values':
        return this.values(op, row);
      default:
        throw new Error(`the index cannot evaluate a ${op.type} operation`);
    }
  }

  /** Checks every operation and expression of a tree (throws what `run` would throw, before any row). */
  private check(op: Op): void {
    if (op.type === 'filter') compileCondition(op.expression, this.conditionScope());
    if (op.type === 'leftjoin' && op.expression) compileCondition(op.expression, this.conditionScope());
    const inputs: Op[] = op.type === 'bgp' ? [] : Array.isArray(op.input) ? op.input : op.input ? [op.input] : [];
    inputs.forEach((input) => this.check(input));
  }

  /**
   * Triple patterns of a pattern/BGP/join tree, its other inputs, and the filters lifted to it:
   * Comunica's filter pushdown hands a join input a FILTER that reads a variable only another
   * input binds (`?a != ?b` over the input binding ?b), meaning the filter of the whole join, so it
   * is applied to the join's rows (pushdown.ts never offers `filter` where a FILTER of the query
   * itself reads a variable bound outside its group).
   */
  private parts(op: Op, patterns: Op[] = [], others: Op[] = [], lifted: Op[] = []): { patterns: Op[]; others: Op[]; lifted: Op[] } {
    if (op.type === 'pattern') patterns.push(op);
    else if (op.type === 'bgp') patterns.push(...op.patterns);
    else if (op.type === 'join') op.input.forEach((i: Op) => this.parts(i, patterns, others, lifted));
    else if (op.type === 'filter' && this.readsBeyondInput(op)) {
      lifted.push(op);
      this.parts(op.input, patterns, others, lifted);
    } else others.push(op);
    return { patterns, others, lifted };
  }

  /** A filter reading a variable its own input does not bind. */
  private readsBeyondInput(op: Op): boolean {
    const inside = new Set(this.varsOf(op.input));
    return [...conditionVariables(op.expression)].some((v) => !inside.has(this.slot(v)));
  }

  /**
   * A join: its triple patterns as one BGP and its other inputs, smallest expected first, each
   * evaluated under the bindings of those before it.
   */
  private *join(op: Op, row: Int32Array): Generator<Int32Array> {
    const { patterns, others, lifted } = this.parts(op);
    const idPatterns = patterns.map((p) => this.idPattern(p));
    const tests = lifted.map((f) => compileCondition(f.expression, this.conditionScope()));
    const passes = (r: Int32Array) => tests.every((test) => test(r) === true);
    // A plain BGP (the common case) needs no ordering of inputs: solve plans its patterns itself.
    if (others.length === 0) {
      for (const r of solve(this.store, idPatterns, row)) if (passes(r)) yield r;
      return;
    }
    const bound = this.bound(row);
    const inputs = [
      { size: idPatterns.length ? plan(this.store, idPatterns, bound).cardinality : 0, run: () => solve(this.store, idPatterns, row) },
      ...others.map((o) => ({ size: this.estimate(o, bound), run: () => this.underBindings(o, row) })),
    ].sort((a, b) => a.size - b.size);
    const nest = function* (i: number): Generator<Int32Array> {
      if (i === inputs.length) {
        if (passes(row)) yield row;
      } else for (const _ of inputs[i]!.run()) yield* nest(i + 1);
    };
    yield* nest(0);
  }

  /** Variables bound in a row. */
  private bound(row: Int32Array): Set<number> {
    const out = new Set<number>();
    row.forEach((id, k) => id >= 0 && out.add(k));
    return out;
  }

  /** Expected rows of an operation, for ordering a join's inputs. */
  private estimate(op: Op, bound: Set<number>): number {
    switch (op.type) {
      case 'pattern':
      case 'bgp':
      case 'join': {
        const { patterns, others } = this.parts(op);
        const sizes = others.map((o) => this.estimate(o, bound));
        if (patterns.length) sizes.push(plan(this.store, patterns.map((p) => this.idPattern(p)), bound).cardinality);
        // An empty group pattern has one solution.
        return sizes.length ? Math.min(...sizes) : 1;
      }
      case 'union':
        return op.input.reduce((n: number, i: Op) => n + this.estimate(i, bound), 0);
      case 'leftjoin':
        return this.estimate(op.input[0], bound);
      case 'values':
        return op.bindings.length;
      default:
        return this.estimate(op.input, bound);
    }
  }

  /** UNION: the rows of each branch in turn. */
  private *union(op: Op, row: Int32Array): Generator<Int32Array> {
    for (const branch of op.input) yield* this.underBindings(branch, row);
  }

  private idPattern(p: Op): IdPattern {
    const code = (t: RDF.Term) => (t.termType === 'Variable' ? variable(this.slot(t as RDF.Variable)) : this.store.id(t));
    const merged = p.graph.termType === 'DefaultGraph';
    return { terms: [code(p.subject), code(p.predicate), code(p.object), merged ? ANY : code(p.graph)], merged };
  }

  /**
   * `op` joined with the row: the row's bindings are substituted into it (a bind join), except
   * for an OPTIONAL whose right side reads a bound variable its left side lacks, where
   * substitution would change the answer: that one is evaluated on its own and joined.
   */
  private underBindings(op: Op, row: Int32Array): Generator<Int32Array> {
    if (op.type === 'leftjoin') {
      const left = new Set(this.varsOf(op.input[0]));
      // The OPTIONAL's own FILTER sees the left and right rows only, not what is bound outside.
      const read = op.expression ? [...conditionVariables(op.expression)].map((v) => this.slot(v)) : [];
      const unsafe = [...new Set([...this.varsOf(op.input[1]), ...read])].filter((k) => row[k]! >= 0 && !left.has(k));
      if (unsafe.length) return this.isolated(op, row, (r) => this.run(op, r), unsafe);
    }
    if (op.type === 'group') return this.isolated(op, row, (r) => this.group(op, r), this.scopeOf(op));
    if (op.type === 'project') return this.isolated(op, row, (r) => this.project(op, r), this.scopeOf(op));
    if (op.type === 'filter') {
      // A group's FILTER sees only the group's own variables: one bound outside must look unbound to it.
      const inside = new Set(this.varsOf(op.input));
      const outside = [...conditionVariables(op.expression)].map((v) => this.slot(v)).filter((k) => row[k]! >= 0 && !inside.has(k));
      if (outside.length) return this.isolated(op, row, (r) => this.run(op, r), outside);
    }
    return this.run(op, row);
  }

  /** Evaluates `op` as if `hidden` (default: all its variables) were unbound, keeping the rows compatible with `row`. */
  private *isolated(op: Op, row: Int32Array, evaluate: (row: Int32Array) => Generator<Int32Array>, hidden = this.varsOf(op)): Generator<Int32Array> {
    const saved = hidden.filter((k) => row[k]! >= 0).map((k) => [k, row[k]!] as const);
    if (saved.length === 0) return yield* evaluate(row);
    for (const [k] of saved) row[k] = -1;
    try {
      for (const r of evaluate(row)) {
        if (saved.some(([k, v]) => r[k]! >= 0 && r[k] !== v)) continue;
        const filled = saved.filter(([k]) => r[k]! < 0);
        for (const [k, v] of filled) r[k] = v;
        yield r;
        for (const [k] of filled) r[k] = -1;
      }
    } finally {
      for (const [k, v] of saved) row[k] = v;
    }
  }

  /** OPTIONAL: each left row with every right row that fits it and passes the OPTIONAL's own FILTER (if any), or alone. */
  private *leftJoin(op: Op, row: Int32Array): Generator<Int32Array> {
    const test = op.expression ? compileCondition(op.expression, this.conditionScope()) : () => true;
    for (const _ of this.run(op.input[0], row)) {
      let matched = false;
      for (const _r of this.underBindings(op.input[1], row)) {
        if (test(row) !== true) continue;
        matched = true;
        yield row;
      }
      if (!matched) yield row;
    }
  }

  /** Every variable inside a subquery: none may be bound from outside it. */
  private scopeOf(op: Op, out = new Set<number>()): number[] {
    this.varsOf(op).forEach((k) => out.add(k));
    const inputs: Op[] = op.type === 'bgp' ? [] : Array.isArray(op.input) ? op.input : op.input ? [op.input] : [];
    for (const input of inputs) this.scopeOf(input, out);
    if (op.type === 'filter') for (const v of conditionVariables(op.expression)) out.add(this.slot(v));
    return [...out];
  }

  /** SELECT's projection: the variables it drops are unbound in the rows it gives. */
  private *project(op: Op, row: Int32Array): Generator<Int32Array> {
    const kept = new Set(this.varsOf(op));
    const dropped = this.varsOf(op.input).filter((k) => !kept.has(k));
    const saved = new Int32Array(dropped.length);
    for (const r of this.run(op.input, row)) {
      dropped.forEach((k, i) => ((saved[i] = r[k]!), (r[k] = -1)));
      yield r;
      dropped.forEach((k, i) => (r[k] = saved[i]!));
    }
  }

  /** DISTINCT: each combination of the operation's variables once. */
  private *distinct(op: Op, row: Int32Array): Generator<Int32Array> {
    const vars = this.varsOf(op);
    const seen = new Set<string>();
    for (const r of this.run(op.input, row)) {
      const key = vars.map((k) => r[k]).join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      yield r;
    }
  }

  /** How conditions see this evaluation's rows and terms. */
  private conditionScope(): ConditionScope {
    return { variable: (v) => this.slot(v), constant: (t) => this.store.id(t), term: (id) => this.term(id) };
  }

  /** VALUES: each of its rows that agrees with the row's bindings (UNDEF binds nothing). */
  private *values(op: Op, row: Int32Array): Generator<Int32Array> {
    const vars = this.varsOf(op);
    for (const ids of this.valueRows(op)) {
      if (vars.some((k, i) => ids[i]! >= 0 && row[k]! >= 0 && row[k] !== ids[i])) continue;
      const filled = vars.filter((k, i) => ids[i]! >= 0 && row[k]! < 0);
      for (const k of filled) row[k] = ids[vars.indexOf(k)]!;
      yield row;
      for (const k of filled) row[k] = -1;
    }
  }

  /** A VALUES operation's rows as ids, by `varsOf` column (-1: UNDEF), made once. */
  private valueRows(op: Op): number[][] {
    let rows = this.valueIds.get(op);
    if (!rows) {
      const vars = this.varsOf(op).map((k) => this.variables[k]!.value);
      rows = (op.bindings as Record<string, RDF.Term>[]).map((b) => vars.map((name) => (b[name] ? this.idOf(b[name]) : -1)));
      this.valueIds.set(op, rows);
    }
    return rows;
  }

  /** FILTER on a condition conditions.ts evaluates: rows where it is true (false and error drop the row). */
  private *filter(op: Op, row: Int32Array): Generator<Int32Array> {
    const test = compileCondition(op.expression, this.conditionScope());
    for (const r of this.run(op.input, row)) if (test(r) === true) yield r;
  }

  /**
   * BIND (?x AS ?v), or BIND of a constant (a stored query's parameter substituted for ?x):
   * where ?v is already bound, keeps the rows that agree.
   */
  private *extend(op: Op, row: Int32Array): Generator<Int32Array> {
    const { from, constant } = this.bindSource(op);
    const to = this.slot(op.variable);
    const wasBound = row[to]! >= 0;
    for (const r of this.run(op.input, row)) {
      const value = from >= 0 ? r[from]! : constant;
      if (wasBound) {
        if (value < 0 || value === r[to]) yield r;
        continue;
      }
      r[to] = value;
      yield r;
      r[to] = -1;
    }
  }

  /** What a BIND reads: a variable's column (`from`), or a constant's id. */
  private bindSource(op: Op): { from: number; constant: number } {
    const expression = op.expression as Expr;
    if (expression.subType !== 'term' || !expression.term) throw new Error('the index can only BIND a variable or a term');
    const from = expression.term.termType === 'Variable' ? this.slot(expression.term as RDF.Variable) : -1;
    return { from, constant: from < 0 ? this.idOf(expression.term) : -1 };
  }

  /** The id of a term: its dictionary id, or a made one (one per term) when the store lacks it. */
  private idOf(t: RDF.Term): number {
    const id = this.store.id(t);
    if (id >= 0) return id;
    const key = `${t.termType} ${t.value} ${t.termType === 'Literal' ? `${(t as RDF.Literal).language} ${(t as RDF.Literal).datatype.value}` : ''}`;
    let made = this.madeIds.get(key);
    if (made === undefined) this.madeIds.set(key, (made = MADE + this.made.push(t) - 1));
    return made;
  }

  /** GROUP BY variables with COUNT aggregates (of a variable or *, DISTINCT or not). */
  private *group(op: Op, row: Int32Array): Generator<Int32Array> {
    const keys = op.variables.map((v: RDF.Variable) => this.slot(v)) as number[];
    const aggregates = this.counts(op);
    const inputVars = this.varsOf(op.input);
    const groups = new Map<string, { ids: number[]; counts: number[]; seen: Set<number | string>[] }>();
    for (const r of this.run(op.input, row)) {
      const ids = keys.map((k) => r[k]!);
      const id = ids.join(',');
      let g = groups.get(id);
      if (!g) groups.set(id, (g = { ids, counts: aggregates.map(() => 0), seen: aggregates.map(() => new Set()) }));
      aggregates.forEach((a, i) => {
        if (a.of >= 0 && r[a.of]! < 0) return;
        if (!a.distinct) return void g!.counts[i]!++;
        const value = a.of >= 0 ? r[a.of]! : inputVars.map((k) => r[k]).join(',');
        if (!g!.seen[i]!.has(value)) g!.seen[i]!.add(value), g!.counts[i]!++;
      });
    }
    // Without GROUP BY, no rows still make one group (COUNT gives 0).
    if (groups.size === 0 && keys.length === 0) groups.set('', { ids: [], counts: aggregates.map(() => 0), seen: [] });
    for (const g of groups.values()) {
      keys.forEach((k, i) => (row[k] = g.ids[i]!));
      aggregates.forEach((a, i) => (row[a.out] = this.count(g.counts[i]!)));
      yield row;
    }
    for (const k of [...keys, ...aggregates.map((a) => a.out)]) row[k] = -1;
  }

  /** A GROUP BY's aggregates, each a COUNT: its output column, the column counted (-1: `*`), DISTINCT or not. */
  private counts(op: Op): { out: number; of: number; distinct: boolean }[] {
    return (op.aggregates as Expr[]).map((a) => {
      if (a.aggregator !== 'count') throw new Error(`the index cannot evaluate ${a.aggregator}`);
      const inner = a.expression!;
      const of = inner.subType === 'wildcard' ? -1 : inner.subType === 'term' && inner.term?.termType === 'Variable' ? this.slot(inner.term as RDF.Variable) : -2;
      if (of === -2) throw new Error('the index can only COUNT a variable or *');
      return { out: this.slot(a.variable!), of, distinct: Boolean(a.distinct) };
    });
  }

  /** The id of an xsd:integer literal made for a count. */
  private count(n: number): number {
    let id = this.madeCounts.get(n);
    if (id === undefined) {
      id = MADE + this.made.push(new Lit(String(n), INTEGER)) - 1;
      this.madeCounts.set(n, id);
    }
    return id;
  }

  /** ORDER BY variables (ASC or DESC). */
  private *orderBy(op: Op, row: Int32Array): Generator<Int32Array> {
    const order = this.orderKeys(op);
    // Keys are taken once per row, not per comparison; the row's arrival breaks ties, as a stable sort would.
    type Entry = { keys: SortKey[]; seq: number; row: Int32Array };
    const compare = (a: Entry, b: Entry) => {
      for (let i = 0; i < order.length; i++) {
        const c = compareKeys(a.keys[i]!, b.keys[i]!);
        if (c) return order[i]!.sign * c;
      }
      return a.seq - b.seq;
    };
    // With a LIMIT above (Comunica's sortLimit: OFFSET + LIMIT), only the first rows are kept, in order.
    const limit = (op.metadata as { sortLimit?: number } | undefined)?.sortLimit ?? Infinity;
    const best: Entry[] = [];
    let seq = 0;
    for (const r of this.run(op.input, row)) {
      const entry = { keys: order.map(({ k }) => this.sortKey(r[k]!)), seq: seq++, row: r };
      if (best.length >= limit && compare(entry, best[best.length - 1]!) >= 0) continue;
      entry.row = r.slice();
      if (limit === Infinity) {
        best.push(entry);
        continue;
      }
      let lo = 0, hi = best.length;
      while (lo < hi) {
        const m = (lo + hi) >>> 1;
        if (compare(entry, best[m]!) < 0) hi = m;
        else lo = m + 1;
      }
      best.splice(lo, 0, entry);
      if (best.length > limit) best.pop();
    }
    if (limit === Infinity) best.sort(compare);
    const before = row.slice();
    for (const { row: r } of best) {
      row.set(r);
      yield row;
    }
    row.set(before);
  }

  /** ORDER BY's keys: a variable's column each, and its direction. */
  private orderKeys(op: Op): { k: number; sign: number }[] {
    return (op.expressions as Expr[]).map((e) => {
      const desc = e.subType === 'operator' && e.operator === 'desc';
      const inner = desc ? e.args![0]! : e.subType === 'operator' && e.operator === 'asc' ? e.args![0]! : e;
      if (inner.subType !== 'term' || inner.term?.termType !== 'Variable') throw new Error('the index can only ORDER BY variables');
      return { k: this.slot(inner.term as RDF.Variable), sign: desc ? -1 : 1 };
    });
  }

  private sortKey(id: number): SortKey {
    let key = this.keys.get(id);
    if (!key) this.keys.set(id, (key = sortKey(id < 0 ? undefined : this.term(id))));
    return key;
  }
}
