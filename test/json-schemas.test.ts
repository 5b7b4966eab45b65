import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateJsonSchemas } from '../src/contract/json-schemas.js';
import { templateDir } from '../src/registry/template.js';
import { templateSchemas } from '../scripts/template-schemas.js';
import { modelYaml, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-repo.js';

describe('generated JSON Schemas', () => {
  it('committed copies in registry-template/schemas are current (run `npm run gen:schemas`)', () => {
    const dir = join(templateDir(), 'schemas');
    expect(readdirSync(dir).sort()).toEqual([...templateSchemas().keys()].sort());
    for (const [name, text] of templateSchemas()) {
      expect({ name, text: readFileSync(join(dir, name), 'utf8') }).toEqual({ name, text });
    }
  });

  it('accept what the validator accepts and flag what editors should flag', () => {
    const ajv = new Ajv({ strict: false });
    const schemas = Object.fromEntries(
      [...generateJsonSchemas()].map(([name, text]) => [name, ajv.compile(JSON.parse(text))]),
    );
    expect(schemas['version.schema.json']!(parse(versionYaml('1.0.0', { metrics: { auc: 0.9 } })))).toBe(true);
    expect(schemas['version.schema.json']!(parse(versionYaml('1.0.0', { digest: 'sha256:xyz' })))).toBe(false);
    expect(schemas['version.schema.json']!(parse(versionYaml('1.0.0').replace('version: 1.0.0', 'version: v1')))).toBe(
      false,
    );
    expect(schemas['model.schema.json']!(parse(modelYaml('fraud')))).toBe(true);
    expect(schemas['registry.schema.json']!(parse(readFileSync(join(templateDir(), 'registry.yaml'), 'utf8')))).toBe(
      true,
    );
  });

  it('every template YAML file names its schema for the YAML language server', () => {
    const text = readFileSync(join(templateDir(), 'registry.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./schemas/registry.schema.json');
  });

  it('modelreg schema prints and writes them', async () => {
    const out = tempDir();
    const write = await runCli(out, ['schema', '--out', 'schemas']);
    expect(write.code).toBe(0);
    expect(readdirSync(join(out, 'schemas')).sort()).toEqual([
      'model.schema.json',
      'registry.schema.json',
      'version.schema.json',
    ]);
    const one = await runCli(out, ['schema', '--kind', 'version']);
    expect(JSON.parse(one.stdout).$id).toBe('https://modelreg.dev/schemas/version.schema.json');
  });
});
