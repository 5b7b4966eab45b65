/**
 * JSON Schemas for editors, generated from the zod schemas the validator uses,
 * so that an editor's verdict on a file is `validate`'s:
 * - keys the contract keeps as a warning (UNKNOWN_KEY, exit 0) are allowed:
 *   JSON Schema cannot warn, and an editor showing an error where CI passes
 *   teaches people to ignore it. `__proto__` stays refused (RESERVED_NAME).
 * - given a registry's policy, the values it decides become enums and
 *   references: stage names, artifact URI schemes, extension ids and their
 *   schemas. registry.schema.json itself stays general: it is where new
 *   stages are declared.
 * - zod's numbers refuse YAML's .inf and -.inf, which JSON Schema's `number`
 *   admits: bounds at the largest double say the same. (`.nan` passes every
 *   numeric keyword; only validate refuses it.)
 */
import * as z from 'zod/mini';
import { modelSchema } from './model-schema.js';
import type { Policy } from './policy.js';
import { policySchema } from './policy-schema.js';
import { versionSchema } from './version-schema.js';

export const JSON_SCHEMA_FILES = {
  'registry.schema.json': policySchema,
  'model.schema.json': modelSchema,
  'version.schema.json': versionSchema,
} as const;

/** Where `modelreg schema --out` writes them, and where `validate` looks for stale copies. */
export const SCHEMAS_DIR = 'schemas';

export interface JsonSchemaOptions {
  /** The registry's policy; without it, schemas for any registry. */
  readonly policy?: Policy;
  /**
   * The registry root relative to the directory the schemas are written to,
   * for references to extension schemas. Default: `..` (the schemas/ directory).
   */
  readonly registryRoot?: string;
}

type JsonObject = { [key: string]: unknown };

/** File name → schema text, stable so a test can compare it with the committed copies. */
export function generateJsonSchemas(options: JsonSchemaOptions = {}): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, schema] of Object.entries(JSON_SCHEMA_FILES)) {
    // draft-7: yaml-language-server before 1.20 understands nothing newer.
    const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as JsonObject;
    allowUnknownKeys(json);
    refuseNonFiniteNumbers(json);
    if (options.policy) applyPolicy(name, json, options.policy, options.registryRoot ?? '..');
    // A registry's own schemas are not the published ones: they carry no $id claiming to be.
    const text = options.policy ? json : { ...json, $id: `https://modelreg.dev/schemas/${name}` };
    out.set(name, `${JSON.stringify(text, null, 2)}\n`);
  }
  return out;
}

/**
 * zod's strict objects become `additionalProperties: false`; the contract
 * only warns about the extra keys, so the editor must accept them. Records
 * (`additionalProperties` holding a schema) keep their key and value rules:
 * a bad stage name or metric name is an error in both.
 */
function allowUnknownKeys(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach(allowUnknownKeys);
    return;
  }
  const object = node as JsonObject;
  if (object.properties !== undefined && object.additionalProperties === false) {
    delete object.additionalProperties;
    object.propertyNames = { not: { const: '__proto__' } };
  }
  for (const value of Object.values(object)) allowUnknownKeys(value);
}

/** Every `number` without its own bound is bounded by the largest finite double, so ±Infinity fails as it does in zod. */
function refuseNonFiniteNumbers(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach(refuseNonFiniteNumbers);
    return;
  }
  const object = node as JsonObject;
  if (object.type === 'number') {
    object.minimum ??= -Number.MAX_VALUE;
    object.maximum ??= Number.MAX_VALUE;
  }
  for (const value of Object.values(object)) refuseNonFiniteNumbers(value);
}

function applyPolicy(name: string, json: JsonObject, policy: Policy, registryRoot: string): void {
  const stages = [...policy.stages.keys()];
  if (name === 'version.schema.json') {
    const properties = json.properties as Record<string, JsonObject>;
    restrictToStages(properties.stage!, stages);
    const artifact = (properties.artifacts!.additionalProperties as JsonObject).properties as Record<
      string,
      JsonObject
    >;
    artifact.uri!.pattern = `^(?:${policy.artifactSchemes.map(escapeRegExp).join('|')}):\\/\\/\\S+$`;
    artifact.uri!.patternErrorMessage = `must be an absolute URI in one of the schemes registry.yaml allows: ${policy.artifactSchemes.join(', ')}`;
    artifact.uri!.description = `An absolute URI in one of the schemes this registry allows: ${policy.artifactSchemes.join(', ')}.`;
    properties.extensions = extensionsSchema(policy, registryRoot, properties.extensions!);
  }
  if (name === 'model.schema.json') {
    const acceptance = (json.properties as Record<string, JsonObject>).acceptance!;
    acceptance.propertyNames = { enum: stages };
  }
}

function restrictToStages(stage: JsonObject, stages: readonly string[]): void {
  delete stage.pattern;
  delete stage.patternErrorMessage;
  stage.enum = [...stages];
  stage.description = `${String(stage.description)} This registry's stages: ${stages.join(', ')}.`;
}

/** Each declared extension's data is checked by its own schema; an undeclared id is an error (EXTENSION_UNKNOWN). */
function extensionsSchema(policy: Policy, registryRoot: string, general: JsonObject): JsonObject {
  const properties: Record<string, JsonObject> = {};
  for (const [id, extension] of policy.extensions) {
    properties[id] = {
      $ref: `${registryRoot.replace(/\/$/, '')}/${extension.schema}`,
      description: extension.description ?? `Data checked by ${extension.schema}.`,
    };
  }
  const ids = Object.keys(properties);
  return {
    type: 'object',
    description: general.description,
    properties,
    ...(ids.length > 0 ? { propertyNames: { enum: ids } } : { maxProperties: 0 }),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
