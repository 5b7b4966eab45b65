/** Every changed file must be well-formed, satisfy its schema and sit where the layout allows. */
import { finding, FILE_START, type Finding } from '../../domain/findings.js';
import { classifyPath, MODELS_DIR } from '../../domain/layout.js';
import type { ValidationInput } from '../validation-input.js';

export function checkChangedFiles(input: ValidationInput): Finding[] {
  const findings: Finding[] = [];
  for (const change of input.changes) {
    const place = classifyPath(change.path);
    if (change.kind === 'deleted') {
      if (place.kind === 'policy') {
        findings.push(
          finding(
            'POLICY_DELETED',
            'error',
            change.path,
            FILE_START,
            'registry.yaml is deleted; every rule of the registry lives in it',
            'Restore registry.yaml. To change the policy, edit it in a pull request the registry admins approve.',
          ),
        );
      }
      continue; // deleted versions and model files are the immutability and model rules' business
    }
    if (change.headType === 'symlink' || change.headType === 'other') {
      findings.push(
        finding(
          'NOT_A_REGULAR_FILE',
          'error',
          change.path,
          FILE_START,
          `${change.path} is a ${change.headType === 'symlink' ? 'symbolic link' : 'special file'}; registry files must be regular files`,
          'Replace it with a regular file holding the content itself.',
        ),
      );
      continue;
    }
    switch (place.kind) {
      case 'policy':
        findings.push(...(input.headPolicy.file?.findings ?? []));
        break;
      case 'model':
        findings.push(...(input.models.get(place.model)?.head.model?.findings ?? []));
        break;
      case 'version':
        findings.push(...(input.models.get(place.model)?.head.versions.get(place.version)?.findings ?? []));
        break;
      case 'model-doc':
      case 'outside':
        break;
      case 'unexpected':
        findings.push(
          finding(
            'UNEXPECTED_FILE',
            'error',
            change.path,
            FILE_START,
            `${change.path}: ${place.reason}`,
            `The registry layout is ${MODELS_DIR}/<model>/model.yaml and ${MODELS_DIR}/<model>/versions/<semver>.yaml ` +
              '(model names: lowercase letters, digits, ".", "_", "-"). Move or remove this file.',
          ),
        );
        break;
    }
  }
  return findings;
}
