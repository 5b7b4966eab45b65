/**
 * Where pull writes each artifact (pure). Names come from registry content
 * a pull request can set, so only a plain file name is taken from a URI;
 * anything else (a traversal, a hidden or reserved name, a name two roles
 * share) falls back to a name built from the role, which the contract
 * already restricts to an identifier.
 */
import type { ResolvedArtifact } from '../registry/registry-view.js';

export interface PlannedArtifact {
  readonly role: string;
  readonly uri: string;
  readonly digest: string;
  readonly size: number | undefined;
  /** Relative to the output directory, forward slashes. */
  readonly file: string;
}

const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._+-]{0,199}$/;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** The last path segment of `uri` when it is a safe file name. */
export function fileNameOf(uri: string): string | undefined {
  const path = uri.replace(/[?#].*$/, '');
  const name = path.slice(path.lastIndexOf('/') + 1);
  return SAFE_NAME.test(name) && !WINDOWS_DEVICE.test(name) && !name.endsWith('.modelreg-partial') ? name : undefined;
}

export function planPull(
  artifacts: Readonly<Record<string, ResolvedArtifact>>,
  roles: readonly string[] | undefined,
): PlannedArtifact[] {
  const chosen = Object.entries(artifacts).filter(([role]) => roles === undefined || roles.includes(role));
  const names = chosen.map(([role, a]) => fileNameOf(a.uri) ?? role);
  // Two roles with one file name (model.onnx under two prefixes, or names differing only in case): each artifact then
  // goes to <role>/<name>, roles being distinct identifiers.
  const flat = new Set(names.map((name) => name.toLowerCase())).size === names.length;
  return chosen
    .map(([role, a], i) => ({
      role,
      uri: a.uri,
      digest: a.digest,
      size: a.size,
      file: flat ? names[i]! : `${role}/${names[i]!}`,
    }))
    .sort((a, b) => (a.role < b.role ? -1 : a.role > b.role ? 1 : 0));
}
