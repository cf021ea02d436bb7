/**
 * Minimal RDF/JS terms for the hot path. n3's terms keep only an encoded id and re-parse it on
 * every `.value`/`.datatype` read; these keep their parts and cache their N-Triples form, which
 * is what conversion at catalogue scale spends its time on. n3's Store and Writer accept them.
 */
import type * as RDF from '@rdfjs/types';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
// What canonical N-Triples escapes: controls, `"`, `\`, U+007F, U+FFFE/U+FFFF.
const NEEDS_ESCAPE = /[^ !#-[\]-~\u0080-\uFFFD]/;
const ESCAPE_ALL = /[^ !#-[\]-~\u0080-\uFFFD]/g;
const NAMED: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f' };

function escapeChar(c: string): string {
  return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Escapes a literal's text as canonical N-Triples asks. */
export function escapeLiteral(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE_ALL, escapeChar) : text;
}

/** An IRI. */
export class Iri implements RDF.NamedNode {
  readonly termType = 'NamedNode' as const;
  private cached?: string;
  constructor(readonly value: string) {}
  private bytes?: Buffer;
  /** `<iri>` */
  get nt(): string {
    return (this.cached ??= `<${this.value}>`);
  }
  /** `<iri>` as UTF-8, encoded once however many quads reuse the term. */
  get ntBytes(): Buffer {
    return (this.bytes ??= Buffer.from(this.nt));
  }
  equals(other?: RDF.Term | null): boolean {
    return !!other && other.termType === 'NamedNode' && other.value === this.value;
  }
}

const STRING = new Iri(XSD_STRING);
const LANG_STRING = new Iri(RDF_LANG_STRING);

/** A literal: plain string, typed, or language-tagged. */
export class Lit implements RDF.Literal {
  readonly termType = 'Literal' as const;
  readonly language: string;
  readonly datatype: Iri;
  private cached?: string;
  private bytes?: Buffer;
  constructor(readonly value: string, languageOrDatatype?: string | Iri) {
    this.language = typeof languageOrDatatype === 'string' ? languageOrDatatype.toLowerCase() : '';
    this.datatype = typeof languageOrDatatype === 'string' ? LANG_STRING : (languageOrDatatype ?? STRING);
  }
  /** `"text"`, `"text"@en` or `"text"^^<type>` */
  get nt(): string {
    if (this.cached !== undefined) return this.cached;
    const v = `"${escapeLiteral(this.value)}"`;
    return (this.cached = this.language ? `${v}@${this.language}` : this.datatype.value === XSD_STRING ? v : `${v}^^${this.datatype.nt}`);
  }
  /** The N-Triples form as UTF-8, encoded once. */
  get ntBytes(): Buffer {
    return (this.bytes ??= Buffer.from(this.nt));
  }
  equals(other?: RDF.Term | null): boolean {
    return !!other && other.termType === 'Literal' && other.value === this.value && other.language === this.language && other.datatype.value === this.datatype.value;
  }
}

/** The default graph. */
export const DEFAULT_GRAPH: RDF.DefaultGraph = { termType: 'DefaultGraph', value: '', equals: (o) => !!o && o.termType === 'DefaultGraph' };

/** A quad of catalod terms. */
export class CQuad implements RDF.Quad {
  readonly termType = 'Quad' as const;
  readonly value = '';
  constructor(readonly subject: Iri, readonly predicate: Iri, readonly object: Iri | Lit, readonly graph: Iri | RDF.DefaultGraph = DEFAULT_GRAPH) {}
  equals(other?: RDF.BaseQuad | null): boolean {
    return !!other && this.subject.equals(other.subject) && this.predicate.equals(other.predicate) && this.object.equals(other.object) && this.graph.equals(other.graph);
  }
}

/** `new Iri`, shorter. */
export const iri = (value: string): Iri => new Iri(value);
/** `new Lit`, shorter. */
export const lit = (value: string, languageOrDatatype?: string | Iri): Lit => new Lit(value, languageOrDatatype);
