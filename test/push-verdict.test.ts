/**
 * The verdict on pushed commits, decided from in-memory answers: which pull
 * request landed a commit, which reviews count, when an emergency push is
 * let through, and what cannot be verified.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type Policy } from '../src/contract/policy.js';
import type { Membership, Review } from '../src/governance/approvals.js';
import type { GovernedChange } from '../src/governance/governed-changes.js';
import {
  reviewPushedCommits,
  type PushedCommit,
  type PushedPullRequest,
  type PushFacts,
} from '../src/governance/push-verdict.js';

const FILE = 'models/fraud/versions/1.1.0.yaml';
const OTHER_FILE = 'models/fraud/model.yaml';
const MERGED_AT = '2026-11-02T10:00:00Z';
const HEAD = 'a'.repeat(40);
const MAIN_PARENT = 'b'.repeat(40);

const promotion: GovernedChange = {
  model: 'fraud',
  version: '1.1.0',
  movesStage: true,
  description: 'fraud@1.1.0 staging → production',
  file: FILE,
  position: { line: 2, column: 8 },
};
const ownersEdit: GovernedChange = {
  ...promotion,
  movesStage: false,
  description: 'fraud model.yaml changes',
  file: OTHER_FILE,
};

function pushed(oid: string, overrides: Partial<PushedCommit> = {}): PushedCommit {
  return {
    oid,
    message: `promote fraud\n\nbody`,
    parents: [MAIN_PARENT],
    governed: [promotion],
    requirements: [{ model: 'fraud', reason: 'fraud@1.1.0 enters production', required: 1, eligible: ['@acme/ml'] }],
    policy: DEFAULT_POLICY,
    ...overrides,
  };
}

function pullRequest(mergeCommit: string, overrides: Partial<PushedPullRequest> = {}): PushedPullRequest {
  return {
    number: 7,
    author: 'alice',
    headSha: HEAD,
    merged: true,
    baseRef: 'main',
    mergedAt: MERGED_AT,
    mergeCommitSha: mergeCommit,
    ...overrides,
  };
}

const approval = (user: string, submittedAt = '2026-11-02T09:00:00Z', commitId = HEAD): Review => ({
  user,
  state: 'APPROVED',
  commitId,
  submittedAt,
});

interface World {
  readonly pulls?: Record<string, PushedPullRequest[]>;
  readonly reviews?: Review[];
  readonly teams?: Record<string, string[]>;
  readonly changed?: string[] | undefined;
  readonly withoutGitHub?: boolean;
  readonly pusher?: string;
  readonly failing?: string;
}

/** Answers from memory; `asked` records each question, so tests see what a verdict needed. */
function facts(world: World): PushFacts & { asked: string[] } {
  const asked: string[] = [];
  class Unanswered extends Error {}
  const answer = <T>(question: string, value: T): Promise<T> => {
    asked.push(question);
    return question === world.failing ? Promise.reject(new Unanswered('GitHub answered 502')) : Promise.resolve(value);
  };
  return {
    asked,
    branch: 'main',
    pusher: world.pusher,
    github: world.withoutGitHub
      ? undefined
      : {
          pullRequestsOf: (commit) => answer(`pulls ${commit.slice(0, 1)}`, world.pulls?.[commit] ?? []),
          reviewsOf: (pr) => answer(`reviews #${pr}`, world.reviews ?? []),
        },
    isMember: (team: string, user: string): Promise<Membership> =>
      answer(
        `member ${team} ${user}`,
        world.withoutGitHub ? 'unknown' : (world.teams?.[team] ?? []).includes(user) ? 'member' : 'not-member',
      ),
    changedSince: (head, commit) =>
      answer(`changed ${head.slice(0, 1)}..${commit.slice(0, 1)}`, world.changed && new Set(world.changed)),
    unanswered: (error) => (error instanceof Unanswered ? error.message : undefined),
  };
}

const C1 = '1'.repeat(40);
const C2 = '2'.repeat(40);
const withEmergencyPushers = (...pushers: string[]): Policy => ({ ...DEFAULT_POLICY, emergencyPushers: pushers });

