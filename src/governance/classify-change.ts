/** What a change does, model by model: the words a PR comment and a deploy job use (pure). */
import { stageChangeType, type EventType, type WeightStep } from '../history/events.js';
import { POLICY_PATH } from '../domain/layout.js';
import { isRollbackOf, versionChanges, type ValidationInput } from '../validate/validation-input.js';

export type ChangeType = EventType | 'policy';

export interface ClassifiedChange {
  readonly model: string | null;
  readonly version: string | null;
  readonly type: ChangeType;
  readonly from: string | null;
  readonly to: string | null;
  /** In a split stage: the `weight:` before and after (null: none written), when it changed. */
  readonly weight?: WeightStep;
}

export function classifyChange(input: ValidationInput): ClassifiedChange[] {
  const result: ClassifiedChange[] = [];
  if (input.changes.some((c) => c.path === POLICY_PATH))
    result.push({ model: null, version: null, type: 'policy', from: null, to: null });
  for (const pair of input.models.values()) {
    if (pair.base.model?.id !== pair.head.model?.id) {
      const type = !pair.base.model ? 'register' : !pair.head.model ? 'delete' : 'metadata';
      result.push({ model: pair.name, version: null, type, from: null, to: null });
    }
    const rollback = isRollbackOf(input, pair);
    for (const change of versionChanges(pair)) {
      const { version } = change;
      if (change.kind === 'unchanged') continue;
      if (change.kind === 'added') {
        result.push({ model: pair.name, version, type: 'register', from: null, to: change.stageTo ?? null });
        continue;
      }
      if (change.kind === 'deleted') {
        result.push({ model: pair.name, version, type: 'delete', from: change.stageFrom ?? null, to: null });
        continue;
      }
      const before = change.base?.value;
      const after = change.head?.value;
      let described = false;
      const weight =
        before && after && (before.weight ?? null) !== (after.weight ?? null)
          ? { weight: { from: before.weight ?? null, to: after.weight ?? null } }
          : {};
      if (before && after && before.stage === after.stage && weight.weight) {
        // A ramp step: a holder without a weight line is the stage's sole holder (100%).
        const up = (weight.weight.to ?? 100) > (weight.weight.from ?? 100);
        const type = rollback ? 'rollback' : up ? 'promote' : 'demote';
        result.push({ model: pair.name, version, type, from: before.stage, to: after.stage, ...weight });
        described = true;
      }
      if (before && after && before.stage !== after.stage) {
        const type = rollback
          ? 'rollback'
          : stageChangeType(pair.name, version, before.stage, after.stage, {
              trailers: [],
              isRevert: false,
              policy: input.policy,
            });
        result.push({ model: pair.name, version, type, from: before.stage, to: after.stage, ...weight });
        described = true;
      }
      if (before && after && !before.deprecation && after.deprecation) {
        result.push({ model: pair.name, version, type: 'deprecate', from: null, to: null });
        described = true;
      }
      if (!described) result.push({ model: pair.name, version, type: 'metadata', from: null, to: null });
    }
  }
  return result;
}
