/**
 * Fetching read API documents: https only, each request with a timeout,
 * retried when the failure may pass (network, timeout, 429, 5xx), redirects
 * followed by hand so each hop passes the same transport check, bodies
 * capped, and revalidated with If-None-Match against the on-disk cache.
 */
import { UserError } from '../domain/errors.js';
import { ALLOW_INSECURE_LOOPBACK, plainHttpAllowed } from '../domain/token-transport.js';
import { HttpEtagCache } from './http-etag-cache.js';

export interface ReadApiHttpOptions {
  /** Where documents and their ETags are kept; false: no cache. */
  readonly cacheDir: string | false;
  /** Per attempt, headers and body. Default 10 s. */
  readonly timeoutMs?: number;
  /** Further attempts after a failure that may pass. Default 2. */
  readonly retries?: number;
  readonly env?: NodeJS.ProcessEnv;
}

export type Fetched =
  | { readonly kind: 'found'; readonly text: string; /** Answered 304 from the cache. */ readonly notModified: boolean }
  | { readonly kind: 'not-found' };

/** Larger than any registry's model document; a body beyond it is refused rather than read into memory. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** A Retry-After longer than this is not waited for: the attempt fails and says so. */
const MAX_RETRY_AFTER_MS = 10_000;

/** Refuses what is not https, except plain http to this machine when MODELREG_ALLOW_INSECURE_LOOPBACK=1 (tests). */
export function refuseInsecureUrl(url: URL, env: NodeJS.ProcessEnv = process.env): void {
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && plainHttpAllowed(url, env)) return;
  if (url.protocol === 'http:') {
    throw new UserError(
      'INSECURE_TRANSPORT',
      `refusing to read the registry over plain http from ${url.origin}: anyone on the path could change what a deploy job deploys`,
      `Use the https:// URL the catalog is published at. Only for a test server on this machine: ${ALLOW_INSECURE_LOOPBACK}=1 allows http to 127.0.0.1, localhost and [::1].`,
    );
  }
  throw new UserError(
    'READ_API_URL',
    `cannot read the registry from a ${url.protocol} URL`,
    'Give the https:// URL the catalog is published at, e.g. https://acme.github.io/registry/.',
  );
}

export class ReadApiHttp {
  private readonly cache: HttpEtagCache | undefined;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly env: NodeJS.ProcessEnv;
  /** Requests sent and 304s received, for tests and for a caller that wants to log them. */
  readonly counts = { requests: 0, notModified: 0 };

  constructor(options: ReadApiHttpOptions) {
    this.cache = options.cacheDir === false ? undefined : new HttpEtagCache(options.cacheDir);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = options.retries ?? 2;
    this.env = options.env ?? process.env;
  }

  async get(url: URL): Promise<Fetched> {
    refuseInsecureUrl(url, this.env);
    const cached = await this.cache?.get(url.href);
    for (let attempt = 0; ; attempt++) {
      let failure: string;
      let waitMs = 250 * 3 ** attempt;
      try {
        const response = await this.follow(url, cached?.etag);
        if (response.status === 304 && cached) {
          this.counts.notModified++;
          return { kind: 'found', text: cached.text, notModified: true };
        }
        if (response.status === 200) {
          const text = await readCapped(response, url);
          const etag = response.headers.get('etag');
          if (etag) await this.cache?.put(url.href, { etag, text });
          return { kind: 'found', text, notModified: false };
        }
        await response.body?.cancel();
        if (response.status === 404 || response.status === 410) return { kind: 'not-found' };
        failure = `HTTP ${response.status} ${response.statusText}`.trim();
        if (!RETRY_STATUSES.has(response.status)) throw unreachable(url, failure, false);
        const retryAfter = Number(response.headers.get('retry-after'));
        if (Number.isFinite(retryAfter) && retryAfter > 0) waitMs = Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS);
      } catch (error) {
        if (error instanceof UserError) throw error;
        failure = describeFailure(error, this.timeoutMs);
      }
      if (attempt >= this.retries) throw unreachable(url, `${failure} (${attempt + 1} attempts)`, true);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  /** One attempt: the request and its redirects, each hop checked like the first. */
  private async follow(start: URL, etag: string | undefined): Promise<Response> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    let url = start;
    for (let hop = 0; ; hop++) {
      this.counts.requests++;
      const response = await fetch(url, {
        redirect: 'manual',
        signal,
        headers: { accept: 'application/json', ...(etag ? { 'if-none-match': etag } : {}) },
      });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || response.status === 304 || !location) return response;
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS) throw unreachable(start, `more than ${MAX_REDIRECTS} redirects`, false);
      url = new URL(location, url);
      refuseInsecureUrl(url, this.env);
    }
  }
}

async function readCapped(response: Response, url: URL): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader!.read()) {
    size += chunk.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader!.cancel();
      throw new UserError(
        'READ_API_INVALID',
        `${url.href} is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB: not a read API document`,
        'Check the URL: it should be where `modelreg catalog build` output is published.',
      );
    }
    chunks.push(chunk.value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new UserError(
      'READ_API_INVALID',
      `${url.href} is not UTF-8 text: not a read API document`,
      'Check the URL: it should be where `modelreg catalog build` output is published.',
    );
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error instanceof Error ? error.message : String(error)}${cause}`;
}

function unreachable(url: URL, failure: string, retried: boolean): UserError {
  return new UserError(
    'READ_API_UNREACHABLE',
    `could not read ${url.href}: ${failure}`,
    retried
      ? 'The server or the network failed; try again, or resolve from a clone of the registry (modelreg resolve without --from-url).'
      : 'Check the URL and that the catalog is published there; resolve from a clone of the registry meanwhile (modelreg resolve without --from-url).',
  );
}