describe('the verdict on pushed commits', () => {
  it('lets a commit through when its merged pull request had the approvals on its head before it merged', async () => {
    const world = facts({
      pulls: { [C1]: [pullRequest(C1)] },
      reviews: [approval('carol')],
      teams: { '@acme/ml': ['carol'] },
      changed: [],
    });
    const [review] = await reviewPushedCommits([pushed(C1)], world);
    expect(review).toMatchObject({
      commit: C1,
      subject: 'promote fraud',
      pr: 7,
      approvers: ['carol'],
      status: '✅ #7',
    });
    expect(review!.findings).toEqual([]);
  });

  it('does not count approvals given after the merge, by the author, on an earlier head, or by a non-owner', async () => {
    for (const late of [
      approval('carol', '2026-11-02T11:00:00Z'),
      approval('alice'),
      approval('carol', undefined, 'c'.repeat(40)),
      approval('mallory'),
    ]) {
      const world = facts({
        pulls: { [C1]: [pullRequest(C1)] },
        reviews: [late],
        teams: { '@acme/ml': ['carol', 'alice'] },
        changed: [],
      });
      const [review] = await reviewPushedCommits([pushed(C1)], world);
      expect(review!.status, late.user).toBe('❌ #7 lacked approvals');
      expect(review!.findings.map((f) => [f.code, f.severity, f.file])).toEqual([
        ['PUSH_APPROVALS_MISSING', 'error', FILE],
      ]);
      expect(review!.findings[0]!.message).toContain('had 0 of the 1 approvals "fraud@1.1.0 enters production" needs');
    }
  });

  it('takes a rebase merge landed by a later commit of the push, and refuses a PR into another branch', async () => {
    const rebased = facts({
      pulls: { [C1]: [pullRequest(C2)] },
      reviews: [approval('carol')],
      teams: { '@acme/ml': ['carol'] },
      changed: [],
    });
    const reviews = await reviewPushedCommits([pushed(C1), pushed(C2, { governed: [] })], rebased);
    expect(reviews.map((r) => r.status)).toEqual(['✅ #7']);

    const elsewhere = facts({ pulls: { [C1]: [pullRequest(C1, { baseRef: 'release' })] } });
    const [refused] = await reviewPushedCommits([pushed(C1)], elsewhere);
    expect(refused!.findings.map((f) => f.code)).toEqual(['PUSH_WITHOUT_PULL_REQUEST']);
    expect(elsewhere.asked).toEqual([`pulls 1`]);
  });

  it("refuses content the PR's head did not have, and a merge commit that does not merge that head", async () => {
    const changed = facts({ pulls: { [C1]: [pullRequest(C1)] }, changed: [OTHER_FILE] });
    const [evil] = await reviewPushedCommits([pushed(C1, { governed: [promotion, ownersEdit] })], changed);
    expect(evil!.status).toBe('❌ differs from what #7 approved');
    expect(evil!.findings.map((f) => [f.code, f.file])).toEqual([['PUSH_CONTENT_NOT_APPROVED', OTHER_FILE]]);
    // Refused before any review is read.
    expect(changed.asked).not.toContain('reviews #7');

    const otherMerge = facts({ pulls: { [C1]: [pullRequest(C1)] }, changed: [] });
    const [merge] = await reviewPushedCommits([pushed(C1, { parents: [MAIN_PARENT, 'd'.repeat(40)] })], otherMerge);
    expect(merge!.findings.map((f) => f.code)).toEqual(['PUSH_CONTENT_NOT_APPROVED']);
    expect(otherMerge.asked).not.toContain(`changed a..1`);

    // A squash whose head is not in the checkout is taken on GitHub's word.
    const unknownHead = facts({
      pulls: { [C1]: [pullRequest(C1)] },
      reviews: [approval('carol')],
      teams: { '@acme/ml': ['carol'] },
      changed: undefined,
    });
    expect((await reviewPushedCommits([pushed(C1)], unknownHead))[0]!.status).toBe('✅ #7');
  });

  it('lets an emergency push through only for a listed pusher, and never for a commit that came through a PR', async () => {
    const message = 'roll forward\n\nModelreg-Emergency: 1.0.0 leaks PII, INC-42';
    const allowed = facts({ pusher: 'pat', teams: { '@acme/platform': ['pat'] } });
    const [emergency] = await reviewPushedCommits(
      [pushed(C1, { message, policy: withEmergencyPushers('@acme/platform') })],
      allowed,
    );
    expect(emergency).toMatchObject({ pr: null, emergency: { reason: '1.0.0 leaks PII, INC-42', by: 'pat' } });
    expect(emergency!.findings.map((f) => [f.code, f.severity])).toEqual([['PUSH_EMERGENCY', 'warning']]);

    const notListed = facts({ pusher: 'mallory', teams: { '@acme/platform': ['pat'] } });
    const [refused] = await reviewPushedCommits(
      [pushed(C1, { message, policy: withEmergencyPushers('@acme/platform') })],
      notListed,
    );
    expect(refused!.findings.map((f) => f.code)).toEqual(['PUSH_WITHOUT_PULL_REQUEST']);
    expect(refused!.findings[0]!.message).toContain(
      'Its Modelreg-Emergency trailer does not count: mallory is not one of the emergency_pushers (@acme/platform).',
    );

    const throughPr = facts({
      pusher: 'pat',
      pulls: { [C1]: [pullRequest(C1)] },
      teams: { '@acme/platform': ['pat'] },
      changed: [],
    });
    const [judged] = await reviewPushedCommits(
      [pushed(C1, { message, policy: withEmergencyPushers('@acme/platform') })],
      throughPr,
    );
    expect(judged!.status).toBe('❌ #7 lacked approvals');
    expect(judged!.emergency).toBeNull();
    expect(throughPr.asked).not.toContain('member @acme/platform pat');
  });

  it('refuses what cannot be verified: no GitHub, or GitHub not answering; other errors are thrown', async () => {
    const [noToken] = await reviewPushedCommits([pushed(C1)], facts({ withoutGitHub: true }));
    expect(noToken!.status).toBe('❌ not verified: no github-token');
    expect(noToken!.findings.map((f) => f.code)).toEqual(['PUSH_REVIEW_UNVERIFIED']);

    const failing = facts({ pulls: { [C1]: [pullRequest(C1)] }, changed: [], failing: 'reviews #7' });
    const [unverified] = await reviewPushedCommits([pushed(C1)], failing);
    expect(unverified!.status).toBe('❌ not verified: GitHub answered 502');
    expect(unverified!.findings[0]!.message).toContain('cannot be checked for review: GitHub answered 502.');

    const broken: PushFacts = {
      ...facts({ pulls: { [C1]: [pullRequest(C1)] } }),
      changedSince: () => Promise.reject(new TypeError('bug')),
    };
    await expect(reviewPushedCommits([pushed(C1)], broken)).rejects.toThrow('bug');
  });

  it('skips commits that change nothing governed', async () => {
    const world = facts({});
    expect(await reviewPushedCommits([pushed(C1, { governed: [] })], world)).toEqual([]);
    expect(world.asked).toEqual([]);
  });

  it('asks whether a commit is a pure rollback only when its pull request carries the emergency label', async () => {
    // Recognising a rollback reads the model's stage history: seconds per commit on a long history.
    const asked: string[] = [];
    const labelledRequirements = (oid: string) => async () => {
      asked.push(oid.slice(0, 1));
      return [{ model: 'fraud', reason: 'emergency rollback of fraud', required: 1, eligible: ['dave'] }];
    };
    const world = facts({
      pulls: {
        [C1]: [pullRequest(C1)],
        [C2]: [pullRequest(C2, { number: 8, labels: ['modelreg:emergency-rollback'] })],
      },
      reviews: [approval('dave')],
      teams: {},
      changed: [],
    });
    const commits = [
      pushed(C1, { labelledRequirements: labelledRequirements(C1) }),
      pushed(C2, { labelledRequirements: labelledRequirements(C2) }),
    ];
    const reviews = await reviewPushedCommits(commits, world);
    expect(asked).toEqual(['2']);
    // Unlabelled: the owners' team must approve, and dave is not in it. Labelled: the emergency rule's dave.
    expect(reviews.map((r) => r.findings.length > 0)).toEqual([true, false]);
  });
});
