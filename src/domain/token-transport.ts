/**
 * Where a GitHub token may travel. A token sent over plain http can be read
 * by anyone on the path, so every place that attaches one (the git push, the
 * REST API client) asks here first, before anything is sent or changed.
 */
import { UserError } from './errors.js';

/** Set to 1 to let tests talk to servers on this machine over plain http. */
export const ALLOW_INSECURE_LOOPBACK = 'MODELREG_ALLOW_INSECURE_LOOPBACK';

/** `URL.hostname` keeps the brackets of an IPv6 literal. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Refuses a plain-http `url` for a request that carries a token; `purpose`
 * says which one (e.g. "pushing to origin"). Only https passes, and plain
 * http to 127.0.0.1, localhost or [::1] when MODELREG_ALLOW_INSECURE_LOOPBACK=1.
 * Other schemes are left to the transport, which refuses what it cannot speak.
 */
export function refuseTokenOverPlainHttp(url: string, purpose: string, env: NodeJS.ProcessEnv = process.env): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.protocol !== 'http:') return;
  if (plainHttpAllowed(parsed, env)) return;
  // The origin, never the whole URL: a URL may carry credentials of its own.
  throw new UserError(
    'INSECURE_TRANSPORT',
    `refusing to send the GitHub token over plain http to ${parsed.origin} (${purpose})`,
    `Use an https:// URL (git remote set-url origin https://…, --github-api-url https://…, GITHUB_API_URL). Only for a test server on this machine: ${ALLOW_INSECURE_LOOPBACK}=1 allows http to 127.0.0.1, localhost and [::1].`,
  );
}

/** Plain http is only for a test server on this machine, and only when MODELREG_ALLOW_INSECURE_LOOPBACK=1. */
export function plainHttpAllowed(url: URL, env: NodeJS.ProcessEnv = process.env): boolean {
  return env[ALLOW_INSECURE_LOOPBACK] === '1' && LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * A repository URL as messages may show it: origin and path, without the
 * user:token part a URL may carry (nor its query); anything that is not a URL
 * (a path, `git@host:owner/repo`) as it is.
 */
export function displayLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url;
  }
}
