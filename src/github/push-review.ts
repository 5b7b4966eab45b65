/**
 * Did each pushed commit that changes the registry come through a reviewed
 * pull request? For every such first-parent commit: the merged PR GitHub
 * associates with it, the approvals the parent's policy required on that
 * PR's last head commit when it merged, and (where the head is in the
 * checkout) that the commit's registry files are the ones reviewers saw.
 * An allowed emergency push is let through loudly instead. Whatever cannot
 * be verified is refused: nothing unreviewed reaches a deploy job.
 */
import { finding, type Finding } from '../domain/findings.js';
import {
  approvalRequirements,
  countableApprovals,
  evaluateApprovals,
  reviewsBeforeMerge,
  type Membership,
} from '../governance/approvals.js';
import { emergencyRollbackDecision } from '../governance/emergency-rollback.js';
import { emergencyReason, judgeEmergency } from '../governance/emergency.js';
import type { GovernedChange } from '../governance/governed-changes.js';
import { GitHubApiError, type GitHubPort, type PullRequestSummary } from './github-port.js';
import type { Registry } from '../registry/registry.js';
import type { JudgedCommit } from './judge-range.js';

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
  const memberships = new Map<string, Promise<Membership>>();
  const lookup = (team: string, user: string): Promise<Membership> => {
    const { github } = context;
    if (!github) return Promise.resolve('unknown');
    const key = `${team}\0${user}`;
    if (!memberships.has(key)) memberships.set(key, github.teamMembership(team, user));
    return memberships.get(key)!;
  };
  const laterCommits = judged.map((j) => j.commit.oid);
  const reviews: CommitReview[] = [];
  for (const [index, item] of judged.entries()) {
    if (item.governed.length === 0) continue;
    const base = {
      commit: item.commit.oid,
      subject: item.commit.message.split('\n')[0]!.trim(),
      governed: item.governed,
    };
    const refuse = (
      code: string,
      status: string,
      message: (g: GovernedChange) => string,
      hint: string,
      pr: number | null = null,
      approvers: readonly string[] = [],
    ): CommitReview => ({
      ...base,
      pr,
      approvers,
      emergency: null,
      status,
      findings: item.governed.map((g) => finding(code, 'error', g.file, g.position, message(g), hint)),
    });
    const short = item.commit.oid.slice(0, 7);
    const reason = emergencyReason(item.commit.message);
    let ignoredTrailer = '';
    try {
      // A commit that came through a pull request is judged by that pull request's approvals: a
      // Modelreg-Emergency line in its message (which the PR's author may have written) counts only for a
      // commit pushed without one.
      const prs = context.github ? await context.github.pullRequestsOfCommit(item.commit.oid) : [];
      const pr = prs.find((p) => landed(p, context.branch, laterCommits.slice(index)));
      if (reason !== undefined && pr) {
        ignoredTrailer = ` Its Modelreg-Emergency trailer does not count: it came through pull request #${pr.number}, which is judged by its approvals.`;
      } else if (reason !== undefined) {
        const verdict = await judgeEmergency(item.report.input.policy, reason, context.pusher, lookup);
        if (verdict.allowed) {
          reviews.push({
            ...base,
            pr: null,
            approvers: [],
            emergency: { reason: verdict.reason, by: verdict.by },
            status: `🚨 emergency push by @${verdict.by}: ${verdict.reason}`,
            findings: item.governed.map((g) =>
              finding(
                'PUSH_EMERGENCY',
                'warning',
                g.file,
                g.position,
                `${g.description} released WITHOUT review by an emergency push of @${verdict.by} in commit ${short}: ${verdict.reason}`,
                'Follow up with a pull request that reviews this change, or roll it back.',
              ),
            ),
          });
          continue;
        }
        ignoredTrailer = ` Its Modelreg-Emergency trailer does not count: ${verdict.why}.`;
      }
      if (!context.github) {
        reviews.push(
          refuse(
            'PUSH_REVIEW_UNVERIFIED',
            '❌ not verified: no github-token',
            (g) =>
              `${g.description} in commit ${short} cannot be checked for review: the action has no github-token.${ignoredTrailer}`,
            'Pass `github-token: ${{ github.token }}` (the default) with `pull-requests: read`; nothing unverified is released.',
          ),
        );
        continue;
      }
      if (!pr) {
        reviews.push(
          refuse(
            'PUSH_WITHOUT_PULL_REQUEST',
            '❌ pushed without a merged pull request',
            (g) =>
              `${g.description} was pushed to ${context.branch} in commit ${short} without a merged pull request.${ignoredTrailer}`,
            'Revert the commit and bring the change in through a pull request; protect the branch so that changes need one.',
          ),
        );
        continue;
      }
      const notApproved = await contentNotReviewed(registry, item, pr);
      if (notApproved.length > 0) {
        reviews.push({
          ...refuse(
            'PUSH_CONTENT_NOT_APPROVED',
            `❌ differs from what #${pr.number} approved`,
            (g) =>
              `${g.description} in commit ${short} is not what pull request #${pr.number} had at its approved head ${pr.headSha.slice(0, 7)}`,
            'Content added while merging (an "evil merge") was never reviewed: revert it and open a pull request for it.',
            pr.number,
          ),
          findings: notApproved.map((g) =>
            finding(
              'PUSH_CONTENT_NOT_APPROVED',
              'error',
              g.file,
              g.position,
              `${g.description} in commit ${short} is not what pull request #${pr.number} had at its approved head ${pr.headSha.slice(0, 7)}`,
              'Content added while merging (an "evil merge") was never reviewed: revert it and open a pull request for it.',
            ),
          ),
        });
        continue;
      }
      const atMerge = countableApprovals(
        reviewsBeforeMerge(await context.github.listReviews(pr.number), pr.mergedAt!),
        pr.author,
        pr.headSha,
      );
      // The PR check gave a labelled pure rollback the emergency rule; the same decision, on the same content, here.
      const emergency = emergencyRollbackDecision(item.report.input, pr.labels ?? []);
      const requirements =
        emergency.requested && emergency.granted
          ? approvalRequirements(item.report.input, { emergency: true })
          : item.requirements;
      const statuses = await evaluateApprovals(requirements, atMerge, lookup);
      const approvers = [...new Set(statuses.flatMap((s) => s.approvedBy))];
      const unmet = statuses.filter((s) => s.missing > 0);
      if (unmet.length === 0) {
        reviews.push({
          ...base,
          pr: pr.number,
          approvers: approvers.length > 0 ? approvers : atMerge.approvers,
          emergency: null,
          status: `✅ #${pr.number}`,
          findings: [],
        });
        continue;
      }
      const findings: Finding[] = [];
      for (const status of unmet) {
        const who =
          status.requirement.eligible.length > 0
            ? status.requirement.eligible.join(', ')
            : 'any reviewer but the author';
        const affected = item.governed.filter((g) => g.model === status.requirement.model);
        for (const g of affected.length > 0 ? affected : item.governed) {
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
      reviews.push({
        ...base,
        pr: pr.number,
        approvers,
        emergency: null,
        status: `❌ #${pr.number} lacked approvals`,
        findings,
      });
    } catch (error) {
      if (!(error instanceof GitHubApiError)) throw error;
      reviews.push(
        refuse(
          'PUSH_REVIEW_UNVERIFIED',
          `❌ not verified: ${error.message}`,
          (g) => `${g.description} in commit ${short} cannot be checked for review: ${error.message}.${ignoredTrailer}`,
          'Re-run the job when GitHub answers; nothing unverified is released.',
        ),
      );
    }
  }
  return reviews;
}

/**
 * The PR that brought `commit` onto the branch: merged into it, with its
 * merge commit being this commit or (a rebase merge) a later one of the push.
 */
function landed(pr: PullRequestSummary, branch: string, thisAndLater: readonly string[]): boolean {
  return (
    pr.merged &&
    pr.mergedAt !== null &&
    pr.baseRef === branch &&
    pr.mergeCommitSha !== null &&
    thisAndLater.includes(pr.mergeCommitSha)
  );
}

/**
 * The governed files of a commit that differ from the PR's approved head. A
 * merge commit must merge that head; a squash or rebase commit made by GitHub
 * may have a head that is not in the checkout, and is then taken as GitHub's word.
 */
async function contentNotReviewed(
  registry: Registry,
  item: JudgedCommit,
  pr: PullRequestSummary,
): Promise<GovernedChange[]> {
  const isMerge = item.commit.parents.length > 1;
  if (isMerge && !item.commit.parents.slice(1).includes(pr.headSha)) return [...item.governed];
  const headKnown = await registry.git.readCommit(pr.headSha).then(
    () => true,
    () => false,
  );
  if (!headKnown) return [];
  const difference = await registry.validate({ base: pr.headSha, head: item.commit.oid });
  const differing = new Set(difference.changes.map((c) => registry.pathInRepository(c.path)));
  return item.governed.filter((g) => differing.has(g.file));
}
