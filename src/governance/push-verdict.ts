/**
 * The verdict on each pushed commit that changes governed registry content:
 * let through when it came through a merged pull request whose approvals at
 * merge (on its last head commit) met the parent's policy and whose content
 * is what reviewers saw, or by an allowed emergency push; refused otherwise,
 * including whatever cannot be verified. Pure: what GitHub and git know is
 * asked through `PushFacts` (src/github/push-review.ts answers it), only as
 * far as each verdict needs.
 */
import type { Policy } from '../contract/policy.js';
import { EMERGENCY_ROLLBACK_LABEL } from '../contract/guardrail-policy.js';
import { finding, type Finding } from '../domain/findings.js';
import {
  countableApprovals,
  evaluateApprovals,
  reviewsBeforeMerge,
  type ApprovalRequirement,
  type MembershipLookup,
  type Review,
} from './approvals.js';
import { emergencyReason, judgeEmergency } from './emergency.js';
import type { GovernedChange } from './governed-changes.js';

export interface CommitReview {
  readonly commit: string;
  readonly subject: string;
  readonly governed: readonly GovernedChange[];
  readonly pr: number | null;
  readonly approvers: readonly string[];
  readonly emergency: { readonly reason: string; readonly by: string } | null;
  /** Errors for what may not be released, warnings for an emergency push. */
  readonly findings: readonly Finding[];
  /** One line for the summary: how the commit got its changes reviewed, or why it did not. */
  readonly status: string;
}

/** A first-parent commit of the push, as judged against its parent. */
export interface PushedCommit {
  readonly oid: string;
  readonly message: string;
  readonly parents: readonly string[];
  /** What only a reviewed pull request (or an allowed emergency push) may bring; files are repository paths. */
  readonly governed: readonly GovernedChange[];
  /** The approvals the parent's policy and owners require. */
  readonly requirements: readonly ApprovalRequirement[];
  /**
   * The approvals when the commit's pull request carries the emergency rollback label, as the pull request check
   * asks them: with every moved model's stage history read, so a rollback whose moves are all allowed is one, and
   * the parent's emergency_rollback rule when the content is a pure rollback (emergency-rollback.ts). Asked only
   * for such a commit: the history costs seconds on a long one.
   */
  readonly labelledRequirements?: () => Promise<readonly ApprovalRequirement[]>;
  /** The parent's policy: it names who may push in an emergency. */
  readonly policy: Policy;
}

/** What the verdict reads of a pull request (GitHub's summary has these fields and more). */
export interface PushedPullRequest {
  readonly number: number;
  readonly author: string;
  readonly headSha: string;
  readonly merged: boolean;
  /** The branch the PR merges into, e.g. main. */
  readonly baseRef: string;
  /** When it merged (ISO 8601), or null. */
  readonly mergedAt: string | null;
  /** The commit its merge made on the base branch (merge, squash or the last rebased commit), or null. */
  readonly mergeCommitSha: string | null;
  /** Its labels: the emergency rollback label asks for the emergency_rollback rule. */
  readonly labels?: readonly string[];
}

/** GitHub's answers about pull requests. */
export interface PullRequestQuestions {
  /** The pull requests GitHub associates with a commit. */
  pullRequestsOf(commit: string): Promise<readonly PushedPullRequest[]>;
  /** A pull request's reviews, in the order they were submitted. */
  reviewsOf(pr: number): Promise<readonly Review[]>;
}

export interface PushFacts {
  /** The pushed branch's short name (main). */
  readonly branch: string;
  /** The GitHub user who pushed (the event's sender). */
  readonly pusher: string | undefined;
  /** Undefined when GitHub cannot be asked (no token): then nothing but an allowed emergency push is let through. */
  readonly github: PullRequestQuestions | undefined;
  readonly isMember: MembershipLookup;
  /**
   * The repository paths that differ between the pull request's head and the
   * pushed commit, or undefined when that head is not in the checkout.
   */
  changedSince(head: string, commit: string): Promise<ReadonlySet<string> | undefined>;
  /** The reason, when `error` means a question went unanswered (GitHub failed); undefined for anything else, which is thrown. */
  unanswered(error: unknown): string | undefined;
}

