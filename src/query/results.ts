/**
 * SPARQL 1.1 query results (JSON, XML, CSV, TSV) for rows computed without the engine, in the
 * same shapes Comunica writes them.
 */
import type * as RDF from '@rdfjs/types';

export type Row = Record<string, RDF.Term | undefined>;

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';

function jsonTerm(t: RDF.Term): Record<string, string> {
  if (t.termType === 'NamedNode') return { value: t.value, type: 'uri' };
  if (t.termType === 'BlankNode') return { value: t.value, type: 'bnode' };
  const lit = t as RDF.Literal;
  if (lit.language) return { value: lit.value, type: 'literal', 'xml:lang': lit.language };
  if (lit.datatype.value !== XSD_STRING) return { value: lit.value, type: 'literal', datatype: lit.datatype.value };
  return { value: lit.value, type: 'literal' };
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function xmlTerm(t: RDF.Term): string {
  if (t.termType === 'NamedNode') return `<uri>${xmlEscape(t.value)}</uri>`;
  if (t.termType === 'BlankNode') return `<bnode>${xmlEscape(t.value)}</bnode>`;
  const lit = t as RDF.Literal;
  const attr = lit.language ? ` xml:lang="${xmlEscape(lit.language)}"` : lit.datatype.value !== XSD_STRING ? ` datatype="${xmlEscape(lit.datatype.value)}"` : '';
  return `<literal${attr}>${xmlEscape(lit.value)}</literal>`;
}

function csvCell(t: RDF.Term | undefined): string {
  const v = t?.value ?? '';
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function tsvTerm(t: RDF.Term | undefined): string {
  if (!t) return '';
  if (t.termType === 'NamedNode') return `<${t.value}>`;
  if (t.termType === 'BlankNode') return `_:${t.value}`;
  const lit = t as RDF.Literal;
  const v = `"${lit.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
  return lit.language ? `${v}@${lit.language}` : lit.datatype.value !== XSD_STRING ? `${v}^^<${lit.datatype.value}>` : v;
}

/** The rows in a SPARQL results media type; undefined when the type is not a results format. */
export function serializeRows(vars: string[], rows: Row[], mediaType: string): string | undefined {
  switch (mediaType) {
    case 'application/sparql-results+json':
      return JSON.stringify({ head: { vars }, results: { bindings: rows.map((r) => Object.fromEntries(vars.filter((v) => r[v]).map((v) => [v, jsonTerm(r[v]!)]))) } }) + '\n';
    case 'application/sparql-results+xml':
      return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
        `<head>${vars.map((v) => `<variable name="${xmlEscape(v)}"/>`).join('')}</head>`,
        '<results>',
        ...rows.map((r) => `<result>${vars.filter((v) => r[v]).map((v) => `<binding name="${xmlEscape(v)}">${xmlTerm(r[v]!)}</binding>`).join('')}</result>`),
        '</results>',
        '</sparql>',
        '',
      ].join('\n');
    case 'text/csv':
      return [vars.join(','), ...rows.map((r) => vars.map((v) => csvCell(r[v])).join(','))].join('\r\n') + '\r\n';
    case 'text/tab-separated-values':
      return [vars.map((v) => `?${v}`).join('\t'), ...rows.map((r) => vars.map((v) => tsvTerm(r[v])).join('\t'))].join('\n') + '\n';
    default:
      return undefined;
  }
}
