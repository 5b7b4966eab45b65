/**
 * Rolling back who holds a stage: revert the most recent change of the
 * stage's holders for one model (a three-way merge restricted to that model's
 * files, equal to `git revert` for a single-model commit), or restore an
 * earlier holder with --to. The plans are worked out from the model's
 * timeline, handed in (history/holder-changes.ts): only `rollback` itself
 * says which branch's history that is.
 */
import type { Policy } from '../contract/policy.js';
import semver from 'semver';
import { UserError } from '../domain/errors.js';
import type { CommitInfo } from '../git/git-port.js';
import { latestHolderChange, messagesBroughtBy, type Timeline } from '../history/holder-changes.js';
import { holders, modelTimeline, stageAssignment, type ModelRevision } from '../history/model-timeline.js';
import { commitMessage } from '../domain/commit-trailers.js';
import { classifyPath, modelDir } from '../domain/layout.js';
import { modelNotFound, requireModelName, requireStage } from '../domain/registry-errors.js';
import { treeAt } from '../snapshot/registry-repository.js';
import { RegistrySnapshot, type ModelState } from '../snapshot/registry-snapshot.js';
import type { SnapshotSource } from '../snapshot/snapshot-source.js';
import { OverlaySource } from '../snapshot/overlay-source.js';
import type { Registry } from '../registry/registry.js';
import { diffSnapshots } from '../validate/change-set.js';
import { applyStageChange, checkedOutBranch, type CommitTarget } from './apply-change.js';
import { requireVersion, stageChangePlan, trailer, type StageChangePlan, type StageMove } from './plan-promotion.js';
import type { LifecycleResult } from './promote.js';
import { withNote } from './promote.js';
import { refuseRevertingARollback } from './rollback-guard.js';
import { setWeight } from '../yaml/edit-weight.js';

export interface RollbackRequest {
  readonly model: string;
  /** Default: production, or the registry's first exclusive stage. */
  readonly stage?: string;
  /** Restore this earlier holder instead of reverting the latest change. */
  readonly to?: string;
  readonly target?: CommitTarget;
  readonly note?: string;
  /** Revert the latest change even when it was itself a rollback (see rollback-guard.ts). */
  readonly force?: boolean;
  readonly now: Date;
  /**
   * Last say over the plan before anything is written (`guard --rollback`
   * adds its evidence trailers here, and refuses a plan about another version
   * or another commit than it judged).
   */
  readonly finishPlan?: (plan: StageChangePlan, baseCommit: string | undefined) => StageChangePlan;
}

export async function rollback(
  registry: Registry,
  request: RollbackRequest,
): Promise<LifecycleResult & { reverted?: string }> {
  requireModelName(request.model);
  const base = await checkedOutBranch(registry);
  const policy = await base.view.policy();
  const stage = rollbackStage(policy, request.stage);
  const state = await base.view.snapshot.modelState(request.model);
  if (!state.model && state.versions.size === 0)
    throw modelNotFound(request.model, base.view.label, await base.view.modelNames());
  // The branch's first-parent history of the model, newest first; each plan reads only as far back as it needs.
  const timeline = () => modelTimeline(registry, base.view.commit!, request.model);
  if (request.to === undefined && !request.force)
    await refuseRevertingARollback(timeline(), request.model, stage, (commit) =>
      messagesBroughtBy(registry, commit, request.model),
    );
  const planned =
    request.to !== undefined
      ? await planRestore(timeline(), policy, state, stage, request.to)
      : await planRevert(registry, timeline(), base.view.source, state, stage);
  const noted = withNote(planned.plan, request.note);
  const plan = request.finishPlan ? request.finishPlan(noted, base.view.commit) : noted;
  const target = request.target ?? {
    kind: 'branch',
    name: `modelreg/rollback-${request.model}-${stage}-${request.now.getTime().toString(36)}`,
  };
  const applied = await applyStageChange(registry, base, plan, request.model, target, request.now);
  return { plan, applied, ...(planned.reverted ? { reverted: planned.reverted } : {}) };
}

