/**
 * The model pages a write command commits together with its change, so that
 * `modelreg docs --check` passes on the commit it makes, on the branch of a
 * pull request, and after that branch is merged.
 *
 * A registry keeps pages when any model has one at the base; then each model
 * the change touches gets its page rendered from the planned snapshot (the
 * edits laid over the base), and a registry without pages gets none. The
 * page's rollback plan is worked out from what is known before the commit:
 * where the change moves a stage's holders, it is that change a rollback
 * reverts, so the base's holders are what it restores; elsewhere the base's
 * history answers exactly as the new commit's history will.
 */
import type { Registry } from '../registry/registry.js';
import { RegistryView } from '../registry/registry-view.js';
import { classifyPath, MODELS_DIR, modelDir } from '../domain/layout.js';
import { OverlaySource } from '../snapshot/overlay-source.js';
import type { ModelState } from '../snapshot/registry-snapshot.js';
import { GitTreeSource } from '../snapshot/git-tree-source.js';
import type { SnapshotSource } from '../snapshot/snapshot-source.js';
import { latestHolderChange, saysPromotion, versionsARollbackWouldPutBack } from '../history/holder-changes.js';
import { holders, modelTimeline } from '../history/model-timeline.js';
import {
  holderChangeFacts,
  holdersBeforeLatestChange,
  modelPagePath,
  renderModelPage,
  stageHolders,
  type HoldersBefore,
} from './model-page.js';
import type { StageHolder } from './render-model-doc.js';

/** path → page bytes, for each touched model whose page the edits change; empty when the registry keeps no pages. */
export async function plannedModelPages(
  registry: Registry,
  base: RegistryView,
  edits: ReadonlyMap<string, Uint8Array | null>,
  /** The message of the commit the pages go into: a promotion says so in its trailers. */
  message: string,
): Promise<Map<string, Uint8Array>> {
  const pages = new Map<string, Uint8Array>();
  const models = touchedModels(edits.keys());
  if (models.length === 0 || !(await keepsPages(base.source, models))) return pages;
  const planned = new RegistryView(new OverlaySource(base.source, edits), undefined);
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  for (const model of models) {
    const after = await planned.snapshot.modelState(model);
    // An invalid or removed model has no page to render; the validation that follows refuses an invalid one.
    if (!isRenderable(after)) continue;
    const text = await renderModelPage(
      planned,
      model,
      await holdersBeforeCommit(registry, base, model, after, message),
    );
    const path = modelPagePath(model);
    const existing = await base.source.read(path);
    if (existing === undefined || decoder.decode(existing) !== text) pages.set(path, encoder.encode(text));
  }
  return pages;
}

/** Models whose directory the paths fall in, sorted. */
function touchedModels(paths: Iterable<string>): string[] {
  const models = new Set<string>();
  for (const path of paths) {
    const kind = classifyPath(path);
    if ('model' in kind && kind.model !== undefined) models.add(kind.model);
  }
  return [...models].sort();
}

/** Any model's page at the base: the touched models' first, then the rest, stopping at the first found. */
async function keepsPages(source: SnapshotSource, touched: readonly string[]): Promise<boolean> {
  const hasPage = async (model: string) => (await source.entry(modelPagePath(model)))?.type === 'blob';
  for (const model of touched) if (await hasPage(model)) return true;
  // The fast path is only a shortcut: git refusing it (a damaged index makes every git command fail to start) leaves the walk.
  const files =
    source instanceof GitTreeSource ? await source.filesBelow(MODELS_DIR).catch(() => undefined) : undefined;
  if (files) return files.some((path) => isModelPage(path));
  for (const entry of (await source.list(MODELS_DIR)) ?? []) {
    if (entry.type === 'tree' && !touched.includes(entry.name) && (await hasPage(entry.name))) return true;
  }
  return false;
}

function isModelPage(path: string): boolean {
  const kind = classifyPath(path);
  return 'model' in kind && kind.model !== undefined && path === modelPagePath(kind.model);
}

function isRenderable(state: ModelState): boolean {
  return state.model?.value !== undefined && [...state.versions.values()].every((file) => file.value !== undefined);
}

/**
 * The answers `holdersBeforeLatestChange` will give on the commit being made:
 * its first-parent history is that commit, then the base's. A model new in
 * this change has no earlier state, so nothing to roll back to. A change of
 * weights alone (a ramp step) changes the holders, as holder-changes.ts counts.
 */
async function holdersBeforeCommit(
  registry: Registry,
  base: RegistryView,
  model: string,
  after: ModelState,
  message: string,
): Promise<HoldersBefore> {
  if ((await base.source.entry(modelDir(model)))?.type !== 'tree') return async () => undefined;
  const before = await base.snapshot.modelState(model);
  const fromHistory = holdersBeforeLatestChange(registry, base.commit!, model);
  return async (stage) => {
    const previous = stageHolders(before, stage);
    if (weighted(stageHolders(after, stage)) === weighted(previous)) return fromHistory(stage);
    // A promotion undoes nothing: no history to read on the way of every promote.
    if (saysPromotion([message], model)) return { restores: previous };
    // This commit is the latest change; whether it undoes the one before it, the base's history says.
    const earlier = await latestHolderChange(modelTimeline(registry, base.commit!, model), stage);
    const latest = { before: holders(before, stage), after: holders(after, stage), messages: async () => [message] };
    const putBack = earlier
      ? await versionsARollbackWouldPutBack(latest, holderChangeFacts(registry, model, earlier, stage), model)
      : [];
    return { restores: previous, ...(putBack.length > 0 ? { undoesRollback: putBack } : {}) };
  };
}

function weighted(holders: readonly StageHolder[]): string {
  return holders.map((h) => `${h.version}=${h.weight ?? ''}`).join();
}
