/**
 * RDF/XML, written directly (no well-kept npm writer exists, and SPARQLWrapper and rdflib ask
 * for it by default): one `rdf:Description` per subject, predicates as qualified element names,
 * graphs merged since RDF/XML has none. What RDF/XML cannot say is refused, never written lossily.
 */
import type * as RDF from '@rdfjs/types';
import type { Converted } from '../convert.js';
import { prefixes as catalodPrefixes } from '../mapping/terms.js';
import type { RecordWriter } from './format.js';
import { termToNt } from './nquads.js';

const RDF_NS = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_LANG_STRING = `${RDF_NS}langString`;
// Namespaces XML reserves: neither may be bound to a prefix of ours.
const RESERVED_NAMESPACES = new Set(['http://www.w3.org/XML/1998/namespace', 'http://www.w3.org/2000/xmlns/']);
// rdf: names a parser reads as syntax rather than as a property (rdf:li becomes rdf:_n).
const RDF_SYNTAX_NAMES = new Set(['RDF', 'ID', 'about', 'parseType', 'resource', 'nodeID', 'datatype', 'Description', 'li', 'bagID', 'aboutEach', 'aboutEachPrefix']);
// Anything outside XML 1.0's Char production: most C0 controls, lone surrogates, U+FFFE/U+FFFF.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NOT_XML_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
// XML Names' NCName: XML 1.0 (5th ed.) Name without the colon.
const NAME_START = 'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NCNAME = new RegExp(`^[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040]*$`, 'u');
// An IRI a parser leaves as it is when resolving it: absolute, and no `.`/`..` path segments to remove.
const SCHEME_AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]*:(\/\/[^/?#]*)?/;
const DOT_SEGMENT = /(^|\/)\.\.?(\/|$)/;
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTR_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', '\t': '&#9;', '\n': '&#10;' };

/** Element text: `>` too, so `]]>` cannot occur; CR as a reference, since parsers turn a raw one into LF. */
function escapeText(s: string): string {
  return s.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]!);
}

