/**
 * The validation action on `push` and `merge_group` holds a push to what a
 * pull request is held to: every first-parent commit against its first
 * parent with the change rules, each registry change through a reviewed and
 * merged pull request (or an allowed emergency push), and release records
 * that nobody forged. Bundled, against the OpenAPI-checked fake GitHub.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub, type FakeReview } from './helpers/fake-github.js';
import { DIGEST_B, modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runAction } from './helpers/run-action.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git } from './helpers/temp-repo.js';

const v100 = versionPath('fraud', '1.0.0');
const v110 = versionPath('fraud', '1.1.0');
const v120 = versionPath('fraud', '1.2.0');
const policy = templatePolicy().replace('admins: []', "admins: ['@acme/platform']");
const model = modelYaml('fraud');

let fake: FakeGitHub;
beforeAll(async () => {
  fake = await FakeGitHub.start();
  fake.teams.set('acme/ml', new Set(['carol']));
  fake.teams.set('acme/platform', new Set(['pat']));
});
afterAll(() => fake.close());
afterEach(() => {
  fake.pulls.clear();
  fake.commitPulls.clear();
  fake.requests.length = 0;
  expect(fake.violations.splice(0)).toEqual([]);
});

/** main: 1.0.0 in production, 1.1.0 in staging. */
function registry(registryPolicy = policy): string {
  return createRepo({
    'registry.yaml': registryPolicy,
    'models/fraud/model.yaml': model,
    [v100]: versionYaml('1.0.0', { stage: 'production' }),
    [v110]: versionYaml('1.1.0', { stage: 'staging' }),
  });
}

const promotion = {
  [v110]: versionYaml('1.1.0', { stage: 'production' }),
  [v100]: versionYaml('1.0.0', { stage: 'archived' }),
};
const head = (dir: string) => git(dir, 'rev-parse', 'HEAD');

/**
 * Pull request `number` with `change`, merged into main with a merge commit
 * as GitHub's button makes it (main first), reviewed by `reviews` on its head.
 * `evil` is written into the merge commit itself.
 */
function mergePullRequest(
  dir: string,
  number: number,
  change: Record<string, string>,
  reviewers: string[],
  evil: Record<string, string> = {},
): string {
  git(dir, 'checkout', '-q', '-b', `pr-${number}`);
  const prHead = commit(dir, change, `the change of #${number}`);
  git(dir, 'checkout', '-q', 'main');
  git(dir, 'merge', '-q', '--no-ff', '--no-commit', `pr-${number}`);
  commit(dir, evil, `Merge pull request #${number} from acme/pr-${number}`);
  const merge = head(dir);
  const reviews: FakeReview[] = reviewers.map((user) => ({ user, state: 'APPROVED', commitId: prHead }));
  fake.pulls.set(number, {
    number,
    author: 'dana',
    headSha: prHead,
    headRef: `pr-${number}`,
    baseRef: 'main',
    reviews,
    mergedAt: '2026-06-01T00:00:00Z',
    mergeCommitSha: merge,
  });
  fake.commitPulls.set(merge, [number]);
  return merge;
}

async function push(
  dir: string,
  before: string,
  after: string,
  options: { sender?: string; record?: boolean; apiUrl?: string; env?: Record<string, string> } = {},
) {
  return runAction({
    action: 'validate',
    workspace: dir,
    eventName: 'push',
    event: { before, after, ref: 'refs/heads/main', sender: { login: options.sender ?? 'dana' } },
    apiUrl: options.apiUrl ?? fake.url,
    inputs: { record: options.record === true ? 'true' : 'false' },
    env: options.env,
  });
}

const released = (run: { outputs: Record<string, string> }) =>
  (JSON.parse(run.outputs.released ?? '[]') as { model: string; version: string; type: string }[]).map(
    (r) => `${r.model}@${r.version} ${r.type}`,
  );

