/**
 * Governance: which approvals a change needs (from the base side's policy
 * and owners) and which reviews count. Pure, except team membership, which
 * the caller answers through a function.
 */
import {
  governingModel,
  isRollbackOf,
  entersStage,
  versionChanges,
  type ValidationInput,
} from '../validate/validation-input.js';
import { POLICY_PATH } from '../domain/layout.js';
import semver from 'semver';
import { splitChanges, type SplitChange } from '../validate/split-changes.js';

export interface ApprovalRequirement {
  /** Model name, or null for a policy change. */
  readonly model: string | null;
  /** e.g. "fraud@1.1.0 enters production", "rollback of fraud", "registry.yaml changes". */
  readonly reason: string;
  readonly required: number;
  /** Users and @org/teams whose approval counts. */
  readonly eligible: readonly string[];
}

/**
 * `emergency`: the change was granted the emergency rollback rule
 * (emergency-rollback.ts), so its rollbacks need the base policy's
 * emergency_rollback approvals instead of rollback_approvals.
 */
export function approvalRequirements(
  input: ValidationInput,
  options: { readonly emergency?: boolean } = {},
): ApprovalRequirement[] {
  const requirements: ApprovalRequirement[] = [];
  const { policy } = input;
  if (input.basePolicy.file && input.changes.some((c) => c.path === POLICY_PATH)) {
    requirements.push({ model: null, reason: 'registry.yaml changes', required: 1, eligible: policy.admins });
  }
  for (const pair of input.models.values()) {
    const owners = governingModel(pair)?.owners ?? [];
    if (isRollbackOf(input, pair) && options.emergency) {
      const rule = policy.emergencyRollback;
      if (rule.approvals > 0) {
        requirements.push({
          model: pair.name,
          reason: `emergency rollback of ${pair.name}`,
          required: rule.approvals,
          eligible: rule.approvers ?? owners,
        });
      }
      continue;
    }
    if (isRollbackOf(input, pair)) {
      if (policy.rollbackApprovals > 0) {
        requirements.push({
          model: pair.name,
          reason: `rollback of ${pair.name}`,
          required: policy.rollbackApprovals,
          eligible: owners,
        });
      }
      continue;
    }
    for (const change of versionChanges(pair)) {
      // Entering a split stage is taking weight in it, judged below.
      if (!entersStage(change) || policy.stages.get(change.stageTo!)?.split) continue;
      const approvals = policy.stages.get(change.stageTo!)?.approvals ?? 0;
      if (approvals > 0) {
        requirements.push({
          model: pair.name,
          reason: `${pair.name}@${change.version} enters ${change.stageTo}`,
          required: approvals,
          eligible: owners,
        });
      }
    }
    requirements.push(...splitApprovals(input, pair.name, owners));
  }
  return requirements;
}

/**
 * Taking weight in a split stage: the stage's approvals, or its canary
 * approvals up to the canary weight; weight going back to an older holder
 * (a canary aborted) is a rollback's. The canary weight bounds what all
 * the versions newer than those giving weight serve together after the
 * change, not each on its own: ten canaries of 10% are the whole stage.
 */
function splitApprovals(input: ValidationInput, model: string, owners: readonly string[]): ApprovalRequirement[] {
  const pair = input.models.get(model)!;
  const requirements: ApprovalRequirement[] = [];
  for (const change of splitChanges(input, pair)) {
    const stage = input.policy.stages.get(change.stage)!;
    const canaryMax = stage.split!.canaryMaxWeight;
    const exposed = newerWeight(change);
    for (const gain of change.gains) {
      const canary = canaryMax !== undefined && gain.to <= canaryMax && exposed <= canaryMax;
      const required =
        gain.direction === 'back'
          ? input.policy.rollbackApprovals
          : canary
            ? stage.split!.canaryApprovals
            : stage.approvals;
      if (required === 0) continue;
      const why = gain.direction === 'back' ? ' (weight back to an older holder: a rollback)' : '';
      requirements.push({
        model,
        reason: `${model}@${gain.version} takes ${gain.to}% of ${change.stage}${why}`,
        required,
        eligible: owners,
      });
    }
  }
  return requirements;
}

