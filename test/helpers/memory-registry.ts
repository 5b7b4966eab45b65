/**
 * Registry snapshots in memory, for tests of the pure core: the rules judge
 * a change between two snapshots built from `{ path: text }` maps exactly
 * as they judge two commits, in milliseconds and without a repository.
 * What only git can show (symlinks, reverts, commit order, subdirectories)
 * stays with the real repositories of temp-repo.ts.
 */
import { heldStages } from '../../src/history/model-timeline.js';
import { OverlaySource } from '../../src/snapshot/overlay-source.js';
import { RegistrySnapshot } from '../../src/snapshot/registry-snapshot.js';
import { EMPTY_SOURCE, type SnapshotSource } from '../../src/snapshot/snapshot-source.js';
import { modelDir } from '../../src/domain/layout.js';
import { validateChange, type StageHistory, type ValidationReport } from '../../src/validate/validate-change.js';
import type { StageAssignment } from '../../src/validate/validation-input.js';
import { templatePolicy } from './fixtures.js';
import type { Files } from './temp-repo.js';

const encoder = new TextEncoder();

function edits(files: Files): Map<string, Uint8Array | null> {
  return new Map(
    Object.entries(files).map(([path, content]) => [
      path,
      typeof content === 'string' ? encoder.encode(content) : content,
    ]),
  );
}

/** `files` laid over `base` (null deletes), as a commit of those files would leave the tree. */
export function memorySource(files: Files, base: SnapshotSource = EMPTY_SOURCE): SnapshotSource {
  return new OverlaySource(base, edits(files));
}

/** A linear branch in memory, oldest first: each commit's files laid over the one before (as `commit()` does). */
export function memoryCommits(...commits: Files[]): SnapshotSource[] {
  const sources: SnapshotSource[] = [];
  for (const files of commits) sources.push(memorySource(files, sources.at(-1)));
  return sources;
}

/**
 * Stage assignments along a branch of snapshots (oldest first), newest first
 * and stopping where the model did not exist, as GitStageHistory reads them
 * from the first-parent history of the base commit.
 */
export function memoryStageHistory(branch: readonly SnapshotSource[]): StageHistory {
  return {
    async priorAssignments(model: string): Promise<StageAssignment[]> {
      const states: StageAssignment[] = [];
      for (const source of [...branch].reverse()) {
        if ((await source.entry(modelDir(model)))?.type !== 'tree') break;
        states.push(heldStages(await new RegistrySnapshot(source).modelState(model)));
      }
      return states;
    },
  };
}

/**
 * Validates the newest commit of a branch against the one before it, with the
 * branch's history for recognising rollbacks: `validate --base HEAD~1 --head HEAD`.
 */
export async function validateLastCommit(...commits: Files[]): Promise<ValidationReport> {
  const branch = memoryCommits(...commits);
  if (branch.length < 2) throw new Error('validateLastCommit needs a base commit and a change');
  const base = branch.length - 2;
  return validateChange({
    base: branch[base]!,
    head: branch[base + 1]!,
    history: memoryStageHistory(branch.slice(0, base + 1)),
  });
}

/** In memory what scenario.ts's validateChangeBetween does with a real repository: `registry.yaml` + `base`, then `change`. */
export function validateInMemory(base: Files, change: Files, policy = templatePolicy()): Promise<ValidationReport> {
  return validateLastCommit({ 'registry.yaml': policy, ...base }, change);
}
