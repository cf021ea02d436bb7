/**
 * The query editor page at `/sparql` for browsers: YASGUI from this server's own assets, the
 * stored queries as example buttons, and a plain form that GETs `/sparql` for browsers without
 * JavaScript (the script hides it once YASGUI runs).
 */
import type { FC } from 'hono/jsx';
import { scriptJson } from '../../writers/html.js';
import type { StoredQuery } from '../queries.js';
import { exampleQuery, type Example, type YasguiAssets } from '../query-ui.js';
import { inlineScript } from '../security.js';
import { InlineScript, Layout, render } from './layout.js';

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
const CLIENT_SCRIPT = inlineScript(`
(function () {
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
  // YASQE draws its run and share buttons inside the editor box, floating over the query's first
  // lines (on a phone, over the text itself): each editor's buttons are moved to just under it,
  // tabs opened later included. YASQE keeps references to the buttons, not to where they sit.
  var liftButtons = function () {
    var stuck = mount.querySelectorAll('.CodeMirror > .yasqe_buttons');
    for (var i = 0; i < stuck.length; i++) {
      var editor = stuck[i].parentNode;
      editor.parentNode.insertBefore(stuck[i], editor.nextSibling);
    }
  };
  liftButtons();
  new MutationObserver(liftButtons).observe(mount, { childList: true, subtree: true });
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
`);

/**
 * Page-specific styles: YASGUI at full width, the example buttons wrapping on a phone, and
 * YASGUI's own layout kept apart: its run and share buttons sit in a row under the editor (the
 * script moves them out of the editor box, where YASGUI floats them over the query), the endpoint bar never wraps over the tabs, the
 * settings menu is no wider than the window, and result cells break long IRIs anywhere while the
 * column names stay whole (a table wider than the window scrolls in its own box), so nothing is
 * cut off, overlaps, or makes a 390 px phone scroll sideways.
 */
const QUERY_STYLE = `
.examples{margin:.75rem 0 1rem}
.examples ul{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;margin:.4rem 0 0}
.examples button{font-size:.9rem;padding:.3rem .7rem}
.catalod-error{border:1px solid #d1242f;border-left-width:4px;border-radius:.4rem;padding:.5rem .75rem;margin:.5rem 0;background:#fff5f5}
.catalod-error-status{margin:0 0 .25rem;font-weight:600;color:#a40e26}
.catalod-error pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;background:none;padding:0}
#yasgui{min-height:30rem}
.yasgui{max-width:100%}
.yasgui .controlbar{flex-wrap:nowrap;align-items:center;gap:.25rem;max-height:none}
.yasgui .controlbar .autocompleteWrapper{flex:1 1 auto;min-width:0;max-width:100%}
.yasgui .controlbar .autocompleteWrapper input{width:100%;min-width:0}
.yasgui .tabMenu{width:min(600px,calc(100vw - 2rem))}
.yasgui .tabMenu.open{left:min(600px,calc(100vw - 2rem))}
.yasqe .yasqe_buttons{position:static;display:flex;justify-content:flex-end;align-items:center;gap:.5rem;padding:.25rem 0}
.yasr .yasr_results{overflow-x:auto;max-width:100%}
.yasr .dataTable td,.yasr .dataTable td>div{overflow-wrap:anywhere}
.yasr .dataTable.ellipseTable{white-space:normal}
.yasr .dataTable thead tr th{white-space:nowrap;overflow:visible;text-overflow:clip}
.yasr .yasr_header{flex-wrap:wrap}
@media (max-width:40rem){.yasgui .tabsList .tab a{min-width:0;padding:0 1.5rem 0 .75rem}}
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

/** The query the first tab holds: a look at the works, newest first (on the date's lexical form: dates, months and years mixed), nothing to fill in. */
export const DEFAULT_QUERY = `PREFIX schema: <http://schema.org/>
SELECT ?work ?title ?date WHERE {
  ?work a schema:ScholarlyArticle ;
        schema:name ?title .
  OPTIONAL { ?work schema:datePublished ?date }
}
ORDER BY DESC(STR(?date)) ?work
LIMIT 25`;

/** The form that runs a query without JavaScript, hidden once YASGUI starts. */
const FallbackForm: FC<{ root: string }> = ({ root }) => (
  <div id="query-form">
    <form method="get" action={`${root}sparql`}>
      <p>
        <label for="query">Query</label>
        <br />
        <textarea id="query" name="query" rows={12} cols={80} spellcheck={false}>
          {DEFAULT_QUERY}
        </textarea>
      </p>
      <p>
        <button type="submit">Run query</button>
      </p>
      <p class="meta">
        Without JavaScript this form runs the query and shows the answer as SPARQL JSON. The <a href={`${root}queries`}>stored queries</a> have forms of their own.
      </p>
    </form>
  </div>
);

/** The stored queries as buttons that open them in a tab (shown by the script). */
const ExampleButtons: FC<{ examples: Example[] }> = ({ examples }) => (
  <div class="examples" id="examples" hidden>
    <strong>Stored queries as examples</strong> (parameters filled with example values; open one, edit, run):
    <ul>
      {examples.map((e, i) => (
        <li>
          <button type="button" class="secondary" data-example={i} title={e.description}>
            {e.name}
          </button>
        </li>
      ))}
    </ul>
  </div>
);

/**
 * The query editor page.
 * @example
 * c.html(queryUiPage({ root: '/', base, queries: loadStoredQueries(), assets: new YasguiAssets('/'), prefixes: allPrefixes() }));
 */
export function queryUiPage(options: QueryUiOptions): string {
  const { root, assets } = options;
  const examples = options.queries.map((q) => exampleQuery(q, options.base));
  const config: ClientConfig = { endpoint: `${root}sparql`, examples, prefixes: options.prefixes, defaultQuery: DEFAULT_QUERY };
  const head = (
    <>
      <link rel="stylesheet" href={assets.path('yasgui.min.css')} />
      {/* Our own constant: CSS must not be entity-escaped. */}
      <style dangerouslySetInnerHTML={{ __html: QUERY_STYLE }} />
    </>
  );
  const scripts = (
    <>
      <script src={assets.path('yasgui.min.js')}></script>
      <InlineScript code={CLIENT_SCRIPT} />
    </>
  );
  return render(
    <Layout title="SPARQL query editor" head={head} root={root} wide scripts={scripts}>
      <h1>SPARQL query editor</h1>
      <p>
        Ask the catalogue anything in <a href="https://www.w3.org/TR/sparql11-query/">SPARQL 1.1</a>. The endpoint is <code>{root}sparql</code>; the default graph is the merge of every record's graph,
        and each record's graph is named by its IRI. Results show as a table or as the raw response; an error shows the server's message.
      </p>
      <ExampleButtons examples={examples} />
      <FallbackForm root={root} />
      <div id="yasgui"></div>
      {/* JSON, not markup: entity escaping would corrupt it, and scriptJson writes `<` as \u003c so no `</script>` can end it early. */}
      <script type="application/json" id="catalod-query-config" dangerouslySetInnerHTML={{ __html: scriptJson(config) }} />
    </Layout>,
  );
}
