/**
 * The index as a Comunica query source that takes whole parts of a query, not single triple
 * patterns. Comunica hands it every subtree its selector shape accepts (the operation types a
 * query may push down, src/query/pushdown.ts); operations.ts evaluates them on integer ids inside
 * the index and only result rows become RDF terms. Comunica keeps everything else (paths, other
 * functions and aggregates, LIMIT, serialisation). Without this, Comunica would join pattern
 * streams itself, one RDF/JS quad and one bindings object per match.
 */
import type * as RDF from '@rdfjs/types';
import type { BindingsStream, FragmentSelectorShape, IActionContext, IQuerySource, MetadataBindings } from '@comunica/types';
import type { Algebra } from '@comunica/utils-algebra';
import { BindingsFactory } from '@comunica/utils-bindings-factory';
import { MetadataValidationState } from '@comunica/utils-metadata';
import { fromIterable } from 'asynciterator';
import { DataFactory } from 'n3';
import { Evaluation, type TYPES } from './operations.js';
import type { CompactStore } from '../../store/compact/store.js';

const bindingsFactory = new BindingsFactory(DataFactory as never);

/** Algebra operation types (string values of Comunica's `Algebra.Types`) besides the pattern. */
export type PushedType = Exclude<(typeof TYPES)[number], 'pattern'>;

/** A shape accepting triple patterns, and the given operation types over inputs it accepts (applied recursively). */
function shapeFor(types: readonly PushedType[]): FragmentSelectorShape {
  return {
    type: 'disjunction',
    children: [
      {
        type: 'operation',
        operation: { operationType: 'pattern', pattern: { type: 'pattern' } as Algebra.Operation },
        variablesOptional: ['s', 'p', 'o'].map((v) => DataFactory.variable(v)),
      },
      ...types.map((type): FragmentSelectorShape => ({ type: 'operation', operation: { operationType: 'type', type: type as never } })),
    ],
  };
}

/**
 * A Comunica IQuerySource over a CompactStore that evaluates the operation types it is given
 * (operations.ts). Which types a query may push down is decided per query (pushdown.ts): a
 * selector shape cannot look inside expressions, so e.g. OPTIONAL is only offered when no
 * OPTIONAL of the query has a FILTER.
 * @example
 * const engine = new QueryEngine();
 * const rows = await (await engine.queryBindings('SELECT * { ?s ?p ?o } LIMIT 1', querySourceContext(store, ['bgp', 'join']))).toArray();
 */
export class CompactQuerySource implements IQuerySource {
  readonly referenceValue = 'catalod:index';
  private readonly shape: FragmentSelectorShape;

  constructor(private readonly store: CompactStore, types: readonly PushedType[]) {
    this.shape = shapeFor(types);
  }

  async getSelectorShape(): Promise<FragmentSelectorShape> {
    return this.shape;
  }

  /** The source applies every pattern it is given in full. */
  async getFilterFactor(): Promise<number> {
    return 1;
  }

  queryBindings(operation: Algebra.Operation, _context: IActionContext): BindingsStream {
    const evaluation = new Evaluation(this.store, operation);
    const variables = evaluation.variables;
    const optional = evaluation.optionalVariables();
    const stream = fromIterable(this.bindings(evaluation, (error) => queueMicrotask(() => stream.destroy(error))));
    const metadata: MetadataBindings = {
      state: new MetadataValidationState(),
      cardinality: { type: 'estimate', value: evaluation.cardinality() },
      variables: evaluation.outputVariables().map((k) => ({ variable: variables[k]!, canBeUndef: optional.has(k) })),
    };
    stream.setProperty('metadata', metadata);
    return stream as unknown as BindingsStream;
  }

  /** The rows as Comunica bindings; an error ends them and goes to `fail` (thrown inside a stream's read, it would be lost). */
  private *bindings(evaluation: Evaluation, fail: (error: Error) => void) {
    const out = evaluation.outputVariables();
    const vars = evaluation.variables;
    try {
      for (const row of evaluation.rows()) {
        const entries: [RDF.Variable, RDF.Term][] = [];
        for (const k of out) if (row[k]! >= 0) entries.push([vars[k]!, evaluation.term(row[k]!)]);
        yield bindingsFactory.bindings(entries);
      }
    } catch (error) {
      fail(error as Error);
    }
  }

  queryQuads(): never {
    throw new Error('CompactQuerySource answers bindings only');
  }

  queryBoolean(): never {
    throw new Error('CompactQuerySource answers bindings only');
  }

  queryVoid(): never {
    throw new Error('CompactQuerySource is read-only');
  }

  toString(): string {
    return 'CompactQuerySource(catalod index)';
  }
}

/** Comunica context key for sources already identified (skips wrapping the store as an RDF/JS source). */
const QUERY_SOURCES = '@comunica/bus-query-operation:querySources';

/** Context entries that make Comunica query this store through a source taking these operation types. */
export function querySourceContext(store: CompactStore, types: readonly PushedType[]): Record<string, unknown> {
  return { [QUERY_SOURCES]: [{ source: new CompactQuerySource(store, types) }] };
}
