/**
 * The one port every artifact store sits behind: what an object is (size,
 * etag), its bytes from an offset, and an optional upload. Adapters are
 * chosen by URI scheme in stores.ts; each turns its SDK's or server's
 * failures into the few UserErrors below, so pull, verify and register
 * report a missing object or a refused credential the same way everywhere.
 */
import { Readable } from 'node:stream';
import { UserError } from '../domain/errors.js';

export interface ObjectInfo {
  /** Bytes, when the store says (a chunked HTTP answer may not). */
  readonly size: number | undefined;
  readonly etag: string | undefined;
}

export interface ObjectBody {
  readonly stream: Readable;
  /** Where the stream begins: the offset asked for, or 0 when the store sent the whole object instead. */
  readonly offset: number;
}

export interface ArtifactStore {
  /** Whether `read` can start at an offset (a resumed download asks for the rest). */
  readonly supportsRanges: boolean;
  stat(uri: string): Promise<ObjectInfo>;
  read(uri: string, offset?: number): Promise<ObjectBody>;
  /** Uploads `body` (a file's bytes) to `uri`; stores that cannot write leave it out. */
  put?(uri: string, body: Readable, size: number): Promise<void>;
}

export interface StoreOptions {
  /** Relative paths and file: URIs without a directory resolve against the registry's directory. */
  readonly registryDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Per attempt: a request that sends nothing for this long fails (ARTIFACT_TIMEOUT). Default 30 s. */
  readonly timeoutMs?: number;
  /** Further attempts after a failure that may pass (network, timeout, 429, 5xx). Default 3. */
  readonly retries?: number;
  /** Extra certificate authorities for https (PEM), beside Node's own and NODE_EXTRA_CA_CERTS. */
  readonly ca?: string;
  /** Where URIs come from someone else (the validation action): the places an https request may go. */
  readonly guard?: RequestGuard;
}

/**
 * Vets every URL an https request goes to that an artifact names (its URI and
 * each redirect; not a store's configured endpoint): `allows` must accept it,
 * and unless `privateAddresses` its host must resolve to public addresses only.
 */
export interface RequestGuard {
  allows(url: string): boolean;
  readonly privateAddresses: boolean;
}

/**
 * What a resumed read gets when the object ends at or before `offset` (the
 * store answered 416): no bytes, so the transfer stops there and the size
 * check reports the object as truncated.
 */
export function nothingFrom(offset: number): ObjectBody {
  return { stream: Readable.from([]), offset };
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRIES = 3;

/** Codes a store failure has: verify reports them as findings, pull and register throw them. */
export const STORE_FAILURE_CODES = new Set([
  'ARTIFACT_NOT_FOUND',
  'ARTIFACT_ACCESS_DENIED',
  'ARTIFACT_UNREACHABLE',
  'ARTIFACT_TIMEOUT',
  'ARTIFACT_STORE_UNSUPPORTED',
  'ARTIFACT_STORE_CONFIG',
  'INSECURE_TRANSPORT',
  'ARTIFACT_LOCATION_NOT_ALLOWED',
]);

export function notFound(uri: string, detail = ''): UserError {
  return new UserError(
    'ARTIFACT_NOT_FOUND',
    `no object at ${displayUri(uri)}${detail ? ` (${detail})` : ''}`,
    'Check the URI in the version file and that the object was uploaded there; its digest pins the content, so upload the same bytes.',
  );
}

export function accessDenied(uri: string, detail: string, hint: string): UserError {
  return new UserError('ARTIFACT_ACCESS_DENIED', `the store refused access to ${displayUri(uri)} (${detail})`, hint);
}

export function unreachable(uri: string, detail: string): UserError {
  return new UserError(
    'ARTIFACT_UNREACHABLE',
    `could not read ${displayUri(uri)}: ${detail}`,
    'The store or the network failed after the retries; try again, or check the endpoint and the network.',
  );
}

export function timedOut(uri: string, timeoutMs: number): UserError {
  return new UserError(
    'ARTIFACT_TIMEOUT',
    `${displayUri(uri)} sent nothing for ${timeoutMs / 1000} s`,
    'The store is slow or unreachable; try again, or allow more time with --timeout <seconds> (the library: timeoutMs).',
  );
}

export function storeConfig(message: string, hint: string): UserError {
  return new UserError('ARTIFACT_STORE_CONFIG', message, hint);
}

/** A URI without its userinfo, query and fragment: what messages may show (a presigned URL's query is a credential). */
export function displayUri(uri: string): string {
  try {
    const url = new URL(uri);
    if (url.protocol === 'file:') return uri;
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return uri;
  }
}
