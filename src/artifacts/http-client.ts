/**
 * HTTP for the https and gs stores: node's http(s) rather than fetch, so a
 * body streams with back-pressure and a test can trust its own certificate
 * authority. Each hop of a redirect passes the transport check and gets
 * the Authorization of its own host (never the previous host's); a request
 * that sends nothing for the timeout fails; failures that may pass
 * (network, timeout, 408, 429, 5xx) are retried with backoff.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../domain/errors.js';
import { ALLOW_INSECURE_LOOPBACK } from '../domain/token-transport.js';
import {
  DEFAULT_RETRIES,
  DEFAULT_TIMEOUT_MS,
  displayUri,
  timedOut,
  unreachable,
  type RequestGuard,
  type StoreOptions,
} from './artifact-store.js';
import { locationNotAllowed } from './artifact-locations.js';
import { isNonPublicAddress, nonPublicAddress, publicOnlyLookup } from './public-address.js';

/** Set to 1 to read artifacts over plain http from any host (a closed network's mirror); the digest still pins the content. */
export const ALLOW_INSECURE_HTTP = 'MODELREG_ALLOW_INSECURE_HTTP';
/** `URL.hostname` keeps the brackets of an IPv6 literal. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_REDIRECTS = 5;
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const MAX_RETRY_AFTER_MS = 10_000;

export interface HttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Unread for HEAD and for statuses the caller did not ask for (drain or destroy it). */
  readonly body: IncomingMessage;
  /** After redirects. */
  readonly url: URL;
}

export interface HttpRequest {
  readonly method: 'GET' | 'HEAD';
  readonly url: string;
  /** Ask for the bytes from here on (Range: bytes=<offset>-). */
  readonly offset?: number;
  /** Headers for the first hop's host only (e.g. a store's own Authorization). */
  readonly headers?: Readonly<Record<string, string>>;
  /** The first hop is the store's configured endpoint, not a URL an artifact names (the guard skips it). */
  readonly endpoint?: boolean;
}

/** Labels of letters, digits and inner hyphens: the names one variable per host can be told apart for. */
const DNS_NAME = /^[a-z0-9]+(?:-+[a-z0-9]+)*(?:\.[a-z0-9]+(?:-+[a-z0-9]+)*)*$/;
const IPV6_LITERAL = /^\[[0-9a-f:.]+\]$/;

/**
 * The env variable holding the Authorization header value for `url`'s host: MODELREG_HTTP_AUTH_MODELS_EXAMPLE_COM
 * for models.example.com, MODELREG_HTTP_AUTH_MODELS__EXAMPLE_COM for models-example.com (a `-` is `__`, so
 * look-alike hosts never share a variable), `_<PORT>` after a non-default port. A host name that is not letters, digits
 * and inner hyphens in dot-separated labels (or an IPv6 address) has none: it could share a name with another.
 */
export function authVariableFor(url: URL): string | undefined {
  if (!DNS_NAME.test(url.hostname) && !IPV6_LITERAL.test(url.hostname)) return undefined;
  return `MODELREG_HTTP_AUTH_${url.host
    .toUpperCase()
    .replace(/-/g, '__')
    .replace(/[^A-Z0-9_]/g, '_')}`;
}

/** Refuses plain http unless to this machine with MODELREG_ALLOW_INSECURE_LOOPBACK=1, or with MODELREG_ALLOW_INSECURE_HTTP=1. */
export function refusePlainHttp(url: URL, env: NodeJS.ProcessEnv): void {
  if (url.protocol === 'https:') return;
  if (url.protocol !== 'http:') throw unsupportedScheme(url.href);
  if (env[ALLOW_INSECURE_LOOPBACK] === '1' && LOOPBACK_HOSTS.has(url.hostname)) return;
  if (env[ALLOW_INSECURE_HTTP] === '1') return;
  throw new UserError(
    'INSECURE_TRANSPORT',
    `refusing to read an artifact over plain http from ${url.origin}: credentials and content would travel in the clear`,
    `Use https://. For a mirror in a closed network, ${ALLOW_INSECURE_HTTP}=1 allows plain http (the digest still pins the content); for a test server on this machine, ${ALLOW_INSECURE_LOOPBACK}=1 allows http to 127.0.0.1, localhost and [::1].`,
  );
}

export function unsupportedScheme(uri: string): UserError {
  return new UserError(
    'ARTIFACT_STORE_UNSUPPORTED',
    `modelreg cannot read ${displayUri(uri)}: no store for its scheme`,
    'Stores: file:// (and paths relative to the registry), https://, s3://, gs://, az:// and https://<account>.blob.core.windows.net/. Fetch it another way and check it with sha256sum.',
  );
}

