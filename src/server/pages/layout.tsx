/**
 * The HTML every page shares: a plain semantic shell (header with the site links, main, footer),
 * no script needed, readable on a phone. Pages are Hono JSX components, so every text and
 * attribute value is escaped by construction; `render` turns one into the page's string,
 * synchronously, so rendered pages can be cached as bytes. Styles are inline and fonts are the
 * system's: a page never asks another host for anything.
 */
import type { Child, FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { STYLE } from './style.js';
import { inlineScript } from '../security.js';

/** What the shell needs besides the page's content. */
export interface LayoutProps {
  title: string;
  /** Path prefix the server is mounted at (the base IRI's path), `/` by default. */
  root?: string;
  lang?: string;
  /** Use the whole width of the window (the query UI), not a column sized for reading. */
  wide?: boolean;
  /** Extra `<head>` content (meta tags, alternates, JSON-LD, page styles). */
  head?: Child;
  /** Scripts at the end of the body. Every page works without them. */
  scripts?: Child;
  children?: Child;
}

/**
 * A whole page: the shell around `children`.
 * @example
 * render(<Layout title="Not found"><p>No such record.</p></Layout>);
 */
export const Layout: FC<LayoutProps> = ({ title, root = '/', lang = 'en', wide, head, scripts, children }) => (
  <html lang={lang}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <link rel="icon" href="data:," />
      <title>{title} · catalod</title>
      {/* Our own constant: CSS must not be entity-escaped (`>` is a selector combinator). */}
      <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      {head}
    </head>
    <body class={wide ? 'wide' : undefined}>
      <a class="skip" href="#main">Skip to content</a>
      <SiteHeader root={root} />
      <main id="main">
        <div class="wrap">{children}</div>
      </main>
      <footer class="site">
        <div class="wrap">Linked data from library catalogue records, by catalod. Every page here is also data: see its formats.</div>
      </footer>
      {scripts}
    </body>
  </html>
);

/** The site's name and its links: the query editor, stored queries, VoID and the dump. */
const SiteHeader: FC<{ root: string }> = ({ root }) => (
  <header class="site">
    <div class="wrap">
      <nav aria-label="site">
        <a class="brand" href={root}>
          catalo<span>d</span>
        </a>
        <a href={`${root}sparql`}>SPARQL</a>
        <a href={`${root}queries`}>Stored queries</a>
        <a href={`${root}.well-known/void`}>VoID</a>
        <a href={`${root}dump.nq`}>Dump</a>
      </nav>
    </div>
  </header>
);

/**
 * A page element as the HTML document a response sends: the doctype, then the markup.
 * Synchronous by design (no async component anywhere in the pages): the resource cache keeps
 * rendered bodies, and a promise here would be a bug, so it throws.
 * @example
 * render(<Layout title="Home"><h1>catalod</h1></Layout>).startsWith('<!DOCTYPE html>\n<html lang="en">'); // true
 */
export function render(element: unknown): string {
  const html = (element as { toString(): string | Promise<string> }).toString();
  if (typeof html !== 'string') throw new Error('a page component rendered asynchronously');
  return `<!DOCTYPE html>\n${html}\n`;
}

/**
 * A script element whose code is ours (a constant of this program, never data, declared with
 * `inlineScript` so the Content-Security-Policy lets it run by its hash), kept as written:
 * script text must not be entity-escaped.
 * @example
 * <InlineScript code={COPY_SCRIPT} />
 */
// inlineScript() lets this code through the Content-Security-Policy (by its hash): security.ts.
export const InlineScript: FC<{ code: string }> = ({ code }) => <script dangerouslySetInnerHTML={{ __html: inlineScript(code) }} />;

/** A page whose parts are HTML strings already: for the pages not yet written as components. */
export interface HtmlPageOptions {
  title: string;
  /** Main content, already HTML. */
  body: string;
  /** Extra `<head>` content, already HTML. */
  head?: string;
  root?: string;
  lang?: string;
  wide?: boolean;
  /** Scripts at the end of the body, already HTML. */
  scripts?: string;
}

/**
 * The shell around parts that are HTML already. The caller has escaped them (their module's
 * own helpers), which is why they are passed through as they are: prefer a component.
 * @example
 * htmlPage({ title: 'Stored queries', body: '<h1>Stored queries</h1>', root: '/' });
 */
export function htmlPage(options: HtmlPageOptions): string {
  const { body, head, scripts, ...shell } = options;
  return render(
    <Layout {...shell} head={head && raw(head)} scripts={scripts && raw(scripts)}>
      {raw(body)}
    </Layout>,
  );
}
