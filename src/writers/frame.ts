/**
 * Frames a work's quads into one JSON-LD tree in catalod's context, without a JSON-LD processor:
 * the frame (`vocab/work.frame.jsonld`) says which links embed their node (`@always`), which
 * stay references (`@never`); anything else embeds the first time it is met (`@once`). Terms are
 * chosen from the context by IRI and by the value's kind, as compaction chooses them. jsonld.js
 * took 10–25 ms a record for the same; this takes well under one. test/writers checks that the
 * result expands to exactly the record's N-Quads. `flatten` compacts any graph the same way,
 * node by node: linear in the quads, so a hub's description costs what its page holds.
 */
import type * as RDF from '@rdfjs/types';

type Json = Record<string, unknown>;
type Frame = Record<string, unknown>;
type Embed = '@always' | '@never' | '@once';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

/** A context term: what it expands to and how it coerces values. */
interface Term {
  name: string;
  iri: string;
  coerce?: string;
}

/** Term lookups built from a context (prefixes, terms by IRI, type coercions). */
export class Compactor {
  private readonly prefixes: [string, string][] = [];
  private readonly byIri = new Map<string, Term[]>();
  private readonly frame: Frame;

  constructor(context: Record<string, unknown>, frame: Frame) {
    for (const [name, def] of Object.entries(context))
      if (typeof def === 'string' && /[/#]$/.test(def)) this.prefixes.push([name, def]);
    for (const [name, def] of Object.entries(context)) {
      if (name.startsWith('@') || (typeof def === 'string' && (def.startsWith('@') || /[/#]$/.test(def)))) continue;
      const id = typeof def === 'string' ? def : ((def as Json)['@id'] as string);
      const coerce = typeof def === 'object' ? ((def as Json)['@type'] as string | undefined) : undefined;
      const term: Term = { name, iri: this.expand(id), coerce: coerce && !coerce.startsWith('@') ? this.expand(coerce) : coerce };
      this.byIri.set(term.iri, [...(this.byIri.get(term.iri) ?? []), term]);
    }
    this.frame = this.expandFrame(frame);
  }

  /** The frame with its property keys expanded to IRIs, at every level. */
  private expandFrame(frame: Frame): Frame {
    return Object.fromEntries(Object.entries(frame).map(([k, v]) => (k.startsWith('@') ? [k, v] : [this.expand(k), typeof v === 'object' && v ? this.expandFrame(v as Frame) : v])));
  }

  /** `schema:name` → `http://schema.org/name`. */
  expand(curie: string): string {
    const at = curie.indexOf(':');
    const ns = at > 0 ? this.prefixes.find(([p]) => p === curie.slice(0, at))?.[1] : undefined;
    return ns ? ns + curie.slice(at + 1) : curie;
  }

  /** A term or a CURIE for an IRI used as a property, type or vocabulary value. */
  vocab(iri: string): string {
    const term = this.byIri.get(iri)?.find((t) => !t.coerce);
    if (term) return term.name;
    const prefix = this.prefixes.find(([, ns]) => iri.startsWith(ns) && /^[A-Za-z_][\w-]*$/.test(iri.slice(ns.length)));
    return prefix ? `${prefix[0]}:${iri.slice(prefix[1].length)}` : iri;
  }

  /** The tree rooted at `root`, with every other subject embedded once somewhere or listed after it. */
  frameWork(quads: RDF.Quad[], root: string): Json[] {
    const subjects = bySubject(quads);
    const embedded = new Set<string>([root]);
    const tree = this.node(root, subjects, this.frame, embedded, [root], '@once');
    const rest = [...subjects.keys()].filter((s) => !embedded.has(s)).map((s) => (embedded.add(s), this.node(s, subjects, {}, embedded, [s], '@once')));
    return [tree, ...rest];
  }

  /**
   * Every subject as a node of its own (`first` at the head), each link a reference: compaction
   * of any graph, in time linear in its quads (jsonld.js parsed N-Quads in quadratic time).
   * @example
   * new Compactor(catalodContext(), {}).flatten(catalog.describe(journal), journal)[0].name; // 'BMC Psychiatry'
   */
  flatten(quads: RDF.Quad[], first?: string): Json[] {
    const subjects = bySubject(quads);
    const order = first !== undefined && subjects.has(first) ? [first, ...[...subjects.keys()].filter((s) => s !== first)] : [...subjects.keys()];
    return order.map((s) => this.node(s, subjects, {}, new Set(), [s], '@never'));
  }

  private node(id: string, subjects: Map<string, RDF.Quad[]>, frame: Frame, embedded: Set<string>, path: string[], fallback: Embed): Json {
    const out: Json = { id };
    const byPredicate = new Map<string, RDF.Term[]>();
    for (const q of subjects.get(id) ?? []) {
      const list = byPredicate.get(q.predicate.value);
      if (list) list.push(q.object);
      else byPredicate.set(q.predicate.value, [q.object]);
    }
    for (const [p, objects] of byPredicate) {
      if (p === RDF_TYPE) {
        out.type = single(objects.map((o) => this.vocab(o.value)));
        continue;
      }
      const sub = (frame[p] ?? {}) as Frame;
      const embed = (sub['@embed'] as Embed | undefined) ?? fallback;
      const term = this.termFor(p, objects);
      out[term?.name ?? this.vocab(p)] = single(objects.map((o) => this.value(o, term, embed, sub, subjects, embedded, path, fallback)));
    }
    return out;
  }

  /** The term that can hold every value of the property, as compaction picks it. */
  private termFor(iri: string, objects: RDF.Term[]): Term | undefined {
    return this.byIri.get(iri)?.find((t) =>
      objects.every((o) =>
        o.termType !== 'Literal'
          ? t.coerce === '@id' || (t.coerce === '@vocab' && o.termType === 'NamedNode')
          : !t.coerce ? (o as RDF.Literal).datatype.value === XSD_STRING && !(o as RDF.Literal).language : t.coerce === (o as RDF.Literal).datatype.value,
      ),
    );
  }

  private value(o: RDF.Term, term: Term | undefined, embed: Embed, frame: Frame, subjects: Map<string, RDF.Quad[]>, embedded: Set<string>, path: string[], fallback: Embed): unknown {
    if (o.termType === 'Literal') {
      const lit = o as RDF.Literal;
      if (term) return lit.value;
      if (lit.language) return { '@value': lit.value, '@language': lit.language };
      return lit.datatype.value === XSD_STRING ? { '@value': lit.value } : { '@value': lit.value, '@type': this.vocab(lit.datatype.value) };
    }
    const id = idOf(o);
    const embeds = subjects.has(id) && !path.includes(id) && (embed === '@always' || (embed === '@once' && !embedded.has(id)));
    if (embeds) {
      embedded.add(id);
      return this.node(id, subjects, frame, embedded, [...path, id], fallback);
    }
    if (term?.coerce === '@vocab') return this.vocab(id);
    return term?.coerce === '@id' ? id : { id };
  }
}

/** A node's JSON-LD `@id`: its IRI, or `_:label` for a blank node. */
function idOf(t: RDF.Term): string {
  return t.termType === 'BlankNode' ? `_:${t.value}` : t.value;
}

/** The quads grouped by subject id, in first-seen order. */
function bySubject(quads: RDF.Quad[]): Map<string, RDF.Quad[]> {
  const subjects = new Map<string, RDF.Quad[]>();
  for (const q of quads) {
    const id = idOf(q.subject);
    const list = subjects.get(id);
    if (list) list.push(q);
    else subjects.set(id, [q]);
  }
  return subjects;
}

/** One value as itself, several as an array. */
function single(values: unknown[]): unknown {
  return values.length === 1 ? values[0] : values;
}
