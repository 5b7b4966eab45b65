/** Once a version exists on the base side, what it *is* never changes and its file never goes away. */
import { formatPath } from '../../contract/check-schema.js';
import { ownValue } from '../../contract/own-key.js';
import { finding, FILE_START, type Finding } from '../../domain/findings.js';
import { versionFilePath } from '../../domain/layout.js';
import { versionChanges, type ValidationInput } from '../validation-input.js';
import { differingPaths } from './deep-diff.js';

/** Fields fixed at registration. Stage, description, tags, deprecation and new metrics may change. */
const IMMUTABLE_FIELDS = [
  'version',
  'created',
  'created_by',
  'artifacts',
  'params',
  'signature',
  'lineage',
  'provenance',
] as const;

export function checkImmutability(input: ValidationInput): Finding[] {
  const findings: Finding[] = [];
  for (const pair of input.models.values()) {
    for (const change of versionChanges(pair)) {
      if (change.kind === 'deleted') {
        findings.push(
          finding(
            'VERSION_DELETED',
            'error',
            versionFilePath(change.model, change.version),
            FILE_START,
            `version ${change.model}@${change.version} is deleted; registered versions are permanent`,
            `Keep the file and set its stage to an archive stage, or add a deprecation, instead: ` +
              `modelreg deprecate ${change.model}@${change.version} --reason "…".`,
          ),
        );
        continue;
      }
      if (change.kind !== 'modified') continue;
      const before = change.base?.value;
      const after = change.head?.value;
      const file = change.head!;
      if (!before || !after) continue; // schema findings already explain an invalid side
      for (const field of IMMUTABLE_FIELDS) {
        for (const path of differingPaths(before[field], after[field], [field])) {
          findings.push(
            finding(
              'IMMUTABLE_FIELD',
              'error',
              file.path,
              file.yaml.locate(path),
              `"${formatPath(path)}" of registered version ${change.version} changed; it is immutable`,
              `Restore the original value. A different artifact, parameter, signature or lineage is a new version: ` +
                `register it with modelreg register ${change.model} --bump patch.`,
            ),
          );
        }
      }
      for (const [metric, value] of Object.entries(before.metrics ?? {})) {
        const now = ownValue(after.metrics, metric);
        if (now === undefined) {
          findings.push(
            finding(
              'METRIC_REMOVED',
              'error',
              file.path,
              file.yaml.locate(['metrics'], { key: true }),
              `metric "${metric}" (${value}) was removed from registered version ${change.version}`,
              `Put back "${metric}: ${value}". Recorded metric values are part of the audit trail.`,
            ),
          );
        } else if (now !== value) {
          findings.push(
            finding(
              'IMMUTABLE_METRIC',
              'error',
              file.path,
              file.yaml.locate(['metrics', metric]),
              `metric "${metric}" changed from ${value} to ${now}; recorded metric values are immutable`,
              `Restore ${metric}: ${value}. Add a new metric key for a re-evaluation (e.g. ${metric}_2026q4).`,
            ),
          );
        }
      }
    }
  }
  return findings;
}
