/**
 * The gate in front of the engine: parses a query with sparqljs and refuses what a public,
 * read-only endpoint that never makes outbound requests must not run.
 *
 * - malformed → 400 with the parser's message;
 * - an update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY) → 403, read-only;
 * - SERVICE anywhere (nested groups, OPTIONAL, UNION, MINUS, sub-queries, EXISTS) → 400.
 *
 * FROM / FROM NAMED pass: execute.ts turns them into a selection of local graphs and removes them
 * from the query text, so the engine never sees an IRI it could try to dereference.
 */
import sparqljs from 'sparqljs';
import type { ConstructQuery, Query } from 'sparqljs';
import { withoutPlaceholders, withPlaceholders } from './bare-blank-nodes.js';

export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

export type CheckResult =
  | { ok: true; form: QueryForm; ast: Query }
  | { ok: false; status: 400 | 403; message: string };

export const READ_ONLY_MESSAGE = 'this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY) are refused';
export const SERVICE_MESSAGE = 'SERVICE is not allowed: catalod never makes outbound requests';

/**
 * Parses and checks one query.
 * @example
 * checkQuery('SELECT * WHERE { ?s ?p ?o }');          // { ok: true, form: 'SELECT', ast }
 * checkQuery('DROP ALL');                              // { ok: false, status: 403, message: READ_ONLY_MESSAGE }
 * checkQuery('SELECT * { SERVICE <http://x/> {} }');   // { ok: false, status: 400, message: SERVICE_MESSAGE }
 */
export function checkQuery(text: string): CheckResult {
  let parsed;
  try {
    parsed = parse(text);
  } catch (error) {
    if (isUpdateSyntax(text)) return { ok: false, status: 403, message: READ_ONLY_MESSAGE };
    return { ok: false, status: 400, message: `malformed query: ${(error as Error).message}` };
  }
  if (parsed.type === 'update') return { ok: false, status: 403, message: READ_ONLY_MESSAGE };
  if (containsService(parsed)) return { ok: false, status: 400, message: SERVICE_MESSAGE };
  return { ok: true, form: parsed.queryType, ast: parsed };
}

/** sparqljs's parse, with its one known failure on valid text worked around (bare-blank-nodes.ts). */
function parse(text: string): ReturnType<sparqljs.SparqlParser['parse']> {
  try {
    return new sparqljs.Parser().parse(text);
  } catch (error) {
    const patched = error instanceof TypeError ? withPlaceholders(text) : text;
    if (patched === text) throw error;
    return withoutPlaceholders(new sparqljs.Parser().parse(patched) as ConstructQuery);
  }
}

/** True when any node of the parsed query (at any depth) is a SERVICE pattern. */
function containsService(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(containsService);
  if (node === null || typeof node !== 'object') return false;
  if ((node as { type?: unknown }).type === 'service') return true;
  return Object.values(node).some(containsService);
}

/**
 * A text that fails to parse but starts (after the prologue) with an update keyword is still an
 * update: say "read-only" rather than pointing at a syntax error the client need not fix.
 */
function isUpdateSyntax(text: string): boolean {
  const body = text
    .replace(/^\s*#.*$/gm, ' ')
    .replace(/^\s*((BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)\s*)*/i, '');
  return /^\s*(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b/i.test(body);
}