/** An attribute value in double quotes; tab, LF and CR as references, since parsers turn raw ones into spaces. */
function escapeAttr(s: string): string {
  return s.replace(/[&<>"\t\n\r]/g, (c) => ATTR_ESCAPES[c]!);
}

/** A term for an error message, control characters shown as `\uXXXX`. */
function shown(t: RDF.Term): string {
  return termToNt(t).replace(NOT_XML_CHARS, (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
}

/** The error for a triple RDF/XML cannot express, naming its subject and predicate. */
function refuse(q: RDF.Quad, why: string): Error {
  return new Error(`RDF/XML cannot express the triple ${shown(q.subject)} ${shown(q.predicate)}: ${why}`);
}

/** Refuses text XML 1.0 cannot hold (it has no escape for most control characters). */
function checkChars(q: RDF.Quad, what: string, text: string): void {
  const bad = NOT_XML_CHAR.exec(text);
  if (bad) throw refuse(q, `${what} holds U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}, which XML 1.0 does not allow`);
}

/** Refuses an IRI a parser would change by resolving it against the base, as RDF/XML has it do. */
function checkResolvable(q: RDF.Quad, what: string, iri: string): void {
  checkChars(q, what, iri);
  const head = SCHEME_AUTHORITY.exec(iri);
  if (!head) throw refuse(q, `${what} <${iri}> is not absolute, and RDF/XML would resolve it against the document's base`);
  if (DOT_SEGMENT.test(iri.slice(head[0].length).replace(/[?#][\s\S]*$/, ''))) throw refuse(q, `${what} <${iri}> has . or .. path segments, which RDF/XML parsers remove`);
}

interface QName {
  name: string;
  /** `xmlns:ns1="…"` when the namespace must be declared where the name is used. */
  declaration: string;
}

/** Predicate IRIs as element names: the table's prefixes, then `ns1`, `ns2`… for other namespaces. */
class Namespaces {
  /** Namespace → prefix, table and generated alike. */
  private readonly prefixOf = new Map<string, string>();
  private readonly taken = new Set<string>(['rdf']);
  private readonly table: [string, string][] = [['rdf', RDF_NS]];
  private readonly onRoot = new Set<string>([RDF_NS]);
  private readonly generated: [string, string][] = [];
  private readonly names = new Map<string, QName>();

  /** `local`: declare generated namespaces on each element using them, not on the root. */
  constructor(prefixes: Record<string, string>, private readonly local: boolean) {
    this.prefixOf.set(RDF_NS, 'rdf');
    for (const [prefix, ns] of Object.entries(prefixes)) {
      if (this.taken.has(prefix) || !NCNAME.test(prefix) || /^xml/i.test(prefix) || !ns || NOT_XML_CHAR.test(ns) || RESERVED_NAMESPACES.has(ns)) continue;
      this.taken.add(prefix);
      this.table.push([prefix, ns]);
      this.onRoot.add(ns);
      if (!this.prefixOf.has(ns)) this.prefixOf.set(ns, prefix);
    }
  }

  /** The `xmlns:…` attributes for the root element. */
  rootDeclarations(): string[] {
    return [...this.table, ...(this.local ? [] : this.generated)].map(([prefix, ns]) => `xmlns:${prefix}="${escapeAttr(ns)}"`);
  }

  /** The element name for predicate `p` of quad `q`, or a clear error when it has none. */
  qname(q: RDF.Quad, p: string): QName {
    const known = this.names.get(p);
    if (known) return known;
    checkChars(q, 'the predicate', p);
    const [ns, localName] = this.split(q, p);
    if (ns === RDF_NS && RDF_SYNTAX_NAMES.has(localName)) throw refuse(q, `rdf:${localName} is RDF/XML syntax, not a property element name`);
    if (RESERVED_NAMESPACES.has(ns)) throw refuse(q, `its namespace <${ns}> is reserved by XML and cannot be declared`);
    const prefix = this.prefixOf.get(ns) ?? this.generate(ns);
    const declaration = this.local && !this.onRoot.has(ns) ? ` xmlns:${prefix}="${escapeAttr(ns)}"` : '';
    const name: QName = { name: `${prefix}:${localName}`, declaration };
    this.names.set(p, name);
    return name;
  }

  /** Namespace and local name: a table namespace if the rest is an NCName, else at the last `#` or `/`. */
  private split(q: RDF.Quad, p: string): [string, string] {
    let best: [string, string] | undefined;
    for (const [, ns] of this.table)
      if (p.startsWith(ns) && NCNAME.test(p.slice(ns.length)) && (!best || ns.length > best[0].length)) best = [ns, p.slice(ns.length)];
    if (best) return best;
    const at = Math.max(p.lastIndexOf('#'), p.lastIndexOf('/')) + 1;
    const localName = p.slice(at);
    if (at === 0 || !NCNAME.test(localName)) throw refuse(q, `the predicate cannot be split into a namespace and an XML local name (after its last # or /, "${localName}" is not an NCName)`);
    return [p.slice(0, at), localName];
  }

  /** The next free `nsN` prefix, bound to `ns`. */
  private generate(ns: string): string {
    let n = this.generated.length + 1;
    while (this.taken.has(`ns${n}`)) n++;
    const prefix = `ns${n}`;
    this.taken.add(prefix);
    this.generated.push([prefix, ns]);
    this.prefixOf.set(ns, prefix);
    return prefix;
  }
}

/** Writes `rdf:Description`s; keeps the namespaces and blank node ids across calls, for one document. */
class Describer {
  /** Blank node label → `rdf:nodeID`; fresh `b1`, `b2`… since a label need not be an NCName. */
  private readonly nodeIds = new Map<string, string>();

  constructor(readonly namespaces: Namespaces) {}

  /** The descriptions of the triples of `quads`, a subject once each (first-seen order), duplicates dropped. */
  describe(quads: Iterable<RDF.Quad>): string {
    const groups = new Map<string, { lines: string[]; seen: Set<string> }>();
    let previous: { subject: RDF.Term; key: string } | undefined;
    for (const q of quads) {
      // Records come grouped by subject, so the subject is checked once a run, not once a triple.
      if (!previous?.subject.equals(q.subject)) previous = { subject: q.subject, key: this.subjectAttribute(q) };
      let group = groups.get(previous.key);
      if (!group) groups.set(previous.key, (group = { lines: [], seen: new Set() }));
      const line = this.property(q);
      if (group.seen.has(line)) continue;
      group.seen.add(line);
      group.lines.push(line);
    }
    let out = '';
    for (const [attribute, { lines }] of groups) out += `  <rdf:Description ${attribute}>\n${lines.join('')}  </rdf:Description>\n`;
    return out;
  }

  /** `rdf:about="…"` or `rdf:nodeID="…"` for the subject of `q`. */
  private subjectAttribute(q: RDF.Quad): string {
    const s = q.subject;
    if (s.termType === 'NamedNode') {
      checkResolvable(q, 'the subject', s.value);
      return `rdf:about="${escapeAttr(s.value)}"`;
    }
    if (s.termType === 'BlankNode') return `rdf:nodeID="${this.nodeId(s.value)}"`;
    throw refuse(q, `a ${s.termType} subject is not RDF`);
  }

  /** One property element for the predicate and object of `q`. */
  private property(q: RDF.Quad): string {
    if (q.predicate.termType !== 'NamedNode') throw refuse(q, `a ${q.predicate.termType} predicate is not RDF`);
    const { name, declaration } = this.namespaces.qname(q, q.predicate.value);
    const o = q.object;
    switch (o.termType) {
      case 'NamedNode':
        checkResolvable(q, 'the object', o.value);
        return `    <${name}${declaration} rdf:resource="${escapeAttr(o.value)}"/>\n`;
      case 'BlankNode':
        return `    <${name}${declaration} rdf:nodeID="${this.nodeId(o.value)}"/>\n`;
      case 'Literal':
        return `    <${name}${declaration}${this.literalAttributes(q, o)}>${this.literalText(q, o)}</${name}>\n`;
      default:
        throw refuse(q, `a ${o.termType} object is not RDF`);
    }
  }

  /** `xml:lang` for a language tag, `rdf:datatype` for a type other than xsd:string, else nothing. */
  private literalAttributes(q: RDF.Quad, o: RDF.Literal): string {
    if (o.direction) throw refuse(q, `the literal has a base direction (${o.direction}), which RDF/XML 1.1 cannot carry`);
    if (o.language) {
      checkChars(q, 'the language tag', o.language);
      return ` xml:lang="${escapeAttr(o.language)}"`;
    }
    const type = o.datatype.value;
    if (type === XSD_STRING) return '';
    if (type === RDF_LANG_STRING) throw refuse(q, 'an rdf:langString literal needs a language tag');
    checkResolvable(q, 'the datatype', type);
    return ` rdf:datatype="${escapeAttr(type)}"`;
  }

  /** The literal's text, escaped, or a clear error when XML cannot hold it. */
  private literalText(q: RDF.Quad, o: RDF.Literal): string {
    checkChars(q, 'the literal', o.value);
    return escapeText(o.value);
  }

  /** The `rdf:nodeID` for blank node `label`, the same throughout the document. */
  private nodeId(label: string): string {
    let id = this.nodeIds.get(label);
    if (id === undefined) this.nodeIds.set(label, (id = `b${this.nodeIds.size + 1}`));
    return id;
  }
}

/** The XML declaration and the `<rdf:RDF>` start tag with the namespace declarations. */
function opening(namespaces: Namespaces): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n    ${namespaces.rootDeclarations().join('\n    ')}>\n`;
}

const CLOSING = '</rdf:RDF>\n';

/**
 * A complete RDF/XML document of the triples of `quads` (graphs dropped). Predicates take the
 * prefixes given (catalod's table by default), other namespaces `ns1`, `ns2`…, all declared on
 * the root. Throws, naming the triple, for what RDF/XML cannot express: a predicate with no
 * namespace/NCName split, characters XML 1.0 cannot hold, relative IRIs.
 * @example
 * quadsToRdfXml([new CQuad(iri('http://example.org/a'), iri('http://schema.org/name'), lit('A & B', 'en'))]);
 * // <?xml version="1.0" encoding="utf-8"?>
 * // <rdf:RDF
 * //     xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 * //     xmlns:schema="http://schema.org/"
 * //     …>
 * //   <rdf:Description rdf:about="http://example.org/a">
 * //     <schema:name xml:lang="en">A &amp; B</schema:name>
 * //   </rdf:Description>
 * // </rdf:RDF>
 */
export function quadsToRdfXml(quads: Iterable<RDF.Quad>, prefixes: Record<string, string> = catalodPrefixes()): string {
  const describer = new Describer(new Namespaces(prefixes, false));
  const body = describer.describe(quads);
  return opening(describer.namespaces) + body + CLOSING;
}

/**
 * RDF/XML over converted records as one streamed document: the root with catalod's prefixes
 * comes with the first record, each record's descriptions as it comes, `</rdf:RDF>` at the end.
 * Namespaces outside the table are declared on the property elements using them.
 * @example
 * const w = rdfxmlWriter();
 * const xml = (await w.write(converted)) + (await w.end());
 */
export function rdfxmlWriter(): RecordWriter {
  const describer = new Describer(new Namespaces(catalodPrefixes(), true));
  let started = false;
  const start = () => {
    if (started) return '';
    started = true;
    return opening(describer.namespaces);
  };
  return {
    write: (c: Converted) => {
      const body = describer.describe(c.quads);
      return start() + body;
    },
    end: () => start() + CLOSING,
  };
}
