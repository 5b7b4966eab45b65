/**
 * An admin's deliberate emergency push: a commit on the default branch that
 * changes the registry without a pull request, carrying the trailer
 * `Modelreg-Emergency: <reason>`. It counts only when the policy of the
 * commit's parent names the pusher in `emergency_pushers`; the trailer alone
 * is a claim anyone can write.
 */
import type { Policy } from '../contract/policy.js';
import { eligibility, type MembershipLookup } from './approvals.js';

export { EMERGENCY_TRAILER, emergencyReason } from '../domain/commit-trailers.js';

export type EmergencyVerdict =
  | { readonly allowed: true; readonly reason: string; readonly by: string }
  | { readonly allowed: false; readonly why: string };

/**
 * Whether `pusher` (the GitHub user who pushed, from the event) may release
 * this commit without review. An empty list means nobody, unlike approvals,
 * where an empty owner list means any reviewer.
 */
export async function judgeEmergency(
  policy: Policy,
  reason: string,
  pusher: string | undefined,
  isMember: MembershipLookup,
): Promise<EmergencyVerdict> {
  if (policy.emergencyPushers.length === 0)
    return {
      allowed: false,
      why: 'registry.yaml lists no emergency_pushers, so the Modelreg-Emergency trailer does not count',
    };
  if (!pusher) return { allowed: false, why: 'the push event does not say who pushed' };
  const verdict = await eligibility(policy.emergencyPushers, pusher, isMember);
  if (verdict === 'member') return { allowed: true, reason, by: pusher };
  if (verdict === 'unknown')
    return {
      allowed: false,
      why: `team membership of ${pusher} in ${policy.emergencyPushers.filter((e) => e.startsWith('@')).join(', ')} could not be read`,
    };
  return {
    allowed: false,
    why: `${pusher} is not one of the emergency_pushers (${policy.emergencyPushers.join(', ')})`,
  };
}
