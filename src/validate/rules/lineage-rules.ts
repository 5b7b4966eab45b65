/** Lineage: a version's parent must be a registered version of the same model. */
import semver from 'semver';
import { finding, type Finding } from '../../domain/findings.js';
import { versionChanges, type ValidationInput } from '../validation-input.js';

export function checkLineage(input: ValidationInput): Finding[] {
  const findings: Finding[] = [];
  for (const pair of input.models.values()) {
    for (const change of versionChanges(pair)) {
      const file = change.head;
      const parent = file?.value?.lineage?.parent;
      if (!file || parent === undefined || change.kind !== 'added') continue;
      const at = () => file.yaml.locate(['lineage', 'parent']);
      if (parent === change.version) {
        findings.push(
          finding(
            'LINEAGE_PARENT_SELF',
            'error',
            file.path,
            at(),
            `version ${parent} names itself as its parent`,
            'Name the version it was derived from, or remove lineage.parent.',
          ),
        );
      } else if (!pair.head.versions.has(parent)) {
        const known = [...pair.head.versions.keys()].filter((v) => v !== change.version);
        findings.push(
          finding(
            'LINEAGE_PARENT_MISSING',
            'error',
            file.path,
            at(),
            `lineage.parent ${parent} is not a registered version of ${change.model}`,
            known.length > 0
              ? `Registered versions: ${known.join(', ')}.`
              : `${change.model} has no other versions: remove lineage.parent.`,
          ),
        );
      } else if (semver.gt(parent, change.version)) {
        findings.push(
          finding(
            'LINEAGE_PARENT_NEWER',
            'warning',
            file.path,
            at(),
            `parent ${parent} is a higher version than ${change.version}`,
            'Versions usually grow along lineage; check that the parent or the version number is right.',
          ),
        );
      }
    }
  }
  return findings;
}