function rollbackStage(policy: Policy, requested: string | undefined): string {
  if (requested !== undefined) return requireStage(policy, requested).name;
  if (policy.stages.has('production')) return 'production';
  const exclusive = [...policy.stages.values()].find((s) => s.exclusive || s.split);
  if (exclusive) return exclusive.name;
  throw new UserError(
    'USAGE',
    'this registry has no production stage and no exclusive stage',
    'Name the stage to roll back with --stage.',
  );
}

async function planRevert(
  registry: Registry,
  timeline: Timeline<ModelRevision>,
  headSource: SnapshotSource,
  current: ModelState,
  stage: string,
): Promise<{ plan: StageChangePlan; reverted: string }> {
  const found = await latestHolderChange(timeline, stage);
  if (!found) {
    throw new UserError(
      'NOTHING_TO_ROLL_BACK',
      `the holders of ${stage} for ${current.name} have never changed on this branch`,
      `To put a specific version into ${stage}, use modelreg promote ${current.name}@<version> --to ${stage}.`,
    );
  }
  const commit = found.change.commit;
  const parent = await treeAt(registry, commit.parents[0]!);
  const edits = await revertModelFiles(current.name, commit, found.change.source, parent, headSource);
  const after = await stateWithEdits(headSource, current.name, edits);
  const moves = diffAssignments(current, after);
  const from = holdersWithWeights(current, stage);
  const to = holdersWithWeights(after, stage);
  const subject = `rollback(${current.name}): ${stage} ${from.join(', ') || 'nothing'} → ${to.join(', ') || 'nothing'} (reverts ${commit.oid.slice(0, 7)})`;
  const body = `This reverts commit ${commit.oid} for ${modelDir(current.name)}/ only:\n"${commit.message.split('\n')[0]}"\n\n${moves.map((m) => `${current.name}@${m.version}: ${m.from} → ${m.to}`).join('\n')}`;
  const message = commitMessage(
    subject,
    body,
    moves.map((m) => trailer(current.name, m, 'rollback')),
  );
  return { plan: { model: current.name, moves, edits, subject, message }, reverted: commit.oid };
}

/** The reverse of `commit`'s changes to the model, merged onto HEAD; refuses on any conflict. */
async function revertModelFiles(
  model: string,
  commit: CommitInfo,
  changed: SnapshotSource,
  parent: SnapshotSource,
  head: SnapshotSource,
): Promise<Map<string, string | null>> {
  const { mergeText } = await import('./three-way-merge.js');
  const edits = new Map<string, string | null>();
  const conflicts: string[] = [];
  const decoder = new TextDecoder();
  const text = async (source: SnapshotSource, path: string) => {
    const bytes = await source.read(path);
    return bytes === undefined ? undefined : decoder.decode(bytes);
  };
  for (const change of await diffSnapshots(parent, changed, [modelDir(model)])) {
    // The model's page is generated, not reverted: the rollback commits the page of its own outcome.
    if (classifyPath(change.path).kind === 'model-doc') continue;
    const [ours, base, theirs] = await Promise.all([
      text(head, change.path),
      text(changed, change.path),
      text(parent, change.path),
    ]);
    if (base === undefined) {
      // The commit deleted the file: bring it back unless it exists again.
      if (ours === undefined) edits.set(change.path, theirs!);
      else conflicts.push(change.path);
    } else if (theirs === undefined) {
      // The commit added the file: remove it unless it changed since.
      if (ours === base) edits.set(change.path, null);
      else conflicts.push(change.path);
    } else if (ours === undefined) {
      conflicts.push(change.path);
    } else {
      const merged = mergeText(ours, base, theirs);
      if (merged === undefined) conflicts.push(change.path);
      else if (merged !== ours) edits.set(change.path, merged);
    }
  }
  if (conflicts.length > 0) {
    throw new UserError(
      'ROLLBACK_CONFLICT',
      `reverting ${commit.oid.slice(0, 7)} ("${commit.message.split('\n')[0]}") conflicts with later changes to ${conflicts.join(', ')}`,
      'Nothing was changed. Roll back to a specific version instead: modelreg rollback ' + `${model} --to <version>.`,
    );
  }
  return edits;
}

