/** Changing model-level fields: plan the one-line edits, then validate and commit like promote (--here, a branch, --pr). */
import { requireModelName } from '../domain/registry-errors.js';
import type { Registry } from '../registry/registry.js';
import { modelDir } from '../domain/layout.js';
import { applyChange, checkedOutBranch, type AppliedChange, type CommitTarget } from './apply-change.js';
import { planModelEdit, type ModelEditPlan, type ModelFieldChanges } from './plan-model-edit.js';

export interface ModelEditRequest extends ModelFieldChanges {
  readonly model: string;
  /** Default: a new branch named after the change. */
  readonly target?: CommitTarget;
  /** Extra text for the commit body. */
  readonly note?: string;
  readonly now: Date;
}

export async function editModel(
  registry: Registry,
  request: ModelEditRequest,
): Promise<{ plan: ModelEditPlan; applied: AppliedChange }> {
  requireModelName(request.model);
  const base = await checkedOutBranch(registry);
  const current = await base.view.snapshot.modelState(request.model);
  const plan = planModelEdit(request.model, current.model?.yaml.text, request);
  const body = [request.note?.trim(), plan.changes.join('\n')].filter(Boolean).join('\n\n');
  const message = `${plan.subject}\n\n${body}\n`;
  const target = request.target ?? {
    kind: 'branch',
    name: `modelreg/model-${request.model}-${request.now.getTime().toString(36)}`,
  };
  const applied = await applyChange(
    registry,
    base,
    { edits: plan.edits, message, guardedPaths: [modelDir(request.model)] },
    target,
    request.now,
  );
  return { plan, applied };
}
