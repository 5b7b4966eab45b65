/** Compiles the JSON Schemas registry.yaml declares for extensions (read from the policy's side). */
import { Ajv, type ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Policy } from '../contract/policy.js';
import type { SnapshotSource } from '../snapshot/snapshot-source.js';
import type { PathSegment } from '../yaml/yaml-file.js';
import type { ExtensionValidator } from './validation-input.js';

// ajv-formats is CommonJS with a default export; under NodeNext it arrives wrapped.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

export async function loadExtensionValidators(
  policy: Policy,
  source: SnapshotSource,
  ids: ReadonlySet<string>,
): Promise<Map<string, ExtensionValidator>> {
  const validators = new Map<string, ExtensionValidator>();
  for (const id of ids) {
    const declared = policy.extensions.get(id);
    if (!declared) continue;
    validators.set(id, await compile(declared.schema, source));
  }
  return validators;
}

async function compile(path: string, source: SnapshotSource): Promise<ExtensionValidator> {
  const bytes = await source.read(path);
  if (!bytes) return { ok: false, problem: `schema file ${path} does not exist in ${source.label}` };
  let schema: unknown;
  try {
    schema = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    return { ok: false, problem: `${path} is not valid JSON (${(error as Error).message})` };
  }
  try {
    const is2020 =
      typeof (schema as { $schema?: unknown }).$schema === 'string' &&
      String((schema as { $schema: string }).$schema).includes('2020-12');
    const ajv = is2020 ? new Ajv2020({ allErrors: true, strict: false }) : new Ajv({ allErrors: true, strict: false });
    addFormats(ajv as Ajv);
    const validate = ajv.compile(schema as object);
    return {
      ok: true,
      check: (data) => (validate(data) ? [] : (validate.errors ?? []).map(toProblem)),
    };
  } catch (error) {
    return { ok: false, problem: `${path} is not a valid JSON Schema (${(error as Error).message})` };
  }
}

function toProblem(error: ErrorObject): { path: PathSegment[]; message: string } {
  const path: PathSegment[] = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  if (error.keyword === 'required') {
    return {
      path,
      message: `is missing required property "${(error.params as { missingProperty: string }).missingProperty}"`,
    };
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty: string }).additionalProperty;
    return { path: [...path, extra], message: 'is not allowed by the extension schema' };
  }
  return { path, message: error.message ?? `fails ${error.keyword}` };
}
