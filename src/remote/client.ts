/**
 * The SPARQL 1.1 Protocol client catalod uses to talk to the store it runs in front of (e.g.
 * Virtuoso): queries and updates POSTed as application/x-www-form-urlencoded with Node's global
 * fetch, and the store's answers sorted into what a caller does next: 2xx is handed back (the body
 * unread, for the caller to stream), a store that cannot be reached or answers 502/503/504 (or a
 * transient 500) is StoreUnavailableError (retry later), anything else it refused is
 * StoreRequestError (a bug or a bad query: retrying will not help). An aborted signal passes its
 * AbortError through unchanged.
 *
 * Errors as Virtuoso gives them: it answers a failed query or update with `500 SPARQL Request
 * Failed` and a text body `Virtuoso <SQLSTATE> Error <code>: …` (a syntax error, a permission
 * refused, …). Those are request errors, except the SQLSTATEs of a transient state (40001
 * deadlock, 08xxx connection), which are unavailability; a 500 without a SQLSTATE is taken as a
 * store fault (unavailable).
 *
 * Authentication: when a user and password are configured, a `401` is answered once with HTTP
 * Digest (RFC 7616/2617: MD5 or SHA-256, `-sess` variants, qop=auth) or Basic, whichever the
 * challenge asks. The digest nonce is kept per endpoint and reused with a counting `nc`, so later
 * requests go through at once; a new 401 (a stale nonce) redoes the challenge, and a second 401 to
 * fresh credentials is final (wrong password). Hand-written, because there is no well-kept digest
 * client for fetch (the npm ones are unmaintained or wrap other HTTP clients), and the part needed
 * is small. Credentials are sent only to the configured endpoint URLs: redirects are not followed
 * (a 3xx is a request error naming the Location, i.e. a misconfigured URL).
 */
import { createHash, randomBytes } from 'node:crypto';

/** Where the store is. */
export interface StoreEndpoints {
  /** SPARQL query endpoint URL. */
  query: string;
  /** SPARQL Update endpoint URL (default: query). */
  update?: string;
  user?: string;
  password?: string;
}

/** The store could not be reached, or answered 502/503/504 (or a transient 500): retry later. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  constructor(message: string, readonly status?: number, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The store refused the request (4xx, a 401 not cured by the credentials, a Virtuoso SQL error): a bug or a bad query. */
export class StoreRequestError extends Error {
  override name = 'StoreRequestError';
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/** A digest challenge being answered: what every request to its endpoint reuses. */
interface DigestState {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm: string;
  /** Whether qop=auth is used (else RFC 2069 style). */
  qop: boolean;
  /** The nonce count, incremented per request. */
  nc: number;
  /** The -sess variants' cnonce, fixed per nonce. */
  sessCnonce: string;
}

/** How a request to an endpoint authenticates, once challenged. */
type AuthState = { scheme: 'basic' } | ({ scheme: 'digest' } & DigestState);

/** SQLSTATEs of Virtuoso errors worth retrying: deadlock, connection. */
const TRANSIENT_SQLSTATE = /^(40001|08)/;

/** Most characters of a store's message kept in an error. */
const MESSAGE_CHARS = 500;

/**
 * A client for one store's query and update endpoints.
 * @example
 * const store = new StoreClient({ query: 'http://127.0.0.1:8890/sparql', update: 'http://127.0.0.1:8890/sparql-auth', user: 'dba', password: 'dba' });
 * await store.update('INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "o" } }');
 * const res = await store.query('SELECT * { GRAPH <urn:g> { ?s ?p ?o } }', 'application/sparql-results+json');
 * const json = await res.json();
 */
export class StoreClient {
  readonly endpoints: StoreEndpoints;
  /** Authentication per endpoint URL, once challenged. */
  private readonly auth = new Map<string, AuthState>();
  private productName?: Promise<string | undefined>;
  private challengeCount = 0;