export class HttpClient {
  private readonly timeoutMs: number;
  private readonly retries: number;

  constructor(private readonly options: StoreOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retries = options.retries ?? DEFAULT_RETRIES;
  }

  /** The answer after redirects and retries: any status but a redirect or one worth retrying. */
  async send(request: HttpRequest): Promise<HttpAnswer> {
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await this.follow(request);
        if (!RETRY_STATUSES.has(answer.status) || attempt >= this.retries) return answer;
        answer.body.resume();
        await sleep(this.backoff(attempt, answer.headers['retry-after']));
      } catch (error) {
        if (attempt >= this.retries || !retryable(error)) throw asStoreFailure(error, request.url, this.timeoutMs);
        await sleep(this.backoff(attempt, undefined));
      }
    }
  }

  private async follow(request: HttpRequest): Promise<HttpAnswer> {
    let url = new URL(request.url);
    const first = url.origin;
    for (let hop = 0; ; hop++) {
      refusePlainHttp(url, this.options.env);
      const guarded = this.options.guard !== undefined && (hop > 0 || request.endpoint !== true);
      if (guarded) vet(url, this.options.guard!, hop > 0);
      const headers: Record<string, string> = { 'user-agent': 'modelreg', 'accept-encoding': 'identity' };
      if (url.origin === first) Object.assign(headers, request.headers);
      const variable = authVariableFor(url);
      const authorization = variable === undefined ? undefined : this.options.env[variable];
      if (authorization) headers.authorization = authorization;
      if (request.offset) headers.range = `bytes=${request.offset}-`;
      const answer = await this.once(request.method, url, headers, guarded && !this.options.guard!.privateAddresses);
      const location = answer.headers.location;
      if (answer.status < 300 || answer.status >= 400 || answer.status === 304 || !location) return { ...answer, url };
      answer.body.resume();
      if (hop >= MAX_REDIRECTS) throw unreachable(request.url, `more than ${MAX_REDIRECTS} redirects`);
      url = new URL(location, url);
    }
  }

  private once(
    method: string,
    url: URL,
    headers: Record<string, string>,
    publicOnly: boolean,
  ): Promise<Omit<HttpAnswer, 'url'>> {
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(
        url,
        {
          method,
          headers,
          ...(this.options.ca ? { ca: this.options.ca } : {}),
          // A fresh connection each time: a pooled socket would skip the lookup that vets the address.
          ...(publicOnly ? { lookup: publicOnlyLookup, agent: false } : {}),
        },
        (res) => {
          // The socket's idle timeout keeps running while the body streams: a stalled body fails the same way.
          res.setTimeout(this.timeoutMs, () => res.destroy(timedOut(url.href, this.timeoutMs)));
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res });
        },
      );
      req.setTimeout(this.timeoutMs, () => req.destroy(timedOut(url.href, this.timeoutMs)));
      req.on('error', reject);
      req.end();
    });
  }

  private backoff(attempt: number, retryAfter: string | string[] | undefined): number {
    const seconds = typeof retryAfter === 'string' ? Number(retryAfter) : NaN;
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
    return 200 * 2 ** attempt;
  }
}

/** Refuses a URL the guard does not allow, and a literal non-public address (which node connects to without a lookup). */
function vet(url: URL, guard: RequestGuard, redirected: boolean): void {
  if (!guard.allows(url.href)) throw locationNotAllowed(url.href, redirected ? ' (where a redirect led)' : '');
  if (!guard.privateAddresses && isNonPublicAddress(url.hostname)) throw nonPublicAddress(url.host, url.hostname);
}

/** Network failures and timeouts may pass; a refusal (a UserError other than a timeout) will not. */
export function retryable(error: unknown): boolean {
  return !(error instanceof UserError) || error.code === 'ARTIFACT_TIMEOUT';
}

/** A failure as the user should see it: our own refusals as they are, anything else as the store being unreachable. */
export function asStoreFailure(error: unknown, uri: string, timeoutMs: number): UserError {
  if (error instanceof UserError) return error.code === 'ARTIFACT_TIMEOUT' ? timedOut(uri, timeoutMs) : error;
  const detail = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
  return unreachable(uri, certificateDetail(detail));
}

function certificateDetail(code: string): string {
  return /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(code)
    ? `${code}: the server's certificate is not trusted (a private certificate authority: NODE_EXTRA_CA_CERTS=<pem file>)`
    : code;
}
