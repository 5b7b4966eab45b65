/**
 * Provenance: a version copied from another registry (separate registries per
 * environment) must be what that registry holds at the commit its provenance
 * names: the same file, artifacts and digests, on the source's branch, and in
 * the stage the source declaration asks for. The source is read beforehand
 * (ValidationInput.provenance); this rule only compares.
 */
import type { Policy } from '../../contract/policy.js';
import { sourceNamed } from '../../contract/provenance-policy.js';
import type { VersionEntry } from '../../contract/version-schema.js';
import { finding, FILE_START, type Finding } from '../../domain/findings.js';
import type { PathSegment } from '../../yaml/yaml-file.js';
import { provenanceKey, versionChanges, type ValidationInput, type VersionChange } from '../validation-input.js';
import { differingPaths } from './deep-diff.js';

/**
 * The stages a new version may be added in: a declared source's
 * initial_stages when the entry names one (its provenance is then checked
 * here), otherwise the registry's.
 */
export function initialStagesFor(policy: Policy, entry: VersionEntry): readonly string[] {
  const source = entry.provenance ? sourceNamed(policy.provenance, entry.provenance.repository) : undefined;
  return source?.initialStages ?? policy.initialStages;
}

export function checkProvenance(input: ValidationInput): Finding[] {
  if (input.mode !== 'change') return [];
  const findings: Finding[] = [];
  for (const pair of input.models.values()) {
    for (const change of versionChanges(pair)) {
      if (change.kind === 'added' && change.head?.value) findings.push(...checkAdded(input, change));
    }
  }
  return findings;
}

