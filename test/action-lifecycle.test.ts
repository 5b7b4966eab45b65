import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from './helpers/fake-github.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { GitHttpServer } from './helpers/git-http-server.js';
import { NODE24, runAction } from './helpers/run-action.js';
import { commit, createRepo, git } from './helpers/temp-repo.js';

const v100 = versionPath('fraud', '1.0.0');
const v110 = versionPath('fraud', '1.1.0');

let fake: FakeGitHub;
let server: GitHttpServer;
beforeAll(async () => {
  fake = await FakeGitHub.start();
  server = await GitHttpServer.start('test-token');
});
afterAll(async () => {
  await fake.close();
  await server.close();
});
afterEach(() => {
  fake.pulls.clear();
  fake.requests.length = 0;
  expect(fake.violations.splice(0)).toEqual([]);
});

let counter = 0;
/** A workflow checkout of the default branch, with origin served over smart HTTP. */
function checkout(): { dir: string; bare: string } {
  const source = createRepo({
    'registry.yaml': templatePolicy(),
    'models/fraud/model.yaml': modelYaml('fraud', 'metrics:\n  auc: {goal: maximize}\n'),
    [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
    [v110]: versionYaml('1.1.0', { stage: 'staging', metrics: { auc: 0.93 } }),
  });
  return server.checkout(source, `acme/lifecycle${++counter}`);
}

describe('the promote and rollback actions (workflow_dispatch)', () => {
  it('promote opens a pull request from a pushed branch (Node 24)', async () => {
    const { dir, bare } = checkout();
    const run = await runAction({
      action: 'promote',
      workspace: dir,
      eventName: 'workflow_dispatch',
      event: { inputs: {} },
      apiUrl: fake.url,
      node: NODE24,
      inputs: { model: 'fraud', version: '1.1.0', stage: 'production', message: 'Quarterly refresh' },
    });
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(run.outputs.branch).toBe('modelreg/promote-fraud-1.1.0-to-production');
    expect(run.outputs['pull-request-url']).toMatch(/\/pull\/1$/);
    expect(git(bare, 'show', '--format=%s', '--no-patch', 'refs/heads/modelreg/promote-fraud-1.1.0-to-production')).toBe('promote(fraud): 1.1.0 → production (replaces 1.0.0)');
    const created = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/pulls'))!;
    expect(created.body.body).toContain('Quarterly refresh');
    expect(run.stdout).toContain('do not trigger other workflows');
    expect(run.summary).toContain('## promote(fraud): 1.1.0 → production (replaces 1.0.0)');
  });

  it('rollback opens a pull request that reverts the latest production change', async () => {
    const { dir } = checkout();
    commit(dir, { [v110]: versionYaml('1.1.0', { stage: 'production', metrics: { auc: 0.93 } }), [v100]: versionYaml('1.0.0', { stage: 'archived', metrics: { auc: 0.9 } }) }, 'promote 1.1.0');
    git(dir, 'push', '-q', server.bare(`acme/lifecycle${counter}`), 'main');
    const run = await runAction({ action: 'rollback', workspace: dir, eventName: 'workflow_dispatch', event: {}, apiUrl: fake.url, inputs: { model: 'fraud' } });
    expect(run.code).toBe(0);
    const created = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/pulls'))!;
    expect(created.body.title).toMatch(/^rollback\(fraud\): production 1\.1\.0 → 1\.0\.0 \(reverts [0-9a-f]{7}\)$/);
  });

  it('fails with a clear message when an input is missing', async () => {
    const { dir } = checkout();
    const run = await runAction({ action: 'promote', workspace: dir, eventName: 'workflow_dispatch', event: {}, apiUrl: fake.url, inputs: { model: 'fraud', version: '1.1.0' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::the stage input is required');
  });
});

describe('the catalog action', () => {
  it('builds the static site into the checkout for the Pages upload (Node 24)', async () => {
    const { dir } = checkout();
    const run = await runAction({ action: 'catalog', workspace: dir, eventName: 'push', event: {}, apiUrl: fake.url, node: NODE24 });
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(run.outputs.path).toBe(`${dir}/_site`);
    expect(Number(run.outputs.pages)).toBe(4);
    expect(readFileSync(`${dir}/_site/models/fraud/index.html`, 'utf8')).toContain('https://github.invalid/acme/registry/commit/');
  });
});

describe('the validation action records a release in origin', () => {
  it('pushes the version tag and the release note after a merge', async () => {
    const { dir, bare } = checkout();
    const before = git(dir, 'rev-parse', 'HEAD');
    const after = commit(dir, { [versionPath('fraud', '1.2.0')]: versionYaml('1.2.0') }, 'Merge pull request #3 from acme/register');
    git(dir, 'push', '-q', bare, 'main');
    const run = await runAction({ action: 'validate', workspace: dir, eventName: 'push', event: { before, after }, apiUrl: fake.url });
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(git(bare, 'tag', '-l')).toBe('modelreg/fraud/1.2.0');
    expect(git(bare, 'cat-file', '-t', 'refs/tags/modelreg/fraud/1.2.0')).toBe('tag');
    expect(JSON.parse(git(bare, 'notes', '--ref', 'modelreg', 'show', after))).toMatchObject({ changes: [{ model: 'fraud', version: '1.2.0', type: 'register' }] });
    expect(git(bare, 'fsck', '--strict')).toBe('');
  });
});
