/**
 * Plan reuse: a query text seen before is not parsed again. Parsing costs as much as answering a
 * selective query (1–3 ms for a stored query's text, against a fraction of a millisecond to find
 * its rows in the index), and a server sees the same texts again and again (stored queries, the
 * search page, clients polling). Per text, this keeps the checked syntax tree (validate.ts), the
 * operation types the index may take (pushdown.ts) and Comunica's algebra, parsed as Comunica's
 * own SPARQL parse actor does (traqula, quads, blank nodes as variables), so the engine starts
 * at optimisation.
 */
import { toAlgebra } from '@traqula/algebra-sparql-1-2';
import { Parser } from '@traqula/parser-sparql-1-2';
import { DataFactory } from 'rdf-data-factory';
import type { Algebra } from '@comunica/utils-algebra';
import type { PushedType } from './index/source.js';
import { pushableTypes } from './pushdown.js';
import { checkQuery, type CheckResult } from './validate.js';

/** What is kept per query text. */
export interface Plan {
  checked: CheckResult;
  /** For a valid query: the operation types the index may evaluate. */
  types?: PushedType[];
  /** For a valid query: its algebra, or undefined when only Comunica's own parser should see the text. */
  algebra?: Algebra.Operation;
}

const parser = new Parser();
const dataFactory = new DataFactory();

/**
 * Plans by query text, the least recently used dropped past `limit`.
 * @example
 * const plans = new PlanCache();
 * plans.get('SELECT * { ?s ?p ?o }').checked.ok; // true; the second get parses nothing
 */
export class PlanCache {
  private readonly plans = new Map<string, Plan>();

  /** `algebra: false` keeps only the checked tree (the HTTP thread, which only checks queries). */
  constructor(private readonly limit = 500, private readonly options: { algebra: boolean } = { algebra: true }) {}

  get(text: string): Plan {
    let plan = this.plans.get(text);
    if (plan) {
      this.plans.delete(text);
    } else {
      plan = this.make(text);
      if (this.plans.size >= this.limit) this.plans.delete(this.plans.keys().next().value!);
    }
    this.plans.set(text, plan);
    return plan;
  }

  private make(text: string): Plan {
    const checked = checkQuery(text);
    if (!checked.ok) return { checked };
    if (!this.options.algebra) return { checked };
    return { checked, types: pushableTypes(checked.ast), algebra: algebraOf(text) };
  }
}

/** Comunica's algebra for a query, or undefined if traqula rejects what sparqljs accepted (Comunica then reports the error). */
function algebraOf(text: string): Algebra.Operation | undefined {
  try {
    return toAlgebra(parser.parse(text), { quads: true, blankToVariable: true, dataFactory }) as unknown as Algebra.Operation;
  } catch {
    return undefined;
  }
}
