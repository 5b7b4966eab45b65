import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIGEST_A, modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git, emptyRepo, tempDir } from './helpers/temp-repo.js';

/** A registry made by `modelreg init`, with a repo-local identity. */
async function initRegistry(): Promise<string> {
  const dir = emptyRepo();
  const result = await runCli(dir, ['init']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return dir;
}

function artifactFile(dir: string, content = 'weights'): string {
  const path = join(dir, '..', 'model.onnx');
  writeFileSync(path, content);
  return path;
}

function snapshot(dir: string) {
  return { head: git(dir, 'rev-parse', 'HEAD'), status: git(dir, 'status', '--porcelain', '--untracked-files=all') };
}

describe('modelreg init', () => {
  it('creates a committed registry from the template', async () => {
    const dir = await initRegistry();
    expect(git(dir, 'log', '--format=%s')).toBe('init: modelreg registry');
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(git(dir, 'ls-files').split('\n')).toEqual([
      '.github/CODEOWNERS',
      '.github/workflows/catalog.yml',
      '.github/workflows/guard.yml',
      '.github/workflows/modelreg.yml',
      '.github/workflows/promote-to-registry.yml',
      '.github/workflows/promote.yml',
      '.github/workflows/rollback.yml',
      'README.md',
      'registry.yaml',
      'schemas/model.schema.json',
      'schemas/registry.schema.json',
      'schemas/version.schema.json',
    ]);
    expect(git(dir, 'fsck', '--strict')).toBe('');
    const validate = await runCli(dir, ['validate', '--all']);
    expect(validate.code).toBe(0);
  });

  it('creates the directory and repository when they do not exist', async () => {
    const dir = join(tempDir(), 'new', 'registry');
    process.env.GIT_AUTHOR_NAME = 'Bob';
    process.env.GIT_AUTHOR_EMAIL = 'bob@example.com';
    try {
      const result = await runCli(tempDir(), ['init', dir]);
      expect(result.code).toBe(0);
    } finally {
      delete process.env.GIT_AUTHOR_NAME;
      delete process.env.GIT_AUTHOR_EMAIL;
    }
    expect(git(dir, 'log', '--format=%an <%ae>')).toBe('Bob <bob@example.com>');
    expect(git(dir, 'branch', '--show-current')).toBe('main');
  });

  it('refuses to overwrite an existing registry, and changes nothing', async () => {
    const dir = await initRegistry();
    const before = snapshot(dir);
    const result = await runCli(dir, ['init']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('already contains a registry');
    expect(result.stderr).toContain('hint:');
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a non-empty directory that is not a repository', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const result = await runCli(dir, ['init']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not empty');
    expect(existsSync(join(dir, 'registry.yaml'))).toBe(false);
  });

  it('says how to set an identity when git has none', async () => {
    const dir = join(tempDir(), 'r');
    const result = await runCli(tempDir(), ['init', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('git config');
  });
});

describe('modelreg register', () => {
  it('registers a new model with a computed digest and commits exactly its files', async () => {
    const dir = await initRegistry();
    const metrics = join(dir, '..', 'metrics.json');
    writeFileSync(metrics, '{"auc": 0.91}');
    const result = await runCli(dir, [
      'register',
      'fraud',
      '--version',
      '1.0.0',
      '--owner',
      'alice',
      '--owner',
      '@acme/ml',
      '--artifact',
      'model=s3://models/fraud/1.0.0/model.onnx',
      '--file',
      `model=${artifactFile(dir)}`,
      '--metrics',
      metrics,
      '--description',
      'first',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('registered fraud@1.0.0 in development (new model)');
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(git(dir, 'show', '--name-only', '--format=', 'HEAD').split('\n')).toEqual([
      'models/fraud/model.yaml',
      'models/fraud/versions/1.0.0.yaml',
    ]);
    const message = git(dir, 'log', '-1', '--format=%B');
    expect(message).toContain('register(fraud): 1.0.0 in development');
    expect(message).toContain(
      'Modelreg-Action: register\nModelreg-Model: fraud\nModelreg-Version: 1.0.0\nModelreg-To: development',
    );
    const text = readFileSync(join(dir, 'models/fraud/versions/1.0.0.yaml'), 'utf8');
    // sha256 of "weights", from sha256sum
    expect(text).toContain('digest: sha256:9a129038d9a00aed0cf6a7ea059ca50a813449061ab87848cf1a13eafdf33b2c');
    expect(text).toContain('size: 7');
    expect(text).toContain('created: 2026-03-01T12:00:00Z');
    expect(text).toContain('created_by: alice@example.com');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../../schemas/version.schema.json');
    expect(git(dir, 'fsck', '--strict')).toBe('');
    const validate = await runCli(dir, ['validate', '--base', 'HEAD~1', '--head', 'HEAD']);
    expect(validate.code).toBe(0);
  });

  it('bumps from the highest registered version', async () => {
    const dir = await initRegistry();
    const file = artifactFile(dir);
    await runCli(dir, [
      'register',
      'fraud',
      '--version',
      '1.4.2',
      '--owner',
      'alice',
      '--artifact',
      'model=s3://m/a.onnx',
      '--file',
      `model=${file}`,
    ]);
    const minor = await runCli(dir, [
      'register',
      'fraud',
      '--bump',
      'minor',
      '--artifact',
      'model=s3://m/b.onnx',
      '--digest',
      `model=${DIGEST_A}`,
      '--parent',
      '1.4.2',
    ]);
    expect(minor.stdout).toContain('fraud@1.5.0');
    const list = await runCli(dir, ['list', '--json']);
    expect(JSON.parse(list.stdout).map((v: { version: string }) => v.version)).toEqual(['1.4.2', '1.5.0']);
  });

  it('writes without committing with --no-commit', async () => {
    const dir = await initRegistry();
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
      `model=${DIGEST_A}`,
      '--no-commit',
    ]);
    expect(result.code).toBe(0);
    expect(git(dir, 'log', '--format=%s')).toBe('init: modelreg registry');
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe(
      '?? models/fraud/model.yaml\n?? models/fraud/versions/1.0.0.yaml',
    );
    const validate = await runCli(dir, ['validate']);
    expect(validate.code).toBe(0);
  });

  const badInputs: [string, (dir: string) => string[], number, RegExp][] = [
    // Without --digest or --file the digest is read from the store (test/pull-verify.test.ts); here no store reads hf://.
    [
      'an artifact without digest or file that no store reads',
      () => ['--version', '1.0.0', '--owner', 'a', '--artifact', 'model=hf://m/a.onnx'],
      2,
      /ARTIFACT_STORE_UNSUPPORTED/,
    ],
    [
      'a digest that does not match the file',
      (dir) => [
        '--version',
        '1.0.0',
        '--owner',
        'a',
        '--artifact',
        'model=s3://m/a.onnx',
        '--digest',
        `model=${DIGEST_A}`,
        '--file',
        `model=${artifactFile(dir)}`,
      ],
      2,
      /does not match/,
    ],
    [
      'a new model without --owner',
      () => ['--version', '1.0.0', '--artifact', 'model=s3://m/a.onnx', '--digest', `model=${DIGEST_A}`],
      2,
      /needs owners/,
    ],
    [
      'a version that is not semver',
      () => ['--version', 'v1', '--owner', 'a', '--artifact', 'model=s3://m/a.onnx', '--digest', `model=${DIGEST_A}`],
      2,
      /not a semantic version/,
    ],
    [
      'both --version and --bump',
      () => [
        '--version',
        '1.0.0',
        '--bump',
        'minor',
        '--owner',
        'a',
        '--artifact',
        'model=s3://m/a.onnx',
        '--digest',
        `model=${DIGEST_A}`,
      ],
      2,
      /exactly one of --version and --bump/,
    ],
    [
      'a malformed --artifact',
      () => ['--version', '1.0.0', '--owner', 'a', '--artifact', 's3://m/a.onnx'],
      2,
      /<role>=<value>/,
    ],
    [
      'a stage a new version may not start in',
      () => [
        '--version',
        '1.0.0',
        '--owner',
        'a',
        '--artifact',
        'model=s3://m/a.onnx',
        '--digest',
        `model=${DIGEST_A}`,
        '--stage',
        'production',
      ],
      1,
      /STAGE_NOT_INITIAL/,
    ],
    [
      'an artifact scheme the registry does not allow',
      () => [
        '--version',
        '1.0.0',
        '--owner',
        'a',
        '--artifact',
        'model=ftp://m/a.onnx',
        '--digest',
        `model=${DIGEST_A}`,
      ],
      1,
      /ARTIFACT_SCHEME_NOT_ALLOWED/,
    ],
    [
      'a parent that does not exist',
      () => [
        '--version',
        '1.0.0',
        '--owner',
        'a',
        '--artifact',
        'model=s3://m/a.onnx',
        '--digest',
        `model=${DIGEST_A}`,
        '--parent',
        '0.9.0',
      ],
      1,
      /LINEAGE_PARENT_MISSING/,
    ],
    [
      'a missing artifact file',
      () => [
        '--version',
        '1.0.0',
        '--owner',
        'a',
        '--artifact',
        'model=s3://m/a.onnx',
        '--file',
        'model=/nonexistent/x.onnx',
      ],
      2,
      /not a readable file/,
    ],
  ];

  for (const [what, args, code, message] of badInputs) {
    it(`refuses ${what} with a clear message and writes nothing`, async () => {
      const dir = await initRegistry();
      const before = snapshot(dir);
      const result = await runCli(dir, ['register', 'fraud', ...args(dir)]);
      expect(result.code).toBe(code);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/hint:/);
      expect(snapshot(dir)).toEqual(before);
    });
  }

  it('refuses model names that are path tricks and writes nothing', async () => {
    const dir = await initRegistry();
    const before = snapshot(dir);
    for (const name of ['../evil', 'models/../../x', '/abs', 'a..b', '.hidden']) {
      const result = await runCli(dir, [
        'register',
        name,
        '--version',
        '1.0.0',
        '--owner',
        'a',
        '--artifact',
        'model=s3://m/a.onnx',
        '--digest',
        `model=${DIGEST_A}`,
      ]);
      expect({ name, code: result.code }).toEqual({ name, code: 2 });
      expect(result.stderr).toContain('is not a valid model name');
    }
    expect((await runCli(dir, ['list', '--model', '../..'])).stderr).toContain('is not a valid model name');
    expect(snapshot(dir)).toEqual(before);
    expect(existsSync(join(dir, '..', 'evil'))).toBe(false);
  });

  it('points at the line of a bad metrics file and writes nothing', async () => {
    const dir = await initRegistry();
    const metrics = join(dir, '..', 'metrics.yaml');
    writeFileSync(metrics, 'auc: 0.9\nf1: high\n');
    const before = snapshot(dir);
    const result = await runCli(dir, [
      'register',
      'fraud',
      '--version',
      '1.0.0',
      '--owner',
      'a',
      '--artifact',
      'model=s3://m/a.onnx',
      '--digest',
      `model=${DIGEST_A}`,
      '--metrics',
      metrics,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${metrics}:2:5: error SCHEMA_INVALID`);
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses to register an existing version', async () => {
    const dir = await initRegistry();
    const args = [
      'register',
      'fraud',
      '--version',
      '1.0.0',
      '--owner',
      'a',
      '--artifact',
      'model=s3://m/a.onnx',
      '--digest',
      `model=${DIGEST_A}`,
    ];
    expect((await runCli(dir, args)).code).toBe(0);
    const before = snapshot(dir);
    const again = await runCli(dir, [
      'register',
      'fraud',
      '--version',
      '1.0.0',
      '--artifact',
      'model=s3://m/a.onnx',
      '--digest',
      `model=${DIGEST_A}`,
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already registered');
    expect(again.stderr).toContain('--bump patch (→ 1.0.1)');
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses to overwrite an uncommitted file and to commit on a detached HEAD', async () => {
    const dir = await initRegistry();
    mkdirSync(join(dir, 'models/fraud/versions'), { recursive: true });
    writeFileSync(join(dir, 'models/fraud/versions/1.0.0.yaml'), 'draft: true\n');
    const args = [
      'register',
      'fraud',
      '--version',
      '1.0.0',
      '--owner',
      'a',
      '--artifact',
      'model=s3://m/a.onnx',
      '--digest',
      `model=${DIGEST_A}`,
    ];
    const conflict = await runCli(dir, args);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toContain('uncommitted changes in models/fraud/versions/1.0.0.yaml');
    expect(readFileSync(join(dir, 'models/fraud/versions/1.0.0.yaml'), 'utf8')).toBe('draft: true\n');

    git(dir, 'clean', '-fdq');
    git(dir, 'checkout', '-q', '--detach');
    const detached = await runCli(dir, args);
    expect(detached.code).toBe(2);
    expect(detached.stderr).toContain('HEAD is detached');
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });
});

describe('reading: list, show, resolve', () => {
  function registry(): string {
    return createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud', 'description: Card fraud\n'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'archived', metrics: { auc: 0.9 } }),
      [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'production', metrics: { auc: 0.93 } }),
      [versionPath('fraud', '1.2.0')]: versionYaml('1.2.0', { stage: 'staging' }),
      [versionPath('fraud', '1.3.0')]: versionYaml('1.3.0', { stage: 'staging' }),
      'models/churn/model.yaml': modelYaml('churn'),
      [versionPath('churn', '0.1.0')]: versionYaml('0.1.0'),
    });
  }

  it('resolves model@stage for a deploy job as JSON', async () => {
    const dir = registry();
    const result = await runCli(dir, ['resolve', 'fraud@production', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      model: 'fraud',
      version: '1.1.0',
      stage: 'production',
      artifacts: { model: { uri: 's3://models/fraud/1.1.0/model.onnx', digest: DIGEST_A } },
    });
  });

  it('resolves model@version and a non-exclusive stage with several holders', async () => {
    const dir = registry();
    expect(JSON.parse((await runCli(dir, ['resolve', 'fraud@1.0.0', '--json'])).stdout).stage).toBe('archived');
    const staging = await runCli(dir, ['resolve', 'fraud@staging', '--json']);
    expect(JSON.parse(staging.stdout).version).toBe('1.3.0');
    expect(staging.stderr).toContain('also held by 1.2.0');
  });

  it('exits 1 with a clear message when nothing holds the stage', async () => {
    const dir = registry();
    const result = await runCli(dir, ['resolve', 'churn@production']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('no version of churn is in production');
  });

  it('explains unknown models, versions, stages and malformed references', async () => {
    const dir = registry();
    const cases: [string, number, string][] = [
      ['frau@production', 1, 'model "frau" does not exist'],
      ['fraud@9.9.9', 1, 'Registered versions of fraud: 1.0.0, 1.1.0, 1.2.0, 1.3.0'],
      ['fraud@canary', 2, 'Stages of this registry: development, staging, production, archived'],
      ['fraud', 2, 'names a model but no version or stage'],
      ['Fraud@production', 2, 'not a valid model name'],
    ];
    for (const [reference, code, message] of cases) {
      const result = await runCli(dir, ['resolve', reference]);
      expect({ reference, code: result.code }).toEqual({ reference, code });
      expect(result.stderr).toContain(message);
    }
  });

  it('lists with filters, as a table and as JSON', async () => {
    const dir = registry();
    const table = await runCli(dir, ['list', '--stage', 'staging']);
    expect(
      table.stdout
        .split('\n')
        .slice(0, 3)
        .map((l) => l.split(/\s+/).slice(0, 3).join(' ')),
    ).toEqual(['MODEL VERSION STAGE', 'fraud 1.2.0 staging', 'fraud 1.3.0 staging']);
    const json = JSON.parse((await runCli(dir, ['list', '--model', 'churn', '--json'])).stdout);
    expect(json).toEqual([expect.objectContaining({ model: 'churn', version: '0.1.0', stage: 'development' })]);
  });

  it('shows a model with its stage holders, and one version', async () => {
    const dir = registry();
    const model = await runCli(dir, ['show', 'fraud']);
    expect(model.stdout).toContain('fraud — Card fraud');
    expect(model.stdout).toContain('  staging: 1.3.0, 1.2.0\n  production: 1.1.0\n');
    const version = await runCli(dir, ['show', 'fraud@production', '--json']);
    expect(JSON.parse(version.stdout)).toMatchObject({ model: 'fraud', version: '1.1.0', metrics: { auc: 0.93 } });
  });

  it('reads the committed state at --at, not uncommitted edits', async () => {
    const dir = registry();
    commit(dir, { [versionPath('fraud', '1.3.0')]: versionYaml('1.3.0', { stage: 'archived' }) });
    writeFileSync(join(dir, 'registry.yaml'), 'garbage: [\n');
    const now = await runCli(dir, ['resolve', 'fraud@staging', '--json']);
    expect(JSON.parse(now.stdout).version).toBe('1.2.0');
    const before = await runCli(dir, ['resolve', 'fraud@staging', '--json', '--at', 'HEAD~1']);
    expect(JSON.parse(before.stdout).version).toBe('1.3.0');
  });

  it('refuses to guess when a version file of the model is invalid', async () => {
    const dir = registry();
    commit(dir, { [versionPath('fraud', '1.2.0')]: 'version: 1.2.0\nstage: [\n' });
    const result = await runCli(dir, ['resolve', 'fraud@production']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/models\/fraud\/versions\/1\.2\.0\.yaml:\d+:\d+/);
  });
});

describe('modelreg validate', () => {
  it('checks uncommitted edits against HEAD, in text, json and github formats', async () => {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0'),
    });
    writeFileSync(join(dir, versionPath('fraud', '1.0.0')), versionYaml('1.0.0', { stage: 'production' }));
    const text = await runCli(dir, ['validate']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      'models/fraud/versions/1.0.0.yaml:2:8: error STAGE_TRANSITION_NOT_ALLOWED fraud@1.0.0 cannot move from development to production\n    hint: From development',
    );
    const json = JSON.parse((await runCli(dir, ['validate', '--format', 'json'])).stdout);
    expect(json).toEqual({
      ok: false,
      findings: [
        {
          code: 'STAGE_TRANSITION_NOT_ALLOWED',
          severity: 'error',
          file: 'models/fraud/versions/1.0.0.yaml',
          line: 2,
          column: 8,
          message: 'fraud@1.0.0 cannot move from development to production',
          hint: 'From development a version may move to: staging, archived.',
        },
      ],
    });
    const github = await runCli(dir, ['validate', '--format', 'github']);
    expect(github.stdout).toBe(
      '::error file=models/fraud/versions/1.0.0.yaml,line=2,col=8,title=STAGE_TRANSITION_NOT_ALLOWED::' +
        'fraud@1.0.0 cannot move from development to production%0Ahint: From development a version may move to: staging, archived.\n',
    );
  });

  it('exits 2 on usage errors and unknown refs', async () => {
    const dir = createRepo({ 'registry.yaml': templatePolicy() });
    expect((await runCli(dir, ['validate', '--format', 'xml'])).code).toBe(2);
    const ref = await runCli(dir, ['validate', '--base', 'nope']);
    expect(ref.code).toBe(2);
    expect(ref.stderr).toContain('cannot resolve "nope"');
    expect((await runCli(dir, ['frobnicate'])).code).toBe(2);
  });

  it('says a tree or blob id is not a commit, on both paths, instead of an internal error', async () => {
    const dir = createRepo({ 'registry.yaml': templatePolicy() });
    const tree = git(dir, 'rev-parse', 'HEAD^{tree}');
    const blob = git(dir, 'rev-parse', 'HEAD:registry.yaml');
    for (const native of ['1', '0']) {
      process.env.MODELREG_NATIVE_GIT = native;
      try {
        for (const id of [tree, blob]) {
          const result = await runCli(dir, ['list', '--at', id]);
          expect(result.code).toBe(2);
          expect(result.stderr).toContain(`"${id}" names a `);
          expect(result.stderr).toContain('not a commit');
          expect(result.stderr).not.toContain('INTERNAL');
        }
      } finally {
        delete process.env.MODELREG_NATIVE_GIT;
      }
    }
  });

  it('refuses a tag of a tag of … more than ten deep with TAG_CHAIN_TOO_DEEP on both paths; ten deep still works', async () => {
    const dir = createRepo({ 'registry.yaml': templatePolicy() });
    git(dir, 'tag', '-a', 't1', '-m', 't1', 'HEAD');
    for (let depth = 2; depth <= 11; depth++) git(dir, 'tag', '-a', `t${depth}`, '-m', `t${depth}`, `t${depth - 1}`);
    for (const native of ['1', '0']) {
      process.env.MODELREG_NATIVE_GIT = native;
      try {
        const deep = await runCli(dir, ['list', '--at', 't11']);
        expect(deep.code).toBe(2);
        expect(deep.stderr).toMatch(/^error\[TAG_CHAIN_TOO_DEEP\]: "t11" is a tag of a tag of … more than 10 deep\n/);
        expect(deep.stderr).toContain('\nhint: Name the commit it leads to instead: git rev-parse "t11^{commit}".\n');
        expect((await runCli(dir, ['list', '--at', 't10'])).stderr).not.toContain('error[');
      } finally {
        delete process.env.MODELREG_NATIVE_GIT;
      }
    }
  });

  it('fails outside a git repository with a hint', async () => {
    const result = await runCli(tempDir(), ['validate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not inside a git repository');
  });

  it('validates a whole snapshot with --all', async () => {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
      [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'production' }),
    });
    const result = await runCli(dir, ['validate', '--all', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings.map((f: { code: string }) => f.code)).toEqual([
      'EXCLUSIVE_STAGE_CONFLICT',
      'EXCLUSIVE_STAGE_CONFLICT',
    ]);
  });
});

describe('help', () => {
  it('prints help for every command and exits 0', async () => {
    for (const command of ['init', 'register', 'list', 'show', 'resolve', 'validate', 'schema']) {
      const result = await runCli(tempDir(), [command, '--help']);
      expect({ command, code: result.code }).toEqual({ command, code: 0 });
      expect(result.stdout).toContain(`Usage: modelreg ${command}`);
      if (command !== 'init') expect(result.stdout).toContain('--registry <dir>');
    }
  });
});
