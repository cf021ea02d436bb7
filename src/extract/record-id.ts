/**
 * Which record ids can name a record. catalod mints `record/<id>` and `work/record/<id>` by
 * percent-encoding what an IRI path may not hold and keeping `/` (ids and DOIs hold slashes), so
 * every ordinary id keeps the IRI it always had. An id that no encoding makes safe is refused
 * (that record is reported and skipped; the others go on):
 * - a `.` or `..` segment: resolving an IRI removes it (RFC 3986 §5.2.4), so `../work/doi/…`
 *   would name another article; `%2E%2E` is no way out, browsers (WHATWG URL) read it as `..`;
 * - a control character (NUL, ESC…): no catalogue id holds one; it would reach terminals and
 *   logs, and RDF/XML cannot write it;
 * - U+FFFD or a lone surrogate: the id was not valid UTF-8 when read, so the real id is lost,
 *   and two different broken ids would mint one IRI.
 */

const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /\p{Cs}/u;
const SHOWN = 80;

/**
 * True when a `/`-separated path has a `.` or `..` segment.
 * @example
 * hasDotSegment('../work/doi/10.1186/x'); // true
 * hasDotSegment('10.1186/s12888-022-03999-9'); // false
 */
export function hasDotSegment(path: string): boolean {
  return path.split('/').some((segment) => segment === '.' || segment === '..');
}

/**
 * Why `id` cannot name a record, or undefined when it can.
 * @example
 * recordIdProblem('pubmed-9158348'); // undefined
 * recordIdProblem('../work/doi/10.1/x'); // 'the record id "../work/doi/10.1/x" has a "." or ".." segment: …'
 */
export function recordIdProblem(id: string): string | undefined {
  const shown = showId(id);
  if (hasDotSegment(id))
    return `the record id ${shown} has a "." or ".." segment: its IRI would resolve to another resource; record refused (give it an id without such segments)`;
  const control = CONTROL.exec(id);
  if (control) return `the record id ${shown} holds a control character (${codePoint(control[0])}); record refused`;
  if (id.includes('\uFFFD'))
    return `the record id ${shown} holds U+FFFD, the mark of bytes that were not UTF-8: the real id is lost; record refused (re-read the input as UTF-8)`;
  const lone = LONE_SURROGATE.exec(id);
  if (lone) return `the record id ${shown} holds a lone surrogate (${codePoint(lone[0])}), which is no character; record refused`;
  return undefined;
}

/** The id quoted for a message: control characters and lone surrogates escaped, long ids cut. */
function showId(id: string): string {
  return JSON.stringify(id.length > SHOWN ? `${id.slice(0, SHOWN)}…` : id);
}

/** `U+0000` notation. */
function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
