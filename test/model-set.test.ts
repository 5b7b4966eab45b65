/** modelreg model set: model-level fields from the CLI, as one-line diffs through the same validate → commit path as promote. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { createRepo, git } from './helpers/temp-repo.js';

const MODEL = 'models/fraud/model.yaml';

/** fraud with two versions; model.yaml carries a comment, a flow owner list and a block tag list. */
function registry(): string {
  return createRepo({
    'registry.yaml': templatePolicy(),
    [MODEL]: `# Owned by the risk team\n${modelYaml('fraud', 'tags:\n  - payments   # keep\n')}`,
    [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production', metrics: { latency_ms: 12 } }),
    [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'staging', metrics: { latency_ms: 9 } }),
  });
}

function state(dir: string) {
  return {
    head: git(dir, 'rev-parse', 'HEAD'),
    branches: git(dir, 'branch', '--format=%(refname:short)'),
    status: git(dir, 'status', '--porcelain', '--untracked-files=all'),
  };
}

describe('modelreg model set', () => {
  it('adds an owner and a tag, sets task and a goal: one changed or added line each, comments kept', async () => {
    const dir = registry();
    const before = readFileSync(join(dir, MODEL), 'utf8');
    const result = await runCli(dir, [
      'model',
      'set',
      'fraud',
      '--owner',
      'bob',
      '--tag',
      'tabular',
      '--task',
      'binary-classification',
      '--goal',
      'latency_ms=minimize',
      '--here',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, MODEL), 'utf8')).toBe(
      before
        .replace("owners: [alice, '@acme/ml']", "owners: [alice, '@acme/ml', bob]")
        .replace('  - payments   # keep\n', '  - payments   # keep\n  - tabular\n') +
        'task: binary-classification\nmetrics:\n  latency_ms:\n    goal: minimize\n',
    );
    expect(git(dir, 'diff', '--numstat', 'HEAD~1', 'HEAD')).toBe(`6\t1\t${MODEL}`);
    expect(git(dir, 'log', '-1', '--format=%s')).toMatch(/^model\(fraud\): /);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('removes an owner as a one-line diff, and compare then knows the goal', async () => {
    const dir = registry();
    const unknown = JSON.parse((await runCli(dir, ['compare', 'fraud', '1.0.0', '1.1.0', '--json'])).stdout);
    expect(unknown.metrics[0]).toMatchObject({ name: 'latency_ms', goal: null, verdict: 'unknown' });

    expect((await runCli(dir, ['model', 'set', 'fraud', '--remove-owner', '@acme/ml', '--here'])).code).toBe(0);
    expect(git(dir, 'diff', '--numstat', 'HEAD~1', 'HEAD')).toBe(`1\t1\t${MODEL}`);
    expect(readFileSync(join(dir, MODEL), 'utf8')).toContain('owners: [alice]\n');

    expect((await runCli(dir, ['model', 'set', 'fraud', '--goal', 'latency_ms=minimize', '--here'])).code).toBe(0);
    const known = JSON.parse((await runCli(dir, ['compare', 'fraud', '1.0.0', '1.1.0', '--json'])).stdout);
    expect(known.metrics[0]).toMatchObject({ name: 'latency_ms', goal: 'minimize', verdict: 'better' });
  });

  it('by default commits on a new branch for a pull request, leaving the checkout alone', async () => {
    const dir = registry();
    const before = state(dir);
    const result = await runCli(dir, [
      'model',
      'set',
      'fraud',
      '--description',
      'Scores card payments: 0 (ok) to 1 (fraud).',
    ]);
    expect(result.code).toBe(0);
    const branch = git(dir, 'branch', '--format=%(refname:short)')
      .split('\n')
      .find((b) => b.startsWith('modelreg/model-fraud-'))!;
    expect(branch).toBeDefined();
    expect(state(dir)).toEqual({ ...before, branches: git(dir, 'branch', '--format=%(refname:short)') });
    expect(git(dir, 'show', `${branch}:${MODEL}`)).toContain(
      'description: "Scores card payments: 0 (ok) to 1 (fraud)."',
    );
    expect(result.stdout).toContain(`open a pull request from ${branch} into main`);
  });

  it('refuses what the contract refuses (the last owner) and what is not there, changing nothing', async () => {
    const dir = registry();
    expect((await runCli(dir, ['model', 'set', 'fraud', '--remove-owner', 'alice', '--here'])).code).toBe(0);
    const before = state(dir);
    const last = await runCli(dir, ['model', 'set', 'fraud', '--remove-owner', '@acme/ml', '--here']);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain('needs at least one owner');
    const absent = await runCli(dir, ['model', 'set', 'fraud', '--remove-tag', 'nope', '--here']);
    expect(absent.code).toBe(1);
    expect(absent.stderr).toContain('has no tag "nope"');
    const same = await runCli(dir, ['model', 'set', 'fraud', '--tag', 'payments', '--here']);
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('nothing to change');
    const goal = await runCli(dir, ['model', 'set', 'fraud', '--goal', 'auc=up', '--here']);
    expect(goal.code).toBe(2);
    expect(goal.stderr).toContain('maximize or <metric>=minimize');
    expect(state(dir)).toEqual(before);
  });

  it('creates a model before its first version, with every model-level field; register then uses it', async () => {
    const dir = createRepo({ 'registry.yaml': templatePolicy() });
    const noOwner = await runCli(dir, ['model', 'set', 'churn', '--task', 'regression', '--here']);
    expect(noOwner.code).toBe(2);
    expect(noOwner.stderr).toContain('needs owners');
    const result = await runCli(dir, [
      'model',
      'set',
      'churn',
      '--owner',
      'alice',
      '--description',
      'Churn risk',
      '--task',
      'regression',
      '--tag',
      'no',
      '--goal',
      'rmse=minimize',
      '--here',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const text = readFileSync(join(dir, 'models/churn/model.yaml'), 'utf8');
    expect(text).toContain('owners:\n  - alice\n');
    expect(text).toContain('tags:\n  - "no"\n');
    expect(text).toContain('rmse:\n    goal: minimize\n');
    expect((await runCli(dir, ['validate', '--all'])).code).toBe(0);
    const register = await runCli(dir, [
      'register',
      'churn',
      '--version',
      '1.0.0',
      '--artifact',
      'model=s3://models/churn/1.0.0/model.onnx',
      '--digest',
      `model=sha256:${'a'.repeat(64)}`,
    ]);
    expect(register.stderr).toBe('');
    expect(register.code).toBe(0);
    expect(register.stdout).not.toContain('(new model)');
  });

  it('register takes --task and --goal for the model it creates, and points at model set for an existing one', async () => {
    const dir = createRepo({ 'registry.yaml': templatePolicy() });
    const args = (model: string, version: string) => [
      'register',
      model,
      '--version',
      version,
      '--artifact',
      `model=s3://models/${model}/${version}/model.onnx`,
      '--digest',
      `model=sha256:${'a'.repeat(64)}`,
    ];
    const created = await runCli(dir, [
      ...args('churn', '1.0.0'),
      '--owner',
      'alice',
      '--task',
      'regression',
      '--goal',
      'rmse=minimize',
    ]);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(readFileSync(join(dir, 'models/churn/model.yaml'), 'utf8')).toContain(
      'owners:\n  - alice\ntask: regression\nmetrics:\n  rmse:\n    goal: minimize\n',
    );
    const before = state(dir);
    const again = await runCli(dir, [...args('churn', '1.1.0'), '--goal', 'rmse=maximize']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--task and --goal only apply when a model is created');
    expect(again.stderr).toContain('modelreg model set churn');
    expect(state(dir)).toEqual(before);
  });
});
