/**
 * The emergency rollback rule: `guard --rollback --pr` opens a labelled pull request with the evidence,
 * and the pull request check applies the base policy's emergency_rollback approvals only to a pull
 * request that really is a pure rollback; a labelled one that does anything else gets the normal rules.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pullRequestOf } from '../src/actions/action-environment.js';
import { checkPullRequest, checkPullRequestContract, type PullRequestEvent } from '../src/github/pull-request-check.js';
import { OctokitGitHub } from '../src/github/octokit-github.js';
import { Registry } from '../src/registry/registry.js';
import { FakeGitHub } from './helpers/fake-github.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { useGitHubRig } from './helpers/github-rig.js';
import { guardedRegistry, GUARDRAILS, HEALTHY, NOW, observations } from './helpers/guard-registry.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git } from './helpers/temp-repo.js';

const LABEL = 'modelreg:emergency-rollback';
const v100 = versionPath('fraud', '1.0.0');
const v110 = versionPath('fraud', '1.1.0');

describe('guard --rollback --pr', () => {
  const github = useGitHubRig('secret-token', 'acme/guarded');
  afterEach(() => {
    delete process.env.GITHUB_TOKEN;
    delete process.env.GITHUB_API_URL;
  });

  it('pushes the rollback and opens a pull request labelled as an emergency, with the evidence in its body', async () => {
    const repo = 'acme/guarded-pr';
    const { dir, bare } = github.server.checkout(await guardedRegistry(), repo);
    process.env.GITHUB_TOKEN = 'secret-token';
    process.env.GITHUB_API_URL = github.fake.url;
    const input = observations(dir, { ...HEALTHY, error_rate: { value: 0.07, window: '10m' } });
    const result = await runCli(
      dir,
      ['guard', 'fraud@production', '--input', input, '--rollback', '--pr', '--branch', 'guard-fraud'],
      NOW,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('pushed guard-fraud and opened https://github.invalid/acme/registry/pull/1');
    expect(git(bare, 'rev-parse', 'refs/heads/guard-fraud')).toBe(git(dir, 'rev-parse', 'guard-fraud'));
    const opened = github.fake.requests.find((r) => r.method === 'POST' && r.path === `/repos/${repo}/pulls`)!;
    expect(opened.body.title).toBe(`Emergency ${git(dir, 'log', '-1', '--format=%s', 'guard-fraud')}`);
    const body = opened.body.body as string;
    expect(body).toContain('### 🚨 Emergency rollback: a guardrail was breached');
    expect(body).toContain('| Metric | Observed | Bound | Window | Source | Query | Time |');
    expect(body).toContain('| error_rate | 0.07 | max 0.05 | 10m | json:');
    expect(body).toContain('| fraud | 1.1.0 | production → staging |');
    const labelled = github.fake.requests.find(
      (r) => r.method === 'POST' && r.path === `/repos/${repo}/issues/1/labels`,
    );
    expect(labelled?.body).toEqual({ labels: [LABEL] });
    expect(github.fake.pulls.get(1)!.labels).toEqual([LABEL]);
  });
});

describe('the pull request check of an emergency rollback', () => {
  let fake: FakeGitHub;
  beforeAll(async () => {
    fake = await FakeGitHub.start();
    fake.teams.set('acme/ml', new Set(['carol']));
    process.env.MODELREG_ALLOW_INSECURE_LOOPBACK = '1';
  });
  afterAll(async () => {
    delete process.env.MODELREG_ALLOW_INSECURE_LOOPBACK;
    await fake.close();
  });
  afterEach(() => {
    fake.pulls.clear();
    expect(fake.violations.splice(0)).toEqual([]);
  });

  const promoted = {
    [v110]: versionYaml('1.1.0', { stage: 'production', metrics: { accuracy: 0.95 } }),
    [v100]: versionYaml('1.0.0', { stage: 'archived', metrics: { accuracy: 0.93 } }),
  };
  const rolledBack = {
    [v110]: versionYaml('1.1.0', { stage: 'staging', metrics: { accuracy: 0.95 } }),
    [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { accuracy: 0.93 } }),
  };

  /** main: 1.1.0 promoted over 1.0.0; rollbacks need 2 owner approvals, emergency ones `emergency` (YAML). */
  function registry(emergency = '{ approvals: 1, approvers: [oncall] }'): string {
    const dir = createRepo({
      'registry.yaml':
        templatePolicy().replace('rollback_approvals: 1', 'rollback_approvals: 2') +
        GUARDRAILS.replace(/emergency_rollback:[\s\S]*$/, `emergency_rollback: ${emergency}\n`),
      'models/fraud/model.yaml': modelYaml('fraud', 'metrics:\n  accuracy: { goal: maximize }\n'),
      [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { accuracy: 0.93 } }),
      [v110]: versionYaml('1.1.0', { stage: 'staging', metrics: { accuracy: 0.95 } }),
    });
    commit(dir, promoted, 'promote 1.1.0 (#6)');
    return dir;
  }

  /** PR #7 with `change`, approved by `approvers`, checked at GitHub's merge commit as the action is. */
  async function check(dir: string, change: Record<string, string>, labels: string[], approvers: string[]) {
    const base = git(dir, 'rev-parse', 'main');
    git(dir, 'checkout', '-q', '-b', 'pr-7');
    const head = commit(dir, change, 'the pull request');
    git(dir, 'checkout', '-q', '--detach', 'main');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'merge', head);
    fake.pulls.set(7, {
      number: 7,
      author: 'dana',
      headSha: head,
      headRef: 'pr-7',
      baseRef: 'main',
      reviews: approvers.map((user) => ({ user, state: 'APPROVED', commitId: head })),
      mergedAt: null,
    });
    const pr: PullRequestEvent = {
      number: 7,
      author: 'dana',
      headSha: head,
      baseSha: base,
      baseRef: 'main',
      isFork: false,
      labels,
    };
    const registry = await Registry.open(dir);
    const github = new OctokitGitHub({ owner: 'acme', repo: 'registry' }, { token: 't', baseUrl: fake.url });
    const contract = await checkPullRequestContract(registry, pr);
    return checkPullRequest(registry, github, pr, contract, { comment: false, blobUrl: undefined });
  }

  it('applies emergency_rollback to a labelled pure rollback', async () => {
    const result = await check(registry(), rolledBack, [LABEL], ['oncall']);
    expect(result.verdict).toBe('pass');
    expect(result.approvals).toEqual([
      expect.objectContaining({
        requirement: { model: 'fraud', reason: 'emergency rollback of fraud', required: 1, eligible: ['oncall'] },
        approvedBy: ['oncall'],
        missing: 0,
      }),
    ]);
    expect(result.markdown).toContain(
      'Emergency rollback (`modelreg:emergency-rollback`): this pull request only rolls stages back',
    );
  });

  it('without the label, the same rollback needs rollback_approvals from the owners', async () => {
    const result = await check(registry(), rolledBack, [], ['oncall']);
    expect(result.verdict).toBe('fail');
    expect(result.approvals![0]).toMatchObject({
      requirement: { reason: 'rollback of fraud', required: 2 },
      missing: 2,
    });
  });

  it('approvals: 0 written in the policy lets it merge without a review', async () => {
    const result = await check(registry('{ approvals: 0 }'), rolledBack, [LABEL], []);
    expect(result.verdict).toBe('pass');
    expect(result.approvals).toEqual([]);
  });

  it('with no approvers written, counts the model owners', async () => {
    const result = await check(registry('{ approvals: 1 }'), rolledBack, [LABEL], ['carol']);
    expect(result.verdict).toBe('pass');
    expect(result.approvals![0]!.requirement.eligible).toEqual(['alice', '@acme/ml']);
  });

  const notPure: [name: string, change: () => Record<string, string>, reason: string][] = [
    [
      'a rollback that also edits a version',
      () => ({ ...rolledBack, [v100]: rolledBack[v100] + 'description: changed on the way\n' }),
      'it edits fraud@1.0.0 beyond its stage',
    ],
    [
      'a rollback that also changes registry.yaml',
      () => ({ ...rolledBack, 'registry.yaml': templatePolicy() }),
      'it changes registry.yaml',
    ],
    [
      'a rollback that also changes model.yaml',
      () => ({
        ...rolledBack,
        'models/fraud/model.yaml': modelYaml('fraud', 'metrics:\n  accuracy: { goal: minimize }\n'),
      }),
      'it changes models/fraud/model.yaml',
    ],
    [
      'a promotion',
      () => ({ [v100]: versionYaml('1.0.0', { stage: 'staging', metrics: { accuracy: 0.93 } }) }),
      'its change to fraud is not a rollback (not every version returns to a stage it held on the base branch)',
    ],
    [
      'a rollback that also registers a version',
      () => ({ ...rolledBack, [versionPath('fraud', '1.2.0')]: versionYaml('1.2.0') }),
      'its change to fraud is not a rollback (not every version returns to a stage it held on the base branch)',
    ],
  ];
  for (const [name, change, reason] of notPure) {
    it(`a labelled pull request that is ${name} gets the normal rules`, async () => {
      const result = await check(registry(), change(), [LABEL], ['oncall']);
      expect(result.verdict).toBe('fail');
      expect(result.approvals!.every((a) => !a.requirement.reason.startsWith('emergency'))).toBe(true);
      expect(result.markdown).toContain(
        `Labelled \`${LABEL}\`, but ${reason}: only a pure rollback gets the emergency rule`,
      );
    });
  }

  it('a labelled pull request undoing a rollback (the version a rollback took out, put back) gets the normal rules', async () => {
    // As guard --rollback leaves it: 1.1.0 archived, from where only a rollback may bring it back to production.
    const dir = registry();
    const tookOut = { ...rolledBack, [v110]: versionYaml('1.1.0', { stage: 'archived', metrics: { accuracy: 0.95 } }) };
    commit(dir, tookOut, 'rollback: fraud 1.1.0 out of production');
    const putBack = { ...promoted, [v110]: versionYaml('1.1.0', { stage: 'production', metrics: { accuracy: 0.95 } }) };
    const result = await check(dir, putBack, [LABEL], ['oncall']);
    expect(result.verdict).toBe('fail');
    expect(result.approvals!.every((a) => !a.requirement.reason.startsWith('emergency'))).toBe(true);
    expect(result.markdown).toContain(
      `Labelled \`${LABEL}\`, but it puts fraud@1.1.0 back into production in place of the older 1.0.0`,
    );
  });

  it('applies emergency_rollback to a labelled abort of a canary, whose moves are all allowed transitions', async () => {
    const split =
      templatePolicy()
        .replace('    exclusive: true\n', '    split: true\n')
        .replace('rollback_approvals: 1', 'rollback_approvals: 2') +
      GUARDRAILS.replace(/emergency_rollback:[\s\S]*$/, 'emergency_rollback: { approvals: 1, approvers: [oncall] }\n');
    const dir = createRepo({
      'registry.yaml': split,
      'models/fraud/model.yaml': modelYaml('fraud', 'metrics:\n  accuracy: { goal: maximize }\n'),
      [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { accuracy: 0.93 } }),
      [v110]: versionYaml('1.1.0', { stage: 'staging', metrics: { accuracy: 0.95 } }),
    });
    commit(
      dir,
      {
        [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { accuracy: 0.93 } }) + 'weight: 90\n',
        [v110]: versionYaml('1.1.0', { stage: 'production', metrics: { accuracy: 0.95 } }) + 'weight: 10\n',
      },
      'canary 1.1.0 (#6)',
    );
    const abort = {
      [v100]: versionYaml('1.0.0', { stage: 'production', metrics: { accuracy: 0.93 } }),
      [v110]: versionYaml('1.1.0', { stage: 'staging', metrics: { accuracy: 0.95 } }),
    };
    const result = await check(dir, abort, [LABEL], ['oncall']);
    expect(result.markdown).not.toContain('Labelled');
    expect(result.verdict).toBe('pass');
    expect(result.approvals).toEqual([
      expect.objectContaining({
        requirement: expect.objectContaining({ reason: 'emergency rollback of fraud' }),
        missing: 0,
      }),
    ]);
  });

  it('reads the labels of the event', () => {
    const event = {
      pull_request: {
        number: 7,
        user: { login: 'dana' },
        head: { sha: 'h', repo: { full_name: 'acme/registry' } },
        base: { sha: 'b', ref: 'main', repo: { full_name: 'acme/registry' } },
        labels: [{ name: LABEL }, { name: 'urgent' }],
      },
    };
    expect(pullRequestOf(event).labels).toEqual([LABEL, 'urgent']);
  });
});
