/**
 * Properties of every edit modelreg makes to registry files: a stage change
 * (promote, rollback) and a deprecation block (deprecate) change only the
 * intended lines, keep comments and unknown keys, and re-parse to the
 * intended value; a file register renders re-parses to the entry it was
 * rendered from and passes the file checks.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAlias, parse, parseDocument, stringify, visit, type Node } from 'yaml';
import { parseModelFile, parseVersionFile } from '../src/contract/entry-files.js';
import { modelSchema } from '../src/contract/model-schema.js';
import { versionSchema } from '../src/contract/version-schema.js';
import { isUserError } from '../src/domain/errors.js';
import { renderModelFile, renderVersionFile } from '../src/lifecycle/render-entry.js';
import { appendTopLevelBlock, setScalar, YamlEditError } from '../src/yaml/edit-yaml.js';
import { anyData, modelValue, renderStyled, STAGES, trickyText, versionValue } from './helpers/arbitraries.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { createRepo, git } from './helpers/temp-repo.js';

const SEED = Number(process.env.FC_SEED ?? 20261130);

/** Shapes of the same document that people write and the renderer does not: indented, ended, CRLF. */
type Layout = 'as-rendered' | 'indented' | 'document-end' | 'crlf' | 'no-final-newline';
const layout = fc.constantFrom<Layout>(
  'as-rendered',
  'as-rendered',
  'indented',
  'document-end',
  'crlf',
  'no-final-newline',
);

function applyLayout(text: string, how: Layout): string {
  switch (how) {
    case 'as-rendered':
      return text;
    case 'indented':
      // Every line two columns further in: the same document with an indented top-level mapping.
      return text.replace(/^(?=.)/gm, '  ');
    case 'document-end':
      return `${text}...\n# after the document\n`;
    case 'crlf':
      return text.replace(/\n/g, '\r\n');
    case 'no-final-newline':
      return text.replace(/\n$/, '');
  }
}

/** A version file as a person might have written it, with its stage some valid stage name. */
const versionText = fc
  .tuple(
    versionValue('1.0.0'),
    fc.constantFrom(...STAGES),
    fc.constantFrom('none', 'before', 'after'),
    fc.noBias(fc.integer()),
    layout,
  )
  .map(([{ deprecation, ...value }, stage, copy, seed, how]) => {
    // A copy of the stage before or after it lets the renderer write the stage as an alias, or anchor it for one.
    const withStage = {
      ...(copy === 'before' ? { 'x-first-stage': stage } : {}),
      ...value,
      stage,
      ...(copy === 'after' ? { 'x-previous': { stage } } : {}),
      ...(seed % 2 === 0 && deprecation ? { deprecation } : {}),
    };
    return { value: withStage, text: applyLayout(renderStyled(withStage, seed), how), how };
  })
  // The yaml package's printer writes invalid YAML for some comment and block-scalar combinations: edits start from valid files.
  .filter(({ value, text }) => {
    const doc = parseDocument(text);
    return doc.errors.length === 0 && JSON.stringify(doc.toJS()) === JSON.stringify(value);
  });

const plainValue = (text: string) => parse(text, { logLevel: 'error' }) as Record<string, unknown>;

function lines(text: string): string[] {
  return text.split('\n');
}

/** Lines of `before` that `after` no longer has at the same place, counting from both ends. */
function changedLineRange(before: string, after: string): { first: number; lastFromEnd: number } {
  const a = lines(before);
  const b = lines(after);
  let first = 0;
  while (first < a.length && first < b.length && a[first] === b[first]) first++;
  let fromEnd = 0;
  while (
    fromEnd < a.length - first &&
    fromEnd < b.length - first &&
    a[a.length - 1 - fromEnd] === b[b.length - 1 - fromEnd]
  )
    fromEnd++;
  return { first, lastFromEnd: a.length - 1 - fromEnd };
}

/** True when an alias elsewhere in the document refers to the anchor on `node`. */
function anchorIsUsed(text: string, path: string[]): boolean {
  const doc = parseDocument(text);
  const node = doc.getIn(path, true) as Node | undefined;
  const anchor = node && !isAlias(node) ? node.anchor : undefined;
  if (!anchor) return false;
  let used = false;
  visit(doc, {
    Alias(_key, alias) {
      if (alias.source === anchor) used = true;
    },
  });
  return used;
}