/** The verdict on every commit of the push that changes governed content, oldest first. */
export async function reviewPushedCommits(commits: readonly PushedCommit[], facts: PushFacts): Promise<CommitReview[]> {
  const reviews: CommitReview[] = [];
  for (const [index, commit] of commits.entries()) {
    if (commit.governed.length === 0) continue;
    const thisAndLater = commits.slice(index).map((c) => c.oid);
    reviews.push(await reviewCommit(commit, thisAndLater, facts));
  }
  return reviews;
}

async function reviewCommit(
  commit: PushedCommit,
  thisAndLater: readonly string[],
  facts: PushFacts,
): Promise<CommitReview> {
  const base = { commit: commit.oid, subject: commit.message.split('\n')[0]!.trim(), governed: commit.governed };
  const refuse = (
    code: string,
    status: string,
    message: (g: GovernedChange) => string,
    hint: string,
    pr: number | null = null,
  ): CommitReview => ({
    ...base,
    pr,
    approvers: [],
    emergency: null,
    status,
    findings: commit.governed.map((g) => finding(code, 'error', g.file, g.position, message(g), hint)),
  });
  const short = commit.oid.slice(0, 7);
  const reason = emergencyReason(commit.message);
  let ignoredTrailer = '';
  try {
    // A commit that came through a pull request is judged by that pull request's approvals: a
    // Modelreg-Emergency line in its message (which the PR's author may have written) counts only for a
    // commit pushed without one.
    const prs = facts.github ? await facts.github.pullRequestsOf(commit.oid) : [];
    const pr = prs.find((p) => landed(p, facts.branch, thisAndLater));
    if (reason !== undefined && pr) {
      ignoredTrailer = ` Its Modelreg-Emergency trailer does not count: it came through pull request #${pr.number}, which is judged by its approvals.`;
    } else if (reason !== undefined) {
      const verdict = await judgeEmergency(commit.policy, reason, facts.pusher, facts.isMember);
      if (verdict.allowed) {
        return {
          ...base,
          pr: null,
          approvers: [],
          emergency: { reason: verdict.reason, by: verdict.by },
          status: `🚨 emergency push by @${verdict.by}: ${verdict.reason}`,
          findings: commit.governed.map((g) =>
            finding(
              'PUSH_EMERGENCY',
              'warning',
              g.file,
              g.position,
              `${g.description} released WITHOUT review by an emergency push of @${verdict.by} in commit ${short}: ${verdict.reason}`,
              'Follow up with a pull request that reviews this change, or roll it back.',
            ),
          ),
        };
      }
      ignoredTrailer = ` Its Modelreg-Emergency trailer does not count: ${verdict.why}.`;
    }
    if (!facts.github) {
      return refuse(
        'PUSH_REVIEW_UNVERIFIED',
        '❌ not verified: no github-token',
        (g) =>
          `${g.description} in commit ${short} cannot be checked for review: the action has no github-token.${ignoredTrailer}`,
        'Pass `github-token: ${{ github.token }}` (the default) with `pull-requests: read`; nothing unverified is released.',
      );
    }
    if (!pr) {
      return refuse(
        'PUSH_WITHOUT_PULL_REQUEST',
        '❌ pushed without a merged pull request',
        (g) =>
          `${g.description} was pushed to ${facts.branch} in commit ${short} without a merged pull request.${ignoredTrailer}`,
        'Revert the commit and bring the change in through a pull request; protect the branch so that changes need one.',
      );
    }
    const notApproved = await contentNotReviewed(commit, pr, facts);
    if (notApproved.length > 0) {
      const message = (g: GovernedChange) =>
        `${g.description} in commit ${short} is not what pull request #${pr.number} had at its approved head ${pr.headSha.slice(0, 7)}`;
      const hint =
        'Content added while merging (an "evil merge") was never reviewed: revert it and open a pull request for it.';
      return {
        ...refuse('PUSH_CONTENT_NOT_APPROVED', `❌ differs from what #${pr.number} approved`, message, hint, pr.number),
        findings: notApproved.map((g) =>
          finding('PUSH_CONTENT_NOT_APPROVED', 'error', g.file, g.position, message(g), hint),
        ),
      };
    }
    return await approvalsAtMerge(commit, pr, facts.github, facts.isMember);
  } catch (error) {
    const why = facts.unanswered(error);
    if (why === undefined) throw error;
    return refuse(
      'PUSH_REVIEW_UNVERIFIED',
      `❌ not verified: ${why}`,
      (g) => `${g.description} in commit ${short} cannot be checked for review: ${why}.${ignoredTrailer}`,
      'Re-run the job when GitHub answers; nothing unverified is released.',
    );
  }
}

