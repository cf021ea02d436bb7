/** The page `GET /sparql` answers a browser when the query editor does not: a query form that works without JavaScript. */
import { Layout, render } from './layout.js';

const EXAMPLE = `PREFIX schema: <http://schema.org/>
SELECT ?work ?title WHERE {
  ?work a schema:ScholarlyArticle ; schema:name ?title .
}
LIMIT 10`;

/**
 * A query form that GETs `/sparql`.
 * @example
 * c.html(endpointFormPage(catalog.base));
 */
export function endpointFormPage(base: string): string {
  const root = new URL(base).pathname;
  return render(
    <Layout title="SPARQL endpoint" root={root}>
      <h1>SPARQL endpoint</h1>
      <p>
        Query the catalogue with <a href="https://www.w3.org/TR/sparql11-query/">SPARQL 1.1</a>. The default graph is the merge of every record's graph; each record's graph is named by its IRI.
      </p>
      <form method="get" action={`${root}sparql`}>
        <p>
          <label for="query">Query</label>
          <br />
          <textarea id="query" name="query" rows={12} cols={80} spellcheck={false}>
            {EXAMPLE}
          </textarea>
        </p>
        <p>
          <button type="submit">Run query</button>
        </p>
      </form>
      <p>
        Results come as SPARQL JSON unless your client asks (with <code>Accept</code>) for SPARQL XML, CSV or TSV; CONSTRUCT and DESCRIBE as Turtle, N-Triples, N-Quads, JSON-LD or RDF/XML. See also
        the <a href={`${root}queries`}>stored queries</a>.
      </p>
    </Layout>,
  );
}
