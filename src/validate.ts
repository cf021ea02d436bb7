/**
 * SHACL validation of catalod's output against `vocab/shapes.ttl` (SHACL Core, run by shacl-engine).
 * Each record's named graph is checked on its own: a graph is the complete description of one
 * catalogue record, and two records of one work (two catalogues) may legitimately differ.
 */
import { readFileSync } from 'node:fs';
import type * as RDF from '@rdfjs/types';
import { DataFactory, Parser, Store, type Quad } from 'n3';
import { Validator, type PathStep, type Result } from 'shacl-engine';
import { vocabPath } from './vocab.js';

const SH = 'http://www.w3.org/ns/shacl#';

/** One problem found: which node, which property, what is wrong. */
export interface ValidationResult {
  /** The node that fails (IRI, `_:b…` for a blank node, or the literal's text). */
  focus: string;
  /** The property path, as an IRI (`^IRI` for an inverse path); absent for node-level constraints. */
  path?: string;
  /** What is expected, from the shape's `sh:message`. */
  message: string;
  severity: 'Violation' | 'Warning' | 'Info';
  /** The offending value, where the constraint is about one. */
  value?: string;
  /** The SHACL constraint component, local name (`MinCountConstraintComponent`, `PatternConstraintComponent`, …). */
  constraint: string;
  /** The shape that reported it (IRI, or `_:…` for an anonymous property shape). */
  shape: string;
  /** The named graph (catalogue record) the focus node was checked in; absent for the default graph. */
  graph?: string;
}

export interface ValidationReport {
  conforms: boolean;
  results: ValidationResult[];
}

const factory = { ...DataFactory, dataset: (quads?: Quad[]) => new Store(quads) };

let validator: Validator | undefined;

/** The validator for `vocab/shapes.ttl`, parsed and compiled on first use. */
function shapes(): Validator {
  if (validator) return validator;
  const store = new Store(new Parser({ baseIRI: 'urn:catalod:shapes' }).parse(readFileSync(vocabPath('shapes.ttl'), 'utf8')));
  return (validator = new Validator(store, { factory }));
}

/** Checks quads against the shapes, each named graph separately (the default graph as one more). */
export async function validateQuads(quads: Iterable<RDF.Quad>): Promise<ValidationReport> {
  const graphs = new Map<string, { graph?: string; store: Store }>();
  for (const q of quads) {
    const key = q.graph.termType === 'DefaultGraph' ? '' : `${q.graph.termType}:${q.graph.value}`;
    let g = graphs.get(key);
    if (!g) graphs.set(key, (g = { graph: key ? q.graph.value : undefined, store: new Store() }));
    g.store.addQuad(q.subject, q.predicate, q.object);
  }
  const v = shapes();
  const results: ValidationResult[] = [];
  for (const g of graphs.values()) {
    const report = await v.validate({ dataset: g.store });
    for (const r of report.results) results.push(toResult(r, g.graph));
  }
  return { conforms: results.every((r) => r.severity !== 'Violation'), results };
}

function toResult(r: Result, graph: string | undefined): ValidationResult {
  const out: ValidationResult = {
    focus: termText(r.focusNode.term),
    message: r.message.map((m) => m.value).join(' ') || local(r.constraintComponent),
    severity: local(r.severity) as ValidationResult['severity'],
    constraint: local(r.constraintComponent),
    shape: termText(r.shape.ptr.term),
  };
  const path = r.path ? pathText(r.path) : undefined;
  if (path) out.path = path;
  if (r.value?.term && !r.value.term.equals(r.focusNode.term)) out.value = termText(r.value.term);
  if (graph !== undefined) out.graph = graph;
  return out;
}

function pathText(steps: PathStep[]): string | undefined {
  if (steps.length === 0) return undefined;
  return steps
    .map((s) => {
      const p = s.predicates.map((t) => t.value).join('|');
      const q = { one: '', zeroOrOne: '?', zeroOrMore: '*', oneOrMore: '+' }[s.quantifier];
      return (s.start === 'object' ? '^' : '') + p + q;
    })
    .join('/');
}

function termText(t: RDF.Term): string {
  return t.termType === 'BlankNode' ? `_:${t.value}` : t.value;
}

function local(t: RDF.Term): string {
  return t.value.startsWith(SH) ? t.value.slice(SH.length) : t.value;
}
