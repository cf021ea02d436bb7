/**
 * Where a page links to and redirects to: IRIs minted under the base become paths on this
 * server, and nothing built from an IRI may send a browser to another host. A path that starts
 * with `//` or holds a backslash is read by browsers as "another host" (`//evil.example/x`,
 * `/\evil.example`), so such paths are never produced from an IRI.
 */

/** Characters a browser strips or rewrites before it resolves a URL: control characters and backslashes. */
const UNSAFE = /[\u0000-\u001f\u007f\\]/;

/**
 * True when `path` can only be read as a path on this origin.
 * @example
 * isLocalPath('/work/doi/10.1186/x'); // true
 * isLocalPath('//evil.example/x');    // false
 */
export function isLocalPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//') && !UNSAFE.test(path);
}

/**
 * The path of a local IRI (`{base}work/…` → `/work/…`), else the IRI itself. An IRI under the
 * base whose path would leave the origin is linked as the absolute IRI, which stays on it.
 * @example
 * hrefFor('http://localhost:3000/journal/bmcpsychiatry', 'http://localhost:3000/'); // '/journal/bmcpsychiatry'
 * hrefFor('http://localhost:3000//evil.example/x', 'http://localhost:3000/');     // 'http://localhost:3000//evil.example/x'
 */
export function hrefFor(iri: string, base: string): string {
  if (!iri.startsWith(base)) return iri;
  const path = new URL(base).pathname + iri.slice(base.length);
  return isLocalPath(path) ? path : iri;
}

/**
 * Where a person's page is: their IRI's path when it is minted here, else (an ORCID iD IRI)
 * the `person` page that takes any IRI, so every author links to a page of this site.
 * @example
 * personHref('https://orcid.org/0000-0002-1825-0097', 'http://localhost:3000/'); // '/person?iri=https%3A%2F%2Forcid.org%2F0000-0002-1825-0097'
 */
export function personHref(iri: string, base: string): string {
  return iri.startsWith(base) ? hrefFor(iri, base) : `${new URL(base).pathname}person?iri=${encodeURIComponent(iri)}`;
}

/**
 * The `Location` for a redirect to the resource `iri` names on this server, or undefined when
 * `iri` is not a resource here or its path could take a browser elsewhere. The Location is
 * built from the parsed IRI's path (percent-encoded, so the header is ASCII), never copied
 * from the text the client sent.
 * @example
 * localRedirect('http://localhost:3000/work/doi/10.1/x/person/whitesarah', 'http://localhost:3000/'); // '/work/doi/10.1/x/person/whitesarah'
 * localRedirect('http://localhost:3000//evil.example/x', 'http://localhost:3000/');         // undefined
 * localRedirect('http://localhost:3000/\\evil.example', 'http://localhost:3000/');           // undefined
 */
export function localRedirect(iri: string, base: string): string | undefined {
  if (!iri.startsWith(base) || UNSAFE.test(iri)) return undefined;
  let url: URL;
  try {
    url = new URL(iri);
  } catch {
    return undefined;
  }
  const home = new URL(base);
  if (url.origin !== home.origin || !url.pathname.startsWith(home.pathname) || url.username || url.password) return undefined;
  const location = url.pathname + url.search;
  return isLocalPath(location) ? location : undefined;
}
