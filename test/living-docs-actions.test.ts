/**
 * Living docs through the bundled promote and rollback actions: the branch
 * each pushes for its pull request carries the model's regenerated page, so
 * the documented `modelreg docs --check` CI step passes on it and after merge.
 */
import { describe, expect, it } from 'vitest';
import { useGitHubRig } from './helpers/github-rig.js';
import { NODE24, runAction } from './helpers/run-action.js';
import { runCli } from './helpers/run-cli.js';
import { git } from './helpers/temp-repo.js';

const page = 'models/fraud/README.md';
const github = useGitHubRig('test-token', 'acme/living-docs');

async function expectPagesCurrent(dir: string): Promise<void> {
  const check = await runCli(dir, ['docs', '--check']);
  expect(check.stderr).toBe('');
  expect(check.code).toBe(0);
}

/**
 * What origin has on `branch`, checked out, passes docs --check. Native git runs synchronously here, so it
 * reads origin's bare repository by path: over HTTP it would wait for this very process's server.
 */
async function expectPushedPagesCurrent(dir: string, bare: string, branch: string): Promise<void> {
  git(dir, 'fetch', '-q', bare, `+refs/heads/*:refs/remotes/origin/*`);
  git(dir, 'checkout', '-q', '--detach', `origin/${branch}`);
  expect(git(dir, 'diff', '--name-only', 'HEAD~1', 'HEAD').split('\n')).toContain(page);
  await expectPagesCurrent(dir);
}

describe('the promote and rollback actions in a registry that keeps model pages', () => {
  it('push branches whose pages are current, before and after each is merged', async () => {
    const { dir, bare } = github.fraudRegistry();
    expect((await runCli(dir, ['docs'])).code).toBe(0);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'docs: model pages');
    git(dir, 'push', '-q', bare, 'main');

    const promoted = await runAction({
      action: 'promote',
      workspace: dir,
      eventName: 'workflow_dispatch',
      event: { inputs: {} },
      apiUrl: github.fake.url,
      node: NODE24,
      inputs: { model: 'fraud', version: '1.1.0', stage: 'production' },
    });
    expect(promoted.stdout).not.toContain('::error');
    expect(promoted.code).toBe(0);
    const promotion = promoted.outputs.branch!;
    await expectPushedPagesCurrent(dir, bare, promotion);
    expect(git(dir, 'show', `HEAD:${page}`)).toContain('| production (exclusive) | 1.1.0 |');

    // The pull request is merged with a merge commit.
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #1 from acme/promote', `origin/${promotion}`);
    git(dir, 'push', '-q', bare, 'main');
    await expectPagesCurrent(dir);

    const rolledBack = await runAction({
      action: 'rollback',
      workspace: dir,
      eventName: 'workflow_dispatch',
      event: {},
      apiUrl: github.fake.url,
      inputs: { model: 'fraud' },
    });
    expect(rolledBack.stdout).not.toContain('::error');
    expect(rolledBack.code).toBe(0);
    const rollback = rolledBack.outputs.branch!;
    await expectPushedPagesCurrent(dir, bare, rollback);
    expect(git(dir, 'show', `HEAD:${page}`)).toContain('| production (exclusive) | 1.0.0 |');

    // This one is squashed.
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'merge', '-q', '--squash', `origin/${rollback}`);
    git(dir, 'commit', '-qm', 'Roll back fraud (#2)');
    await expectPagesCurrent(dir);
  });
});
