/** JSON Schemas for editors, generated from the zod schemas the validator uses. */
import * as z from 'zod/mini';
import { modelSchema } from './model-schema.js';
import { policySchema } from './policy-schema.js';
import { versionSchema } from './version-schema.js';

export const JSON_SCHEMA_FILES = {
  'registry.schema.json': policySchema,
  'model.schema.json': modelSchema,
  'version.schema.json': versionSchema,
} as const;

/** File name → schema text, stable so a test can compare it with the committed copies. */
export function generateJsonSchemas(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, schema] of Object.entries(JSON_SCHEMA_FILES)) {
    // draft-7: yaml-language-server before 1.20 understands nothing newer.
    const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-7', unrepresentable: 'any' });
    out.set(name, `${JSON.stringify({ ...json, $id: `https://modelreg.dev/schemas/${name}` }, null, 2)}\n`);
  }
  return out;
}