describe('a direct push to the default branch is held to the pull request rules', () => {
  it('refuses a changed digest, pushed without a pull request', async () => {
    const dir = registry();
    const before = head(dir);
    const after = commit(
      dir,
      { [v100]: versionYaml('1.0.0', { stage: 'production', digest: DIGEST_B }) },
      'fix digest',
    );
    const run = await push(dir, before, after);
    expect(run.code).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.stdout).toContain(`::error title=IMMUTABLE_FIELD,file=${v100},line=8`);
    expect(run.stdout).toContain(
      `::error title=PUSH_WITHOUT_PULL_REQUEST,file=${v100},line=1,col=1::fraud@1.0.0 edited was pushed to main in commit ${after.slice(0, 7)} without a merged pull request`,
    );
    expect(released(run)).toEqual([]);
  });

  it('refuses a deleted version', async () => {
    const dir = registry();
    const before = head(dir);
    git(dir, 'rm', '-q', v110);
    git(dir, 'commit', '-q', '-m', 'drop 1.1.0');
    const run = await push(dir, before, head(dir));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error title=VERSION_DELETED,file=${v110}`);
    expect(run.stdout).toContain('::error title=PUSH_WITHOUT_PULL_REQUEST');
  });

  it('refuses a development → production jump without a pull request, on the stage line, and releases nothing', async () => {
    const dir = registry();
    commit(dir, { [v120]: versionYaml('1.2.0') }, 'register 1.2.0');
    const before = head(dir);
    const after = commit(
      dir,
      { [v120]: versionYaml('1.2.0', { stage: 'production' }), [v100]: versionYaml('1.0.0', { stage: 'archived' }) },
      'ship it',
    );
    const run = await push(dir, before, after);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error title=STAGE_TRANSITION_NOT_ALLOWED,file=${v120},line=2,col=8`);
    expect(run.stdout).toContain(
      `::error title=PUSH_WITHOUT_PULL_REQUEST,file=${v120},line=2,col=8::fraud@1.2.0 development → production was pushed`,
    );
    expect(released(run)).toEqual([]);
    expect(run.summary).toContain('No stage change is released to deploy jobs.');
  });

  it('sees a change undone later in the same push', async () => {
    const dir = registry();
    const before = head(dir);
    const bad = commit(
      dir,
      { [v100]: versionYaml('1.0.0', { stage: 'production', digest: DIGEST_B }) },
      'swap the model',
    );
    const after = commit(dir, { [v100]: versionYaml('1.0.0', { stage: 'production' }) }, 'swap it back');
    const run = await push(dir, before, after);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error title=IMMUTABLE_FIELD,file=${v100},line=8`);
    expect(run.stdout).toContain(`(in commit ${bad.slice(0, 7)} "swap the model")`);
  });

  it('refuses an evil merge: content in the merge commit found in neither parent', async () => {
    const dir = registry();
    const before = head(dir);
    const evilUri = versionYaml('1.1.0', { stage: 'production' }).replace(
      's3://models/fraud/1.1.0/model.onnx',
      's3://attacker/model.onnx',
    );
    const after = mergePullRequest(dir, 8, promotion, ['alice', 'carol'], { [v110]: evilUri });
    const run = await push(dir, before, after);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error title=IMMUTABLE_FIELD,file=${v110},line=7`);
    expect(run.stdout).toContain(
      `::error title=PUSH_CONTENT_NOT_APPROVED,file=${v110},line=2,col=8::fraud@1.1.0 staging → production in commit ${after.slice(0, 7)} is not what pull request #8 had at its approved head`,
    );
    expect(released(run)).not.toContain('fraud@1.1.0 promote');
  });

  it('fails closed on a force push, saying what to do', async () => {
    const dir = registry();
    const base = head(dir);
    const lost = commit(dir, { [v120]: versionYaml('1.2.0') }, 'released, then rewritten');
    git(dir, 'reset', '-q', '--hard', base);
    const after = commit(dir, { [v120]: versionYaml('1.2.0', { digest: DIGEST_B }) }, 'the rewrite');
    const run = await push(dir, lost, after);
    expect(run.code).toBe(1);
    expect(run.outputs.verdict).toBe('fail');
    expect(run.stdout).toContain(
      `::error::error[PUSH_FORCED]: a force push: the commit before the push (${lost.slice(0, 12)}) is not an ancestor of ${after.slice(0, 12)}`,
    );
    expect(run.stdout).toContain('protect the default branch against force pushes');
    // Cleared, not unset: whoever reads the outputs of a stopped run sees nothing to deploy.
    expect(run.outputs.released).toBe('[]');
  });

  it('fails closed without a before commit, or when the checkout lacks it', async () => {
    const dir = registry();
    const before = head(dir);
    const after = commit(dir, { [v120]: versionYaml('1.2.0') }, 'register 1.2.0');
    const newBranch = await push(dir, '0'.repeat(40), after);
    expect(newBranch.code).toBe(1);
    expect(newBranch.stdout).toContain('::error::error[PUSH_WITHOUT_BEFORE]: this push names no earlier commit');

    const shallow = createRepo({});
    git(shallow, 'fetch', '-q', '--depth=1', `file://${dir}`, 'main');
    git(shallow, 'checkout', '-q', 'FETCH_HEAD');
    const run = await push(shallow, before, after);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `::error::error[PUSH_HISTORY_MISSING]: the commit before the push (${before.slice(0, 12)}) is not in the checkout (a shallow checkout?)`,
    );
    expect(run.stdout).toContain('`fetch-depth: 0`');
  });
});

