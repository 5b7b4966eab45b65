/**
 * The editor and the CLI agree, checked with the editor's own tool: Red Hat's
 * yaml-language-server (what VS Code's YAML extension, Neovim, Helix and Zed
 * run) opens the files of a registry made by `modelreg init` and `register`,
 * finds their schemas through the `# yaml-language-server: $schema=…` line
 * alone, and must show an error exactly where `modelreg validate` reports
 * one, nothing where validate passes (UNKNOWN_KEY is only a warning), offer
 * the registry's own stages, and show each property's description.
 *
 * NOTE: the server reports every schema violation as severity 1 (it converts
 * its warnings to errors before publishing), so an unknown key the schema
 * refused would be an error in the editor while CI passes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { git, emptyRepo, tempDir } from './helpers/temp-repo.js';
import { type Diagnostic, YamlLanguageServer } from './helpers/yaml-language-server.js';
import { DIGEST_A } from './helpers/fixtures.js';

const VERSION_FILE = 'models/fraud/versions/1.0.0.yaml';
const MODEL_FILE = 'models/fraud/model.yaml';
const REGISTRY_FILE = 'registry.yaml';

interface CliFinding {
  readonly code: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * A registry as a user gets it: `modelreg init`, then one registered version,
 * committed. `files` (registry.yaml, extension schemas) replace the template's
 * first, followed by `modelreg schema --out schemas`.
 */
async function registryWithVersion(files: Record<string, string> = {}): Promise<string> {
  const dir = emptyRepo('registry', tempDir('modelreg-lsp-', 'file'));
  expect((await runCli(dir, ['init'])).code).toBe(0);
  if (Object.keys(files).length > 0) {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    const schemas = await runCli(dir, ['schema', '--out', 'schemas']);
    expect(schemas.stderr).toBe('');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'custom policy');
  }
  const register = await runCli(dir, [
    'register',
    'fraud',
    '--version',
    '1.0.0',
    '--owner',
    'alice',
    '--artifact',
    'model=s3://models/fraud/1.0.0/model.onnx',
    '--digest',
    `model=${DIGEST_A}`,
  ]);
  expect(register.stderr).toBe('');
  expect(register.code).toBe(0);
  return dir;
}

/** `modelreg validate --all` on the working tree: its exit code and its findings about `file`. */
async function validateFile(dir: string, file: string): Promise<{ code: number; findings: CliFinding[] }> {
  const result = await runCli(dir, ['validate', '--all', '--format', 'json']);
  const findings = (JSON.parse(result.stdout) as { findings: CliFinding[] }).findings.filter((f) => f.file === file);
  return { code: result.code, findings };
}

/** Distinct 1-based line:column positions, sorted, as validate prints them. */
function positions(items: readonly { line: number; column: number }[]): string[] {
  return [...new Set(items.map((p) => `${p.line}:${p.column}`))].sort();
}

function editorErrors(diagnostics: readonly Diagnostic[]): { line: number; column: number }[] {
  // LSP positions are 0-based; validate's are 1-based.
  return diagnostics
    .filter((d) => d.severity === 1)
    .map((d) => ({ line: d.range.start.line + 1, column: d.range.start.character + 1 }));
}

/** `text` with `from` replaced; throws when `from` is absent, so a case never silently tests the unedited file. */
function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the case expects ${JSON.stringify(from)} in:\n${text}`);
  return text.replace(from, to);
}

/** Line and column (0-based) `shift` characters after the end of `needle`'s first occurrence. */
function after(text: string, needle: string, shift = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${JSON.stringify(needle)} not found in:\n${text}`);
  const before = text.slice(0, offset + needle.length + shift).split('\n');
  return { line: before.length - 1, character: before.at(-1)!.length };
}

type Verdict = 'valid' | 'warning' | 'error';
interface Case {
  readonly name: string;
  readonly file: string;
  readonly change: (text: string) => string;
  /** What validate says: passes silently, passes with an UNKNOWN_KEY warning, or fails. */
  readonly verdict: Verdict;
  /** Words both the editor's and validate's message say. */
  readonly words?: string;
}

