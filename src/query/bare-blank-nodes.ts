/**
 * sparqljs 3.7 fails (a TypeError, not a syntax error) on a valid CONSTRUCT template whose triple is
 * a blank-node property list standing alone: `CONSTRUCT { [ rdf:subject ?s ; rdf:object ?o ] . }`
 * (the W3C test dawg-construct-reification-1). Its grammar action expects a property list after the
 * brackets. The text is parsed again with a placeholder property after each such list, and the
 * placeholder triples are taken out of the parsed template: the same tree a correct parser gives.
 */
import type { ConstructQuery, Triple } from 'sparqljs';
import { opaqueEnd, prologueEnd, skipSpace, WORD } from './lexical.js';

/** The placeholder predicate and object (an IRI no query names: the URN namespace is catalod's). */
export const PLACEHOLDER = 'urn:catalod:placeholder';

/**
 * The text with a placeholder `<urn:catalod:placeholder> <urn:catalod:placeholder>` after each
 * blank-node property list that stands alone as a triple in a CONSTRUCT template; the same text
 * when there is none.
 * @example
 * withPlaceholders('CONSTRUCT { [ <p> ?o ] . } WHERE { ?s <p> ?o }');
 * // 'CONSTRUCT { [ <p> ?o ] <urn:catalod:placeholder> <urn:catalod:placeholder> . } WHERE { ?s <p> ?o }'
 */
export function withPlaceholders(text: string): string {
  const open = templateStart(text);
  if (open < 0) return text;
  const inserts: number[] = [];
  let depth = 0;
  let tripleStart = true;
  let listStartsTriple = false;
  for (let i = open + 1; i < text.length; i = opaqueEnd(text, i) + 1) {
    const c = text[i]!;
    if (c === '#' || /\s/.test(c)) continue;
    if (depth === 0) {
      if (c === '}') break;
      if (c === '[') listStartsTriple = tripleStart;
      tripleStart = c === '.';
    }
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    // The `]` closing a list that began a triple, followed by the triple's end: no property list follows.
    if (c === ']' && depth === 0 && listStartsTriple && /[.}]/.test(text[skipSpace(text, i + 1)] ?? '')) inserts.push(i + 1);
  }
  let out = text;
  for (const at of inserts.reverse()) out = `${out.slice(0, at)} <${PLACEHOLDER}> <${PLACEHOLDER}>${out.slice(at)}`;
  return out;
}

/**
 * The template without the placeholder triples.
 * @example
 * withoutPlaceholders(parsed); // parsed, its template filtered
 */
export function withoutPlaceholders<Q extends ConstructQuery>(query: Q): Q {
  const real = (t: Triple) => !('termType' in t.predicate && t.predicate.value === PLACEHOLDER);
  return { ...query, template: query.template?.filter(real) };
}

/** The index of the `{` opening a CONSTRUCT template, or -1 (another form, or CONSTRUCT WHERE). */
function templateStart(text: string): number {
  const at = prologueEnd(text);
  WORD.lastIndex = at;
  if (WORD.exec(text)?.[0].toUpperCase() !== 'CONSTRUCT') return -1;
  const brace = skipSpace(text, WORD.lastIndex);
  return text[brace] === '{' ? brace : -1;
}
