/**
 * Writes: `POST /records` (any input the converter reads, several records at once) and
 * `DELETE /records/{id}`, only with `Authorization: Bearer TOKEN`.
 *
 * Status codes:
 * - no token configured → 403 (writes are off);
 * - no `Authorization`, or one that is not `Bearer <token>` → 401 with `WWW-Authenticate`;
 * - a wrong token → 403;
 * - a body over the limit → 413; a malformed multipart form → 400;
 * - a read-only data folder → 503; a full disk → 507 (answered by the app's error handler);
 * - POST: 200 when every record was stored, 207 when some were and some were not, 422 when none
 *   was; 400 when the body holds no record at all. The JSON answer lists each record's outcome
 *   (index, line, id, ok, work and record IRIs, warnings, error). One bad record never rejects
 *   the good ones.
 * - DELETE: 204 when the record was deleted, 404 when there was none.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Catalog } from '../catalog.js';
import { InputError } from '../readers/index.js';
import { UserError } from '../store/errors.js';

/** Largest body a write takes: 10,000 records of page text are about 80 MB (writes need the token). */
export const DEFAULT_BODY_LIMIT = 128 * 1024 * 1024;

const digest = (s: string) => createHash('sha256').update(s).digest();

/** What RFC 6750 lets a Bearer credential be (`b64token`): a token outside it could never be sent. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Refuses a write token that cannot travel in an `Authorization: Bearer` header (it would make
 * every write a 401); an empty or absent token means writes are off.
 * @example
 * checkToken('p@ss word!'); // throws UserError: the token cannot be sent in a Bearer header …
 */
export function checkToken(token: string | undefined): void {
  if (token && !BEARER_TOKEN.test(token))
    throw new UserError('the write token cannot be sent in a Bearer header: use only letters, digits and - . _ ~ + / (then = padding), e.g. the output of `openssl rand -base64 32`');
}

/**
 * Bearer-token guard: 403 when writes are off (no token configured), 401 without a well-formed
 * `Bearer` credential, 403 for a wrong token (compared in constant time).
 * @example
 * app.post('/records', requireToken(process.env.CATALOD_TOKEN), handler);
 */
export function requireToken(token: string | undefined): MiddlewareHandler {
  checkToken(token);
  const expected = token ? digest(token) : undefined;
  return async (c, next) => {
    if (!expected) return c.json({ error: 'writes are off: this server was started without a token (--token or CATALOD_TOKEN)' }, 403);
    const header = c.req.header('authorization');
    if (!header) {
      c.header('WWW-Authenticate', 'Bearer realm="catalod"');
      return c.json({ error: 'authorization required: send Authorization: Bearer <token>' }, 401);
    }
    const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
    if (!match) {
      c.header('WWW-Authenticate', 'Bearer realm="catalod", error="invalid_request"');
      return c.json({ error: 'malformed Authorization header: expected Bearer <token>' }, 401);
    }
    if (!timingSafeEqual(digest(match[1]!), expected)) return c.json({ error: 'wrong token' }, 403);
    await next();
  };
}

export interface RecordsOptions {
  catalog: Catalog;
  token?: string;
  /** Largest request body, in bytes (default 128 MiB). */
  bodyLimit?: number;
}

/** A request body that cannot be read as what its `Content-Type` says (answered 400). */
class MalformedBody extends Error {}

/** The multipart form, or MalformedBody when it is not one (a missing boundary, a cut part). */
async function parseForm(c: Context): Promise<Awaited<ReturnType<Context['req']['parseBody']>>> {
  try {
    return await c.req.parseBody();
  } catch (error) {
    throw new MalformedBody(`malformed multipart/form-data body: ${(error as Error).message.split('\n')[0]}`);
  }
}

/**
 * The body: the raw bytes as they arrive (decoded where they are read, on an ingest thread), or the first file
 * (or `records` field) of a multipart form.
 */
async function bodyText(c: Context): Promise<{ text: string | AsyncIterable<Uint8Array>; file: string }> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    const form = await parseForm(c);
    for (const value of Object.values(form)) {
      if (value instanceof File) return { text: await value.text(), file: value.name || 'upload' };
    }
    const field = form.records;
    return { text: typeof field === 'string' ? field : '', file: 'form' };
  }
  // Streamed as it arrives (through the body limit's count): never gathered, copied or decoded here.
  return { text: c.req.raw.body ?? '', file: c.req.query('file') || 'request' };
}

/**
 * Adds `POST /records` and `DELETE /records/:id` to `app`.
 * @example
 * recordRoutes(app, { catalog, token: 'secret', bodyLimit: 1 << 20 });
 */
export function recordRoutes(app: Hono, options: RecordsOptions): void {
  const { catalog } = options;
  const auth = requireToken(options.token);
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const tooLarge = bodyLimit({
    maxSize: limit,
    onError: (c) => c.json({ error: `request body too large: at most ${limit} bytes` }, 413),
  });

  // A read-only catalogue says so before a body is read; a full disk is answered by the app (507).
  const writable: MiddlewareHandler = async (c, next) => {
    if (catalog.readOnly) return c.json({ error: `writes are off: the data folder is read-only (${catalog.readOnly})` }, 503);
    await next();
  };

  app.post('/records', auth, writable, tooLarge, async (c) => {
    let outcomes;
    try {
      const { text, file } = await bodyText(c);
      outcomes = await catalog.ingest(text, file);
    } catch (error) {
      if (error instanceof InputError || error instanceof MalformedBody) return c.json({ error: error.message }, 400);
      throw error;
    }
    const stored = outcomes.filter((o) => o.ok).length;
    const failed = outcomes.length - stored;
    const status = failed === 0 ? 200 : stored === 0 ? 422 : 207;
    return c.json({ stored, failed, records: outcomes }, status);
  });

  app.delete('/records/:id{.+}', auth, writable, async (c) => {
    const id = c.req.param('id');
    if (await catalog.delete(id)) return c.body(null, 204);
    return c.json({ error: `no record ${id}` }, 404);
  });
}