function checkAdded(input: ValidationInput, change: VersionChange): Finding[] {
  const file = change.head!;
  const entry = file.value!;
  const ref = `${change.model}@${change.version}`;
  const at = (path: PathSegment[]) => file.yaml.locate(path);
  const report = (code: string, path: PathSegment[] | undefined, message: string, hint: string) =>
    finding(code, 'error', file.path, path ? at(path) : FILE_START, message, hint);
  const { provenance: policy } = input.policy;
  const provenance = entry.provenance;
  if (!provenance) {
    if (!policy.required) return [];
    return [
      report(
        'PROVENANCE_MISSING',
        undefined,
        `${ref} is new, but registry.yaml requires every new version to come from a declared source registry`,
        `Promote it from the source: modelreg promote ${ref} --to-registry <this registry> (run in the source registry).`,
      ),
    ];
  }
  const source = sourceNamed(policy, provenance.repository);
  if (!source) {
    const declared = policy.sources.map((s) => s.url);
    return [
      report(
        'PROVENANCE_UNKNOWN_SOURCE',
        ['provenance', 'repository'],
        `${ref} names source "${provenance.repository}", which registry.yaml does not declare under provenance.sources`,
        declared.length > 0
          ? `Accepted sources: ${declared.join(', ')}.`
          : 'Declare the source registry under provenance.sources in registry.yaml (in its own change).',
      ),
    ];
  }
  const evidence = input.provenance.get(provenanceKey(change.model, change.version));
  if (!evidence) {
    return [
      report(
        'PROVENANCE_UNVERIFIED',
        ['provenance'],
        `the provenance of ${ref} was not checked against ${source.url}`,
        'Validate with modelreg validate or the modelreg action, which read the source registry.',
      ),
    ];
  }
  const commit = ['provenance', 'commit'];
  if (evidence.kind === 'commit-not-found') {
    return [
      report(
        'PROVENANCE_COMMIT_NOT_FOUND',
        commit,
        `commit ${provenance.commit} is not in the source registry ${source.url}`,
        `Promote from a commit of ${source.url}'s ${source.branch} branch.`,
      ),
    ];
  }
  const findings: Finding[] = [];
  if (!evidence.onBranch) {
    findings.push(
      report(
        'PROVENANCE_NOT_ON_BRANCH',
        commit,
        `commit ${provenance.commit.slice(0, 12)} is not on ${source.url}'s ${evidence.branch} branch: it was never merged there`,
        `Merge the change in the source registry first, then promote from ${evidence.branch}.`,
      ),
    );
  }
  const sourceEntry = evidence.entry;
  if (!sourceEntry) {
    findings.push(
      report(
        'PROVENANCE_VERSION_NOT_FOUND',
        commit,
        `${source.url} has no ${ref} at commit ${provenance.commit.slice(0, 12)}`,
        'Promote from a commit of the source that holds the version.',
      ),
    );
    return findings;
  }
  if (sourceEntry.id !== provenance.entry) {
    findings.push(
      report(
        'PROVENANCE_ENTRY_MISMATCH',
        ['provenance', 'entry'],
        `${ref}'s version file in ${source.url} at ${provenance.commit.slice(0, 12)} is blob ${sourceEntry.id.slice(0, 12)}, not ${provenance.entry.slice(0, 12)}`,
        'Copy the version again with modelreg promote --to-registry: the provenance must name the file the source has.',
      ),
    );
  }
  const original = sourceEntry.value;
  if (!original) {
    findings.push(
      report(
        'PROVENANCE_ENTRY_MISMATCH',
        ['provenance', 'entry'],
        `${ref}'s version file in ${source.url} at ${provenance.commit.slice(0, 12)} is not a valid version file`,
        'Fix the version in the source registry first.',
      ),
    );
    return findings;
  }
  for (const path of differingPaths(original.artifacts, entry.artifacts, ['artifacts'])) {
    findings.push(
      report(
        'PROVENANCE_ARTIFACTS_MISMATCH',
        path,
        `"${path.join('.')}" of ${ref} differs from the source's entry at ${provenance.commit.slice(0, 12)}`,
        'A copied version keeps exactly the artifacts the source registered: restore them.',
      ),
    );
  }
  for (const path of differingPaths(copiedFields(original), copiedFields(entry))) {
    findings.push(
      report(
        'PROVENANCE_ENTRY_MISMATCH',
        entryHas(entry, path) ? path : ['provenance', 'entry'],
        `"${path.join('.')}" of ${ref} differs from the source's entry at ${provenance.commit.slice(0, 12)}`,
        "A copied version is the source's file with this registry's stage: restore the field as the source has it, or copy the version again with modelreg promote --to-registry.",
      ),
    );
  }
  const roles = new Set([...Object.keys(original.artifacts), ...Object.keys(provenance.artifacts)]);
  for (const role of [...roles].sort()) {
    const recorded = Object.hasOwn(provenance.artifacts, role) ? provenance.artifacts[role] : undefined;
    const actual = Object.hasOwn(original.artifacts, role) ? original.artifacts[role]!.digest : undefined;
    if (recorded === actual) continue;
    findings.push(
      report(
        'PROVENANCE_ARTIFACTS_MISMATCH',
        recorded === undefined ? ['provenance', 'artifacts'] : ['provenance', 'artifacts', role],
        actual === undefined
          ? `the provenance of ${ref} names artifact "${role}", which the source's entry does not have`
          : `the provenance of ${ref} records ${recorded ?? 'no digest'} for "${role}"; the source has ${actual}`,
        "Record the source's digests: copy the version again with modelreg promote --to-registry.",
      ),
    );
  }
  if (provenance.stage !== undefined && provenance.stage !== original.stage) {
    findings.push(
      report(
        'PROVENANCE_STAGE_NOT_HELD',
        ['provenance', 'stage'],
        `the provenance of ${ref} says it held ${provenance.stage}, but at ${provenance.commit.slice(0, 12)} the source has it in ${original.stage}`,
        'Record the stage the source had at that commit.',
      ),
    );
  }
  if (source.stage !== undefined && original.stage !== source.stage) {
    findings.push(
      report(
        'PROVENANCE_STAGE_NOT_HELD',
        provenance.stage !== undefined ? ['provenance', 'stage'] : commit,
        `${ref} must hold ${source.stage} in ${source.url} to be promoted from there, but at ${provenance.commit.slice(0, 12)} it is in ${original.stage}`,
        `Promote it to ${source.stage} in the source registry first, then copy it from a commit after that.`,
      ),
    );
  }
  return findings;
}

/**
 * What a copy must keep exactly as the source has it: everything but where the
 * version stands (stage, weight), the provenance (the last hop's replaces the
 * source's own) and the artifacts (compared on their own, role by role). A
 * copy that changed its metrics could pass this registry's gates with numbers
 * the source never recorded.
 */
function copiedFields({
  stage: _stage,
  weight: _weight,
  provenance: _provenance,
  artifacts: _artifacts,
  ...rest
}: VersionEntry) {
  return rest;
}

function entryHas(entry: VersionEntry, path: PathSegment[]): boolean {
  let node: unknown = entry;
  for (const segment of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, segment)) return false;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return true;
}