  constructor(endpoints: StoreEndpoints) {
    for (const url of [endpoints.query, endpoints.update ?? endpoints.query]) {
      if (!/^https?:$/.test(new URL(url).protocol)) throw new TypeError(`not an HTTP(S) endpoint: ${url}`);
    }
    this.endpoints = { ...endpoints };
  }

  /** How many 401 challenges the store has sent so far (a reused nonce adds none). */
  get challenges(): number {
    return this.challengeCount;
  }

  /**
   * POSTs a query; resolves with the 2xx Response, its body unread.
   * @example
   * const res = await store.query('ASK {}', 'application/sparql-results+json', { params: { timeout: '5000' } });
   * (await res.json()).boolean; // true
   */
  query(text: string, accept: string, options: { signal?: AbortSignal; params?: Record<string, string> } = {}): Promise<Response> {
    const form = new URLSearchParams({ ...options.params, query: text });
    return this.post(this.endpoints.query, form, accept, options.signal);
  }

  /**
   * POSTs a SPARQL Update to the update endpoint, with the credentials.
   * @example
   * await store.update('DROP SILENT GRAPH <urn:g> ; INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "o" } }');
   */
  async update(text: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    const res = await this.post(this.endpoints.update ?? this.endpoints.query, new URLSearchParams({ update: text }), '*/*', options.signal);
    await res.arrayBuffer(); // read to the end, so the connection is reused
  }

  /**
   * The store's product, from the `Server` header of a tiny ASK (cached once known).
   * @example
   * await store.product(); // 'Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu'
   */
  product(): Promise<string | undefined> {
    this.productName ??= this.query('ASK {}', 'application/sparql-results+json').then(
      async (res) => {
        await res.body?.cancel();
        return res.headers.get('server')?.trim() || undefined;
      },
      (e: unknown) => {
        this.productName = undefined; // ask again next time
        throw e;
      },
    );
    return this.productName;
  }

  /** POSTs a form to an endpoint, answering auth challenges; resolves with a 2xx response. */
  private async post(url: string, form: URLSearchParams, accept: string, signal?: AbortSignal): Promise<Response> {
    const body = form.toString();
    const { user, password } = this.endpoints;
    let fresh = false; // whether the last request answered a challenge just received
    for (let attempt = 1; ; attempt++) {
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept };
      const auth = this.auth.get(url);
      if (auth && user !== undefined && password !== undefined) headers.authorization = authorization(auth, url, user, password);
      let res: Response;
      try {
        res = await fetch(url, { method: 'POST', headers, body, signal, redirect: 'manual' });
      } catch (e) {
        if (signal?.aborted) throw e; // the caller's abort, as is
        throw new StoreUnavailableError(`store unreachable at ${url}: ${reason(e)}`, undefined, { cause: e });
      }
      if (res.ok) return res;
      if (res.status === 401 && user !== undefined && password !== undefined) {
        this.challengeCount++;
        const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
        const stale = challenge?.scheme === 'digest' && challenge.stale;
        if (challenge && (!fresh || stale) && attempt < 3) {
          await res.body?.cancel();
          this.auth.set(url, challenge);
          fresh = true;
          continue;
        }
        this.auth.delete(url);
      }
      throw await failure(url, res);
    }
  }
}

/** The error for a non-2xx response. */
async function failure(url: string, res: Response): Promise<Error> {
  const text = (await head(res).catch(() => '')).trim().slice(0, MESSAGE_CHARS);
  const message = `store answered ${res.status} ${res.statusText} at ${url}${text ? `: ${text}` : ''}`;
  if (res.status >= 300 && res.status < 400) {
    return new StoreRequestError(`${message} (redirect to ${res.headers.get('location') ?? '?'} not followed: check the endpoint URL)`, res.status);
  }
  if (res.status === 500) {
    const sqlState = /Virtuoso (\w{5}) Error/.exec(text)?.[1];
    return sqlState && !TRANSIENT_SQLSTATE.test(sqlState) ? new StoreRequestError(message, 500) : new StoreUnavailableError(message, 500);
  }
  if (res.status >= 500) return new StoreUnavailableError(message, res.status);
  return new StoreRequestError(message, res.status);
}

