/**
 * Living docs never fight the life cycle: in a registry that keeps model pages,
 * every modelreg write command commits the affected model's regenerated page
 * with its change, so `modelreg docs --check` passes after it, on the branch
 * of a pull request, and after that branch is merged (merge commit or squash).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIGEST_B, modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git } from './helpers/temp-repo.js';

const v100 = versionPath('fraud', '1.0.0');
const v110 = versionPath('fraud', '1.1.0');
const v120 = versionPath('fraud', '1.2.0');
const page = 'models/fraud/README.md';

/** The template with production split instead of exclusive, without ramp rules. */
const splitPolicy = () =>
  templatePolicy().replace('    exclusive: true\n    approvals: 2\n', '    split: true\n    approvals: 2\n');

/** fraud 1.0.0 (production), 1.1.0 (staging), 1.2.0 (development) and churn 1.0.0 (production); with `pages`, their pages committed. */
async function registry(pages: boolean, policy = templatePolicy()): Promise<string> {
  const dir = createRepo({
    'registry.yaml': policy,
    'models/fraud/model.yaml': modelYaml('fraud', 'metrics:\n  auc: {goal: maximize}\n'),
    [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
    [v110]: versionYaml('1.1.0', { stage: 'staging', metrics: { auc: 0.93 }, extra: 'lineage:\n  parent: 1.0.0\n' }),
    [v120]: versionYaml('1.2.0', { metrics: { auc: 0.91 } }),
    'models/churn/model.yaml': modelYaml('churn'),
    [versionPath('churn', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
  });
  if (pages) {
    expect((await runCli(dir, ['docs'])).code).toBe(0);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'docs: model pages');
  }
  return dir;
}

async function expectPagesCurrent(dir: string): Promise<void> {
  const check = await runCli(dir, ['docs', '--check']);
  expect(check.stderr).toBe('');
  expect(check.stdout).toMatch(/^ok: /);
  expect(check.code).toBe(0);
}

async function run(dir: string, args: string[]): Promise<string> {
  const result = await runCli(dir, args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

/** The files the last commit changed. */
function changedFiles(dir: string, ref = 'HEAD'): string[] {
  return git(dir, 'diff', '--name-only', `${ref}~1`, ref).split('\n');
}

function usePath(path: string): void {
  beforeEach(() => {
    process.env.MODELREG_NATIVE_GIT = path === 'native' ? '1' : '0';
  });
  afterEach(() => {
    delete process.env.MODELREG_NATIVE_GIT;
  });
}

const registerArgs = (model: string, version: string) => [
  'register',
  model,
  '--version',
  version,
  '--artifact',
  `model=s3://models/${model}/${version}/model.onnx`,
  '--digest',
  `model=${DIGEST_B}`,
];

// Both ways of reading history (native git, isomorphic-git) must give the page the same rollback plan.
describe.each(['native', 'pure'])(
  'the write commands commit the model page with their change (--here, %s git)',
  (path) => {
    usePath(path);

    it('promote: the page shows the new holder, the demoted one and what a rollback restores', async () => {
      const dir = await registry(true);
      await run(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--here']);
      expect(changedFiles(dir)).toEqual([page, v100, v110]);
      const text = readFileSync(join(dir, page), 'utf8');
      expect(text).toContain('| production (exclusive) | 1.1.0 |');
      expect(text).toContain('| 1.0.0 | archived |');
      expect(text).toContain('- **production**: 1.1.0 → 1.0.0, reverting the latest change of its holders:');
      await expectPagesCurrent(dir);
      expect(git(dir, 'status', '--porcelain')).toBe('');
    });

    it('rollback reverts the promotion but renders its own page, also after the page changed since (deprecate), and rollback --to', async () => {
      const dir = await registry(true);
      await run(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--here']);
      await run(dir, ['deprecate', 'fraud@1.2.0', '--reason', 'label leak', '--here']);
      expect(changedFiles(dir)).toEqual([page, v120]);
      await expectPagesCurrent(dir);

      // The promotion's page edit is not reverted (it conflicted with the deprecation's): the page is rendered anew.
      await run(dir, ['rollback', 'fraud', '--here']);
      expect(changedFiles(dir)).toEqual([page, v100, v110]);
      // The page does not offer to revert the rollback: `modelreg rollback` would refuse (ROLLBACK_OF_ROLLBACK).
      expect(readFileSync(join(dir, page), 'utf8')).toContain(
        '- **production** (1.0.0): the latest change of its holders was a rollback that took 1.1.0 out, which `modelreg rollback` does not undo. To restore a particular version:\n\n  ```sh\n  modelreg rollback fraud --stage production --to <version> --pr\n',
      );
      await expectPagesCurrent(dir);
      expect(await runCli(dir, ['rollback', 'fraud', '--here'])).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('error[ROLLBACK_OF_ROLLBACK]'),
      });

      await run(dir, ['rollback', 'fraud', '--to', '1.1.0', '--here']);
      expect(changedFiles(dir)).toEqual([page, v100, v110]);
      await expectPagesCurrent(dir);
      expect(git(dir, 'status', '--porcelain')).toBe('');
    });

    it('a re-promotion merged with a merge commit is a promotion: the page offers its rollback, and rollback takes it', async () => {
      const dir = await registry(true);
      await run(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--here']);
      await run(dir, ['rollback', 'fraud', '--here']);
      git(dir, 'checkout', '-q', '-b', 'repromote');
      await run(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--here']);
      git(dir, 'checkout', '-q', 'main');
      git(dir, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #9 from acme/repromote', 'repromote');
      // On main the change of holders is the merge commit, whose own message has no trailer.
      await expectPagesCurrent(dir);
      expect(readFileSync(join(dir, page), 'utf8')).toContain(
        '- **production**: 1.1.0 → 1.0.0, reverting the latest change of its holders:',
      );
      await run(dir, ['rollback', 'fraud', '--here']);
      await expectPagesCurrent(dir);
    });

    it('after a rollback, promoting the version again gives the page its plan back', async () => {
      const dir = await registry(true);
      await run(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--here']);
      await run(dir, ['rollback', 'fraud', '--here']);
      expect(readFileSync(join(dir, page), 'utf8')).toContain('was a rollback that took 1.1.0 out');
      await run(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--here']);
      expect(readFileSync(join(dir, page), 'utf8')).toContain(
        '- **production**: 1.1.0 → 1.0.0, reverting the latest change of its holders:',
      );
      await expectPagesCurrent(dir);
      // And the plan holds: the rollback it offers goes through.
      await run(dir, ['rollback', 'fraud', '--here']);
      await expectPagesCurrent(dir);
    });

    it('promote --weight: the page shows each holder of a split stage with its weight and that a rollback reverts the ramp step', async () => {
      const dir = await registry(true, splitPolicy());
      expect(readFileSync(join(dir, page), 'utf8')).toContain('| production (split) | 1.0.0 100% |');
      await run(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--weight', '10', '--here']);
      await expectPagesCurrent(dir);
      await run(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--weight', '50', '--here']);
      expect(changedFiles(dir)).toEqual([page, v100, v110]);
      const text = readFileSync(join(dir, page), 'utf8');
      expect(text).toContain('| production (split) | 1.0.0 50%, 1.1.0 50% |');
      expect(text).toContain(
        '- **production** (split): 1.0.0 50%, 1.1.0 50% → 1.0.0 90%, 1.1.0 10%, reverting the latest ramp step:',
      );
      expect(text).toContain('  modelreg rollback fraud --stage production --pr');
      await expectPagesCurrent(dir);

      // The rollback does what the page said it would.
      await run(dir, ['rollback', 'fraud', '--stage', 'production', '--here']);
      expect(changedFiles(dir)).toEqual([page, v100, v110]);
      expect(readFileSync(join(dir, page), 'utf8')).toContain('| production (split) | 1.0.0 90%, 1.1.0 10% |');
      await expectPagesCurrent(dir);

      await run(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--weight', '100', '--here']);
      expect(readFileSync(join(dir, page), 'utf8')).toContain(
        '- **production** (split): 1.1.0 100% → 1.0.0 90%, 1.1.0 10%, reverting the latest change of its holders:',
      );
      await expectPagesCurrent(dir);
      expect(git(dir, 'status', '--porcelain')).toBe('');
    });

    it('register: the page of an existing model, a new model in a registry that keeps pages, and --no-commit', async () => {
      const dir = await registry(true);
      await run(dir, registerArgs('fraud', '1.3.0'));
      expect(changedFiles(dir)).toEqual([page, versionPath('fraud', '1.3.0')]);
      await expectPagesCurrent(dir);

      await run(dir, [...registerArgs('ranker', '0.1.0'), '--owner', 'alice']);
      expect(changedFiles(dir)).toEqual([
        'models/ranker/README.md',
        'models/ranker/model.yaml',
        versionPath('ranker', '0.1.0'),
      ]);
      await expectPagesCurrent(dir);

      // --no-commit overwrites a committed page, never one with uncommitted edits.
      writeFileSync(join(dir, page), 'my notes\n');
      const refused = await runCli(dir, [...registerArgs('fraud', '1.4.0'), '--no-commit']);
      expect(refused.stderr).toContain(`error[WORKTREE_CONFLICT]: ${page} has uncommitted edits`);
      expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe(`M ${page}`); // git() trims the leading space of " M"
      git(dir, 'checkout', '--', page);
      await run(dir, [...registerArgs('fraud', '1.4.0'), '--no-commit']);
      git(dir, 'add', '-A');
      git(dir, 'commit', '-qm', 'register 1.4.0 by hand');
      expect(changedFiles(dir)).toEqual([page, versionPath('fraud', '1.4.0')]);
      await expectPagesCurrent(dir);
    });

    it('model set: the page shows the model as edited', async () => {
      const dir = await registry(true);
      await run(dir, ['model', 'set', 'fraud', '--description', 'Card fraud scores', '--here']);
      expect(changedFiles(dir)).toEqual([page, 'models/fraud/model.yaml']);
      expect(readFileSync(join(dir, page), 'utf8')).toContain('Card fraud scores');
      await expectPagesCurrent(dir);
    });

    it('a registry in a directory of its repository (--registry)', async () => {
      const dir = await registry(true);
      const repo = createRepo(
        Object.fromEntries(
          git(dir, 'ls-files')
            .split('\n')
            .map((p) => [`registry/${p}`, readFileSync(join(dir, p), 'utf8')]),
        ),
      );
      await run(repo, ['promote', 'fraud@1.1.0', '--to', 'production', '--here', '--registry', 'registry']);
      expect(changedFiles(repo)).toEqual([`registry/${page}`, `registry/${v100}`, `registry/${v110}`]);
      const check = await runCli(repo, ['docs', '--check', '--registry', 'registry']);
      expect(check.stderr).toBe('');
      expect(check.code).toBe(0);
    });

    it('a registry keeps pages when any model has one: a model without one gets it; a registry with none gets none', async () => {
      const partly = await registry(true);
      git(partly, 'rm', '-q', page);
      git(partly, 'commit', '-qm', 'fraud has no page yet');
      await run(partly, ['promote', 'fraud@1.1.0', '--to', 'production', '--here']);
      expect(changedFiles(partly)).toEqual([page, v100, v110]);
      await expectPagesCurrent(partly);

      const none = await registry(false);
      await run(none, ['promote', 'fraud@1.1.0', '--to', 'production', '--here']);
      await run(none, ['deprecate', 'fraud@1.2.0', '--reason', 'label leak', '--here']);
      await run(none, ['rollback', 'fraud', '--here']);
      await run(none, registerArgs('fraud', '1.3.0'));
      await run(none, [...registerArgs('fraud', '1.4.0'), '--no-commit']);
      expect(git(none, 'ls-files', '--others', '--', 'models')).toBe(versionPath('fraud', '1.4.0'));
      expect(
        git(none, 'log', '--format=', '--name-only')
          .split('\n')
          .filter((p) => p.endsWith('README.md')),
      ).toEqual([]);
      expect(existsSync(join(none, page))).toBe(false);
    });
  },
);

describe.each(['native', 'pure'])('on the branch of a pull request, and after it is merged (%s git)', (path) => {
  usePath(path);

  it('promote, rollback and deprecate branches pass docs --check, merged with a merge commit or squashed', async () => {
    const dir = await registry(true);
    const promoted = await run(dir, ['promote', 'fraud@1.1.0', '--to', 'production']);
    expect(promoted).toContain('modelreg/promote-fraud-1.1.0-to-production');
    await mergeAndCheck(dir, 'modelreg/promote-fraud-1.1.0-to-production', 'merge');

    await run(dir, ['deprecate', 'fraud@1.2.0', '--reason', 'label leak']);
    await mergeAndCheck(dir, 'modelreg/deprecate-fraud-1.2.0', 'squash');

    await run(dir, ['rollback', 'fraud', '--branch', 'rollback-fraud']);
    await mergeAndCheck(dir, 'rollback-fraud', 'merge');
    expect(readFileSync(join(dir, page), 'utf8')).toContain('| production (exclusive) | 1.0.0 |');

    await run(dir, ['rollback', 'fraud', '--to', '1.1.0', '--branch', 'restore-fraud']);
    await mergeAndCheck(dir, 'restore-fraud', 'squash');

    await run(dir, [...registerArgs('fraud', '1.3.0'), '--branch', 'register-fraud']);
    await mergeAndCheck(dir, 'register-fraud', 'merge');
  });
});

/** Checks the branch out and checks its pages, then merges it into main (as GitHub's merge button would) and checks again. */
async function mergeAndCheck(dir: string, branch: string, how: 'merge' | 'squash'): Promise<void> {
  expect(changedFiles(dir, branch)).toContain(page);
  git(dir, 'checkout', '-q', branch);
  await expectPagesCurrent(dir);
  git(dir, 'checkout', '-q', 'main');
  // Another model's change (with its page) lands on main first, so the merge is a real one.
  commit(
    dir,
    { 'models/churn/model.yaml': modelYaml('churn', `description: before ${branch}\n`) },
    `churn: describe (${branch})`,
  );
  const docs = await run(dir, ['docs']);
  expect(docs).toContain('wrote models/churn/README.md');
  expect(docs).not.toContain('wrote models/fraud/README.md');
  git(dir, 'commit', '-qam', 'docs: churn');
  if (how === 'merge') git(dir, 'merge', '-q', '--no-ff', '-m', `Merge ${branch}`, branch);
  else {
    git(dir, 'merge', '-q', '--squash', branch);
    git(dir, 'commit', '-qm', `${branch} (squashed)`);
  }
  await expectPagesCurrent(dir);
}
