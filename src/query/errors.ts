/**
 * What an error thrown while a query is evaluated says to the client. Errors the query itself
 * causes (an invalid regular expression, a relative IRI without a base, an expression the engine
 * cannot evaluate) are the client's to fix: 400 with the engine's message. Anything else is the
 * server's: 500, its message kept but with no path of this machine in it.
 */

/** Errors of Comunica's expression evaluator that a query causes (its ExpressionError family and siblings). */
const QUERY_ERRORS = new Set(['ExpressionError', 'InvalidArity', 'InvalidExpression', 'ExtensionFunctionError', 'NoAggregator']);
/** Messages of plain errors that a query causes. */
const QUERY_MESSAGES = /invalid relative IRI|Invalid regular expression|Unknown (aggregate|function|named operator)/i;
/** Absolute file paths and file URLs (with line and column), as stack-bearing messages carry them. */
const PATHS = /(^|[\s'"(])(?:file:\/\/)?\/(?:[^\s'"():/]+\/)+[^\s'"():]*(?::\d+){0,2}/g;

/**
 * The status and message for an evaluation error.
 * @example
 * classifyError(new SyntaxError('Invalid regular expression: /(/u: Unterminated group'));
 * // { status: 400, message: 'query error: Invalid regular expression: /(/u: Unterminated group' }
 */
export function classifyError(error: unknown): { status: 400 | 500; message: string } {
  const message = withoutPaths(error instanceof Error ? error.message : String(error));
  if (error instanceof Error && causedByQuery(error)) return { status: 400, message: `query error: ${message}` };
  return { status: 500, message: `query failed: ${message}` };
}

/** True for an error whose class (or an ancestor class) or message says the query caused it. */
function causedByQuery(error: Error): boolean {
  if (error instanceof SyntaxError || QUERY_MESSAGES.test(error.message)) return true;
  for (let proto = Object.getPrototypeOf(error); proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
    if (QUERY_ERRORS.has(proto.constructor?.name)) return true;
  }
  return false;
}

/**
 * A message with every absolute path replaced by `…`.
 * @example
 * withoutPaths('Cannot find module /srv/catalod/dist/x.js'); // 'Cannot find module …'
 */
export function withoutPaths(message: string): string {
  return message.replace(PATHS, '$1…');
}