/** --to: the moves that give `stage` back to `version`, as the timeline says the stages were when it last held it. */
export async function planRestore(
  timeline: Timeline<Pick<ModelRevision, 'state'>>,
  policy: Policy,
  current: ModelState,
  stage: string,
  version: string,
): Promise<{ plan: StageChangePlan; reverted?: string }> {
  const entry = requireVersion(current, version);
  // In a split stage a version may share it now (a canary beside it): giving it back whole takes the others out.
  const sharing = entry.stage === stage && !!policy.stages.get(stage)?.split && holders(current, stage).length > 1;
  if (entry.stage === stage && !sharing) {
    throw new UserError(
      'ALREADY_IN_STAGE',
      `${current.name}@${version} is already in ${stage}`,
      'Nothing to roll back.',
    );
  }
  const pastHolders = new Set<string>();
  let then: Map<string, string> | undefined;
  for await (const revision of timeline) {
    const assignment = stageAssignment(revision.state);
    // A split stage is given back as it was when the version held it alone.
    const alone = !policy.stages.get(stage)?.split || holders(revision.state, stage).length === 1;
    if (assignment.get(version) === stage && alone) {
      then = assignment;
      break;
    }
    for (const v of holders(revision.state, stage)) pastHolders.add(v);
  }
  if (!then) {
    throw new UserError(
      'NEVER_HELD_STAGE',
      `${current.name}@${version} has never held ${stage} on this branch`,
      pastHolders.size > 0
        ? `Earlier holders of ${stage}: ${[...pastHolders].join(', ')}.`
        : `Use modelreg promote ${current.name}@${version} --to ${stage} instead.`,
    );
  }
  const stagePolicy = policy.stages.get(stage)!;
  const moves: StageMove[] = [{ version, from: entry.stage, to: stage }];
  // A split stage is restored whole: the version takes it alone, as an exclusive one.
  if (stagePolicy.exclusive || stagePolicy.split) {
    for (const holder of holders(current, stage)) {
      if (holder === version) continue;
      // In a split stage the holder may have shared it then: it leaves for demote_to.
      const thenStage = then.get(holder);
      const back = thenStage !== undefined && thenStage !== stage ? thenStage : stagePolicy.demoteTo;
      if (!back) {
        throw new UserError(
          'NO_DEMOTE_TO',
          `${holder} holds ${stage}, which names no demote_to, and did not exist then`,
          `Move ${holder} out of ${stage} first.`,
        );
      }
      moves.push({ version: holder, from: stage, to: back });
    }
  }
  const replaced = moves.slice(1).map((m) => m.version);
  const subject = `rollback(${current.name}): ${stage} → ${version}${replaced.length > 0 ? ` (replaces ${replaced.join(', ')})` : ''}`;
  const plan = stageChangePlan(
    current,
    moves,
    subject,
    moves.map((m) => trailer(current.name, m, 'rollback')),
  );
  if (!stagePolicy.split) return { plan };
  // Every version leaving the split stage, and its sole holder, keep no weight line.
  const edits = new Map(
    [...plan.edits].map(([path, text]) => [path, text === null ? null : setWeight(text, undefined)]),
  );
  return { plan: { ...plan, edits } };
}

/** The holders of `stage`, each with its weight where one is written (a split stage). */
/** Lowest version first, by semver as the model page lists them (1.9.0 before 1.10.0). */
function holdersWithWeights(state: ModelState, stage: string): string[] {
  return [...holders(state, stage)].sort(semver.compare).map((version) => {
    const weight = state.versions.get(version)?.value?.weight;
    return weight === undefined ? version : `${version} ${weight}%`;
  });
}

async function stateWithEdits(
  head: SnapshotSource,
  model: string,
  edits: ReadonlyMap<string, string | null>,
): Promise<ModelState> {
  const encoder = new TextEncoder();
  const overlay = new OverlaySource(
    head,
    new Map([...edits].map(([p, t]) => [p, t === null ? null : (encoder.encode(t) as Uint8Array)])),
  );
  return new RegistrySnapshot(overlay).modelState(model);
}

function diffAssignments(before: ModelState, after: ModelState): StageMove[] {
  const a = stageAssignment(before);
  const b = stageAssignment(after);
  const moves: StageMove[] = [];
  for (const [version, to] of b) {
    const from = a.get(version);
    if (from !== undefined && from !== to) moves.push({ version, from, to });
  }
  return moves;
}
