/** The part of shacl-engine's (untyped) API that src/validate.ts uses. */
declare module 'shacl-engine' {
  import type { Term } from '@rdfjs/types';
  import type { DataFactory, Quad, Store } from 'n3';

  /** One step of a result path: `predicates` (more than one for sh:alternativePath), `start` 'object' for sh:inversePath. */
  export interface PathStep {
    predicates: Term[];
    start: 'subject' | 'object';
    end: 'subject' | 'object';
    quantifier: 'one' | 'zeroOrOne' | 'zeroOrMore' | 'oneOrMore';
  }

  export interface Result {
    focusNode: { term: Term };
    path?: PathStep[] | null;
    message: Term[];
    severity: Term;
    constraintComponent: Term;
    shape: { ptr: { term: Term } };
    value?: { term: Term };
  }

  export interface Report {
    conforms: boolean;
    results: Result[];
  }

  export interface ValidatorOptions {
    factory: typeof DataFactory & { dataset: (quads?: Quad[]) => Store };
    debug?: boolean;
    details?: boolean;
    trace?: boolean;
    coverage?: boolean;
  }

  export class Validator {
    constructor(shapes: Store, options: ValidatorOptions);
    validate(data: { dataset: Store; terms?: Term[] }, shapes?: { terms: Term[] }[]): Promise<Report>;
  }
}
