/**
 * The only JSON-LD document loader catalod uses: contexts come from `vocab/`, and every other
 * URL is refused, so no JSON-LD processing ever reaches the network.
 */
import { vocabJson } from './vocab.js';

/** Context URLs served from the bundled copies. */
const BUNDLED: Record<string, string> = {
  'https://schema.org': 'ontologies/schemaorgcontext.jsonld',
  'http://schema.org': 'ontologies/schemaorgcontext.jsonld',
};

/** The URL as a bundled file name, if catalod ships it (`https://schema.org/` and `…/docs/jsonldcontext.jsonld` too). */
function bundledFile(url: string): string | undefined {
  const key = url.replace(/\/(docs\/jsonldcontext\.json(ld)?)?$/, '');
  return BUNDLED[key];
}

/** A jsonld.js `documentLoader` that answers from `vocab/` and refuses anything else. */
export async function offlineLoader(url: string): Promise<{ contextUrl: null; documentUrl: string; document: unknown }> {
  const file = bundledFile(url);
  if (!file) throw new Error(`refused to load ${url}: catalod resolves JSON-LD contexts offline only (bundled: https://schema.org)`);
  return { contextUrl: null, documentUrl: url, document: vocabJson(file) };
}
