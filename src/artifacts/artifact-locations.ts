/**
 * Which artifact URIs the validation action may read (pure). In a pull
 * request check the URIs are the author's and the runner holds the
 * credentials, so the base registry.yaml names the places (artifacts.locations)
 * and nothing else is read. A URI and a location are both reduced to one
 * canonical form, `<scheme>://<authority>/<path>`, where the authority (bucket;
 * account and container; host and port) must match exactly and the path is a
 * prefix. A URI whose canonical form is ambiguous (a `.` or `..` segment that a
 * store might resolve, an encoded slash or backslash) matches nothing.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../domain/errors.js';
import { displayUri } from './artifact-store.js';

const BLOB_HOST = /^([a-z0-9]{3,24})\.blob\.core\.windows\.net$/;
const AMBIGUOUS_ENCODING = /%2e|%2f|%5c|\\/i;

/** The canonical form of an artifact URI, or undefined when it has none (then no location allows it). */
export function canonicalArtifact(uri: string, registryDir: string): string | undefined {
  return canonical(uri, registryDir, false);
}

/** The canonical form of a location of registry.yaml, or undefined when it is not one. */
export function canonicalLocation(location: string): string | undefined {
  return canonical(location, '/', true);
}

/** Whether `uri` lies under one of `locations`. */
export function locationAllows(locations: readonly string[], uri: string, registryDir: string): boolean {
  const key = canonicalArtifact(uri, registryDir);
  if (key === undefined) return false;
  return locations.some((location) => {
    const prefix = canonicalLocation(location);
    return prefix !== undefined && key.startsWith(prefix);
  });
}

export function locationNotAllowed(uri: string, how = ''): UserError {
  return new UserError(
    'ARTIFACT_LOCATION_NOT_ALLOWED',
    `${displayUri(uri)}${how} is not under a location registry.yaml allows (artifacts.locations), so the check does not read it`,
    "Store the artifact under one of the locations the base branch's registry.yaml lists under artifacts.locations, or add its bucket or host there in a pull request of its own (reviewed by the admins).",
  );
}

function canonical(text: string, registryDir: string, isLocation: boolean): string | undefined {
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(text)?.[1]?.toLowerCase();
  try {
    if (scheme === undefined) return isLocation ? undefined : filePath(resolvePath(text, registryDir), false);
    switch (scheme) {
      case 'file':
        return filePath(fileURLToPath(text), isLocation);
      case 's3':
      case 'gs':
        return bucketAndKey(scheme, text, isLocation);
      case 'az':
        return azure(new URL(text).hostname, new URL(text).pathname, isLocation);
      case 'http':
      case 'https': {
        if (AMBIGUOUS_ENCODING.test(text.replace(/^[^:]+:\/\/[^/]*/, ''))) return undefined;
        const url = new URL(text);
        if (url.username || url.password) return undefined;
        const blob = BLOB_HOST.exec(url.hostname);
        if (blob && url.protocol === 'https:') return azure(blob[1]!, url.pathname, isLocation);
        return `${url.protocol}//${url.host}${url.pathname}`;
      }
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

function resolvePath(path: string, registryDir: string): string {
  return isAbsolute(path) ? path : resolve(registryDir, path);
}

function filePath(path: string, isLocation: boolean): string | undefined {
  if (hasDotSegment(path)) return undefined;
  const absolute = resolve(path);
  return `file://${absolute}${isLocation && path.endsWith('/') && absolute !== '/' ? '/' : ''}`;
}

function bucketAndKey(scheme: string, text: string, isLocation: boolean): string | undefined {
  const match = /^[a-z0-9]+:\/\/([^/]+)(?:\/(.*))?$/i.exec(text);
  if (!match || (!isLocation && !match[2])) return undefined;
  const key = match[2] ?? '';
  if (hasDotSegment(key) || hasDotSegment(decodeURIComponent(key)) || key.includes('\\')) return undefined;
  return `${scheme}://${match[1]}/${key}`;
}

function azure(account: string, pathname: string, isLocation: boolean): string | undefined {
  const [container = '', ...rest] = pathname.replace(/^\//, '').split('/');
  const blob = decodeURIComponent(rest.join('/'));
  if (!/^[a-z0-9]{3,24}$/.test(account) || hasDotSegment(blob) || blob.includes('\\')) return undefined;
  if (!isLocation && (!container || !blob)) return undefined;
  // A location naming only the account or the container covers all of it; the container is matched whole.
  if (container === '') return `az://${account}/`;
  return `az://${account}/${container}/${blob}`;
}

function hasDotSegment(path: string): boolean {
  return path.split(/[/\\]/).some((segment) => segment === '.' || segment === '..');
}
