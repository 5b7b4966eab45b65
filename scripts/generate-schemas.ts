/**
 * Regenerates registry-template/schemas/ from the zod schemas and the
 * template's registry.yaml, as `modelreg schema --out schemas` does in a new
 * registry. A test fails when they are stale.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { templateSchemas } from './template-schemas.js';
import { templateDir } from '../src/registry/template.js';

const dir = join(templateDir(), 'schemas');
await mkdir(dir, { recursive: true });
for (const [name, text] of templateSchemas()) {
  await writeFile(join(dir, name), text);
  console.log(`wrote ${join('registry-template/schemas', name)}`);
}
