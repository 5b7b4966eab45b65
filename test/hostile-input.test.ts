/**
 * Hostile and odd input is refused with a finding at its position, never a
 * crash: names JavaScript objects already have, control characters, plain
 * scalars YAML 1.1 readers read differently. Each case runs on a real git
 * repository through the CLI as a user would, or through the rules.
 */
import { describe, expect, it } from 'vitest';
import { parseYamlText } from '../src/yaml/yaml-file.js';
import { DIGEST_A, modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { validateInMemory } from './helpers/memory-registry.js';
import { summarize } from './helpers/scenario.js';
import { commit, createRepo, git, writeFiles } from './helpers/temp-repo.js';

const v100 = versionPath('fraud', '1.0.0');
const v110 = versionPath('fraud', '1.1.0');
/** 1-based line of the first line containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;
const base = { 'models/fraud/model.yaml': modelYaml('fraud'), [v100]: versionYaml('1.0.0') };

/** `CODE file:line:col` of every error and warning `modelreg validate` prints as JSON. */
async function validateCli(
  dir: string,
  args: string[],
): Promise<{ code: number; findings: string[]; messages: string[] }> {
  const result = await runCli(dir, ['validate', '--format', 'json', ...args]);
  expect(result.code, result.stderr).not.toBe(2);
  const report = JSON.parse(result.stdout) as {
    findings: { code: string; severity: string; file: string; line: number; column: number; message: string }[];
  };
  const shown = report.findings.filter((f) => f.severity !== 'info');
  return {
    code: result.code,
    findings: shown.map((f) => `${f.code} ${f.file}:${f.line}:${f.column}`),
    messages: shown.map((f) => f.message),
  };
}

/** A committed registry, then `change` committed on top: validated as a pull request would be. */
async function validateCommitted(
  change: Record<string, string | null>,
  start: Record<string, string> = base,
  policy = templatePolicy(),
) {
  const dir = createRepo({ 'registry.yaml': policy, ...start });
  commit(dir, change);
  return validateCli(dir, ['--base', 'HEAD~1', '--head', 'HEAD']);
}

describe('names every JavaScript object already has', () => {
  it('refuses a stage named constructor instead of crashing on it', async () => {
    const policy = templatePolicy().replace(
      '  archived:\n    description:',
      '  constructor:\n    description: x\n  archived:\n    description:',
    );
    const result = await validateCommitted({ 'registry.yaml': policy });
    expect(result.findings).toEqual([`RESERVED_NAME registry.yaml:${lineOf(policy, 'constructor:')}:3`]);
    expect(result.code).toBe(1);
  });

  it('refuses such a stage in a version and in a gate', async () => {
    const model = modelYaml('fraud', 'acceptance:\n  toString:\n    require: [signature]\n');
    const result = await validateCommitted({
      'models/fraud/model.yaml': model,
      [v110]: versionYaml('1.1.0', { stage: 'constructor' }),
    });
    expect(result.findings).toEqual(['RESERVED_NAME models/fraud/model.yaml:4:3', `RESERVED_NAME ${v110}:2:8`]);
  });

  it('refuses a gate on a metric named __proto__, which zod would drop without a word', async () => {
    const model = modelYaml('fraud', 'acceptance:\n  development:\n    metrics:\n      __proto__: {min: 0.9}\n');
    const result = await validateCommitted({
      'models/fraud/model.yaml': model,
      [v110]: versionYaml('1.1.0', { metrics: { auc: 0.5 } }),
    });
    expect(result.findings).toEqual(['RESERVED_NAME models/fraud/model.yaml:6:7']);
    expect(result.code).toBe(1);
  });

  it('refuses reserved metric names, artifact roles, extension ids and model names', async () => {
    const version = versionYaml('1.1.0', { extra: 'extensions:\n  hasOwnProperty: {}\n' })
      .replace('  model:\n', '  valueOf:\n')
      .replace('artifacts:\n', 'metrics:\n  constructor: 0.5\nartifacts:\n');
    const result = await validateCommitted({
      [v110]: version,
      'models/constructor/model.yaml': modelYaml('constructor'),
    });
    expect(result.findings).toEqual([
      expect.stringMatching(/^UNEXPECTED_FILE models\/constructor\/model.yaml/),
      `RESERVED_NAME ${v110}:6:3`,
      `RESERVED_NAME ${v110}:8:3`,
      `RESERVED_NAME ${v110}:12:3`,
    ]);
  });

  it('refuses model names Windows cannot check out (con, aux.v2, lpt1), and the CLI will not create one', async () => {
    const result = await validateCommitted({
      'models/aux/model.yaml': modelYaml('aux'),
      'models/con.v2/model.yaml': modelYaml('con.v2'),
      'models/auxiliary/model.yaml': modelYaml('auxiliary'),
    });
    expect(result.findings).toEqual([
      expect.stringMatching(/^UNEXPECTED_FILE models\/aux\/model.yaml/),
      expect.stringMatching(/^UNEXPECTED_FILE models\/con.v2\/model.yaml/),
    ]);
    const dir = createRepo({ 'registry.yaml': templatePolicy(), ...base });
    const register = await runCli(dir, [
      'register',
      'lpt1',
      '--version',
      '1.0.0',
      '--owner',
      'alice',
      '--artifact',
      'model=s3://m/lpt1.onnx',
      '--digest',
      `model=${DIGEST_A}`,
    ]);
    expect(register.code).toBe(2);
    expect(register.stderr).toContain('Windows device name');
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('refuses a training parameter named like an Object member (compare and catalog look parameters up by name)', async () => {
    const result = await validateCommitted({
      [v110]: versionYaml('1.1.0', { extra: 'params:\n  lr: 0.1\n  constructor: 2\n' }),
    });
    expect(result.findings).toEqual([`RESERVED_NAME ${v110}:11:3`]);
  });

  it('does not find a required field on the prototype', async () => {
    const model = modelYaml('fraud', 'acceptance:\n  staging:\n    require: [toString, constructor.name]\n');
    const report = await validateInMemory(
      { 'models/fraud/model.yaml': model, [v100]: versionYaml('1.0.0') },
      { [v100]: versionYaml('1.0.0', { stage: 'staging' }) },
    );
    expect(summarize(report)).toEqual([`GATE_REQUIRED_FIELD ${v100}:2:8`, `GATE_REQUIRED_FIELD ${v100}:2:8`]);
  });

  it('reports a badly named key at the key, saying what a name must look like', async () => {
    const result = await validateCommitted({
      [v110]: versionYaml('1.1.0', { extra: 'metrics:\n  "auc score": 0.5\n' }),
    });
    expect(result.findings).toEqual([`SCHEMA_INVALID ${v110}:10:3`]);
    expect(result.messages[0]).toContain('must start with a letter');
  });
});

describe('control characters', () => {
  it('refuses NUL in a committed entry at its line and column (git would show the file as binary)', async () => {
    const text = versionYaml('1.1.0', { extra: 'description: before\u0000after\n' });
    const result = await validateCommitted({ [v110]: text });
    expect(result.findings).toEqual([`CONTROL_CHARACTER ${v110}:9:20`]);
    expect(result.messages[0]).toContain('U+0000 (NUL)');
  });

  it('refuses DEL, C1, bidirectional overrides and escape sequences in the working tree', async () => {
    const dir = createRepo({ 'registry.yaml': templatePolicy(), ...base });
    writeFiles(dir, {
      [v110]: versionYaml('1.1.0', {
        extra: 'tags: [a\u007fb, "c\u0085d", e\u202Ef]\ndescription: "red \\e[31m text"\n',
      }),
    });
    const result = await validateCli(dir, []);
    expect(result.findings).toEqual([
      `CONTROL_CHARACTER ${v110}:9:9`,
      `CONTROL_CHARACTER ${v110}:9:15`,
      `CONTROL_CHARACTER ${v110}:9:21`,
    ]);
    expect(result.code).toBe(1);
    writeFiles(dir, { [v110]: versionYaml('1.1.0', { extra: 'description: "red \\e[31m text"\n' }) });
    expect((await validateCli(dir, [])).findings).toEqual([`CONTROL_CHARACTER ${v110}:9:14`]);
  });

  it('accepts tabs, CRLF line ends and multi-line descriptions', () => {
    const file = parseYamlText('x.yaml', 'a: "tab\\there"\r\nb: |\r\n  one\r\n  two\r\nc: "x\\ny"\r\n');
    expect(file.findings).toEqual([]);
  });

  it('refuses a control character in registry.yaml and model.yaml too', async () => {
    const result = await validateCommitted({
      'registry.yaml': templatePolicy().replace('name: models', 'name: mod\u0007els'),
      'models/fraud/model.yaml': `${modelYaml('fraud')}description: "bell \\a"\n`,
    });
    expect(result.findings).toEqual([
      'CONTROL_CHARACTER models/fraud/model.yaml:3:14',
      expect.stringMatching(/^CONTROL_CHARACTER registry.yaml:\d+:10$/),
    ]);
  });
});

describe('plain scalars YAML 1.1 readers read differently', () => {
  it.each([
    ['yes', 'the boolean true'],
    ['No', 'the boolean false'],
    ['on', 'the boolean true'],
    ['OFF', 'the boolean false'],
    ['y', 'the boolean true'],
    ['N', 'the boolean false'],
    ['1_000', 'the number 1000'],
    ['1:20', 'the number 80'],
    ['0b101', 'the number 5'],
  ])('refuses created_by: %s where a string is expected, and asks to quote it', async (plain, reading) => {
    const text = versionYaml('1.1.0').replace('created_by: alice@example.com', `created_by: ${plain}`);
    const result = await validateCommitted({ [v110]: text });
    expect(result.findings).toEqual([`YAML_AMBIGUOUS_SCALAR ${v110}:4:13`]);
    expect(result.messages[0]).toContain(reading);
    const quoted = await validateCommitted({ [v110]: text.replace(`created_by: ${plain}`, `created_by: "${plain}"`) });
    expect(quoted.findings).toEqual([]);
  });

  it('refuses an octal-looking size (493 to YAML 1.1, 755 to us) and a 1.1 boolean where a boolean is expected', async () => {
    const version = versionYaml('1.1.0').replace(
      `    digest: ${DIGEST_A}\n`,
      `    digest: ${DIGEST_A}\n    size: 0755\n`,
    );
    const policy = templatePolicy().replace('exclusive: true', 'exclusive: yes');
    const result = await validateCommitted({ [v110]: version, 'registry.yaml': policy });
    expect(result.findings).toContain(`YAML_AMBIGUOUS_SCALAR ${v110}:9:11`);
    expect(result.findings).toContain(`YAML_AMBIGUOUS_SCALAR registry.yaml:${lineOf(policy, 'exclusive: yes')}:16`);
  });

  it('refuses YAML 1.1 booleans in tags, keys and free-form params', async () => {
    const extra = 'tags: [on, prod]\nparams:\n  use_bias: yes\n  n: 3\n';
    const result = await validateCommitted({ [v110]: versionYaml('1.1.0', { extra }) });
    expect(result.findings).toEqual([
      `YAML_AMBIGUOUS_SCALAR ${v110}:9:8`,
      `YAML_AMBIGUOUS_SCALAR ${v110}:11:13`,
      `YAML_AMBIGUOUS_SCALAR ${v110}:12:3`,
    ]);
  });

  it('keeps asking to quote a version YAML reads as a number (1.10)', async () => {
    const text = versionYaml('1.1.0', { extra: 'lineage:\n  parent: 1.10\n' });
    const result = await validateCommitted({ [v110]: text });
    expect(result.findings).toEqual([`YAML_QUOTE_REQUIRED ${v110}:10:11`]);
  });

  it('refuses a mapping or list used as a key (readers turn it into text, each in its own way)', async () => {
    const extra = 'params:\n  ? {a: 1}\n  : x\n  ? [b]\n  : z\n';
    const result = await validateCommitted({ [v110]: versionYaml('1.1.0', { extra }) });
    expect(result.findings).toEqual([`YAML_COMPLEX_KEY ${v110}:10:5`, `YAML_COMPLEX_KEY ${v110}:12:5`]);
  });

  it('accepts a metrics file as json.dump writes it: 1e-07 is re-rendered, not kept as written', async () => {
    const dir = createRepo({ 'registry.yaml': templatePolicy(), ...base });
    writeFiles(dir, { 'metrics.json': '{"auc": 0.93, "fpr": 1e-07}\n' });
    const result = await runCli(dir, [
      'register',
      'fraud',
      '--version',
      '1.1.0',
      '--artifact',
      'model=s3://m/fraud/1.1.0/model.onnx',
      '--digest',
      `model=${DIGEST_A}`,
      '--metrics',
      'metrics.json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const validated = await validateCli(dir, ['--base', 'HEAD~1', '--head', 'HEAD']);
    expect(validated.findings).toEqual([]);
  });

  it('accepts what every reader reads alike: true, numbers, dates, versions, digests, an explicit !!str', () => {
    const text = 'a: true\nb: 0.93\nc: 12\nd: 2026-01-01T00:00:00Z\ne: 1.0.0\nf: sha256:abc\ng: !!str yes\nh: -1\n';
    expect(parseYamlText('x.yaml', text).findings).toEqual([]);
  });
});

describe('native git agrees the hostile file is what it looks like', () => {
  it('git itself calls a file with NUL binary, which is why modelreg refuses it', () => {
    const dir = createRepo({ 'registry.yaml': templatePolicy(), ...base });
    commit(dir, { [v110]: versionYaml('1.1.0', { extra: 'description: a\u0000b\n' }) });
    expect(git(dir, 'diff', '--numstat', 'HEAD~1', 'HEAD')).toMatch(/^-\t-\t/);
  });
});
