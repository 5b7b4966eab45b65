/** Promote a version: plan, validate with the gates, commit on a branch for a PR or here. */
import { parseModelRef } from '../domain/model-ref.js';
import type { Registry } from '../registry/registry.js';
import { UserError } from '../domain/errors.js';
import { applyStageChange, checkedOutBranch, type AppliedChange, type CommitTarget } from './apply-change.js';
import { planPromotion, type StageChangePlan } from './plan-promotion.js';

export interface PromoteRequest {
  /** `model@version`. */
  readonly reference: string;
  readonly to: string;
  /** Percent of a split stage's traffic (1-100): starts or ramps a canary. Default: the whole stage. */
  readonly weight?: number;
  /** Default: a new branch named after the change. */
  readonly target?: CommitTarget;
  /** Extra text for the commit body. */
  readonly note?: string;
  readonly now: Date;
}

export interface LifecycleResult {
  readonly plan: StageChangePlan;
  readonly applied: AppliedChange;
}

export async function promote(registry: Registry, request: PromoteRequest): Promise<LifecycleResult> {
  const ref = parseModelRef(request.reference);
  if (ref.kind !== 'version') {
    throw new UserError(
      'INVALID_REFERENCE',
      `promote needs <model>@<version>, got "${request.reference}"`,
      'e.g. modelreg promote fraud-detection@1.2.0 --to production',
    );
  }
  const base = await checkedOutBranch(registry);
  await base.view.requireModel(ref.model);
  const [policy, state] = await Promise.all([base.view.policy(), base.view.snapshot.modelState(ref.model)]);
  const plan = withNote(planPromotion(policy, state, ref.version, request.to, request.weight), request.note);
  const target = request.target ?? {
    kind: 'branch',
    name: `modelreg/promote-${ref.model}-${ref.version}-to-${request.to}${request.weight !== undefined ? `-${request.weight}` : ''}`,
  };
  const applied = await applyStageChange(registry, base, plan, ref.model, target, request.now);
  return { plan, applied };
}

/** Puts the user's own words first in the commit body, keeping subject and trailers machine-readable. */
export function withNote(plan: StageChangePlan, note: string | undefined): StageChangePlan {
  if (!note) return plan;
  const [subject, ...rest] = plan.message.split('\n');
  return { ...plan, message: [subject, '', note.trim(), ...rest].join('\n') };
}