/** How the new stage must be written where `node` (source `old`) was: same quotes, same block header. */
function expectedSource(node: Node, old: string, stage: string): string {
  if (isAlias(node)) return stage;
  switch ((node as { type?: string }).type) {
    case 'QUOTE_DOUBLE':
      return JSON.stringify(stage);
    case 'QUOTE_SINGLE':
      return `'${stage}'`;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED': {
      const [header, ...body] = old.split('\n');
      const indent = /^[ ]*/.exec(body.find((line) => line.trim() !== '')!)![0];
      const lineEnd = old.endsWith('\r\n') ? '\r\n' : old.endsWith('\n') ? '\n' : '';
      return `${header!.replace(/^([|>])[-+]?([1-9]?)[-+]?/, '$1$2-')}\n${indent}${stage}${lineEnd}`;
    }
    default:
      return stage;
  }
}

describe('setScalar (promote, rollback): a stage change', () => {
  it("changes only the stage value's lines, keeps the rest byte for byte, and re-parses to the new stage", () => {
    fc.assert(
      fc.property(versionText, fc.constantFrom(...STAGES, 'champion', 'x_1-b'), ({ text }, stage) => {
        let edited: string;
        try {
          edited = setScalar(text, ['stage'], stage);
        } catch (error) {
          // The one refusal allowed on a valid file: its stage carries an anchor other values use.
          if (error instanceof YamlEditError && anchorIsUsed(text, ['stage'])) {
            expect(isUserError(error)).toBe(true);
            return;
          }
          throw error;
        }
        expect(plainValue(edited)).toEqual({ ...plainValue(text), stage });

        const doc = parseDocument(text);
        const node = doc.getIn(['stage'], true) as Node;
        const [start, valueEnd] = node.range!;
        const startLine = lines(text.slice(0, start)).length - 1;
        const endLine = lines(text.slice(0, Math.max(start, valueEnd - 1))).length - 1;
        const { first, lastFromEnd } = changedLineRange(text, edited);
        if (edited !== text) {
          expect(first).toBeGreaterThanOrEqual(startLine);
          expect(lastFromEnd).toBeLessThanOrEqual(endLine);
        }
        // Everything before the value and after it (a comment on its line, a comma) survives byte for byte,
        // and the value itself is written in the style it had (an alias gives way to a plain value).
        expect(edited.startsWith(text.slice(0, start))).toBe(true);
        expect(edited.endsWith(text.slice(valueEnd))).toBe(true);
        const written = edited.slice(start, edited.length - (text.length - valueEnd));
        expect(written).toBe(expectedSource(node, text.slice(start, valueEnd), stage));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

const deprecationBlock = fc
  .record(
    {
      reason: trickyText.filter((r) => r.trim() !== ''),
      end_of_life: fc.constantFrom('2027-01-31', '2027-01-31T00:00:00Z'),
      replaced_by: fc.constant('2.0.0'),
    },
    { requiredKeys: ['reason'] },
  )
  .map((block) => stringify(block, { lineWidth: 0 }));

describe('appendTopLevelBlock (deprecate): a new top-level block', () => {
  it('keeps every existing line and re-parses to the file plus the block', () => {
    fc.assert(
      fc.property(versionText, deprecationBlock, ({ value, text }, block) => {
        fc.pre(!('deprecation' in value));
        let edited: string;
        try {
          edited = appendTopLevelBlock(text, 'deprecation', block);
        } catch (error) {
          // A top-level flow mapping ({…}) cannot take a block below it: refused, as a user error.
          if (error instanceof YamlEditError && (parseDocument(text).contents as { flow?: boolean } | null)?.flow) {
            expect(isUserError(error)).toBe(true);
            return;
          }
          throw error;
        }
        expect(plainValue(edited)).toEqual({ ...plainValue(text), deprecation: plainValue(block) });
        const { first, lastFromEnd } = changedLineRange(text, edited);
        // Only lines added: nothing before the insertion point changed, and only an end marker or
        // a missing final newline may move.
        expect(lastFromEnd).toBeLessThan(first);
      }),
      { seed: SEED + 1, numRuns: 200 },
    );
  });
});

/**
 * Characters the file checks refuse in any value (CONTROL_CHARACTER): register refuses such input, rightly, so the
 * properties about what register writes leave them out.
 */
const REFUSED_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
const acceptedText = trickyText.filter((text) => !REFUSED_CHARACTERS.test(text));
const withoutRefusedCharacters = (value: unknown) => !textsIn(value).some((text) => REFUSED_CHARACTERS.test(text));

/** Every key and string value inside `value`. */
function textsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...textsIn(inner)]);
}

/** Version entries register could write: valid against the schema, with hostile text where text is free. */
const registeredVersion = fc
  .record(
    {
      description: acceptedText,
      metrics: fc.dictionary(
        fc.constantFrom('auc', 'f1', 'latency_ms', 'loss.val'),
        fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()),
      ),
      params: fc.dictionary(acceptedText, anyData, { maxKeys: 4 }),
      tags: fc.array(acceptedText, { maxLength: 3 }),
      lineage: fc.record(
        {
          parent: fc.constant('0.9.0'),
          code: fc.record({
            repo: acceptedText.filter((r) => r.length > 0),
            commit: fc.constantFrom('0'.repeat(40), '1234567890'.repeat(4)),
          }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  )
  .map((optional) => ({
    version: '1.0.0',
    stage: 'development',
    created: '2026-03-01T12:00:00Z',
    created_by: 'Test User <test@example.com>',
    artifacts: { model: { uri: 's3://models/fraud/1.0.0/model.onnx', digest: `sha256:${'a'.repeat(64)}`, size: 1234 } },
    ...optional,
  }));

describe('register: rendered entries', () => {
  const validVersion = registeredVersion
    .filter(withoutRefusedCharacters)
    .map((entry) => versionSchema.safeParse(entry))
    .filter((r) => r.success)
    .map((r) => r.data!);
  const validModel = modelValue('fraud')
    .filter(withoutRefusedCharacters)
    .map((value) => modelSchema.safeParse(value))
    .filter((r) => r.success)
    .map((r) => r.data!);
  const problems = (file: {
    findings: readonly { severity: string; code: string; line: number; column: number; message: string }[];
  }) => file.findings.filter((f) => f.severity !== 'info').map((f) => `${f.code} ${f.line}:${f.column} ${f.message}`);

  it('a version file re-parses to the entry it was rendered from', () => {
    fc.assert(
      fc.property(validVersion, (entry) => {
        expect(parse(renderVersionFile(entry))).toEqual(entry);
      }),
      { seed: SEED + 2, numRuns: 300 },
    );
  });

  it('a rendered version file passes the file checks validate applies to it', () => {
    fc.assert(
      fc.property(validVersion, (entry) => {
        const file = parseVersionFile(
          'models/fraud/versions/1.0.0.yaml',
          'id',
          Buffer.from(renderVersionFile(entry)),
          '1.0.0',
        );
        expect(problems(file)).toEqual([]);
      }),
      { seed: SEED + 3, numRuns: 300 },
    );
  });

  it('a model file re-parses to its entry and passes the file checks', () => {
    fc.assert(
      fc.property(validModel, (entry) => {
        const text = renderModelFile(entry);
        expect(parse(text)).toEqual(entry);
        expect(problems(parseModelFile('models/fraud/model.yaml', 'id', Buffer.from(text), 'fraud'))).toEqual([]);
      }),
      { seed: SEED + 4, numRuns: 200 },
    );
  });
});

describe('regressions the properties found', () => {
  it('setScalar keeps a block scalar a block scalar, its header comment included', () => {
    expect(setScalar('stage: |- # why\n  staging\nx: 1\n', ['stage'], 'production')).toBe(
      'stage: |- # why\n  production\nx: 1\n',
    );
    // Clip chomping would make the value "production\n": strip it.
    expect(setScalar('stage: >\n    staging\n\nx: 1\n', ['stage'], 'production')).toBe(
      'stage: >-\n    production\n\nx: 1\n',
    );
  });

  it('setScalar replaces an alias and leaves its anchor alone', () => {
    expect(setScalar('first: &s staging\nstage: *s\n', ['stage'], 'production')).toBe(
      'first: &s staging\nstage: production\n',
    );
  });

  it('setScalar refuses, as a user error, a value whose anchor other values use', () => {
    expect(setScalar('stage: &s staging\n', ['stage'], 'production')).toBe('stage: &s production\n');
    const refusal = (() => {
      try {
        setScalar('stage: &s staging\nprevious: *s\n', ['stage'], 'production');
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(YamlEditError);
    expect(isUserError(refusal) && refusal.code).toBe('UNEDITABLE_ENTRY');
  });

  it('appendTopLevelBlock writes at the indentation of an indented top-level mapping', () => {
    expect(appendTopLevelBlock('  version: 1.0.0\n  stage: staging\n', 'deprecation', 'reason: x')).toBe(
      '  version: 1.0.0\n  stage: staging\n  deprecation:\n    reason: x\n',
    );
    expect(appendTopLevelBlock('&v version: 1.0.0\n', 'deprecation', 'reason: x')).toBe(
      '&v version: 1.0.0\ndeprecation:\n  reason: x\n',
    );
  });

  it("appendTopLevelBlock writes before a document end marker, and with the file's line ends", () => {
    expect(appendTopLevelBlock('version: 1.0.0\n...\n# end\n', 'deprecation', 'reason: x')).toBe(
      'version: 1.0.0\ndeprecation:\n  reason: x\n...\n# end\n',
    );
    expect(appendTopLevelBlock('version: 1.0.0\r\n', 'deprecation', 'reason: x')).toBe(
      'version: 1.0.0\r\ndeprecation:\r\n  reason: x\r\n',
    );
  });

  it("appendTopLevelBlock keeps whitespace that ends the block's last value (a full-width space)", () => {
    const block = stringify({ reason: '理由\u3000' });
    expect(plainValue(appendTopLevelBlock('version: 1.0.0\n', 'deprecation', block))).toEqual({
      version: '1.0.0',
      deprecation: { reason: '理由\u3000' },
    });
  });

  it('appendTopLevelBlock refuses, as a user error, what a block cannot follow', () => {
    expect(() => appendTopLevelBlock('{version: 1.0.0, stage: staging}\n', 'deprecation', 'reason: x')).toThrow(
      /flow-style/,
    );
    // A line break after `|` at the end of the file would become part of the value.
    expect(() => appendTopLevelBlock('description: |\n  text', 'deprecation', 'reason: x')).toThrow(/line break/);
    expect(appendTopLevelBlock('description: |-\n  text', 'deprecation', 'reason: x')).toBe(
      'description: |-\n  text\ndeprecation:\n  reason: x\n',
    );
  });
});

describe('regressions, end to end through the CLI', () => {
  const policy = templatePolicy();
  const model = modelYaml('fraud');

  it('register writes what YAML 1.1 readers read alike, so its own check passes (it refused its own file)', async () => {
    const dir = createRepo({ 'registry.yaml': policy });
    // Written the way both YAML versions read as a number; register's YAML writer would drop the ".0".
    writeFileSync(join(dir, 'metrics.yaml'), 'auc: 1.0e-7\n"n": 3\n');
    writeFileSync(join(dir, 'params.json'), JSON.stringify({ yes: 'no', '0755': 1 }));
    const result = await runCli(dir, [
      'register',
      'fraud',
      '--version',
      '1.0.0',
      '--owner',
      'alice',
      '--artifact',
      'model=s3://m/a.onnx',
      '--digest',
      `model=sha256:${'a'.repeat(64)}`,
      '--metrics',
      'metrics.yaml',
      '--params',
      'params.json',
      '--description',
      'off',
      '--tag',
      'on',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const written = readFileSync(join(dir, versionPath('fraud', '1.0.0')), 'utf8');
    for (const line of ['description: "off"', '  auc: 1.0e-7', '  "n": 3', '  "yes": "no"', '  "0755": 1', '  - "on"'])
      expect(written).toContain(`${line}\n`);
  });

  it('promote changes a block-scalar stage in place (it wrote invalid YAML and was refused)', async () => {
    const version = versionYaml('1.0.0').replace(
      'stage: development\n',
      'stage: >- # set by the training job\n  development\n',
    );
    const dir = createRepo({
      'registry.yaml': policy,
      'models/fraud/model.yaml': model,
      [versionPath('fraud', '1.0.0')]: version,
    });
    const result = await runCli(dir, ['promote', 'fraud@1.0.0', '--to', 'staging', '--here']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, versionPath('fraud', '1.0.0')), 'utf8')).toBe(
      version.replace('  development\n', '  staging\n'),
    );
    expect(git(dir, 'diff', '--numstat', 'HEAD~1', 'HEAD')).toBe(`1\t1\t${versionPath('fraud', '1.0.0')}`);
  });

  it('deprecate adds its block to an indented file (it wrote invalid YAML and was refused)', async () => {
    const version = versionYaml('1.0.0').replace(/^/gm, '  ').trimEnd() + '\n';
    const dir = createRepo({
      'registry.yaml': policy,
      'models/fraud/model.yaml': model,
      [versionPath('fraud', '1.0.0')]: version,
    });
    const result = await runCli(dir, ['deprecate', 'fraud@1.0.0', '--reason', 'label leak', '--here']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, versionPath('fraud', '1.0.0')), 'utf8')).toBe(
      `${version}  deprecation:\n    reason: label leak\n`,
    );
  });

  it('promote refuses a stage whose anchor other values use, saying why, and writes nothing', async () => {
    const version =
      versionYaml('1.0.0').replace('stage: development\n', 'stage: &initial development\n') +
      'x-first-stage: *initial\n';
    const dir = createRepo({
      'registry.yaml': policy,
      'models/fraud/model.yaml': model,
      [versionPath('fraud', '1.0.0')]: version,
    });
    const head = git(dir, 'rev-parse', 'HEAD');
    const result = await runCli(dir, ['promote', 'fraud@1.0.0', '--to', 'staging', '--here']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/anchor &initial/);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});
