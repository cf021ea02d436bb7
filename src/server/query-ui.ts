/**
 * The query editor at `/sparql` for browsers: YASGUI (`@zazuko/yasgui`), served from the installed
 * package under `/assets/yasgui/VERSION/` (never from a CDN), pointed at this endpoint, with the
 * stored queries as ready examples. Without JavaScript the page is a plain form that GETs
 * `/sparql`, as before.
 *
 * Nothing on the page reaches another host: YASGUI's autocompleters that ask LOV for terms are
 * left out (prefixes come from the list bundled with it), and the endpoint list offers only this one.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { attr, escapeHtml, page } from './html.js';
import { PARAM_TYPES, type StoredQuery } from './queries.js';
import { scriptJson } from '../writers/html.js';

/** One example the editor offers: a stored query with its parameters filled in. */
export interface Example {
  name: string;
  description: string;
  query: string;
}

/** The example value a parameter's description gives: the first `e.g. …` item. */
function exampleValue(description: string): string | undefined {
  return /\be\.g\.\s*([^,)]+?)\s*(?:[,)]|$)/.exec(description)?.[1];
}

/**
 * A stored query as a runnable example: each parameter replaced by the term of the example value
 * its description gives (`# @param name string … (e.g. Gillard)` → `"Gillard"`), IRIs moved from
 * the default base to this server's. Comment lines stay as they are. A parameter without an
 * example stays a variable (the query then runs unbound).
 * @example
 * exampleQuery(loadStoredQueries().find((q) => q.name === 'works-by-author-name')!, 'http://localhost:3000/').query;
 * // '…{ ?person schema:familyName "Gillard" } UNION { ?person schema:name "Gillard" }…'
 */