/** The start of a response's body, the rest left unread (Virtuoso echoes the whole query, up to 10 MB, in its errors). */
async function head(res: Response, bytes = 4 * MESSAGE_CHARS): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < bytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  await reader.cancel();
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, bytes));
}

/** A fetch failure's reason: undici puts the system error (ECONNREFUSED, …) in `cause`. */
function reason(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e as Error).message ?? String(e);
}

/** The challenge of a WWW-Authenticate header (Digest preferred over Basic), or undefined for another scheme. */
function parseChallenge(header: string): (AuthState & { stale?: boolean }) | undefined {
  const digest = /(?:^|[\s,])Digest\s+/i.exec(header);
  if (digest) {
    const params = new Map<string, string>();
    const param = /\s*,?\s*([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/y;
    param.lastIndex = digest.index + digest[0].length;
    for (let m; (m = param.exec(header)); ) params.set(m[1]!.toLowerCase(), m[2]?.replace(/\\(.)/g, '$1') ?? m[3]!);
    const algorithm = (params.get('algorithm') ?? 'MD5').toUpperCase();
    const nonce = params.get('nonce');
    if (nonce === undefined || !/^(MD5|SHA-256)(-SESS)?$/.test(algorithm)) return undefined;
    const qop = params.get('qop');
    return {
      scheme: 'digest',
      realm: params.get('realm') ?? '',
      nonce,
      opaque: params.get('opaque'),
      algorithm,
      qop: qop !== undefined && qop.split(',').some((q) => q.trim().toLowerCase() === 'auth'),
      nc: 0,
      sessCnonce: randomBytes(16).toString('hex'),
      stale: params.get('stale')?.toLowerCase() === 'true',
    };
  }
  return /(?:^|[\s,])Basic\b/i.test(header) ? { scheme: 'basic' } : undefined;
}

/** The Authorization header for the next request under `auth` (counting the digest nonce's use). */
function authorization(auth: AuthState, url: string, user: string, password: string): string {
  if (auth.scheme === 'basic') return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const hash = (s: string) => createHash(auth.algorithm.startsWith('SHA-256') ? 'sha256' : 'md5').update(s).digest('hex');
  const { pathname, search } = new URL(url);
  const uri = pathname + search;
  const nc = (++auth.nc).toString(16).padStart(8, '0');
  const cnonce = auth.algorithm.endsWith('-SESS') ? auth.sessCnonce : randomBytes(16).toString('hex');
  let ha1 = hash(`${user}:${auth.realm}:${password}`);
  if (auth.algorithm.endsWith('-SESS')) ha1 = hash(`${ha1}:${auth.nonce}:${auth.sessCnonce}`);
  const ha2 = hash(`POST:${uri}`);
  const response = auth.qop ? hash(`${ha1}:${auth.nonce}:${nc}:${cnonce}:auth:${ha2}`) : hash(`${ha1}:${auth.nonce}:${ha2}`);
  const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;
  const parts = [
    `username=${quote(user)}`, `realm=${quote(auth.realm)}`, `nonce=${quote(auth.nonce)}`, `uri=${quote(uri)}`,
    `algorithm=${auth.algorithm === 'MD5' ? 'MD5' : auth.algorithm.replace('-SESS', '-sess')}`, `response=${quote(response)}`,
  ];
  if (auth.opaque !== undefined) parts.push(`opaque=${quote(auth.opaque)}`);
  if (auth.qop) parts.push('qop=auth', `nc=${nc}`, `cnonce=${quote(cnonce)}`);
  return `Digest ${parts.join(', ')}`;
}
