/**
 * A work's record page: title, authors in order, journal, date, identifiers, licence, the
 * abstract by section, the catalogue records it came from, every format, how to cite it, and the
 * embed snippet. Its head carries the same snippet (schema.org JSON-LD, `citation_*` tags, a
 * description) and names the work's IRI as the canonical URL of the page.
 */
import type { Child, FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { abstractParts, embedSnippet, type PersonView, type WorkView } from '../view.js';
import { inlineScript } from '../security.js';
import { InlineScript, Layout, render } from './layout.js';
import { languageName, licenceLabel, sentenceCase } from './labels.js';
import { AlternateLinks, Dotted, FormatList, OrcidLink, When, type Alternate } from './parts.js';
import { hrefFor, personHref } from './paths.js';

export interface ResourcePageOptions {
  /** Base IRI; IRIs under it are linked by path, so links work wherever the server answers. */
  base: string;
  alternates: Alternate[];
  /** The work's formatted reference (APA), for the Cite box; a work page without one has no box. */
  reference?: string;
}

/** The citation formats the Cite box links to, by media type, in the order it lists them. */
const CITE_DOWNLOADS = ['application/x-bibtex', 'application/x-research-info-systems', 'application/vnd.citationstyles.csl+json'];

/** The Cite box: the formatted reference, then its BibTeX, RIS and CSL JSON to download (each a representation of the work). */
const CiteBox: FC<{ reference: string; alternates: Alternate[] }> = ({ reference, alternates }) => {
  const downloads = CITE_DOWNLOADS.map((t) => alternates.find((a) => a.mediaType === t)).filter((a): a is Alternate => !!a);
  return (
    <section aria-labelledby="cite">
      <h2 id="cite">Cite</h2>
      <p class="reference" id="cite-reference">
        {reference.trim()}
      </p>
      <p class="meta">APA style. For a reference manager:</p>
      <ul class="formats">
        {downloads.map((a) => (
          <li>
            <a href={a.href} type={a.mediaType} download>
              {a.label}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
};

/** One label and its value in the details list; nothing when there is no value. */
const Row: FC<{ term: string; children?: Child }> = ({ term, children }) =>
  children ? (
    <>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </>
  ) : null;

/** The abstract, its sections (BACKGROUND, METHODS…) each under its own heading when it has them. */
const Abstract: FC<{ text: string }> = ({ text }) => (
  <section class="abstract" aria-labelledby="abstract">
    <h2 id="abstract">Abstract</h2>
    {abstractParts(text).map((p) =>
      p.label ? (
        <section>
          <h3>{sentenceCase(p.label)}</h3>
          <p>{p.text}</p>
        </section>
      ) : (
        <p>{p.text}</p>
      ),
    )}
  </section>
);

/** The author list item: the name linked to the person's page, then the ORCID iD if known. */
const AuthorItem: FC<{ author: PersonView; base: string }> = ({ author, base }) => (
  <li>
    <a href={personHref(author.iri, base)}>{author.name ?? author.iri}</a>
    {author.orcid ? (
      <>
        {' '}
        <OrcidLink orcid={author.orcid} />
      </>
    ) : null}
  </li>
);

/** Where the data came from: each catalogue record, its collection, institution, format and version. */
const Provenance: FC<{ view: WorkView; base: string }> = ({ view, base }) => (
  <section aria-labelledby="records">
    <h2 id="records">Catalogue records</h2>
    <p>What this page was made from: {view.records.length === 1 ? 'one library catalogue record' : `${view.records.length} library catalogue records, merged`}.</p>
    <ul class="plain">
      {view.records.map((r) => {
        const facts = [r.collection && `collection ${r.collection}`, r.institution, r.format && `format ${r.format}`, r.version && `version ${r.version}`].filter(Boolean);
        return (
          <li>
            <a href={hrefFor(r.iri, base)}>{r.id ?? r.iri}</a>
            {facts.length ? (
              <>
                <br />
                <span class="meta">{facts.join(' · ')}</span>
              </>
            ) : null}
          </li>
        );
      })}
    </ul>
  </section>
);

/** The embed box: the head snippet as text to copy (a read-only textarea needs no script; the button is added by one). */
const EmbedBox: FC<{ snippet: string }> = ({ snippet }) => (
  <section aria-labelledby="embed">
    <h2 id="embed">Embed this</h2>
    <p>
      <label for="embed-snippet">
        Paste this into the <code>&lt;head&gt;</code> of a page about this article: schema.org JSON-LD for search engines and <code>citation_*</code> tags for Google Scholar and Zotero.
      </label>
    </p>
    {/* The snippet is shown as text: escaped like any other child, a browser displays the markup itself. */}
    <textarea id="embed-snippet" readonly rows={10} spellcheck={false}>
      {snippet}
    </textarea>
    <p>
      <button type="button" class="secondary" id="copy-embed" hidden>
        Copy to clipboard
      </button>{' '}
      <span id="copy-status" class="meta" role="status"></span>
    </p>
  </section>
);

/** Shows the copy button and makes it work; the textarea alone does without. */
const COPY_SCRIPT = inlineScript(`
(function () {
  var button = document.getElementById('copy-embed'), box = document.getElementById('embed-snippet'), status = document.getElementById('copy-status');
  if (!button || !box) return;
  button.hidden = false;
  button.addEventListener('click', function () {
    box.select();
    var done = function () { status.textContent = 'Copied.'; };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(box.value).then(done, function () { document.execCommand('copy'); done(); });
    else { document.execCommand('copy'); done(); }
  });
})();
`);

/** The details list: journal, date, publisher, language, identifiers, licence, copyright, keywords. */
const Details: FC<{ view: WorkView; base: string }> = ({ view: v, base }) => {
  const published = v.date ?? v.year;
  return (
    <section aria-labelledby="details">
      <h2 id="details">Details</h2>
      <dl>
        <Row term="Journal">{v.journal && <a href={hrefFor(v.journal.iri, base)}>{v.journal.name ?? v.journal.iri}</a>}</Row>
        <Row term="Published">{published && <When date={published} />}</Row>
        <Row term="Publisher">{v.publisher && <a href={hrefFor(v.publisher.iri, base)}>{v.publisher.name ?? v.publisher.iri}</a>}</Row>
        <Row term="Language">{v.language && languageName(v.language)}</Row>
        <Row term="Identifiers">
          {v.identifiers.length ? (
            <ul>
              {v.identifiers.map((i) => (
                <li>
                  {i.scheme.toUpperCase()} {i.resolver ? <a href={i.resolver}>{i.value}</a> : i.value}
                </li>
              ))}
            </ul>
          ) : null}
        </Row>
        <Row term="Licence">
          {v.license && (
            <a href={v.license} rel="license">
              {licenceLabel(v.license)}
            </a>
          )}
        </Row>
        <Row term="Copyright">{v.copyright}</Row>
        <Row term="Keywords">{v.keywords.length ? v.keywords.join(', ') : null}</Row>
      </dl>
    </section>
  );
};

/** The article itself: kicker, title, authors, details, abstract, provenance, formats, cite box, embed box. */
const WorkArticle: FC<{ view: WorkView; base: string; alternates: Alternate[]; snippet: string; reference?: string }> = ({ view: v, base, alternates, snippet, reference }) => {
  const journal = v.journal && <a href={hrefFor(v.journal.iri, base)}>{v.journal.name ?? v.journal.iri}</a>;
  const published = v.date ?? v.year;
  return (
    <article lang={v.language}>
      <p class="kicker">
        <Dotted items={[v.journal ? 'Journal article' : 'Article', journal, published && <When date={published} />]} />
      </p>
      <h1>{v.title ?? v.iri}</h1>
      {v.subtitle ? <p class="lead">{v.subtitle}</p> : null}
      <section class="authors" aria-labelledby="authors">
        <h2 id="authors">Authors</h2>
        <ol>
          {v.authors.map((a) => (
            <AuthorItem author={a} base={base} />
          ))}
        </ol>
      </section>
      <Details view={v} base={base} />
      {v.abstract ? <Abstract text={v.abstract} /> : null}
      <Provenance view={v} base={base} />
      <FormatList alternates={alternates} iri={v.iri} />
      {reference ? <CiteBox reference={reference} alternates={alternates} /> : null}
      <EmbedBox snippet={snippet} />
    </article>
  );
};

/**
 * A work's page.
 * @example
 * workPage(workView(quads, iri)!, { base, alternates: [{ href: '/work/doi/….ttl', mediaType: 'text/turtle', label: 'Turtle' }], reference: citationOf(quads, iri, 'citation') });
 */
export function workPage(v: WorkView, options: ResourcePageOptions): string {
  const { base, alternates, reference } = options;
  const snippet = embedSnippet(v);
  // The head carries the very snippet the page offers to copy, byte for byte: the converter's
  // `--to html` output (JSON-LD with `<` escaped as \u003c, attribute values escaped by the writer).
  // The canonical link stays out of the snippet: pasted into another site's page it would send
  // search engines here, away from that page.
  const head = (
    <>
      {raw(snippet)}
      <link rel="canonical" href={v.iri} />
      <AlternateLinks alternates={alternates} />
    </>
  );
  return render(
    <Layout title={v.title ?? v.iri} head={head} root={new URL(base).pathname} scripts={<InlineScript code={COPY_SCRIPT} />}>
      <WorkArticle view={v} base={base} alternates={alternates} snippet={snippet} reference={reference} />
    </Layout>,
  );
}
