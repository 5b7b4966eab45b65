/** Regenerates registry-template/schemas/ from the zod schemas. A test fails when they are stale. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateJsonSchemas } from '../src/contract/json-schemas.js';
import { templateDir } from '../src/template.js';

const dir = join(templateDir(), 'schemas');
await mkdir(dir, { recursive: true });
for (const [name, text] of generateJsonSchemas()) {
  await writeFile(join(dir, name), text);
  console.log(`wrote ${join('registry-template/schemas', name)}`);
}
