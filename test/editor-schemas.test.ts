/**
 * The editor and the CLI agree: the JSON Schemas a registry's files name
 * (checked here with ajv, as yaml-language-server checks with its draft-7
 * validator) accept and refuse what `modelreg validate` accepts and refuses,
 * follow the registry's policy, and `validate` says when they fall behind it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateJsonSchemas } from '../src/contract/json-schemas.js';
import { normalizePolicy } from '../src/contract/policy.js';
import { modelYaml, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { emptyRepo } from './helpers/temp-repo.js';

async function initRegistry(): Promise<string> {
  const dir = emptyRepo();
  expect((await runCli(dir, ['init'])).code).toBe(0);
  return dir;
}

/** Paths of properties (and record values) without a description, in every schema. */
function undescribed(node: unknown, path: string, out: string[]): string[] {
  if (node === null || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    node.forEach((item, i) => undescribed(item, `${path}[${i}]`, out));
    return out;
  }
  const object = node as Record<string, unknown>;
  const properties = (object.properties ?? {}) as Record<string, { description?: string; $ref?: string }>;
  for (const [key, value] of Object.entries(properties)) if (!value.description) out.push(`${path}.${key}`);
  const values = object.additionalProperties as { description?: string } | boolean | undefined;
  if (typeof values === 'object' && !values.description) out.push(`${path}.*`);
  for (const [key, value] of Object.entries(object)) undescribed(value, `${path}/${key}`, out);
  return out;
}

const CUSTOM_POLICY = `name: custom
stages:
  candidate: {}
  live:
    exclusive: true
    demote_to: retired
  retired: {}
artifacts:
  schemes: [s3, gs]
extensions:
  fairness:
    schema: extensions/fairness.schema.json
    description: Fairness results.
`;
const FAIRNESS_SCHEMA = JSON.stringify({
  type: 'object',
  required: ['parity'],
  properties: { parity: { type: 'number' } },
});

