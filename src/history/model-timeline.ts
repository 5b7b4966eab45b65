/**
 * A model's states along the first-parent history of a branch: the states
 * the branch itself has been in, newest first, one per commit that changed
 * the model's directory.
 */
import type { CommitInfo } from '../git/git-port.js';
import type { GitTreeSource } from '../snapshot/git-tree-source.js';
import { pathInRepository, treeOf, type RegistryRepository } from '../snapshot/registry-repository.js';
import { refuseShallowBoundary } from '../git/repository-checks.js';
import { modelDir } from '../domain/layout.js';
import { RegistrySnapshot, type ModelState } from '../snapshot/registry-snapshot.js';
import type { HeldStage } from '../validate/validation-input.js';

export interface ModelRevision {
  /** The commit that brought this state onto the branch (a merge commit for a merged PR). */
  readonly commit: CommitInfo;
  readonly state: ModelState;
  /** The tree of this commit, to read other files of the same snapshot. */
  readonly source: GitTreeSource;
}

/** Newest first; stops where the model did not exist yet. */
export async function* modelTimeline(
  repository: RegistryRepository,
  from: string,
  model: string,
): AsyncGenerator<ModelRevision> {
  const { git } = repository;
  // The first-parent commits that changed the directory against their first parent.
  let first = true;
  for await (const oid of git.firstParentLog(from, pathInRepository(repository, modelDir(model)))) {
    const commit = await git.readCommit(oid);
    const source = treeOf(repository, commit.tree, oid.slice(0, 7));
    // Only the newest can have deleted it; each later one's state is what its successor's parent had.
    if (first && (await source.entry(modelDir(model)))?.type !== 'tree') return;
    first = false;
    yield { commit, state: await new RegistrySnapshot(source).modelState(model), source };
    // Asked for what came before a shallow clone's oldest commit, which the clone does not have.
    refuseShallowBoundary(git.dir, [oid]);
    // Where it did not exist yet the timeline ends: the log is not read further back.
    const parent = commit.parents[0];
    if (parent === undefined) return;
    const before = treeOf(repository, (await git.readCommit(parent)).tree, parent.slice(0, 7));
    if ((await before.entry(modelDir(model)))?.type !== 'tree') return;
  }
}

/** version → stage of the valid entries of a state. */
export function stageAssignment(state: ModelState): Map<string, string> {
  const assignment = new Map<string, string>();
  for (const [version, file] of state.versions) if (file.value) assignment.set(version, file.value.stage);
  return assignment;
}

/** version → stage and weight of the valid entries of a state: what recognising a rollback compares. */
export function heldStages(state: ModelState): Map<string, HeldStage> {
  const held = new Map<string, HeldStage>();
  for (const [version, file] of state.versions)
    if (file.value) held.set(version, { stage: file.value.stage, weight: file.value.weight });
  return held;
}

export function holders(state: ModelState, stage: string): string[] {
  return [...stageAssignment(state)]
    .filter(([, s]) => s === stage)
    .map(([v]) => v)
    .sort();
}
