import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { versionPath, versionYaml } from './helpers/fixtures.js';
import { useGitHubRig } from './helpers/github-rig.js';
import { NODE24, runAction } from './helpers/run-action.js';
import { commit, git } from './helpers/temp-repo.js';

const v100 = versionPath('fraud', '1.0.0');
const v110 = versionPath('fraud', '1.1.0');

const github = useGitHubRig('test-token', 'acme/lifecycle');

describe('the promote and rollback actions (workflow_dispatch)', () => {
  it('promote opens a pull request from a pushed branch (Node 24)', async () => {
    const { dir, bare } = github.fraudRegistry();
    const run = await runAction({
      action: 'promote',
      workspace: dir,
      eventName: 'workflow_dispatch',
      event: { inputs: {} },
      apiUrl: github.fake.url,
      node: NODE24,
      inputs: { model: 'fraud', version: '1.1.0', stage: 'production', message: 'Quarterly refresh' },
    });
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(run.outputs.branch).toBe('modelreg/promote-fraud-1.1.0-to-production');
    expect(run.outputs['pull-request-url']).toMatch(/\/pull\/1$/);
    expect(
      git(bare, 'show', '--format=%s', '--no-patch', 'refs/heads/modelreg/promote-fraud-1.1.0-to-production'),
    ).toBe('promote(fraud): 1.1.0 → production (replaces 1.0.0)');
    const created = github.fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/pulls'))!;
    expect(created.body.body).toContain('Quarterly refresh');
    expect(run.stdout).toContain('do not trigger other workflows');
    expect(run.summary).toContain('## promote(fraud): 1.1.0 → production (replaces 1.0.0)');
  });

  it('rollback opens a pull request that reverts the latest production change', async () => {
    const { dir, repo } = github.fraudRegistry();
    commit(
      dir,
      {
        [v110]: versionYaml('1.1.0', { stage: 'production', metrics: { auc: 0.93 } }),
        [v100]: versionYaml('1.0.0', { stage: 'archived', metrics: { auc: 0.9 } }),
      },
      'promote 1.1.0',
    );
    git(dir, 'push', '-q', github.server.bare(repo), 'main');
    const run = await runAction({
      action: 'rollback',
      workspace: dir,
      eventName: 'workflow_dispatch',
      event: {},
      apiUrl: github.fake.url,
      inputs: { model: 'fraud' },
    });
    expect(run.code).toBe(0);
    const created = github.fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/pulls'))!;
    expect(created.body.title).toMatch(/^rollback\(fraud\): production 1\.1\.0 → 1\.0\.0 \(reverts [0-9a-f]{7}\)$/);
  });

  it('rollback refuses to revert a rollback unless force is true, like the CLI', async () => {
    const { dir, repo } = github.fraudRegistry();
    commit(
      dir,
      {
        [v110]: versionYaml('1.1.0', { stage: 'production', metrics: { auc: 0.93 } }),
        [v100]: versionYaml('1.0.0', { stage: 'archived', metrics: { auc: 0.9 } }),
      },
      'promote 1.1.0',
    );
    git(dir, 'revert', '--no-edit', 'HEAD');
    git(dir, 'push', '-q', github.server.bare(repo), 'main');
    const refused = await runAction({
      action: 'rollback',
      workspace: dir,
      eventName: 'workflow_dispatch',
      event: {},
      apiUrl: github.fake.url,
      inputs: { model: 'fraud' },
    });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('::error::error[ROLLBACK_OF_ROLLBACK]:');
    expect(github.fake.requests.some((r) => r.method === 'POST' && r.path.endsWith('/pulls'))).toBe(false);
    const forced = await runAction({
      action: 'rollback',
      workspace: dir,
      eventName: 'workflow_dispatch',
      event: {},
      apiUrl: github.fake.url,
      inputs: { model: 'fraud', force: 'true' },
    });
    expect(forced.stdout).not.toContain('::error');
    expect(forced.code).toBe(0);
    const created = github.fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/pulls'))!;
    expect(created.body.title).toMatch(/^rollback\(fraud\): production 1\.0\.0 → 1\.1\.0 /);
  });

  it('fails with a clear message when an input is missing', async () => {
    const { dir } = github.fraudRegistry();
    const run = await runAction({
      action: 'promote',
      workspace: dir,
      eventName: 'workflow_dispatch',
      event: {},
      apiUrl: github.fake.url,
      inputs: { model: 'fraud', version: '1.1.0' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::error[ACTION_INPUT]: the stage input is required');
  });
});

describe('the catalog action', () => {
  it('builds the static site into the checkout for the Pages upload (Node 24)', async () => {
    const { dir } = github.fraudRegistry();
    const run = await runAction({
      action: 'catalog',
      workspace: dir,
      eventName: 'push',
      event: {},
      apiUrl: github.fake.url,
      node: NODE24,
    });
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(run.outputs.path).toBe(`${dir}/_site`);
    expect(Number(run.outputs.pages)).toBe(4);
    expect(readFileSync(`${dir}/_site/models/fraud/index.html`, 'utf8')).toContain(
      'https://github.invalid/acme/registry/commit/',
    );
  });
});

describe('the validation action records a release in origin', () => {
  it('pushes the version tag and the release note after a merge', async () => {
    const { dir, bare } = github.fraudRegistry();
    const before = git(dir, 'rev-parse', 'HEAD');
    const after = commit(
      dir,
      { [versionPath('fraud', '1.2.0')]: versionYaml('1.2.0') },
      'Merge pull request #3 from acme/register',
    );
    git(dir, 'push', '-q', bare, 'main');
    github.fake.pulls.set(3, {
      number: 3,
      author: 'dana',
      headSha: after,
      headRef: 'register',
      baseRef: 'main',
      reviews: [],
      mergedAt: '2026-01-01T00:00:00Z',
      mergeCommitSha: after,
    });
    github.fake.commitPulls.set(after, [3]);
    const run = await runAction({
      action: 'validate',
      workspace: dir,
      eventName: 'push',
      event: { before, after, ref: 'refs/heads/main' },
      apiUrl: github.fake.url,
    });
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(git(bare, 'tag', '-l')).toBe('modelreg/fraud/1.2.0');
    expect(git(bare, 'cat-file', '-t', 'refs/tags/modelreg/fraud/1.2.0')).toBe('tag');
    expect(JSON.parse(git(bare, 'notes', '--ref', 'modelreg', 'show', after))).toMatchObject({
      changes: [{ model: 'fraud', version: '1.2.0', type: 'register' }],
    });
    expect(git(bare, 'fsck', '--strict')).toBe('');
  });
});