export function exampleQuery(q: StoredQuery, base: string): Example {
  let body = q.query;
  const filled: string[] = [];
  for (const p of q.params) {
    const value = exampleValue(p.description)?.replace(/^http:\/\/localhost:3000\//, base);
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
  return { name: q.name, description: q.description, query: body };
}

/** A file of the YASGUI build, as served. */
interface Asset {
  type: string;
  body: Buffer;
  gzip?: Buffer;
}

/** The files of the YASGUI build that pages use: only these are served. */
const FILES: Record<string, string> = {
  'yasgui.min.js': 'text/javascript; charset=utf-8',
  'yasgui.min.css': 'text/css; charset=utf-8',
  'yasgui.min.js.map': 'application/json; charset=utf-8',
};

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
    const type = FILES[file];
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

/** What the page's script needs: where the endpoint is, the examples, the prefixes for showing IRIs. */
interface ClientConfig {
  endpoint: string;
  examples: Example[];
  prefixes: Record<string, string>;
  defaultQuery: string;
}

/**
 * Starts YASGUI. Kept as plain ES5 in a string: it is the page's only script of its own, and it
 * runs in the browser, not in Node.
 */
const CLIENT_SCRIPT = `(function () {
  var Yasgui = window.Yasgui && (window.Yasgui.default || window.Yasgui);
  var config = JSON.parse(document.getElementById('catalod-query-config').textContent);
  var mount = document.getElementById('yasgui');
  if (!Yasgui || !mount) return;
  var endpoint = new URL(config.endpoint, window.location.href).href;
  // Only the autocompleters that need no other host: LOV's class and property look-ups are left out.
  Yasgui.Yasqe.defaults.autocompleters = ['prefixes', 'variables'];
  Yasgui.Yasqe.defaults.prefixCcApi = null;
  // YASQE turns an HTTP error into an Error holding only the body, so the status is noted here
  // as the answer passes, and the error shown is the server's own message under that status.
  var answered = {};
  var nativeFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    return nativeFetch(input, init).then(function (res) {
      if (String(res.url).indexOf(endpoint) === 0) answered = { status: res.status, statusText: res.statusText };
      return res;
    });
  };
  Yasgui.Yasr.defaults.errorRenderers = [function (error) {
    var box = document.createElement('div');
    box.className = 'catalod-error';
    var status = document.createElement('p');
    status.className = 'catalod-error-status';
    status.textContent = answered.status ? 'The endpoint answered ' + answered.status + (answered.statusText ? ' ' + answered.statusText : '') + ':' : 'The query failed:';
    var message = document.createElement('pre');
    message.className = 'errorMessage';
    message.textContent = (error && (error.text || error.message)) || String(error);
    box.appendChild(status);
    box.appendChild(message);
    return Promise.resolve(box);
  }];
  var yasgui = new Yasgui(mount, {
    requestConfig: { endpoint: endpoint, method: 'POST' },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { keys: [], getData: function () { return [{ endpoint: endpoint }]; } },
    persistenceId: 'catalod-query:' + endpoint,
    autofocus: false,
    yasqe: { value: config.defaultQuery, prefixCcApi: null, autocompleters: ['prefixes', 'variables'], editorHeight: '320px' },
    yasr: { prefixes: config.prefixes, defaultPlugin: 'table', pluginOrder: ['table', 'response'] }
  });
  window.catalodYasgui = yasgui;
  var fallback = document.getElementById('query-form');
  if (fallback) fallback.hidden = true;
  var picker = document.getElementById('examples');
  picker.hidden = false;
  picker.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-example]');
    if (!button) return;
    var example = config.examples[Number(button.getAttribute('data-example'))];
    var tabs = yasgui._tabs || {};
    var tab;
    for (var id in tabs) if (tabs[id] && tabs[id].getName && tabs[id].getName() === example.name) tab = tabs[id];
    if (tab) { yasgui.selectTabId(tab.getId()); tab.setQuery(example.query); }
    else tab = yasgui.addTab(true, { name: example.name, yasqe: { value: example.query }, requestConfig: { endpoint: endpoint } });
    tab.show();
    document.getElementById('yasgui').scrollIntoView({ block: 'start', behavior: 'smooth' });
  });
})();
`;

/** Page-specific styles: YASGUI at full width, the example buttons wrapping on a phone. */
const QUERY_STYLE = `<style>
.examples{margin:.75rem 0 1rem}
.examples ul{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;margin:.4rem 0 0}
.examples button{font-size:.9rem;padding:.3rem .7rem}
.catalod-error{border:1px solid #d1242f;border-left-width:4px;border-radius:.4rem;padding:.5rem .75rem;margin:.5rem 0;background:#fff5f5}
.catalod-error-status{margin:0 0 .25rem;font-weight:600;color:#a40e26}
.catalod-error pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;background:none;padding:0}
#yasgui{min-height:30rem}
.yasgui .autocompleteWrapper{max-width:100%}
.yasgui .controlbar{flex-wrap:wrap}
@media (max-width:40rem){.yasgui .tabsList .tab a{padding:0 .5rem}}
</style>
`;

export interface QueryUiOptions {
  /** The server's root path (`/`). */
  root: string;
  /** Base IRI, for the examples' IRIs. */
  base: string;
  queries: StoredQuery[];
  assets: YasguiAssets;
  prefixes: Record<string, string>;
}

/** The query the first tab holds: a look at the works, nothing to fill in. */
export const DEFAULT_QUERY = `PREFIX schema: <http://schema.org/>
SELECT ?work ?title ?date WHERE {
  ?work a schema:ScholarlyArticle ;
        schema:name ?title .
  OPTIONAL { ?work schema:datePublished ?date }
}
ORDER BY DESC(?date)
LIMIT 25`;

/**
 * The query editor page.
 * @example
 * c.html(queryUiPage({ root: '/', base, queries: loadStoredQueries(), assets: new YasguiAssets('/'), prefixes: allPrefixes() }));
 */
export function queryUiPage(options: QueryUiOptions): string {
  const { root, assets } = options;
  const examples = options.queries.map((q) => exampleQuery(q, options.base));
  const config: ClientConfig = { endpoint: `${root}sparql`, examples, prefixes: options.prefixes, defaultQuery: DEFAULT_QUERY };
  const buttons = examples.map((e, i) => `<li><button type="button" class="secondary" data-example="${i}" title="${attr(e.description)}">${escapeHtml(e.name)}</button></li>`);
  const body = `<h1>SPARQL query editor</h1>
<p>Ask the catalogue anything in <a href="https://www.w3.org/TR/sparql11-query/">SPARQL 1.1</a>. The endpoint is <code>${escapeHtml(root)}sparql</code>; the default graph is the merge of every record's graph, and each record's graph is named by its IRI. Results show as a table or as the raw response; an error shows the server's message.</p>
<div class="examples" id="examples" hidden><strong>Stored queries as examples</strong> (parameters filled with example values; open one, edit, run):
<ul>${buttons.join('')}</ul></div>
<div id="query-form"><form method="get" action="${attr(root)}sparql">
<p><label for="query">Query</label><br>
<textarea id="query" name="query" rows="12" cols="80" spellcheck="false">${escapeHtml(DEFAULT_QUERY)}</textarea></p>
<p><button type="submit">Run query</button></p>
<p class="meta">Without JavaScript this form runs the query and shows the answer as SPARQL JSON. The <a href="${attr(root)}queries">stored queries</a> have forms of their own.</p>
</form></div>
<div id="yasgui"></div>
<script type="application/json" id="catalod-query-config">${scriptJson(config)}</script>`;
  const head = `<link rel="stylesheet" href="${attr(assets.path('yasgui.min.css'))}">\n${QUERY_STYLE}`;
  const scripts = `<script src="${attr(assets.path('yasgui.min.js'))}"></script>\n<script>\n${CLIENT_SCRIPT}</script>\n`;
  return page({ title: 'SPARQL query editor', head, body, root, wide: true, scripts });
}
