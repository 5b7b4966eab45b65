/**
 * Pure parsing of the three kinds of registry file into typed values plus
 * findings: YAML well-formedness, schema, and names that must match.
 */
import { finding, type Finding } from '../domain/findings.js';
import { readYamlFile, type YamlFile } from '../yaml/yaml-file.js';
import { checkAgainstSchema } from './check-schema.js';
import { modelSchema, type ModelEntry } from './model-schema.js';
import { checkPolicyConsistency } from './policy.js';
import { policySchema, type PolicyInput } from './policy-schema.js';
import { versionSchema, type VersionEntry } from './version-schema.js';

export interface LoadedFile<T> {
  readonly path: string;
  /** Git blob id of the content. */
  readonly id: string;
  readonly yaml: YamlFile;
  /** Present when the file is well-formed and satisfies its schema. */
  readonly value: T | undefined;
  readonly findings: readonly Finding[];
}

export function parsePolicyFile(path: string, id: string, bytes: Uint8Array): LoadedFile<PolicyInput> {
  const yaml = readYamlFile(path, bytes);
  const schema = checkAgainstSchema(yaml, policySchema, 'registry.yaml');
  const findings = [...yaml.findings, ...schema.findings];
  if (schema.value) findings.push(...checkPolicyConsistency(yaml, schema.value));
  return { path, id, yaml, value: schema.value, findings };
}

export function parseModelFile(path: string, id: string, bytes: Uint8Array, model: string): LoadedFile<ModelEntry> {
  const yaml = readYamlFile(path, bytes);
  const schema = checkAgainstSchema(yaml, modelSchema, 'model.yaml');
  const findings = [...yaml.findings, ...schema.findings];
  if (schema.value && schema.value.name !== model) {
    findings.push(
      finding(
        'MODEL_NAME_MISMATCH',
        'error',
        path,
        yaml.locate(['name']),
        `name "${schema.value.name}" does not match the directory name "${model}"`,
        `Set name: ${model}, or move the file to models/${schema.value.name}/model.yaml.`,
      ),
    );
  }
  return { path, id, yaml, value: schema.value, findings };
}

export function parseVersionFile(
  path: string,
  id: string,
  bytes: Uint8Array,
  version: string,
): LoadedFile<VersionEntry> {
  const yaml = readYamlFile(path, bytes);
  const schema = checkAgainstSchema(yaml, versionSchema, 'version file');
  const findings = [...yaml.findings, ...schema.findings];
  if (schema.value && schema.value.version !== version) {
    findings.push(
      finding(
        'VERSION_NAME_MISMATCH',
        'error',
        path,
        yaml.locate(['version']),
        `version "${schema.value.version}" does not match the file name "${version}.yaml"`,
        `Set version: ${version}, or rename the file to ${schema.value.version}.yaml.`,
      ),
    );
  }
  return { path, id, yaml, value: schema.value, findings };
}