describe('stage changes come through an approved pull request', () => {
  it('releases a merged PR whose approvals were on its head when it merged, and records tag and note', async () => {
    const dir = registry();
    const before = head(dir);
    const after = mergePullRequest(dir, 7, { ...promotion, [v120]: versionYaml('1.2.0') }, ['alice', 'carol']);
    const run = await push(dir, before, after);
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(released(run)).toEqual(['fraud@1.0.0 demote', 'fraud@1.1.0 promote', 'fraud@1.2.0 register']);
    expect(git(dir, 'tag', '-l')).toBe('modelreg/fraud/1.2.0');
    expect(JSON.parse(git(dir, 'notes', '--ref', 'modelreg', 'show', after))).toMatchObject({
      pr: 7,
      approvers: ['alice', 'carol'],
    });
    expect(run.summary).toContain(`| \`${after.slice(0, 7)}\` | ✅ #7 | alice, carol |`);
    // A re-run finds its own records.
    const again = await push(dir, before, after);
    expect(again.code).toBe(0);
    // A run that stops (here: the job summary cannot be written) fails and releases nothing.
    const stopped = await push(dir, before, after, { env: { GITHUB_STEP_SUMMARY: dir } });
    expect(stopped.code).toBe(1);
    expect(stopped.outputs.verdict).toBe('fail');
    expect(released(stopped)).toEqual([]);
  });

  it('refuses a merged PR that lacked approvals, and approvals given after the merge', async () => {
    const dir = registry();
    const before = head(dir);
    const after = mergePullRequest(dir, 7, promotion, ['alice']);
    fake.pulls.get(7)!.reviews.push({
      user: 'carol',
      state: 'APPROVED',
      commitId: fake.pulls.get(7)!.headSha,
      submittedAt: '2026-06-02T00:00:00Z',
    });
    const run = await push(dir, before, after);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `::error title=PUSH_APPROVALS_MISSING,file=${v110},line=2,col=8::fraud@1.1.0 staging → production came through pull request #7, which had 1 of the 2 approvals "fraud@1.1.0 enters production" needs`,
    );
    expect(released(run)).toEqual([]);
    expect(git(dir, 'notes', '--ref', 'modelreg', 'list')).toBe('');
  });

  it('holds a merged PR labelled as an emergency rollback to emergency_rollback when it is a pure rollback', async () => {
    const dir = registry(
      policy.replace('rollback_approvals: 1', 'rollback_approvals: 2') +
        'emergency_rollback: { approvals: 1, approvers: [oncall] }\n',
    );
    commit(dir, promotion, 'promote 1.1.0');
    const before = head(dir);
    const rolledBack = {
      [v110]: versionYaml('1.1.0', { stage: 'staging' }),
      [v100]: versionYaml('1.0.0', { stage: 'production' }),
    };
    const after = mergePullRequest(dir, 7, rolledBack, ['oncall']);
    fake.pulls.get(7)!.labels = ['modelreg:emergency-rollback'];
    const run = await push(dir, before, after);
    expect(run.stdout).not.toContain('::error');
    expect(run.code).toBe(0);
    expect(released(run)).toEqual(['fraud@1.0.0 rollback', 'fraud@1.1.0 rollback']);
    // The same merge without the label is an ordinary rollback, which needs 2 owner approvals.
    fake.pulls.get(7)!.labels = [];
    const unlabelled = await push(dir, before, after);
    expect(unlabelled.code).toBe(1);
    expect(unlabelled.stdout).toContain('which had 0 of the 2 approvals "rollback of fraud" needs');
  });

  it('holds a labelled PR that is not granted the emergency rule to what the PR check asked: its allowed-move rollback needs rollback_approvals', async () => {
    const dir = registry();
    const v120 = versionPath('fraud', '1.2.0');
    commit(dir, { 'models/churn/model.yaml': modelYaml('churn'), [v120]: versionYaml('1.2.0') }, 'churn; fraud 1.2.0');
    commit(dir, { [v120]: versionYaml('1.2.0', { stage: 'staging' }) }, 'promote 1.2.0 to staging');
    const before = head(dir);
    // Back to development (an allowed move, so a rollback only history recognises), and another model's metadata:
    // not a pure rollback, so the normal rules apply, as the PR check said.
    const after = mergePullRequest(
      dir,
      8,
      { [v120]: versionYaml('1.2.0'), 'models/churn/model.yaml': modelYaml('churn', 'description: x\n') },
      [],
    );
    fake.pulls.get(8)!.labels = ['modelreg:emergency-rollback'];
    const run = await push(dir, before, after);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('which had 0 of the 1 approvals "rollback of fraud" needs');
  });

  it('lets an allowed emergency push through, loudly', async () => {
    const dir = registry(
      policy.replace("admins: ['@acme/platform']", "admins: ['@acme/platform']\nemergency_pushers: ['@acme/platform']"),
    );
    const before = head(dir);
    const after = commit(dir, promotion, 'roll forward to 1.1.0\n\nModelreg-Emergency: 1.0.0 leaks PII, INC-42');
    const run = await push(dir, before, after, { sender: 'pat' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `::warning title=PUSH_EMERGENCY,file=${v110},line=2,col=8::fraud@1.1.0 staging → production released WITHOUT review by an emergency push of @pat`,
    );
    expect(run.summary).toContain('## 🚨 EMERGENCY PUSH: released without review');
    expect(run.summary).toContain('by **@pat**: 1.0.0 leaks PII, INC-42');
    expect(released(run)).toEqual(['fraud@1.0.0 demote', 'fraud@1.1.0 promote']);
    expect(JSON.parse(git(dir, 'notes', '--ref', 'modelreg', 'show', after))).toMatchObject({
      pr: null,
      emergency: { reason: '1.0.0 leaks PII, INC-42', by: 'pat' },
    });

    // The audit reads the record, not just the trailer: loud at the top and in the model's rows.
    const audit = await runCli(dir, ['audit']);
    expect(audit.stdout).toContain('- **Emergency pushes (no review): 2**');
    expect(audit.stdout).toContain('## 🚨 Emergency pushes');
    expect(audit.stdout).toContain(
      `fraud 1.1.0 promote staging → production, commit \`${after.slice(0, 7)}\`: 1.0.0 leaks PII, INC-42; released by the push check as an emergency push of \`pat\``,
    );
    expect(audit.stdout).toMatch(/\| 🚨 emergency push \|/);
    const rows = JSON.parse((await runCli(dir, ['audit', '--format', 'json'])).stdout) as {
      version: string;
      type: string;
      emergency: unknown;
    }[];
    expect(rows.find((r) => r.version === '1.1.0' && r.type === 'promote')?.emergency).toEqual({
      reason: '1.0.0 leaks PII, INC-42',
      by: 'pat',
    });
  });

  it('ignores the emergency trailer when the policy does not allow it, or the pusher is not listed', async () => {
    const dir = registry();
    const before = head(dir);
    const after = commit(dir, promotion, 'hotfix\n\nModelreg-Emergency: trust me');
    const run = await push(dir, before, after, { sender: 'pat' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'Its Modelreg-Emergency trailer does not count: registry.yaml lists no emergency_pushers',
    );
    expect(released(run)).toEqual([]);

    const listed = registry(`${policy}emergency_pushers: [pat]\n`);
    const from = head(listed);
    const to = commit(listed, promotion, 'hotfix\n\nModelreg-Emergency: trust me');
    const mallory = await push(listed, from, to, { sender: 'mallory' });
    expect(mallory.code).toBe(1);
    expect(mallory.stdout).toContain('mallory is not one of the emergency_pushers (pat)');
    expect(mallory.stdout).not.toContain('PUSH_EMERGENCY');
    // A trailer nobody let through is still shown to the auditor, as a claim without a release record.
    const audit = await runCli(listed, ['audit']);
    expect(audit.stdout).toContain('## 🚨 Emergency pushes');
    expect(audit.stdout).toContain('trust me; **no release record**');
  });

  it('does not let a commit that brings back a deleted registry.yaml choose the rules it is judged by', async () => {
    const dir = registry();
    commit(dir, { 'registry.yaml': null }, 'drop the policy');
    const before = head(dir);
    const after = commit(
      dir,
      { 'registry.yaml': `${policy}emergency_pushers: [mallory]\n`, ...promotion },
      'hotfix\n\nModelreg-Emergency: trust me',
    );
    const run = await push(dir, before, after, { sender: 'mallory' });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('PUSH_EMERGENCY');
    expect(released(run)).toEqual([]);
  });

  it('judges a squash-merged pull request by its approvals, whatever Modelreg-Emergency line its message carries', async () => {
    const dir = registry(
      policy.replace("admins: ['@acme/platform']", "admins: ['@acme/platform']\nemergency_pushers: [pat]"),
    );
    const before = head(dir);
    git(dir, 'checkout', '-q', '-b', 'pr-21');
    const prHead = commit(dir, promotion, 'promote\n\nModelreg-Emergency: planted by the author');
    git(dir, 'checkout', '-q', 'main');
    const squash = commit(dir, promotion, 'promote (#21)\n\nModelreg-Emergency: planted by the author');
    fake.pulls.set(21, {
      number: 21,
      author: 'dana',
      headSha: prHead,
      headRef: 'pr-21',
      baseRef: 'main',
      reviews: [{ user: 'alice', state: 'APPROVED', commitId: prHead }],
      mergedAt: '2026-06-01T00:00:00Z',
      mergeCommitSha: squash,
    });
    fake.commitPulls.set(squash, [21]);
    const run = await push(dir, before, squash, { sender: 'pat' });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain('PUSH_EMERGENCY');
    expect(run.stdout).toContain('PUSH_APPROVALS_MISSING');
    expect(released(run)).toEqual([]);
  });

  it('fails closed when GitHub cannot be reached, after the contract annotations and summary', async () => {
    const dir = registry();
    const before = head(dir);
    const after = commit(
      dir,
      { [v100]: versionYaml('1.0.0', { stage: 'production', digest: DIGEST_B }) },
      'fix digest',
    );
    const run = await push(dir, before, after, { apiUrl: 'http://127.0.0.1:9' });
    expect(run.code).toBe(1);
    const contract = run.stdout.indexOf('::error title=IMMUTABLE_FIELD');
    const unverified = run.stdout.indexOf('::error title=PUSH_REVIEW_UNVERIFIED');
    expect(contract).toBeGreaterThanOrEqual(0);
    expect(unverified).toBeGreaterThan(contract);
    expect(run.summary).toContain('## ❌ modelreg: this push breaks the registry contract');
    expect(run.summary).toContain('IMMUTABLE_FIELD');
    expect(run.summary).toContain('❌ not verified: GitHub API repos.listPullRequestsAssociatedWithCommit failed');
  });

  it('reports a release tag that already exists with other content as forged, and keeps it', async () => {
    const dir = registry();
    const before = head(dir);
    git(dir, 'checkout', '-q', '-b', 'attacker');
    const forged = commit(dir, { [v120]: versionYaml('1.2.0', { digest: DIGEST_B }) }, 'what the tag should say');
    git(dir, 'tag', '-a', '-m', 'fraud@1.2.0 registered', 'modelreg/fraud/1.2.0', forged);
    git(dir, 'checkout', '-q', 'main');
    const after = mergePullRequest(dir, 9, { [v120]: versionYaml('1.2.0') }, []);
    const run = await push(dir, before, after);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `::error title=FORGED_RELEASE_TAG,file=${v120},line=1,col=1::the release tag modelreg/fraud/1.2.0 already exists but names commit ${forged.slice(0, 7)}`,
    );
    expect(git(dir, 'rev-parse', 'modelreg/fraud/1.2.0^{commit}')).toBe(forged);
    expect(released(run)).toEqual([]);
  });
});

