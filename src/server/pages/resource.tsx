/** Any resource that is not a work or a person: its statements as a property table, what points to it, its formats. */
import type * as RDF from '@rdfjs/types';
import type { FC } from 'hono/jsx';
import type { PageLinks } from '../../store/describe.js';
import { Index } from '../view.js';
import { Layout, render } from './layout.js';
import { AlternateLinks, FormatList, StatementTables } from './parts.js';
import { hrefFor } from './paths.js';
import type { ResourcePageOptions } from './work.js';

/** What a resource page needs beyond the rest: where the other pages of a hub's description are. */
export interface PagedResourceOptions extends ResourcePageOptions {
  /** Present when the description is one page of several (a hub linked from many records). */
  paging?: PageLinks;
}

/** Links to the first, previous and next pages of a description cut into pages. */
const PageNav: FC<{ paging: PageLinks; base: string }> = ({ paging, base }) => (
  <nav aria-label="pages of this description">
    <p class="meta">
      Page {paging.page} of the statements about this resource. <a href={hrefFor(paging.first, base)}>First page</a>
      {paging.previous ? (
        <>
          {' · '}
          <a href={hrefFor(paging.previous, base)} rel="prev">
            Previous page
          </a>
        </>
      ) : null}
      {paging.next ? (
        <>
          {' · '}
          <a href={hrefFor(paging.next, base)} rel="next">
            Next page
          </a>
        </>
      ) : null}
    </p>
  </nav>
);

/**
 * Any other resource's page.
 * @example
 * resourcePage(iri, catalog.describe(iri), { base, alternates });
 * resourcePage(hub, catalog.describe(hub, 2), { base, alternates, paging: pageLinks(quads, hub) }); // with links to the other pages
 */
export function resourcePage(iri: string, quads: RDF.Quad[], options: PagedResourceOptions): string {
  const { base, alternates, paging } = options;
  const index = new Index(quads);
  const title = index.label(iri) ?? iri;
  return render(
    <Layout title={title} head={<AlternateLinks alternates={alternates} />} root={new URL(base).pathname}>
      <h1>{title}</h1>
      <p>
        IRI: <code>{iri}</code>
      </p>
      <StatementTables iri={iri} quads={quads} index={index} base={base} />
      {paging ? <PageNav paging={paging} base={base} /> : null}
      <FormatList alternates={alternates} iri={iri} />
    </Layout>,
  );
}
