/**
 * Verify: does each artifact pointer of a version file still lead to the
 * registered bytes? Findings use validate's format, at the line of the
 * artifact's `uri:` (the object cannot be read) or `digest:` / `size:` (it
 * is not the registered content). `quick` asks the store for the size only.
 */
import type { LoadedFile } from '../contract/entry-files.js';
import type { Artifact, VersionEntry } from '../contract/version-schema.js';
import { isUserError } from '../domain/errors.js';
import { finding, type Finding } from '../domain/findings.js';
import { STORE_FAILURE_CODES, type StoreOptions } from './artifact-store.js';
import { mapBounded } from './pull.js';
import { ArtifactStores } from './stores.js';
import { freshStart, transfer } from './transfer.js';

export type ArtifactCheck =
  | { readonly kind: 'ok'; readonly size: number | undefined }
  | { readonly kind: 'failed'; readonly code: string; readonly message: string; readonly hint: string }
  | {
      readonly kind: 'mismatch';
      readonly field: 'digest' | 'size';
      readonly expected: string;
      readonly actual: string;
      readonly truncated: boolean;
    };

export interface VerifyOptions extends StoreOptions {
  readonly quick?: boolean;
  /** Artifacts read at once. Default 4. */
  readonly concurrency?: number;
}

/** Checks one artifact against its store: the full sha256, or with `quick` existence and size. */
export async function checkArtifact(
  stores: ArtifactStores,
  artifact: Artifact,
  quick: boolean,
): Promise<ArtifactCheck> {
  try {
    const store = await stores.for(artifact.uri);
    if (quick) {
      const info = await store.stat(artifact.uri);
      if (artifact.size !== undefined && info.size !== undefined && info.size !== artifact.size) {
        return {
          kind: 'mismatch',
          field: 'size',
          expected: `${artifact.size} bytes`,
          actual: `${info.size} bytes`,
          truncated: info.size < artifact.size,
        };
      }
      return { kind: 'ok', size: info.size };
    }
    const { timeoutMs, retries } = stores.options;
    const received = await transfer(store, artifact.uri, freshStart(), { timeoutMs, retries, maxBytes: artifact.size });
    if (received.overflow)
      return {
        kind: 'mismatch',
        field: 'size',
        expected: `${artifact.size} bytes`,
        actual: `more than ${artifact.size} bytes`,
        truncated: false,
      };
    if (artifact.size !== undefined && received.size !== artifact.size) {
      return {
        kind: 'mismatch',
        field: 'size',
        expected: `${artifact.size} bytes`,
        actual: `${received.size} bytes`,
        truncated: received.size < artifact.size,
      };
    }
    if (received.digest !== artifact.digest)
      return {
        kind: 'mismatch',
        field: 'digest',
        expected: artifact.digest,
        actual: received.digest,
        truncated: false,
      };
    return { kind: 'ok', size: received.size };
  } catch (error) {
    if (isUserError(error) && STORE_FAILURE_CODES.has(error.code))
      return { kind: 'failed', code: error.code, message: error.message, hint: error.hint ?? '' };
    throw error;
  }
}

/** The findings for one version file's artifacts (`displayPath`: the file as the repository names it). */
export function artifactFindings(
  file: LoadedFile<VersionEntry>,
  displayPath: string,
  checks: ReadonlyMap<string, ArtifactCheck>,
): Finding[] {
  const findings: Finding[] = [];
  for (const [role, check] of checks) {
    const at = (key: string) => file.yaml.locate(['artifacts', role, key]);
    if (check.kind === 'failed') {
      // A scheme modelreg has no store for is not a broken pointer: it is one this check cannot follow.
      const severity = check.code === 'ARTIFACT_STORE_UNSUPPORTED' ? 'warning' : 'error';
      findings.push(
        finding(check.code, severity, displayPath, at('uri'), `artifact "${role}": ${check.message}`, check.hint),
      );
    } else if (check.kind === 'mismatch' && check.field === 'size') {
      const entry = file.value?.artifacts[role];
      findings.push(
        finding(
          'ARTIFACT_SIZE_MISMATCH',
          'error',
          displayPath,
          at(entry?.size !== undefined ? 'size' : 'digest'),
          `artifact "${role}" has ${check.actual}, expected ${check.expected}${check.truncated ? ' (truncated)' : ''}`,
          'The object at the URI is not the registered artifact: upload the registered bytes again, or register a new version.',
        ),
      );
    } else if (check.kind === 'mismatch') {
      findings.push(
        finding(
          'ARTIFACT_DIGEST_MISMATCH',
          'error',
          displayPath,
          at('digest'),
          `artifact "${role}" does not match its digest: expected ${check.expected}, got ${check.actual}`,
          'The object changed since it was registered: restore the registered bytes, or register a new version with the new digest.',
        ),
      );
    }
  }
  return findings;
}

export interface VersionToVerify {
  readonly file: LoadedFile<VersionEntry>;
  /** The file as the repository names it, for findings. */
  readonly displayPath: string;
}

/** Findings for every artifact of `versions`, read `concurrency` at a time. */
export async function verifyVersions(
  versions: readonly VersionToVerify[],
  options: VerifyOptions,
): Promise<{ findings: Finding[]; checked: number }> {
  const stores = new ArtifactStores(options);
  const work = versions.flatMap((v) =>
    Object.entries(v.file.value?.artifacts ?? {}).map(([role, artifact]) => ({ v, role, artifact })),
  );
  const checks = await mapBounded(work, options.concurrency ?? 4, (item) =>
    checkArtifact(stores, item.artifact, options.quick === true),
  );
  const findings: Finding[] = [];
  for (const version of versions) {
    const mine = new Map(work.flatMap((item, i) => (item.v === version ? [[item.role, checks[i]!] as const] : [])));
    findings.push(...artifactFindings(version.file, version.displayPath, mine));
  }
  return { findings, checked: work.length };
}