/** The weight the versions newer than every version giving weight hold after the change (all of it when none gives weight). */
function newerWeight(change: SplitChange): number {
  const losers = [...change.base.keys()].filter((v) => (change.head.get(v) ?? 0) < change.base.get(v)!);
  let total = 0;
  for (const [version, weight] of change.head) if (losers.every((loser) => semver.gt(version, loser))) total += weight;
  return total;
}

export interface Review {
  readonly user: string;
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING. */
  readonly state: string;
  readonly commitId: string | null;
  /** When the review was submitted (ISO 8601); null or absent when GitHub does not say. */
  readonly submittedAt?: string | null;
}

export interface IgnoredReview {
  readonly user: string;
  readonly reason: string;
}

/**
 * Per reviewer the latest review that is not a comment; it counts when it
 * approves the current head commit and is not the author's own.
 */
export function countableApprovals(
  reviews: readonly Review[],
  author: string,
  headSha: string,
): { approvers: string[]; ignored: IgnoredReview[] } {
  const latest = new Map<string, Review>();
  for (const review of reviews) {
    if (review.state === 'COMMENTED' || review.state === 'PENDING') continue;
    latest.set(review.user.toLowerCase(), review);
  }
  const approvers: string[] = [];
  const ignored: IgnoredReview[] = [];
  for (const review of latest.values()) {
    if (review.state !== 'APPROVED') continue;
    if (review.user.toLowerCase() === author.toLowerCase())
      ignored.push({ user: review.user, reason: 'is the author' });
    else if (review.commitId !== headSha)
      ignored.push({ user: review.user, reason: 'approved an earlier commit; approve the latest one' });
    else approvers.push(review.user);
  }
  return { approvers, ignored };
}

export type Membership = 'member' | 'not-member' | 'unknown';
export type MembershipLookup = (team: string, user: string) => Promise<Membership>;

export interface ApprovalStatus {
  readonly requirement: ApprovalRequirement;
  readonly approvedBy: readonly string[];
  readonly missing: number;
  /** Approvals that did not count for this requirement, and why. */
  readonly notCounted: readonly IgnoredReview[];
}

export async function evaluateApprovals(
  requirements: readonly ApprovalRequirement[],
  approvals: { approvers: readonly string[]; ignored: readonly IgnoredReview[] },
  isMember: MembershipLookup,
): Promise<ApprovalStatus[]> {
  const statuses: ApprovalStatus[] = [];
  for (const requirement of requirements) {
    const approvedBy: string[] = [];
    const notCounted: IgnoredReview[] = [...approvals.ignored];
    for (const user of approvals.approvers) {
      const verdict = await eligibility(requirement.eligible, user, isMember);
      if (verdict === 'member') approvedBy.push(user);
      else if (verdict === 'unknown') {
        notCounted.push({
          user,
          reason: `team membership could not be read (${requirement.eligible.filter((e) => e.startsWith('@')).join(', ')}); the token needs read access to org members`,
        });
      } else if (requirement.eligible.length > 0) {
        notCounted.push({ user, reason: `is not one of ${requirement.eligible.join(', ')}` });
      }
    }
    statuses.push({
      requirement,
      approvedBy,
      missing: Math.max(0, requirement.required - approvedBy.length),
      notCounted,
    });
  }
  return statuses;
}

/**
 * The reviews that existed when the pull request merged: an approval given
 * after the merge did not let the change in. A review without a date cannot
 * be placed before the merge and does not count.
 */
export function reviewsBeforeMerge(reviews: readonly Review[], mergedAt: string): Review[] {
  const merged = Date.parse(mergedAt);
  return reviews.filter((r) => typeof r.submittedAt === 'string' && Date.parse(r.submittedAt) <= merged);
}

/**
 * An empty eligible list (a registry without admins) lets any reviewer but
 * the author approve; otherwise the user must be listed or in a listed team.
 */
export async function eligibility(
  eligible: readonly string[],
  user: string,
  isMember: MembershipLookup,
): Promise<Membership> {
  if (eligible.length === 0) return 'member';
  if (eligible.some((e) => !e.startsWith('@') && e.toLowerCase() === user.toLowerCase())) return 'member';
  let unknown = false;
  for (const team of eligible.filter((e) => e.startsWith('@'))) {
    const answer = await isMember(team, user);
    if (answer === 'member') return 'member';
    if (answer === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : 'not-member';
}
