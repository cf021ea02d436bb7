/**
 * What the query editor at `/sparql` stands on: YASGUI (`@zazuko/yasgui`), served from the
 * installed package under `/assets/yasgui/VERSION/` (never from a CDN), and the stored queries
 * made into runnable examples. The page itself is pages/query-editor.tsx.
 *
 * Nothing on the page reaches another host: YASGUI's autocompleters that ask LOV for terms are
 * left out (prefixes come from the list bundled with it), and the endpoint list offers only this one.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { EXAMPLE_BASE, PARAM_TYPES, exampleValue, localise, type StoredQuery } from './queries.js';

/** One example the editor offers: a stored query with its parameters filled in. */
export interface Example {
  name: string;
  description: string;
  query: string;
}

/**
 * A stored query as a runnable example: each parameter replaced by the term of the example value
 * its description gives (`# @param name string … (e.g. Gillard)` → `"Gillard"`), IRIs moved from
 * the default base to this server's (in the comments too). Comment lines are otherwise kept. A parameter without an
 * example stays a variable (the query then runs unbound).
 * @example
 * exampleQuery(loadStoredQueries().find((q) => q.name === 'works-by-author-name')!, 'http://localhost:3000/').query;
 * // '…{ ?person schema:familyName "Gillard" } UNION { ?person schema:name "Gillard" }…'
 */
export function exampleQuery(q: StoredQuery, base: string): Example {
  // The comments too: their `e.g.` IRIs are written for the default base.
  let body = localise(q.query, base);
  const filled: string[] = [];
  for (const p of q.params) {
    const value = exampleValue(p.description)?.replace(EXAMPLE_BASE, base);
    const term = value === undefined ? undefined : PARAM_TYPES[p.type]?.term(value);
    if (term === undefined) continue;
    filled.push(`${p.name} = ${term}`);
    const variable = new RegExp(`[?$]${p.name}(?![\\w\\u00B7\\u0300-\\u036F\\u203F-\\u2040])`, 'g');
    body = body
      .split('\n')
      .map((line) => (line.startsWith('#') ? line : line.replace(variable, term)))
      .join('\n');
  }
  if (filled.length) body = body.replace(/^((?:#.*\n)*)/, `$1# Example values: ${filled.join('; ')}\n`);
  return { name: q.name, description: localise(q.description, base), query: body };
}

/** A file of the YASGUI build, as served. */
interface Asset {
  type: string;
  body: Buffer;
  gzip?: Buffer;
}

/**
 * The files of the YASGUI build that pages use: only these are served. A Map, not an object
 * literal: the name comes from the URL, and `constructor` or `__proto__` are keys of every object.
 */
const FILES = new Map<string, string>([
  ['yasgui.min.js', 'text/javascript; charset=utf-8'],
  ['yasgui.min.css', 'text/css; charset=utf-8'],
  ['yasgui.min.js.map', 'application/json; charset=utf-8'],
]);

/**
 * YASGUI's build files from the installed package, read once and gzipped once on first use.
 * @example
 * const yasgui = new YasguiAssets();
 * yasgui.path('yasgui.min.js'); // '/assets/yasgui/4.6.2/yasgui.min.js' (under the server's root)
 */
export class YasguiAssets {
  readonly version: string;
  private readonly dir: string;
  private readonly cache = new Map<string, Asset>();

  constructor(private readonly root = '/') {
    const packageJson = createRequire(import.meta.url).resolve('@zazuko/yasgui/package.json');
    this.version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
    this.dir = join(dirname(packageJson), 'build');
  }

  /** The URL path of a build file; the version in it lets browsers keep the file for good. */
  path(file: string): string {
    return `${this.root}assets/yasgui/${this.version}/${file}`;
  }

  /** A build file, or undefined for a name that is not served. */
  get(file: string): Asset | undefined {
    const type = FILES.get(file);
    if (!type) return undefined;
    let asset = this.cache.get(file);
    if (!asset) {
      asset = { type, body: readFileSync(join(this.dir, file)) };
      this.cache.set(file, asset);
    }
    return asset;
  }

  /** The gzipped bytes (the script is 1 MB, a third of that gzipped). */
  gzipped(asset: Asset): Buffer {
    return (asset.gzip ??= gzipSync(asset.body, { level: 9 }));
  }
}