/** Whether the reviews that existed when `pr` merged, on its last head, met every requirement. */
async function approvalsAtMerge(
  commit: PushedCommit,
  pr: PushedPullRequest,
  github: PullRequestQuestions,
  isMember: MembershipLookup,
): Promise<CommitReview> {
  const base = { commit: commit.oid, subject: commit.message.split('\n')[0]!.trim(), governed: commit.governed };
  const atMerge = countableApprovals(
    reviewsBeforeMerge(await github.reviewsOf(pr.number), pr.mergedAt!),
    pr.author,
    pr.headSha,
  );
  // The PR check gave a labelled pure rollback the emergency rule; the same decision, on the same content, here.
  const labelled = (pr.labels ?? []).includes(EMERGENCY_ROLLBACK_LABEL) ? commit.labelledRequirements : undefined;
  const requirements = labelled ? await labelled() : commit.requirements;
  const statuses = await evaluateApprovals(requirements, atMerge, isMember);
  const approvers = [...new Set(statuses.flatMap((s) => s.approvedBy))];
  const unmet = statuses.filter((s) => s.missing > 0);
  if (unmet.length === 0) {
    return {
      ...base,
      pr: pr.number,
      approvers: approvers.length > 0 ? approvers : atMerge.approvers,
      emergency: null,
      status: `✅ #${pr.number}`,
      findings: [],
    };
  }
  const findings: Finding[] = [];
  for (const status of unmet) {
    const who =
      status.requirement.eligible.length > 0 ? status.requirement.eligible.join(', ') : 'any reviewer but the author';
    const affected = commit.governed.filter((g) => g.model === status.requirement.model);
    for (const g of affected.length > 0 ? affected : commit.governed) {
      findings.push(
        finding(
          'PUSH_APPROVALS_MISSING',
          'error',
          g.file,
          g.position,
          `${g.description} came through pull request #${pr.number}, which had ${status.approvedBy.length} of the ${status.requirement.required} approvals "${status.requirement.reason}" needs (from ${who}) on its head ${pr.headSha.slice(0, 7)} when it merged`,
          'Roll the change back with a pull request, or have it reviewed and re-applied through one; approvals given after a merge do not count.',
        ),
      );
    }
  }
  return {
    ...base,
    pr: pr.number,
    approvers,
    emergency: null,
    status: `❌ #${pr.number} lacked approvals`,
    findings,
  };
}

/**
 * The PR that brought the commit onto the branch: merged into it, with its
 * merge commit being this commit or (a rebase merge) a later one of the push.
 */
export function landed(pr: PushedPullRequest, branch: string, thisAndLater: readonly string[]): boolean {
  return (
    pr.merged &&
    pr.mergedAt !== null &&
    pr.baseRef === branch &&
    pr.mergeCommitSha !== null &&
    thisAndLater.includes(pr.mergeCommitSha)
  );
}

/**
 * The governed changes of a commit that differ from the PR's approved head. A
 * merge commit must merge that head; a squash or rebase commit made by GitHub
 * may have a head that is not in the checkout, and is then taken as GitHub's word.
 */
async function contentNotReviewed(
  commit: PushedCommit,
  pr: PushedPullRequest,
  facts: PushFacts,
): Promise<GovernedChange[]> {
  const isMerge = commit.parents.length > 1;
  if (isMerge && !commit.parents.slice(1).includes(pr.headSha)) return [...commit.governed];
  const differing = await facts.changedSince(pr.headSha, commit.oid);
  if (!differing) return [];
  return commit.governed.filter((g) => differing.has(g.file));
}