const CASES: Case[] = [
  { name: 'as registered', file: VERSION_FILE, change: (t) => t, verdict: 'valid' },
  {
    name: 'an unknown top-level key',
    file: VERSION_FILE,
    change: (t) => `${t}reviewed_by: carol\n`,
    verdict: 'warning',
  },
  {
    name: 'an unknown key inside an artifact',
    file: VERSION_FILE,
    change: (t) => edit(t, '    format: onnx\n', '    format: onnx\n    colour: blue\n'),
    verdict: 'warning',
  },
  {
    name: 'a wrong type (size: big)',
    file: VERSION_FILE,
    change: (t) => edit(t, '    format: onnx\n', '    format: onnx\n    size: big\n'),
    verdict: 'error',
  },
  {
    name: 'a stage registry.yaml does not declare',
    file: VERSION_FILE,
    change: (t) => edit(t, 'stage: development', 'stage: prod'),
    verdict: 'error',
  },
  {
    name: 'a bad digest',
    file: VERSION_FILE,
    change: (t) => edit(t, DIGEST_A, DIGEST_A.toUpperCase().replace('SHA256', 'sha256')),
    verdict: 'error',
    words: 'must be "sha256:" followed by 64 lowercase hex digits',
  },
  {
    name: 'a date without a time',
    file: VERSION_FILE,
    change: (t) => edit(t, 'created: 2026-03-01T12:00:00Z', 'created: 2026-03-01'),
    verdict: 'error',
    words: 'must be an ISO 8601 date-time',
  },
  {
    name: 'an unquoted version YAML reads as a number',
    file: VERSION_FILE,
    change: (t) => edit(t, 'version: 1.0.0', 'version: 1.0'),
    verdict: 'error',
  },
  {
    name: 'a missing required key',
    file: VERSION_FILE,
    change: (t) => edit(t, 'created_by: alice@example.com\n', ''),
    verdict: 'error',
  },
  {
    name: 'no artifacts at all',
    file: VERSION_FILE,
    change: (t) => `${t.slice(0, t.indexOf('artifacts:'))}artifacts: {}\n`,
    verdict: 'error',
  },
  {
    name: 'an artifact URI scheme registry.yaml does not allow',
    file: VERSION_FILE,
    change: (t) => edit(t, 's3://models', 'ftp://models'),
    verdict: 'error',
  },
  { name: 'a metric value .inf', file: VERSION_FILE, change: (t) => `${t}metrics:\n  auc: .inf\n`, verdict: 'error' },
  { name: 'a metric value -.inf', file: VERSION_FILE, change: (t) => `${t}metrics:\n  auc: -.inf\n`, verdict: 'error' },
  { name: 'tags that are not a list', file: VERSION_FILE, change: (t) => `${t}tags: candidate\n`, verdict: 'error' },
  {
    name: 'an undeclared extension',
    file: VERSION_FILE,
    change: (t) => `${t}extensions:\n  fairness:\n    parity: 0.9\n`,
    verdict: 'error',
  },
  { name: 'a __proto__ key', file: VERSION_FILE, change: (t) => `${t}"__proto__": x\n`, verdict: 'error' },
  { name: 'a duplicate key', file: VERSION_FILE, change: (t) => `${t}stage: staging\n`, verdict: 'error' },

  { name: 'as registered', file: MODEL_FILE, change: (t) => t, verdict: 'valid' },
  { name: 'an unknown key', file: MODEL_FILE, change: (t) => `${t}team: risk\n`, verdict: 'warning' },
  {
    name: 'an unknown key in a metric definition',
    file: MODEL_FILE,
    change: (t) => `${t}metrics:\n  auc:\n    goal: maximize\n    colour: blue\n`,
    verdict: 'warning',
  },
  {
    name: 'no owners',
    file: MODEL_FILE,
    change: (t) => edit(t, 'owners:\n  - alice\n', 'owners: []\n'),
    verdict: 'error',
  },
  {
    name: 'an owner that is no GitHub login',
    file: MODEL_FILE,
    change: (t) => edit(t, '  - alice\n', '  - "al ice"\n'),
    verdict: 'error',
    words: 'must be a GitHub user name (alice) or a team (@org/team)',
  },
  {
    name: 'acceptance for a stage registry.yaml does not declare',
    file: MODEL_FILE,
    change: (t) => `${t}acceptance:\n  prod:\n    require: [signature]\n`,
    verdict: 'error',
  },
  {
    name: 'a metric goal that is neither maximize nor minimize',
    file: MODEL_FILE,
    change: (t) => `${t}metrics:\n  auc:\n    goal: up\n`,
    verdict: 'error',
  },

  { name: 'as init wrote it', file: REGISTRY_FILE, change: (t) => t, verdict: 'valid' },
  { name: 'an unknown key', file: REGISTRY_FILE, change: (t) => `${t}owner: platform-team\n`, verdict: 'warning' },
  {
    name: 'an unknown key in a stage',
    file: REGISTRY_FILE,
    change: (t) => edit(t, '    approvals: 2\n', '    approvals: 2\n    colour: red\n'),
    verdict: 'warning',
  },
  {
    name: 'a wrong type (rollback_approvals: many)',
    file: REGISTRY_FILE,
    change: (t) => edit(t, 'rollback_approvals: 1', 'rollback_approvals: many'),
    verdict: 'error',
  },
  {
    name: 'a negative approval count',
    file: REGISTRY_FILE,
    change: (t) => edit(t, 'approvals: 2', 'approvals: -2'),
    verdict: 'error',
  },
  {
    name: 'a stage name with a capital letter',
    file: REGISTRY_FILE,
    change: (t) => edit(t, '  archived:\n    description', '  Archived:\n    description'),
    verdict: 'error',
    words: 'must be a lowercase stage name',
  },
  {
    name: 'a URI scheme that is no scheme',
    file: REGISTRY_FILE,
    change: (t) => edit(t, 'schemes: [s3,', 'schemes: [S3,'),
    verdict: 'error',
    words: 'must be a URI scheme such as s3',
  },
];

