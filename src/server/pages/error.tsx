/** The page for an error status: its title and one sentence. */
import { Layout, render } from './layout.js';

/**
 * A short page for an error status.
 * @example
 * c.html(errorPage('Not found', 'No record mentions this IRI.', catalog.base), 404);
 */
export function errorPage(title: string, message: string, base: string): string {
  return render(
    <Layout title={title} root={new URL(base).pathname}>
      <h1>{title}</h1>
      <p>{message}</p>
    </Layout>,
  );
}
