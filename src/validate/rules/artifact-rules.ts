/** Artifacts: required roles present, URI schemes allowed. */
import { hasOwnKey } from '../../contract/own-key.js';
import { finding, type Finding } from '../../domain/findings.js';
import { entersStage, governingModel, versionChanges, type ValidationInput } from '../validation-input.js';

export function checkArtifacts(input: ValidationInput): Finding[] {
  const findings: Finding[] = [];
  const schemes = input.policy.artifactSchemes;
  for (const pair of input.models.values()) {
    const required = governingModel(pair)?.artifacts?.required ?? [];
    for (const change of versionChanges(pair)) {
      const file = change.head;
      const entry = file?.value;
      if (!file || !entry || (change.kind !== 'added' && !entersStage(change))) continue;
      for (const role of required) {
        if (!hasOwnKey(entry.artifacts, role)) {
          findings.push(
            finding(
              'ARTIFACT_ROLE_MISSING',
              'error',
              file.path,
              file.yaml.locate(['artifacts'], { key: true }),
              `artifact role "${role}" is required by models/${change.model}/model.yaml but missing`,
              `Add artifacts.${role} with uri and digest (modelreg register … --artifact ${role}=<uri> --file ${role}=<path>).`,
            ),
          );
        }
      }
      if (change.kind !== 'added') continue;
      for (const [role, artifact] of Object.entries(entry.artifacts)) {
        const scheme = artifact.uri.slice(0, artifact.uri.indexOf(':'));
        if (!schemes.includes(scheme)) {
          findings.push(
            finding(
              'ARTIFACT_SCHEME_NOT_ALLOWED',
              'error',
              file.path,
              file.yaml.locate(['artifacts', role, 'uri']),
              `artifact "${role}" uses the URI scheme "${scheme}", which this registry does not allow`,
              `Use one of: ${schemes.join(', ')} (registry.yaml artifacts.schemes).`,
            ),
          );
        }
      }
    }
  }
  return findings;
}