describe('editor schemas', () => {
  it('describe every property and every record value, generic and for a policy', () => {
    const policy = normalizePolicy(parse(CUSTOM_POLICY));
    for (const schemas of [generateJsonSchemas(), generateJsonSchemas({ policy })]) {
      for (const [name, text] of schemas)
        expect({ name, missing: undescribed(JSON.parse(text), name, []) }).toEqual({ name, missing: [] });
    }
  });

  it("give the editor validate's verdict: unknown keys pass (UNKNOWN_KEY is a warning), __proto__ and undeclared stages fail", async () => {
    const dir = await initRegistry();
    const ajv = new Ajv({ strict: false, logger: false });
    const schemas = Object.fromEntries(
      ['model', 'version'].map((kind) => [
        kind,
        ajv.compile(JSON.parse(readFileSync(join(dir, 'schemas', `${kind}.schema.json`), 'utf8'))),
      ]),
    );
    const cases: { name: string; model: string; version: string }[] = [
      { name: 'plain', model: modelYaml('fraud'), version: versionYaml('1.0.0') },
      {
        name: 'unknown top-level key',
        model: modelYaml('fraud'),
        version: `${versionYaml('1.0.0')}reviewed_by: carol\n`,
      },
      {
        name: 'unknown nested key',
        model: modelYaml('fraud', 'metrics:\n  auc:\n    goal: maximize\n    colour: blue\n'),
        version: versionYaml('1.0.0'),
      },
      { name: '__proto__ key', model: modelYaml('fraud'), version: `${versionYaml('1.0.0')}"__proto__": x\n` },
      {
        name: 'undeclared stage',
        model: modelYaml('fraud'),
        version: versionYaml('1.0.0').replace('stage: development', 'stage: prod'),
      },
      {
        name: 'acceptance of an undeclared stage',
        model: modelYaml('fraud', 'acceptance:\n  prod:\n    require: [signature]\n'),
        version: versionYaml('1.0.0'),
      },
    ];
    for (const testCase of cases) {
      mkdirSync(join(dir, 'models', 'fraud', 'versions'), { recursive: true });
      writeFileSync(join(dir, 'models/fraud/model.yaml'), testCase.model);
      writeFileSync(join(dir, versionPath('fraud', '1.0.0')), testCase.version);
      const cli = await runCli(dir, ['validate']);
      const editor = schemas.model!(parse(testCase.model)) && schemas.version!(parse(testCase.version));
      expect({ name: testCase.name, editor, cli: cli.code }).toEqual({
        name: testCase.name,
        editor: cli.code === 0,
        cli: cli.code,
      });
    }
    // The cases cover both verdicts.
    expect(cases.length).toBeGreaterThan(3);
  });

  it('modelreg schema --out schemas in a registry follows its registry.yaml: stage names, schemes, extensions', async () => {
    const dir = await initRegistry();
    writeFileSync(join(dir, 'registry.yaml'), CUSTOM_POLICY);
    mkdirSync(join(dir, 'extensions'));
    writeFileSync(join(dir, 'extensions/fairness.schema.json'), FAIRNESS_SCHEMA);
    const result = await runCli(dir, ['schema', '--out', 'schemas']);
    expect(result.code).toBe(0);
    const version = JSON.parse(readFileSync(join(dir, 'schemas/version.schema.json'), 'utf8'));
    expect(version.properties.stage.enum).toEqual(['candidate', 'live', 'retired']);
    expect(version.properties.extensions.properties.fairness.$ref).toBe('../extensions/fairness.schema.json');
    const model = JSON.parse(readFileSync(join(dir, 'schemas/model.schema.json'), 'utf8'));
    expect(model.properties.acceptance.propertyNames.enum).toEqual(['candidate', 'live', 'retired']);

    const ajv = new Ajv({ strict: false, logger: false });
    ajv.addSchema(JSON.parse(FAIRNESS_SCHEMA), '../extensions/fairness.schema.json');
    const check = ajv.compile(version);
    const entry = (extra: string, stage = 'candidate') =>
      parse(versionYaml('1.0.0').replace('stage: development', `stage: ${stage}`) + extra);
    expect(check(entry(''))).toBe(true);
    expect(check(entry('', 'development'))).toBe(false);
    expect(check(entry('extensions:\n  fairness:\n    parity: 0.9\n'))).toBe(true);
    expect(check(entry('extensions:\n  fairness:\n    parity: high\n'))).toBe(false);
    expect(check(entry('extensions:\n  other: {}\n'))).toBe(false);
    expect(
      check(
        parse(versionYaml('1.0.0', {}).replace('stage: development', 'stage: candidate').replace('s3://', 'https://')),
      ),
    ).toBe(false);

    // Outside a registry (or with --generic): schemas for any registry.
    const generic = await runCli(dir, ['schema', '--kind', 'version', '--generic']);
    expect(JSON.parse(generic.stdout).properties.stage.enum).toBeUndefined();
  });

  it('validate warns when schemas/ is behind registry.yaml, with the command that fixes it', async () => {
    const dir = await initRegistry();
    const fresh = await runCli(dir, ['validate']);
    expect(fresh.stdout + fresh.stderr).not.toContain('SCHEMA_OUTDATED');

    writeFileSync(
      join(dir, 'registry.yaml'),
      readFileSync(join(dir, 'registry.yaml'), 'utf8').replace(
        '  archived:\n    description',
        '  shadow:\n    description: Mirrors production traffic.\n  archived:\n    description',
      ),
    );
    const stale = await runCli(dir, ['validate']);
    expect(stale.code).toBe(0);
    expect(stale.stdout).toContain('schemas/version.schema.json:1:1: warning SCHEMA_OUTDATED');
    expect(stale.stdout).toContain('modelreg schema --out schemas');

    expect((await runCli(dir, ['schema', '--out', 'schemas'])).code).toBe(0);
    const current = await runCli(dir, ['validate']);
    expect(current.stdout).not.toContain('SCHEMA_OUTDATED');
    expect(JSON.parse(readFileSync(join(dir, 'schemas/version.schema.json'), 'utf8')).properties.stage.enum).toContain(
      'shadow',
    );
  });
});
