/**
 * One model's page from a snapshot, shared by `modelreg docs` and the write
 * commands so the two can never render a page differently. The only history
 * a page shows is what held each exclusive or split stage (with the weights)
 * before its holders last changed: never a commit id, because the commit
 * that makes a change cannot name itself, and a merge or squash gives the
 * change another id anyway.
 */
import {
  holderChanges,
  messagesBroughtBy,
  versionsARollbackWouldPutBack,
  type HolderChange,
  type HolderChangeFacts,
} from '../history/holder-changes.js';
import { holders, modelTimeline, type ModelRevision } from '../history/model-timeline.js';
import type { Registry } from '../registry/registry.js';
import type { RegistryView } from '../registry/registry-view.js';
import type { ModelState } from '../snapshot/registry-snapshot.js';
import { modelDir } from '../domain/layout.js';
import { splitHolders } from '../domain/split-weights.js';
import { renderModelDoc, type RollbackPlan, type StageHolder } from './render-model-doc.js';

/** The latest change of a stage's holders, as `modelreg rollback` sees it. */
export interface LatestHolderChange {
  /** What held the stage (with the weights) before it. */
  readonly restores: readonly StageHolder[];
  /** Set when it was itself a rollback: the versions it took out, which `rollback` without --to will not put back. */
  readonly undoesRollback?: readonly string[];
}

/** The latest change of `stage`'s holders, or undefined when they never changed. */
export type HoldersBefore = (stage: string) => Promise<LatestHolderChange | undefined>;

export function modelPagePath(model: string): string {
  return `${modelDir(model)}/README.md`;
}

export async function renderModelPage(view: RegistryView, name: string, holdersBefore: HoldersBefore): Promise<string> {
  const policy = await view.policy();
  const details = await view.model(name);
  const versions = await Promise.all(details.versions.map((v) => view.version(name, v.version)));
  const rollbacks: RollbackPlan[] = [];
  // `modelreg rollback` reverts the latest change of a split stage too: a ramp step is one.
  for (const stage of [...policy.stages.values()].filter((s) => s.exclusive || s.split)) {
    const current = splitHolders(versions, stage.name);
    if (current.length === 0) continue;
    const latest = await holdersBefore(stage.name);
    rollbacks.push({
      stage: stage.name,
      split: stage.split !== undefined,
      current,
      restores: latest?.restores,
      ...(latest?.undoesRollback ? { undoesRollback: latest.undoesRollback } : {}),
    });
  }
  return renderModelDoc({ model: details.entry, policy, versions, rollbacks });
}

/** From the first-parent history of a commit, planned as `modelreg rollback` plans it. */
export function holdersBeforeLatestChange(registry: Registry, commit: string, model: string): HoldersBefore {
  return async (stage) => {
    const [latest, previous] = await holderChanges(modelTimeline(registry, commit, model), stage, 2);
    if (!latest) return undefined;
    const putBack = previous
      ? await versionsARollbackWouldPutBack(
          holderChangeFacts(registry, model, latest, stage),
          holderChangeFacts(registry, model, previous, stage),
          model,
        )
      : [];
    return {
      restores: stageHolders(latest.before.state, stage),
      ...(putBack.length > 0 ? { undoesRollback: putBack } : {}),
    };
  };
}

export function holderChangeFacts(
  registry: Registry,
  model: string,
  change: HolderChange<ModelRevision>,
  stage: string,
): HolderChangeFacts {
  return {
    before: holders(change.before.state, stage),
    after: holders(change.change.state, stage),
    messages: () => messagesBroughtBy(registry, change.change.commit, model),
  };
}

/** The holders of `stage` in one state of the model, lowest version first, with the weights written. */
export function stageHolders(state: ModelState, stage: string): StageHolder[] {
  const entries = [...state.versions.values()].flatMap((file) => (file.value ? [file.value] : []));
  return splitHolders(entries, stage);
}
