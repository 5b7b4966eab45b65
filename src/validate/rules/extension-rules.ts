/** Extensions: domain metadata validated by the JSON Schema the registry declares for its id. */
import { POLICY_PATH } from '../../domain/layout.js';
import { finding, type Finding } from '../../domain/findings.js';
import { versionChanges, type ValidationInput } from '../validation-input.js';

export function checkExtensions(input: ValidationInput): Finding[] {
  const findings: Finding[] = [];
  const known = [...input.policy.extensions.keys()];
  for (const pair of input.models.values()) {
    for (const change of versionChanges(pair)) {
      const file = change.head;
      const extensions = file?.value?.extensions;
      if (!file || !extensions || change.kind === 'unchanged' || change.kind === 'deleted') continue;
      for (const [id, data] of Object.entries(extensions)) {
        const validator = input.extensions.get(id);
        if (!validator) {
          findings.push(
            finding(
              'EXTENSION_UNKNOWN',
              'error',
              file.path,
              file.yaml.locate(['extensions', id], { key: true }),
              `extension "${id}" is not declared in registry.yaml`,
              known.length > 0
                ? `Known extensions: ${known.join(', ')}. Or declare "${id}" under extensions in registry.yaml.`
                : `This registry declares no extensions; declare "${id}" under extensions in registry.yaml first.`,
            ),
          );
          continue;
        }
        if (!validator.ok) {
          findings.push(
            finding(
              'EXTENSION_SCHEMA_INVALID',
              'error',
              file.path,
              file.yaml.locate(['extensions', id], { key: true }),
              `extension "${id}" cannot be checked: ${validator.problem}`,
              `Fix the schema file named by extensions.${id}.schema in ${POLICY_PATH}.`,
            ),
          );
          continue;
        }
        for (const problem of validator.check(data)) {
          findings.push(
            finding(
              'EXTENSION_INVALID',
              'error',
              file.path,
              file.yaml.locate(['extensions', id, ...problem.path]),
              `extensions.${id}${problem.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')} ${problem.message}`,
              `Make the data match the schema of extension "${id}" (${input.policy.extensions.get(id)?.schema}).`,
            ),
          );
        }
      }
    }
  }
  return findings;
}
