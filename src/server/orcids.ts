/**
 * The ORCID table over HTTP: `POST /orcids` adds rows, `DELETE /orcids` removes them, only with
 * `Authorization: Bearer TOKEN` (as `POST /records`). The body is the CSV `convert --orcid`
 * reads (`work,author,orcid`), or JSON rows `[{"work", "author", "orcid"}]`; a DELETE row needs
 * no iD. The rows are committed before the answer; only the works they name are re-derived.
 *
 * Status: 200 every row taken, 207 some, 422 none, 400 a body with no row or not readable; the
 * JSON answer gives each row's outcome (line, work, author, orcid, ok, records re-derived,
 * warnings such as a work not in the catalogue, error such as a wrong check character).
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Catalog, OrcidOutcome } from '../catalog.js';
import { checkOrcidRow, orcidCsvRows, type OrcidEntry, type OrcidRow } from '../orcid.js';
import { requireToken } from './records.js';

/** Largest ORCID table body by default (a table of a few hundred thousand rows). */
const DEFAULT_ORCID_BODY_LIMIT = 10 * 1024 * 1024;

export interface OrcidRoutesOptions {
  catalog: Catalog;
  token?: string;
  /** Largest request body, in bytes (default 10 MiB). */
  bodyLimit?: number;
}

/** A body that holds no readable row (answered 400). */
class BadBody extends Error {}

/** The rows of the body: JSON when it says so (or starts with `[`), the CSV otherwise. */
async function bodyRows(c: Context): Promise<OrcidRow[]> {
  const text = await c.req.text();
  const json = (c.req.header('content-type') ?? '').toLowerCase().includes('json') || /^\s*\[/.test(text);
  let rows: OrcidRow[];
  try {
    rows = json ? jsonRows(JSON.parse(text)) : orcidCsvRows(text);
  } catch (error) {
    throw new BadBody(`the body is not ${json ? 'JSON rows [{work, author, orcid}]' : 'a CSV with the header work,author,orcid'}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (rows.length === 0) throw new BadBody('no row in the body: send the CSV work,author,orcid or JSON [{work, author, orcid}]');
  return rows;
}

/** JSON rows, numbered from 1. */
function jsonRows(value: unknown): OrcidRow[] {
  if (!Array.isArray(value)) throw new Error('expected an array of rows');
  return value.map((row, i) => ({ ...(row && typeof row === 'object' ? row : {}), line: i + 1 }));
}

/** Checks each row: the good ones go to `change`, the refused ones are answered with why. */
async function apply(c: Context, change: (entries: OrcidEntry[]) => Promise<OrcidOutcome[]>, needOrcid: boolean): Promise<Response> {
  let rows: OrcidRow[];
  try {
    rows = await bodyRows(c);
  } catch (error) {
    if (error instanceof BadBody) return c.json({ error: error.message }, 400);
    throw error;
  }
  const checked = rows.map((row) => checkOrcidRow(row, 'request', needOrcid));
  const taken = await change(checked.filter((r): r is OrcidEntry => typeof r !== 'string'));
  let next = 0;
  const answers = checked.map((r, i): OrcidOutcome => (typeof r === 'string' ? refused(rows[i]!, r) : taken[next++]!));
  const ok = answers.filter((a) => a.ok).length;
  const status = ok === answers.length ? 200 : ok === 0 ? 422 : 207;
  return c.json({ ok, failed: answers.length - ok, rows: answers }, status);
}

/** The answer for a row refused before it reached the table. */
function refused(row: OrcidRow, error: string): OrcidOutcome {
  return { line: row.line, work: String(row.work ?? ''), author: String(row.author ?? ''), orcid: row.orcid === undefined ? undefined : String(row.orcid), ok: false, records: [], warnings: [], error };
}

/**
 * Adds `POST /orcids` and `DELETE /orcids` to `app`.
 * @example
 * orcidRoutes(app, { catalog, token: 'secret' });
 * // curl -H 'Authorization: Bearer secret' -H 'Content-Type: text/csv' --data-binary @orcids.csv http://localhost:3000/orcids
 */
export function orcidRoutes(app: Hono, options: OrcidRoutesOptions): void {
  const { catalog } = options;
  const auth = requireToken(options.token);
  const limit = options.bodyLimit ?? DEFAULT_ORCID_BODY_LIMIT;
  const tooLarge = bodyLimit({ maxSize: limit, onError: (c) => c.json({ error: `request body too large: at most ${limit} bytes` }, 413) });
  const writable: MiddlewareHandler = async (c, next) => {
    if (catalog.readOnly) return c.json({ error: `writes are off: the data folder is read-only (${catalog.readOnly})` }, 503);
    await next();
  };
  app.post('/orcids', auth, writable, tooLarge, (c) => apply(c, (entries) => catalog.putOrcids(entries), true));
  app.delete('/orcids', auth, writable, tooLarge, (c) => apply(c, (entries) => catalog.deleteOrcids(entries), false));
}
