/** The schemas registry-template/schemas/ must hold: those of the template's own registry.yaml. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicyFile } from '../src/contract/entry-files.js';
import { generateJsonSchemas } from '../src/contract/json-schemas.js';
import { normalizePolicy } from '../src/contract/policy.js';
import { templateDir } from '../src/registry/template.js';

export function templateSchemas(): Map<string, string> {
  const file = parsePolicyFile('registry.yaml', '', readFileSync(join(templateDir(), 'registry.yaml')));
  if (!file.value || file.findings.some((f) => f.severity === 'error')) {
    throw new Error(`registry-template/registry.yaml is invalid: ${JSON.stringify(file.findings)}`);
  }
  return generateJsonSchemas({ policy: normalizePolicy(file.value) });
}
