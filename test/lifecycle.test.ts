import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { promote } from '../src/lifecycle/promote.js';
import { Registry } from '../src/registry/registry.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git, tempDir } from './helpers/temp-repo.js';

const v100 = versionPath('fraud', '1.0.0');
const v110 = versionPath('fraud', '1.1.0');
const v120 = versionPath('fraud', '1.2.0');

const gatedModel = modelYaml(
  'fraud',
  'metrics:\n  auc: {goal: maximize}\nacceptance:\n  production:\n    metrics:\n      auc: {min: 0.85}\n',
);

/** 1.0.0 in production, 1.1.0 in staging; 1.1.0's file has comments, odd spacing and an unknown key. */
function registry(): string {
  return createRepo({
    'registry.yaml': templatePolicy(),
    'models/fraud/model.yaml': gatedModel,
    [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
    [v110]:
      '# Candidate trained on October data\n' +
      versionYaml('1.1.0', { stage: 'staging', metrics: { auc: 0.92 } }).replace(
        'stage: staging',
        "stage: 'staging'    # waiting for review",
      ) +
      '\nx-reviewer-notes:   looks good  # keep\n',
  });
}

function state(dir: string) {
  return {
    head: git(dir, 'rev-parse', 'HEAD'),
    branches: git(dir, 'branch', '--format=%(refname:short)'),
    status: git(dir, 'status', '--porcelain', '--untracked-files=all'),
  };
}

describe('modelreg promote', () => {
  it('commits exactly one changed line per file, demotes the holder, and keeps comments and unknown keys', async () => {
    const dir = registry();
    const before = readFileSync(join(dir, v110), 'utf8');
    const result = await runCli(dir, [
      'promote',
      'fraud@1.1.0',
      '--to',
      'production',
      '--here',
      '-m',
      'Better recall on October data',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('promote(fraud): 1.1.0 → production (replaces 1.0.0)');
    expect(git(dir, 'diff', '--numstat', 'HEAD~1', 'HEAD')).toBe(`1\t1\t${v100}\n1\t1\t${v110}`);
    expect(readFileSync(join(dir, v110), 'utf8')).toBe(before.replace("stage: 'staging'", "stage: 'production'"));
    expect(readFileSync(join(dir, v100), 'utf8')).toContain('stage: archived');
    const message = git(dir, 'log', '-1', '--format=%B');
    expect(message.split('\n')[0]).toBe('promote(fraud): 1.1.0 → production (replaces 1.0.0)');
    expect(message).toContain('Better recall on October data');
    expect(message).toContain(
      'Modelreg-Action: promote\nModelreg-Model: fraud\nModelreg-Version: 1.1.0\nModelreg-From: staging\nModelreg-To: production\n' +
        'Modelreg-Action: demote\nModelreg-Model: fraud\nModelreg-Version: 1.0.0\nModelreg-From: production\nModelreg-To: archived',
    );
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(JSON.parse((await runCli(dir, ['resolve', 'fraud@production', '--json'])).stdout).version).toBe('1.1.0');
  });

  it('by default commits on a new branch for a pull request, leaving the checkout alone', async () => {
    const dir = registry();
    const before = state(dir);
    const result = await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'production']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('git push -u origin modelreg/promote-fraud-1.1.0-to-production');
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(before.head);
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(git(dir, 'rev-parse', 'modelreg/promote-fraud-1.1.0-to-production~1')).toBe(before.head);
    const validate = await runCli(dir, [
      'validate',
      '--base',
      'main',
      '--head',
      'modelreg/promote-fraud-1.1.0-to-production',
    ]);
    expect(validate.code).toBe(0);
    const again = await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'production']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('branch modelreg/promote-fraud-1.1.0-to-production already exists');
  });

  it('returns the commit it made with its parent, the commit the change was made on, on a new branch or here', async () => {
    for (const target of [undefined, { kind: 'here' } as const]) {
      const dir = registry();
      const head = git(dir, 'rev-parse', 'HEAD');
      const { applied } = await promote(await Registry.open(dir), {
        reference: 'fraud@1.1.0',
        to: 'production',
        now: new Date(),
        ...(target ? { target } : {}),
      });
      expect(applied.parent).toBe(head);
      expect(git(dir, 'rev-list', '--parents', '-n', '1', applied.commit)).toBe(`${applied.commit} ${head}`);
      expect(git(dir, 'rev-parse', applied.branch)).toBe(applied.commit);
    }
  });

  it('refuses a version the gate refuses, printing the findings, and writes nothing', async () => {
    const dir = registry();
    commit(dir, { [v120]: versionYaml('1.2.0', { stage: 'staging', metrics: { auc: 0.8 } }) });
    const before = state(dir);
    const result = await runCli(dir, ['promote', 'fraud@1.2.0', '--to', 'production', '--here']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${v120}:10:8: error GATE_METRIC_BELOW_MIN auc = 0.8 is below the minimum 0.85`);
    expect(result.stderr).toContain('nothing was written');
    expect(state(dir)).toEqual(before);
  });

  const refusals: [string, string[], number, string, ((dir: string) => void)?][] = [
    ['an unknown model', ['promote', 'churn@1.0.0', '--to', 'staging', '--here'], 1, 'model "churn" does not exist'],
    [
      'an unknown version',
      ['promote', 'fraud@9.0.0', '--to', 'staging', '--here'],
      1,
      'Registered versions of fraud: 1.0.0, 1.1.0',
    ],
    [
      'a stage that does not exist',
      ['promote', 'fraud@1.1.0', '--to', 'prod', '--here'],
      2,
      'Stages of this registry: development, staging, production, archived',
    ],
    [
      'a version already in the stage',
      ['promote', 'fraud@1.0.0', '--to', 'production', '--here'],
      1,
      'already in production',
    ],
    [
      'a transition the policy forbids',
      ['promote', 'fraud@1.0.0', '--to', 'development', '--here'],
      1,
      'STAGE_TRANSITION_NOT_ALLOWED',
    ],
    [
      '--here with --branch',
      ['promote', 'fraud@1.1.0', '--to', 'production', '--here', '--branch', 'x'],
      2,
      'contradict',
    ],
    ['a reference without a version', ['promote', 'fraud@staging', '--to', 'production'], 2, 'needs <model>@<version>'],
    [
      'a dirty working tree',
      ['promote', 'fraud@1.1.0', '--to', 'production', '--here'],
      2,
      `uncommitted changes in ${v110}`,
      (dir) => writeFileSync(join(dir, v110), 'edited\n'),
    ],
    [
      'a detached HEAD',
      ['promote', 'fraud@1.1.0', '--to', 'production', '--here'],
      2,
      'HEAD is detached',
      (dir) => git(dir, 'checkout', '-q', '--detach'),
    ],
  ];
  for (const [what, args, code, message, prepare] of refusals) {
    it(`refuses ${what} with a clear message and writes nothing`, async () => {
      const dir = registry();
      prepare?.(dir);
      const before = state(dir);
      const result = await runCli(dir, args);
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code, stderr: expect.stringContaining(message) });
      expect(result.stderr).toMatch(/hint:/);
      expect(state(dir)).toEqual(before);
    });
  }
});

describe('modelreg rollback', () => {
  /** Three promotions: 1.0.0, then 1.1.0 into production. Returns the promotion commit of 1.1.0. */
  async function promoted(): Promise<{ dir: string; promotion: string }> {
    const dir = registry();
    expect((await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--here'])).code).toBe(0);
    return { dir, promotion: git(dir, 'rev-parse', 'HEAD') };
  }

  /** The tree native `git revert` makes of `commit` on a copy of the repository. */
  function nativeRevertTree(dir: string, commitId: string): string {
    const copy = join(tempDir(), 'copy');
    git(dir, 'clone', '-q', dir, copy);
    git(copy, 'config', 'user.name', 'N');
    git(copy, 'config', 'user.email', 'n@example.com');
    git(copy, 'revert', '--no-edit', commitId);
    return git(copy, 'rev-parse', 'HEAD^{tree}');
  }

  it('reverts the latest promotion: the same tree as native git revert, accepted as a rollback', async () => {
    const { dir, promotion } = await promoted();
    const expected = nativeRevertTree(dir, promotion);
    const result = await runCli(dir, ['rollback', 'fraud', '--here']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`rollback(fraud): production 1.1.0 → 1.0.0 (reverts ${promotion.slice(0, 7)})`);
    expect(git(dir, 'rev-parse', 'HEAD^{tree}')).toBe(expected);
    expect(git(dir, 'log', '-1', '--format=%B')).toContain(`This reverts commit ${promotion}`);
    expect(JSON.parse((await runCli(dir, ['resolve', 'fraud@production', '--json'])).stdout).version).toBe('1.0.0');
    const validate = await runCli(dir, ['validate', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json']);
    const report = JSON.parse(validate.stdout);
    expect(report.ok).toBe(true);
    expect(report.findings.map((f: { code: string }) => f.code)).toEqual(['ROLLBACK', 'UNKNOWN_KEY']);
  });

  it('merges with later changes elsewhere in the same file, as git revert does', async () => {
    const { dir, promotion } = await promoted();
    const text = readFileSync(join(dir, v100), 'utf8');
    commit(dir, { [v100]: text.replace('metrics:\n  auc: 0.9\n', 'metrics:\n  auc: 0.9\n  auc_2026q4: 0.89\n') });
    const expected = nativeRevertTree(dir, promotion);
    expect((await runCli(dir, ['rollback', 'fraud', '--here'])).code).toBe(0);
    expect(git(dir, 'rev-parse', 'HEAD^{tree}')).toBe(expected);
  });

  it('touches only the named model when the promotion commit changed two models', async () => {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      'models/churn/model.yaml': modelYaml('churn'),
      [v100]: versionYaml('1.0.0', { stage: 'production' }),
      [v110]: versionYaml('1.1.0', { stage: 'staging' }),
      [versionPath('churn', '2.0.0')]: versionYaml('2.0.0', { stage: 'staging' }),
    });
    const both = commit(dir, {
      [v110]: versionYaml('1.1.0', { stage: 'production' }),
      [v100]: versionYaml('1.0.0', { stage: 'archived' }),
      [versionPath('churn', '2.0.0')]: versionYaml('2.0.0', { stage: 'production' }),
    });
    const reverted = nativeRevertTree(dir, both);
    expect((await runCli(dir, ['rollback', 'fraud', '--here'])).code).toBe(0);
    expect(git(dir, 'diff', '--name-only', 'HEAD~1', 'HEAD').split('\n')).toEqual([v100, v110]);
    expect(git(dir, 'rev-parse', 'HEAD:models/fraud')).toBe(git(dir, 'rev-parse', `${reverted}:models/fraud`));
    expect(git(dir, 'rev-parse', 'HEAD:models/churn')).toBe(git(dir, 'rev-parse', `${both}:models/churn`));
  });

  it('stops on a conflict with later changes to the same lines, naming the file, and changes nothing', async () => {
    const { dir } = await promoted();
    commit(dir, { [v100]: readFileSync(join(dir, v100), 'utf8').replace('stage: archived', 'stage: development') });
    const before = state(dir);
    const result = await runCli(dir, ['rollback', 'fraud', '--here']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`conflicts with later changes to ${v100}`);
    expect(result.stderr).toContain('--to <version>');
    expect(state(dir)).toEqual(before);
  });

  it('restores an earlier holder with --to, demoting versions that did not exist then', async () => {
    const { dir } = await promoted();
    commit(dir, { [v120]: versionYaml('1.2.0', { stage: 'staging', metrics: { auc: 0.95 } }) });
    expect((await runCli(dir, ['promote', 'fraud@1.2.0', '--to', 'production', '--here'])).code).toBe(0);
    const result = await runCli(dir, ['rollback', 'fraud', '--to', '1.0.0', '--here']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('rollback(fraud): production → 1.0.0 (replaces 1.2.0)');
    expect(result.stdout).toContain('fraud@1.2.0: production → archived');
    const list = JSON.parse((await runCli(dir, ['list', '--json'])).stdout);
    expect(list.map((v: { version: string; stage: string }) => `${v.version}=${v.stage}`)).toEqual([
      '1.0.0=production',
      '1.1.0=archived',
      '1.2.0=archived',
    ]);
  });

  it('explains what cannot be rolled back', async () => {
    const dir = registry();
    const never = await runCli(dir, ['rollback', 'fraud', '--to', '1.1.0', '--here']);
    expect(never.code).toBe(1);
    expect(never.stderr).toContain('has never held production');
    const nothing = await runCli(dir, ['rollback', 'fraud', '--here']);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain('have never changed');
    expect((await runCli(dir, ['rollback', 'nope', '--here'])).stderr).toContain('model "nope" does not exist');
  });
});

describe('modelreg deprecate', () => {
  it('adds a deprecation block and nothing else', async () => {
    const dir = registry();
    const before = readFileSync(join(dir, v100), 'utf8');
    const result = await runCli(dir, [
      'deprecate',
      'fraud@1.0.0',
      '--reason',
      'label leak in training data',
      '--end-of-life',
      '2027-01-31',
      '--here',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(join(dir, v100), 'utf8')).toBe(
      `${before}deprecation:\n  reason: label leak in training data\n  end_of_life: 2027-01-31\n`,
    );
    expect(git(dir, 'log', '-1', '--format=%s')).toBe('deprecate(fraud): 1.0.0');
    const show = JSON.parse((await runCli(dir, ['list', '--json'])).stdout);
    expect(show[0]).toMatchObject({ version: '1.0.0', deprecated: true });
    const again = await runCli(dir, ['deprecate', 'fraud@1.0.0', '--reason', 'x', '--here']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already deprecated: label leak in training data');
  });

  it('refuses a bad end-of-life date', async () => {
    const dir = registry();
    const result = await runCli(dir, [
      'deprecate',
      'fraud@1.0.0',
      '--reason',
      'x',
      '--end-of-life',
      'next week',
      '--here',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is not an ISO 8601 date');
  });
});
