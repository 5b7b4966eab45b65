/**
 * Turns zod issues into findings on the exact YAML position. Unknown keys
 * are warnings (the file keeps them); everything else is an error.
 */
import type * as z from 'zod/mini';
import { finding, type Finding } from '../domain/findings.js';
import type { PathSegment, YamlFile } from '../yaml/yaml-file.js';
import { contractDocUrl } from '../domain/docs-url.js';
import { RESERVED_NAMES } from './common-schema.js';

/** The section of the published contract describing a file kind (a user's registry has no docs/ to point at). */
function formatDocUrl(what: string): string {
  if (what === 'registry.yaml') return contractDocUrl('registryyaml--the-policy');
  if (what === 'model.yaml') return contractDocUrl('modelyaml--one-model');
  // Version files, and the metrics, params and signature files register reads into one.
  return contractDocUrl('versionsversionyaml--one-version');
}

export interface SchemaResult<T> {
  /** Present when the file satisfies the schema (unknown keys aside). */
  readonly value: T | undefined;
  readonly findings: Finding[];
}

export function checkAgainstSchema<T>(file: YamlFile, schema: z.ZodMiniType<T>, what: string): SchemaResult<T> {
  if (file.value === undefined) return { value: undefined, findings: [] };
  const first = schema.safeParse(file.value);
  if (first.success) return { value: first.data, findings: [] };

  const findings: Finding[] = [];
  const unknownKeys: PathSegment[][] = [];
  for (const issue of first.error.issues) {
    const path = issue.path as PathSegment[];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        unknownKeys.push([...path, key]);
        findings.push(
          finding(
            'UNKNOWN_KEY',
            'warning',
            file.path,
            file.locate([...path, key], { key: true }),
            `unknown key "${formatPath([...path, key])}" in ${what}; it is kept but modelreg ignores it`,
            `Check the spelling against ${formatDocUrl(what)}; keys modelreg does not know are preserved untouched.`,
          ),
        );
      }
      continue;
    }
    findings.push(issueToFinding(file, issue, path, what));
  }
  if (findings.some((f) => f.severity === 'error')) return { value: undefined, findings };

  // Only unknown keys were wrong: validate a copy without them to get the typed value.
  const stripped = structuredClone(file.value) as unknown;
  for (const keyPath of unknownKeys) deleteAt(stripped, keyPath);
  const second = schema.safeParse(stripped);
  if (!second.success) {
    for (const issue of second.error.issues)
      findings.push(issueToFinding(file, issue, issue.path as PathSegment[], what));
    return { value: undefined, findings };
  }
  return { value: second.data, findings };
}

function issueToFinding(file: YamlFile, issue: z.core.$ZodIssue, path: PathSegment[], what: string): Finding {
  const isKey = issue.code === 'invalid_key';
  const at = file.locate(path, { key: isKey });
  const where = path.length > 0 ? `"${formatPath(path)}"` : what;
  const actual = isKey ? path[path.length - 1] : valueAt(file.value, path);
  if (typeof actual === 'string' && RESERVED_NAMES.has(actual)) {
    return finding(
      'RESERVED_NAME',
      'error',
      file.path,
      at,
      `${isKey ? 'key' : 'name'} "${actual}" is reserved: every JavaScript object already has a member of that name`,
      `Choose another name; ${[...RESERVED_NAMES].join(', ')} cannot name a model, stage, metric, artifact role or extension.`,
    );
  }
  if (isKey) {
    const reason = issue.issues.map((inner) => normalizeMessage(inner.message)).join('; ');
    return finding(
      'SCHEMA_INVALID',
      'error',
      file.path,
      at,
      `key ${where} ${reason}`,
      `Rename this key; see ${formatDocUrl(what)} for the ${what} format.`,
    );
  }
  if (issue.code === 'invalid_type' && issue.expected === 'string' && typeof actual === 'number') {
    return finding(
      'YAML_QUOTE_REQUIRED',
      'error',
      file.path,
      at,
      `${where} must be a string, but YAML read the unquoted value as the number ${String(actual)}`,
      'Put the value in double quotes exactly as you meant it, e.g. commit: "0123abc…" or version: "1.10.0"; ' +
        'unquoted digits become numbers and long ones lose precision.',
    );
  }
  if (issue.code === 'invalid_type' && actual === undefined) {
    return finding(
      'SCHEMA_REQUIRED',
      'error',
      file.path,
      at,
      `${where} is required (${issue.expected}) but missing`,
      `Add "${String(path[path.length - 1] ?? '')}" here; see ${formatDocUrl(what)} for the ${what} format.`,
    );
  }
  return finding(
    'SCHEMA_INVALID',
    'error',
    file.path,
    at,
    `${where} ${normalizeMessage(issue.message)}`,
    `Fix this value; see ${formatDocUrl(what)} for the ${what} format.`,
  );
}

function normalizeMessage(message: string): string {
  // zod's defaults read "Invalid input: expected string, received number"; ours read "must …".
  return message.startsWith('must') || message.startsWith('needs') ? message : `is invalid: ${message}`;
}

export function formatPath(path: readonly PathSegment[]): string {
  return path
    .map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`))
    .join('');
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return current;
}

function deleteAt(root: unknown, path: readonly PathSegment[]): void {
  const parent = valueAt(root, path.slice(0, -1));
  if (parent !== null && typeof parent === 'object')
    delete (parent as Record<PathSegment, unknown>)[path[path.length - 1]!];
}
