import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from './helpers/fake-github.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { NODE24, runAction } from './helpers/run-action.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git } from './helpers/temp-repo.js';

const v100 = versionPath('fraud', '1.0.0');
const v110 = versionPath('fraud', '1.1.0');
const v120 = versionPath('fraud', '1.2.0');
const policy = templatePolicy().replace('admins: []', "admins: ['@acme/platform']");
const model = modelYaml(
  'fraud',
  'metrics:\n  auc: {goal: maximize}\nacceptance:\n  production:\n    metrics:\n      auc: {min: 0.85, max_drop: 0.02}\n',
);

let fake: FakeGitHub;
beforeAll(async () => {
  fake = await FakeGitHub.start();
  fake.teams.set('acme/ml', new Set(['carol']));
  fake.teams.set('acme/platform', new Set(['pat']));
});
afterAll(() => fake.close());
afterEach(() => {
  fake.pulls.clear();
  fake.comments.clear();
  fake.readOnly = false;
  fake.teamsForbidden = false;
  fake.requests.length = 0;
  expect(fake.violations.splice(0)).toEqual([]);
});

/** main: 1.0.0 in production, 1.1.0 in staging. */
function registry(): string {
  return createRepo({
    'registry.yaml': policy,
    'models/fraud/model.yaml': model,
    [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
    [v110]: versionYaml('1.1.0', { stage: 'staging', metrics: { auc: 0.91 } }),
  });
}

const promotion = {
  [v110]: versionYaml('1.1.0', { stage: 'production', metrics: { auc: 0.91 } }),
  [v100]: versionYaml('1.0.0', { stage: 'archived', metrics: { auc: 0.9 } }),
};

/**
 * Opens PR #7 from a branch with `change` and checks out GitHub's merge
 * commit (refs/pull/7/merge), as actions/checkout does for pull_request.
 */
function openPullRequest(dir: string, change: Record<string, string | null>, author = 'dana', number = 7) {
  const base = git(dir, 'rev-parse', 'main');
  git(dir, 'checkout', '-q', '-b', `pr-${number}`);
  const head = commit(dir, change, 'the pull request');
  git(dir, 'checkout', '-q', '--detach', 'main');
  git(dir, 'merge', '-q', '--no-ff', '-m', `Merge ${head} into ${base}`, head);
  fake.pulls.set(number, {
    number,
    author,
    headSha: head,
    headRef: `pr-${number}`,
    baseRef: 'main',
    reviews: [],
    mergedAt: null,
  });
  const event = (fork = false) => ({
    action: 'synchronize',
    number,
    pull_request: {
      number,
      user: { login: author },
      head: { sha: head, ref: `pr-${number}`, repo: { full_name: fork ? 'someone/registry' : 'acme/registry' } },
      base: { sha: base, ref: 'main', repo: { full_name: 'acme/registry' } },
    },
  });
  return { head, base, event };
}

async function check(dir: string, event: object, node?: string, eventName = 'pull_request') {
  return runAction({
    action: 'validate',
    workspace: dir,
    eventName,
    event,
    apiUrl: fake.url,
    node,
    sha: git(dir, 'rev-parse', 'HEAD'),
  });
}

describe('the validation action on pull requests (bundled, as the runner runs it)', () => {
  for (const [runtime, node] of [
    ['Node 20', process.execPath],
    ['Node 24', NODE24],
  ] as const) {
    it(`passes a promotion with enough owner approvals on the head commit (${runtime})`, async () => {
      const dir = registry();
      const { head, event } = openPullRequest(dir, promotion);
      fake.pulls
        .get(7)!
        .reviews.push(
          { user: 'alice', state: 'APPROVED', commitId: head },
          { user: 'carol', state: 'APPROVED', commitId: head },
        );
      const run = await check(dir, event(), node);
      expect(run.stdout).not.toContain('::error');
      expect(run.code).toBe(0);
      expect(run.outputs.verdict).toBe('pass');
      expect(JSON.parse(run.outputs.changes!)).toEqual([
        { model: 'fraud', version: '1.0.0', type: 'demote', from: 'production', to: 'archived' },
        { model: 'fraud', version: '1.1.0', type: 'promote', from: 'staging', to: 'production' },
      ]);
      const comment = fake.comments.get(7)![0]!.body;
      expect(comment).toContain('<!-- modelreg:validation -->');
      expect(comment).toContain('## ✅ modelreg');
      expect(comment).toContain(
        '| fraud@1.1.0 enters production | 2 from alice, @acme/ml | alice, carol | ✅ approved |',
      );
      expect(comment).toContain('### fraud 1.1.0 compared with 1.0.0 (the version it replaces in production)');
      expect(comment).toContain('| auc (maximize) | 0.9 | 0.91 | +0.01 | 🟢 better |');
      expect(run.summary).toContain('## ✅ modelreg');
    });
  }

  it('fails one approval short and names who may approve', async () => {
    const dir = registry();
    const { head, event } = openPullRequest(dir, promotion);
    fake.pulls
      .get(7)!
      .reviews.push(
        { user: 'alice', state: 'APPROVED', commitId: head },
        { user: 'mallory', state: 'APPROVED', commitId: head },
      );
    const run = await check(dir, event());
    expect(run.code).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    const comment = fake.comments.get(7)![0]!.body;
    expect(comment).toContain(
      '| fraud@1.1.0 enters production | 2 from alice, @acme/ml | alice | ❌ needs 1 more from alice, @acme/ml |',
    );
    expect(comment).toContain('- @mallory is not one of alice, @acme/ml');
  });

  it('does not count an approval of an earlier commit, nor the author approving their own change', async () => {
    const dir = registry();
    const { head, event } = openPullRequest(dir, promotion, 'alice');
    fake.pulls
      .get(7)!
      .reviews.push(
        { user: 'carol', state: 'APPROVED', commitId: 'b'.repeat(40) },
        { user: 'alice', state: 'APPROVED', commitId: head },
      );
    const run = await check(dir, event());
    expect(run.outputs.verdict).toBe('fail');
    const comment = fake.comments.get(7)![0]!.body;
    expect(comment).toContain('❌ needs 2 more');
    expect(comment).toContain('- @carol approved an earlier commit; approve the latest one');
    expect(comment).toContain('- @alice is the author');
  });

  it('judges a PR that loosens the policy and promotes by the old policy, and asks the admins', async () => {
    const dir = registry();
    const loosened = policy.replace('    approvals: 2\n', '    approvals: 0\n');
    const { head, event } = openPullRequest(dir, { ...promotion, 'registry.yaml': loosened });
    fake.pulls.get(7)!.reviews.push({ user: 'alice', state: 'APPROVED', commitId: head });
    const run = await check(dir, event());
    expect(run.outputs.verdict).toBe('fail');
    const comment = fake.comments.get(7)![0]!.body;
    expect(comment).toContain(
      '| registry.yaml changes | 1 from @acme/platform | — | ❌ needs 1 more from @acme/platform |',
    );
    expect(comment).toContain('| fraud@1.1.0 enters production | 2 from alice, @acme/ml | alice | ❌ needs 1 more');
  });

  it('accepts a rollback PR with rollback_approvals', async () => {
    const dir = registry();
    commit(dir, promotion, 'promote 1.1.0 (#6)');
    const { head, event } = openPullRequest(dir, {
      [v110]: versionYaml('1.1.0', { stage: 'staging', metrics: { auc: 0.91 } }),
      [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { auc: 0.9 } }),
    });
    fake.pulls.get(7)!.reviews.push({ user: 'carol', state: 'APPROVED', commitId: head });
    const run = await check(dir, event());
    expect(run.outputs.verdict).toBe('pass');
    expect(JSON.parse(run.outputs.changes!).map((c: { type: string }) => c.type)).toEqual(['rollback', 'rollback']);
    expect(fake.comments.get(7)![0]!.body).toContain(
      '| rollback of fraud | 1 from alice, @acme/ml | carol | ✅ approved |',
    );
  });

  it('annotates contract errors on their lines and fails', async () => {
    const dir = registry();
    const { head, event } = openPullRequest(dir, { [v120]: versionYaml('1.2.0', { stage: 'production' }) });
    fake.pulls.get(7)!.reviews.push({ user: 'alice', state: 'APPROVED', commitId: head });
    const run = await check(dir, event());
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error title=STAGE_NOT_INITIAL,file=${v120},line=2,col=8::`);
    expect(fake.comments.get(7)![0]!.body).toContain('`STAGE_NOT_INITIAL`');
  });

  it('warns on a schemas/ file that no longer matches registry.yaml, as validate does', async () => {
    const dir = registry();
    const generated = await runCli(dir, ['schema', '--out', 'schemas']);
    expect(generated.code).toBe(0);
    git(dir, 'add', 'schemas');
    git(dir, 'commit', '-qm', 'schemas for editors');
    // A new stage changes the generated version schema (its stage enum): the committed copy is now stale.
    const withCanary = policy.replace('stages:\n', 'stages:\n  canary:\n    description: A slice of traffic.\n');
    expect(withCanary).not.toBe(policy);
    const { event } = openPullRequest(dir, { 'registry.yaml': withCanary });
    const run = await check(dir, event());
    expect(run.stdout).toContain('::warning title=SCHEMA_OUTDATED,file=schemas/version.schema.json,line=1,col=1::');
    expect(fake.comments.get(7)![0]!.body).toContain('`SCHEMA_OUTDATED`');
  });

  it('reports a pull request that deletes registry.yaml by its finding, with no schemas/ to compare', async () => {
    const dir = registry();
    const { event } = openPullRequest(dir, { 'registry.yaml': null });
    const run = await check(dir, event());
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error title=POLICY_DELETED');
    expect(run.stdout).not.toContain('NOT_A_REGISTRY');
  });

  it('updates its one comment in place on every run', async () => {
    const dir = registry();
    const { head, event } = openPullRequest(dir, promotion);
    await check(dir, event());
    expect(fake.comments.get(7)).toHaveLength(1);
    expect(fake.comments.get(7)![0]!.body).toContain('❌');
    fake.pulls
      .get(7)!
      .reviews.push(
        { user: 'alice', state: 'APPROVED', commitId: head },
        { user: 'carol', state: 'APPROVED', commitId: head },
      );
    const again = await check(dir, event(), undefined, 'pull_request_review');
    expect(again.outputs.verdict).toBe('pass');
    expect(fake.comments.get(7)).toHaveLength(1);
    expect(fake.comments.get(7)![0]!.body).toContain('✅');
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments'))).toHaveLength(1);
  });

  it('still reports through annotations and the summary on a fork PR with a read-only token', async () => {
    const dir = registry();
    const { event } = openPullRequest(dir, promotion);
    fake.readOnly = true;
    const run = await check(dir, event(true));
    expect(run.outputs.verdict).toBe('fail');
    expect(fake.comments.get(7)).toBeUndefined();
    expect(run.summary).toContain('This pull request comes from a fork');
    expect(run.summary).toContain('❌ needs 2 more');
  });

  it('passes on a read-only token that cannot comment, saying so in the summary', async () => {
    const dir = registry();
    const { head, event } = openPullRequest(dir, promotion);
    fake.pulls
      .get(7)!
      .reviews.push(
        { user: 'alice', state: 'APPROVED', commitId: head },
        { user: 'carol', state: 'APPROVED', commitId: head },
      );
    fake.readOnly = true;
    const run = await check(dir, event());
    expect(run.outputs.verdict).toBe('pass');
    expect(run.summary).toContain('Could not write the pull request comment');
  });

  it('says when team membership cannot be read', async () => {
    const dir = registry();
    const { head, event } = openPullRequest(dir, promotion);
    fake.teamsForbidden = true;
    fake.pulls
      .get(7)!
      .reviews.push(
        { user: 'alice', state: 'APPROVED', commitId: head },
        { user: 'carol', state: 'APPROVED', commitId: head },
      );
    const run = await check(dir, event());
    expect(run.outputs.verdict).toBe('fail');
    expect(run.summary, run.summary).toContain('Team membership could not be read with this token');
  });
});

describe('the validation action after a merge (push to the default branch)', () => {
  it('lists the released stage changes with artifacts and records a tag and a note', async () => {
    const dir = registry();
    const before = git(dir, 'rev-parse', 'HEAD');
    const after = commit(
      dir,
      { ...promotion, [v120]: versionYaml('1.2.0') },
      'Merge pull request #7 from acme/promote',
    );
    const reviews = ['alice', 'carol'].map((user) => ({ user, state: 'APPROVED' as const, commitId: 'c'.repeat(40) }));
    fake.pulls.set(7, {
      number: 7,
      author: 'dana',
      headSha: 'c'.repeat(40),
      headRef: 'promote',
      baseRef: 'main',
      reviews,
      mergedAt: '2026-01-01T00:00:00Z',
      mergeCommitSha: after,
    });
    fake.commitPulls.set(after, [7]);
    const run = await runAction({
      action: 'validate',
      workspace: dir,
      eventName: 'push',
      event: { before, after, ref: 'refs/heads/main' },
      apiUrl: fake.url,
      inputs: { record: 'false' },
    });
    expect(run.code).toBe(0);
    const released = JSON.parse(run.outputs.released!);
    expect(released.map((r: { version: string; type: string }) => `${r.version} ${r.type}`)).toEqual([
      '1.0.0 demote',
      '1.1.0 promote',
      '1.2.0 register',
    ]);
    expect(released[1].artifacts.model.uri).toBe('s3://models/fraud/1.1.0/model.onnx');
    expect(git(dir, 'tag', '-l')).toBe('modelreg/fraud/1.2.0');
    expect(JSON.parse(git(dir, 'notes', '--ref', 'modelreg', 'show', after))).toMatchObject({
      pr: 7,
      approvers: ['alice', 'carol'],
    });
  });

  it('fails loudly when two promotions that each passed collide after merge', async () => {
    const dir = registry();
    commit(dir, { [v120]: versionYaml('1.2.0', { stage: 'staging', metrics: { auc: 0.92 } }) });
    const base = git(dir, 'rev-parse', 'HEAD');
    git(dir, 'checkout', '-q', '-b', 'a');
    commit(dir, promotion);
    git(dir, 'checkout', '-q', '-b', 'b', base);
    commit(dir, {
      [v120]: versionYaml('1.2.0', { stage: 'production', metrics: { auc: 0.92 } }),
      [v100]: versionYaml('1.0.0', { stage: 'archived', metrics: { auc: 0.9 } }),
    });
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #1 from acme/a', 'a');
    const before = git(dir, 'rev-parse', 'HEAD');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #2 from acme/b', 'b');
    const after = git(dir, 'rev-parse', 'HEAD');
    const run = await runAction({
      action: 'validate',
      workspace: dir,
      eventName: 'push',
      event: { before, after },
      apiUrl: fake.url,
      inputs: { record: 'false' },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error title=EXCLUSIVE_STAGE_CONFLICT');
    expect(run.summary).toContain('the registry is INCONSISTENT after this push');
  });
});

describe('the validation action in a merge queue', () => {
  it('checks the contract of the combined change on merge_group', async () => {
    const dir = registry();
    const base = git(dir, 'rev-parse', 'HEAD');
    const good = commit(dir, promotion, 'queued: promote 1.1.0');
    const ok = await runAction({
      action: 'validate',
      workspace: dir,
      eventName: 'merge_group',
      event: { merge_group: { base_sha: base, head_sha: good } },
      apiUrl: fake.url,
    });
    expect(ok.code).toBe(0);
    expect(ok.outputs.verdict).toBe('pass');
    expect(ok.summary).toContain('approvals were checked on each pull request');
    const bad = commit(dir, { [v120]: versionYaml('1.2.0', { stage: 'production' }) }, 'queued: a second promotion');
    const refused = await runAction({
      action: 'validate',
      workspace: dir,
      eventName: 'merge_group',
      event: { merge_group: { base_sha: base, head_sha: bad } },
      apiUrl: fake.url,
    });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('::error title=EXCLUSIVE_STAGE_CONFLICT');
  });
});

describe('action inputs and events', () => {
  it('refuses an event it does not handle, with a clear message', async () => {
    const dir = registry();
    writeFileSync(join(dir, 'x'), '');
    const run = await runAction({
      action: 'validate',
      workspace: dir,
      eventName: 'issues',
      event: {},
      apiUrl: fake.url,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::error[UNSUPPORTED_EVENT]: modelreg validates pull_request, pull_request_review, merge_group and push events, not issues',
    );
  });
});
