/**
 * Plan reuse: a query text seen before is not parsed again. Parsing costs as much as answering a
 * selective query (1–3 ms for a stored query's text, against a fraction of a millisecond to find
 * its rows in the index), and a server sees the same texts again and again (stored queries, the
 * search page, clients polling). Per text, this keeps the checked syntax tree (validate.ts), the
 * operation types the index may take (pushdown.ts) and Comunica's algebra, parsed as Comunica's
 * own SPARQL parse actor does (traqula, quads, blank nodes as variables), so the engine starts
 * at optimisation.
 *
 * The cache is bounded in bytes as well as in count: a large query text (a long VALUES block)
 * makes a tree and an algebra many times its size, so 500 such plans would hold gigabytes. Each
 * plan is charged `planBytes(text)`, measured at 16–18 heap bytes per character of text for the
 * tree and algebra together (sparqljs + traqula, Node 20), rounded up to 40 with the text itself.
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

/** Heap bytes charged per character of query text, and per plan. */
const BYTES_PER_CHAR = 40;
const BYTES_PER_PLAN = 2048;
/** The default byte budget of one thread's plans. */
export const DEFAULT_PLAN_BYTES = 32 * 1024 * 1024;

/**
 * The heap bytes a plan for `text` is charged.
 * @example
 * planBytes('ASK {}'); // 2288
 */
export function planBytes(text: string): number {
  return BYTES_PER_PLAN + BYTES_PER_CHAR * text.length;
}

/** What a PlanCache keeps besides its count limit. */
export interface PlanCacheOptions {
  /** Keep Comunica's algebra too (default true); false keeps only the checked tree. */
  algebra?: boolean;
  /** Most bytes of plans kept, as `planBytes` charges them (default 32 MiB). */
  maxBytes?: number;
}

/**
 * Plans by query text, the least recently used dropped past `limit` plans or `maxBytes` bytes. A
 * plan larger than the whole budget is made and returned but not kept.
 * @example
 * const plans = new PlanCache();
 * plans.get('SELECT * { ?s ?p ?o }').checked.ok; // true; the second get parses nothing
 */
export class PlanCache {
  private readonly plans = new Map<string, Plan>();
  private readonly maxBytes: number;
  private charged = 0;

  constructor(private readonly limit = 500, private readonly options: PlanCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? DEFAULT_PLAN_BYTES;
  }

  /** Bytes charged for the plans kept now. */
  get bytes(): number {
    return this.charged;
  }

  /** Plans kept now. */
  get size(): number {
    return this.plans.size;
  }

  get(text: string): Plan {
    let plan = this.plans.get(text);
    if (plan) {
      this.plans.delete(text);
      this.plans.set(text, plan);
      return plan;
    }
    plan = this.make(text);
    const cost = planBytes(text);
    if (cost > this.maxBytes) return plan;
    while (this.plans.size > 0 && (this.plans.size >= this.limit || this.charged + cost > this.maxBytes)) this.evictOldest();
    this.plans.set(text, plan);
    this.charged += cost;
    return plan;
  }

  private evictOldest(): void {
    const oldest = this.plans.keys().next().value!;
    this.plans.delete(oldest);
    this.charged -= planBytes(oldest);
  }

  private make(text: string): Plan {
    const checked = checkQuery(text);
    if (!checked.ok) return { checked };
    if (this.options.algebra === false) return { checked };
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