describe('the merge queue', () => {
  it('judges each commit of the group, so a bad commit undone later in the group is seen', async () => {
    const dir = registry();
    const base = head(dir);
    const bad = commit(dir, { [v100]: versionYaml('1.0.0', { stage: 'production', digest: DIGEST_B }) }, 'queued #4');
    const group = commit(dir, { [v100]: versionYaml('1.0.0', { stage: 'production' }) }, 'queued #5');
    const run = await runAction({
      action: 'validate',
      workspace: dir,
      eventName: 'merge_group',
      event: { merge_group: { base_sha: base, head_sha: group } },
      apiUrl: fake.url,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error title=IMMUTABLE_FIELD,file=${v100},line=8`);
    expect(run.stdout).toContain(`in commit ${bad.slice(0, 7)}`);
  });
});

describe('expected 404s from GitHub', () => {
  it('do not print request log lines', async () => {
    const dir = registry();
    const base = head(dir);
    git(dir, 'checkout', '-q', '-b', 'pr-7');
    const prHead = commit(dir, promotion, 'promote 1.1.0');
    git(dir, 'checkout', '-q', '--detach', 'main');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'Merge', prHead);
    fake.pulls.set(7, {
      number: 7,
      author: 'dana',
      headSha: prHead,
      headRef: 'pr-7',
      baseRef: 'main',
      reviews: [{ user: 'mallory', state: 'APPROVED', commitId: prHead }],
      mergedAt: null,
    });
    const event = {
      number: 7,
      pull_request: {
        number: 7,
        user: { login: 'dana' },
        head: { sha: prHead, ref: 'pr-7', repo: { full_name: 'acme/registry' } },
        base: { sha: base, ref: 'main', repo: { full_name: 'acme/registry' } },
      },
    };
    const run = await runAction({
      action: 'validate',
      workspace: dir,
      eventName: 'pull_request',
      event,
      apiUrl: fake.url,
      inputs: { comment: 'false' },
    });
    expect(run.code).toBe(1);
    expect(fake.requests.some((r) => r.path.endsWith('/memberships/mallory'))).toBe(true);
    expect(run.stdout).not.toMatch(/ - 404 /);
  });

  it('a pull request check whose API is unreachable still annotates the contract and writes the summary', async () => {
    const dir = registry();
    const base = head(dir);
    git(dir, 'checkout', '-q', '-b', 'pr-7');
    const prHead = commit(
      dir,
      { [v120]: versionYaml('1.2.0', { stage: 'production' }) },
      'register 1.2.0 in production',
    );
    git(dir, 'checkout', '-q', '--detach', 'main');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'Merge', prHead);
    const event = {
      number: 7,
      pull_request: {
        number: 7,
        user: { login: 'dana' },
        head: { sha: prHead, ref: 'pr-7', repo: { full_name: 'acme/registry' } },
        base: { sha: base, ref: 'main', repo: { full_name: 'acme/registry' } },
      },
    };
    const run = await runAction({
      action: 'validate',
      workspace: dir,
      eventName: 'pull_request',
      event,
      apiUrl: 'http://127.0.0.1:9',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`::error title=STAGE_NOT_INITIAL,file=${v120},line=2,col=8::`);
    expect(run.stdout).toContain('::error::error[GITHUB_API]: GitHub API pulls.listReviews failed');
    expect(run.summary).toContain('> Approvals could not be checked: GitHub API pulls.listReviews failed');
    expect(run.summary).toContain('`STAGE_NOT_INITIAL`');
  });
});
