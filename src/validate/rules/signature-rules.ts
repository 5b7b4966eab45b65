/**
 * A version whose signature breaks callers of the previous version (an input
 * or output removed or retyped, a new required input) needs a major bump.
 */
import semver from 'semver';
import type { Signature } from '../../contract/version-schema.js';
import { finding, type Finding } from '../../domain/findings.js';
import { versionChanges, type ValidationInput } from '../validation-input.js';

export function checkSignatures(input: ValidationInput): Finding[] {
  const findings: Finding[] = [];
  for (const pair of input.models.values()) {
    for (const change of versionChanges(pair)) {
      const entry = change.head?.value;
      if (!entry?.signature || change.kind !== 'added') continue;
      const previous = [...pair.head.versions.values()]
        .map((file) => file.value)
        .filter((v) => v?.signature && semver.lt(v.version, entry.version))
        .sort((a, b) => semver.rcompare(a!.version, b!.version))[0];
      if (!previous) continue;
      const breaks = breakingChanges(previous.signature!, entry.signature);
      if (breaks.length === 0 || isBreakingBump(previous.version, entry.version)) continue;
      const next =
        semver.major(previous.version) === 0
          ? semver.inc(previous.version, 'minor')
          : semver.inc(previous.version, 'major');
      findings.push(
        finding(
          'SIGNATURE_BREAKING_CHANGE',
          'error',
          change.head!.path,
          change.head!.yaml.locate(['signature']),
          `signature breaks callers of ${previous.version}: ${breaks.join('; ')}`,
          `Register it as ${next} (a major version bump), or keep the previous inputs and outputs compatible.`,
        ),
      );
    }
  }
  return findings;
}

/** Under 1.0.0 a minor bump may break, as semver allows. */
function isBreakingBump(previous: string, next: string): boolean {
  if (semver.major(next) > semver.major(previous)) return true;
  return semver.major(previous) === 0 && semver.minor(next) > semver.minor(previous);
}

export function breakingChanges(before: Signature, after: Signature): string[] {
  const problems: string[] = [];
  for (const side of ['inputs', 'outputs'] as const) {
    const now = new Map(after[side].map((field) => [field.name, field]));
    for (const field of before[side]) {
      const next = now.get(field.name);
      if (!next) problems.push(`${side.slice(0, -1)} "${field.name}" removed`);
      else if (next.type !== field.type)
        problems.push(`${side.slice(0, -1)} "${field.name}" changed type ${field.type} → ${next.type}`);
    }
  }
  const old = new Set(before.inputs.map((field) => field.name));
  for (const field of after.inputs) {
    if (!old.has(field.name) && !field.optional) problems.push(`new required input "${field.name}"`);
  }
  return problems;
}