/**
 * What validate refuses and no JSON Schema can: the editor shows nothing
 * there. Pinned so a change in either tool is noticed and this list is kept true.
 */
const BEYOND_JSON_SCHEMA: (Case & { readonly code: string; readonly why: string })[] = [
  {
    name: 'an unquoted yes',
    file: VERSION_FILE,
    change: (t) => edit(t, 'created_by: alice@example.com', 'created_by: yes'),
    verdict: 'error',
    code: 'YAML_AMBIGUOUS_SCALAR',
    why: 'a schema sees the string "yes", not whether it was quoted; refusing the string would refuse the quoted "yes" validate accepts',
  },
  {
    name: 'a metric value .nan',
    file: VERSION_FILE,
    change: (t) => `${t}metrics:\n  auc: .nan\n`,
    verdict: 'error',
    code: 'SCHEMA_INVALID',
    why: 'NaN is no JSON value; every numeric keyword holds for it (each is "fail if a comparison is true")',
  },
  {
    name: 'a model name that is not its directory',
    file: MODEL_FILE,
    change: (t) => edit(t, 'name: fraud', 'name: other'),
    verdict: 'error',
    code: 'MODEL_NAME_MISMATCH',
    why: "a schema is shared by every model and cannot see the file's path",
  },
  {
    name: 'a transition to an undeclared stage',
    file: REGISTRY_FILE,
    change: (t) => edit(t, 'development: [staging, archived]', 'development: [staging, nowhere]'),
    verdict: 'error',
    code: 'POLICY_UNKNOWN_STAGE',
    why: 'values must name sibling keys; draft-7 has no such reference, and registry.schema.json cannot list the stages it is where new ones are declared',
  },
];

const CUSTOM_STAGES = ['candidate', 'challenger', 'champion', 'retired'];
const FAIRNESS_SCHEMA = JSON.stringify({
  type: 'object',
  required: ['parity'],
  properties: { parity: { type: 'number', description: 'Demographic parity ratio.' } },
});
const CUSTOM_POLICY = `# yaml-language-server: $schema=./schemas/registry.schema.json
name: custom
stages:
${CUSTOM_STAGES.map((stage) => `  ${stage}: {}\n`).join('')}artifacts:
  schemes: [s3]
extensions:
  fairness:
    schema: extensions/fairness.schema.json
    description: Fairness results.
`;

