/**
 * Did each pushed commit that changes the registry come through a reviewed
 * pull request? The decisions are governance/push-verdict.ts's; this module
 * answers its questions: the merged PRs GitHub associates with a commit, their
 * reviews, team membership (each asked once per push), and from the checkout
 * whether the commit's registry files are the ones reviewers saw.
 */
import { EMERGENCY_ROLLBACK_LABEL } from '../contract/guardrail-policy.js';
import { approvalRequirements, type ApprovalRequirement, type MembershipLookup } from '../governance/approvals.js';
import { emergencyRollbackDecision } from '../governance/emergency-rollback.js';
import { reviewPushedCommits, type CommitReview, type PushFacts } from '../governance/push-verdict.js';
import type { Registry } from '../registry/registry.js';
import { GitHubApiError, type GitHubPort } from './github-port.js';
import type { JudgedCommit } from './judge-range.js';

export type { CommitReview } from '../governance/push-verdict.js';

export interface PushReviewContext {
  readonly github: GitHubPort | undefined;
  /** The GitHub user who pushed (the event's sender). */
  readonly pusher: string | undefined;
  /** The pushed branch's short name (main). */
  readonly branch: string;
}

export async function reviewPush(
  registry: Registry,
  judged: readonly JudgedCommit[],
  context: PushReviewContext,
): Promise<CommitReview[]> {
  const { github } = context;
  const commits = judged.map((item) => ({
    oid: item.commit.oid,
    message: item.commit.message,
    parents: item.commit.parents,
    governed: item.governed,
    requirements: item.requirements,
    labelledRequirements: () => labelledRequirements(registry, item),
    policy: item.report.input.policy,
  }));
  const facts: PushFacts = {
    branch: context.branch,
    pusher: context.pusher,
    github: github && {
      pullRequestsOf: (commit) => github.pullRequestsOfCommit(commit),
      reviewsOf: (pr) => github.listReviews(pr),
    },
    isMember: membershipOnce(github),
    changedSince: (head, commit) => changedSince(registry, head, commit),
    unanswered: (error) => (error instanceof GitHubApiError ? error.message : undefined),
  };
  return reviewPushedCommits(commits, facts);
}

/**
 * The approvals of a commit whose pull request carries the emergency label, decided as the pull request check
 * decided them: every moved model's stage history read (a rollback whose moves are all allowed is one, and needs
 * rollback_approvals), and the emergency rule when the content is a pure rollback.
 */
async function labelledRequirements(registry: Registry, judged: JudgedCommit): Promise<readonly ApprovalRequirement[]> {
  const report = await registry.validate({ base: judged.parent, head: judged.commit.oid, historyForStageMoves: true });
  const decision = emergencyRollbackDecision(report.input, [EMERGENCY_ROLLBACK_LABEL]);
  return approvalRequirements(report.input, { emergency: decision.requested && decision.granted });
}

/** Team membership, asked of GitHub once per team and user; 'unknown' without GitHub. */
function membershipOnce(github: GitHubPort | undefined): MembershipLookup {
  const memberships = new Map<string, ReturnType<MembershipLookup>>();
  return (team, user) => {
    if (!github) return Promise.resolve('unknown');
    const key = `${team}\0${user}`;
    if (!memberships.has(key)) memberships.set(key, github.teamMembership(team, user));
    return memberships.get(key)!;
  };
}

/**
 * The repository paths of the registry that differ between a PR's head and
 * `commit`; undefined when that head is not in the checkout (a squash or
 * rebase by GitHub whose head was never fetched).
 */
async function changedSince(registry: Registry, head: string, commit: string): Promise<Set<string> | undefined> {
  const headKnown = await registry.git.readCommit(head).then(
    () => true,
    () => false,
  );
  if (!headKnown) return undefined;
  const difference = await registry.validate({ base: head, head: commit });
  return new Set(difference.changes.map((c) => registry.pathInRepository(c.path)));
}