describe('yaml-language-server on a registry made by modelreg init and register', () => {
  let server: YamlLanguageServer;
  let dir: string;

  beforeAll(async () => {
    [server, dir] = await Promise.all([YamlLanguageServer.start(), registryWithVersion()]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** The file edited on disk (validate reads the working tree) and in the editor; the original text restored afterwards. */
  async function bothVerdicts(file: string, change: (text: string) => string) {
    const path = join(dir, file);
    const original = readFileSync(path, 'utf8');
    const text = change(original);
    writeFileSync(path, text);
    try {
      const cli = await validateFile(dir, file);
      const diagnostics = await server.open(path, text);
      await server.close(path);
      return { cli, diagnostics };
    } finally {
      writeFileSync(path, original);
    }
  }

  for (const testCase of CASES) {
    it(`${testCase.file}, ${testCase.name}: the editor shows an error exactly where validate reports one`, async () => {
      const { cli, diagnostics } = await bothVerdicts(testCase.file, testCase.change);
      const errors = cli.findings.filter((f) => f.severity === 'error');
      // The case is what it says it is, in validate's eyes.
      if (testCase.verdict === 'valid')
        expect({ code: cli.code, findings: cli.findings }).toEqual({ code: 0, findings: [] });
      if (testCase.verdict === 'warning')
        expect({ code: cli.code, findings: cli.findings.map((f) => `${f.severity} ${f.code}`) }).toEqual({
          code: 0,
          findings: ['warning UNKNOWN_KEY'],
        });
      if (testCase.verdict === 'error')
        expect({ code: cli.code, errors: errors.length > 0 }).toEqual({ code: 1, errors: true });

      expect({ editor: positions(editorErrors(diagnostics)), messages: diagnostics.map((d) => d.message) }).toEqual({
        editor: positions(errors),
        messages: testCase.verdict === 'error' ? expect.any(Array) : [],
      });
      // A pattern carries the contract's words: the editor shows them, not a regular expression.
      const regexMessages = diagnostics
        .map((d) => d.message)
        .filter((message) => message.includes('does not match the pattern'));
      expect(regexMessages).toEqual([]);
      if (testCase.words !== undefined) {
        expect({ cli: errors.map((f) => f.message), editor: diagnostics.map((d) => d.message) }).toEqual({
          cli: [expect.stringContaining(testCase.words)],
          editor: expect.arrayContaining([expect.stringContaining(testCase.words)]),
        });
      }
    });
  }

  for (const gap of BEYOND_JSON_SCHEMA) {
    it(`${gap.file}, ${gap.name}: validate's ${gap.code}, which JSON Schema cannot express (${gap.why})`, async () => {
      const { cli, diagnostics } = await bothVerdicts(gap.file, gap.change);
      expect({
        code: cli.code,
        findings: cli.findings.filter((f) => f.severity === 'error').map((f) => f.code),
      }).toEqual({ code: 1, findings: [gap.code] });
      expect(diagnostics).toEqual([]);
    });
  }

  it('hover on a property shows the description its schema gives it, in all three files', async () => {
    const schema = (name: string) =>
      JSON.parse(readFileSync(join(dir, 'schemas', name), 'utf8')) as {
        properties: Record<
          string,
          { description?: string; additionalProperties?: { properties: Record<string, { description?: string }> } }
        >;
      };
    const version = schema('version.schema.json');
    const model = schema('model.schema.json');
    const registry = schema('registry.schema.json');
    const probes = [
      {
        file: VERSION_FILE,
        extra: 'tags: [candidate]\n',
        key: '    digest',
        description: version.properties.artifacts!.additionalProperties!.properties.digest!.description,
      },
      {
        file: VERSION_FILE,
        extra: 'tags: [candidate]\n',
        key: 'created_by',
        description: version.properties.created_by!.description,
      },
      {
        file: VERSION_FILE,
        extra: 'tags: [candidate]\n',
        key: 'tags',
        description: version.properties.tags!.description,
      },
      { file: MODEL_FILE, extra: '', key: 'owners', description: model.properties.owners!.description },
      {
        file: REGISTRY_FILE,
        extra: '',
        key: 'rollback_approvals',
        description: registry.properties.rollback_approvals!.description,
      },
    ];
    for (const probe of probes) {
      expect(probe.description).toMatch(/\w/);
      const path = join(dir, probe.file);
      const text = readFileSync(path, 'utf8') + probe.extra;
      await server.open(path, text);
      // On the key's last character.
      const hover = await server.hover(path, after(text, `\n${probe.key}`, -1));
      await server.close(path);
      expect({ key: probe.key, hover }).toEqual({ key: probe.key, hover: expect.stringContaining(probe.description!) });
    }
  });
});

describe('yaml-language-server on a registry with its own stages, after modelreg schema --out schemas', () => {
  let server: YamlLanguageServer;
  let dir: string;

  beforeAll(async () => {
    [server, dir] = await Promise.all([
      YamlLanguageServer.start(),
      registryWithVersion({ [REGISTRY_FILE]: CUSTOM_POLICY, 'extensions/fairness.schema.json': FAIRNESS_SCHEMA }),
    ]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('completion at "stage: " offers exactly the stages of registry.yaml, in its order', async () => {
    const path = join(dir, VERSION_FILE);
    const text = edit(readFileSync(path, 'utf8'), 'stage: candidate', 'stage: ');
    await server.open(path, text);
    const items = await server.completion(path, after(text, 'stage: '));
    await server.close(path);
    expect(items.map((item) => item.label)).toEqual(CUSTOM_STAGES);
  });

  it("an extension's data is checked by the schema registry.yaml names for it, where validate checks it", async () => {
    const path = join(dir, VERSION_FILE);
    const original = readFileSync(path, 'utf8');
    for (const [data, verdict] of [
      ['parity: 0.9', 0],
      ['parity: high', 1],
    ] as const) {
      const text = `${original}extensions:\n  fairness:\n    ${data}\n`;
      writeFileSync(path, text);
      const cli = await validateFile(dir, VERSION_FILE);
      const diagnostics = await server.open(path, text);
      await server.close(path);
      expect({ data, code: cli.code, editor: positions(editorErrors(diagnostics)) }).toEqual({
        data,
        code: verdict,
        editor: positions(cli.findings.filter((f) => f.severity === 'error')),
      });
    }
    writeFileSync(path, original);
  });
});
