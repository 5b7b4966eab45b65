/**
 * Earlier stage assignments of a model along the first-parent history of a
 * commit: the states the base branch has been in. Commits that did not touch
 * the model's directory are skipped by comparing its subtree id.
 */
import type { GitPort } from '../git/git-port.js';
import { modelDir } from '../snapshot/layout.js';
import { GitTreeSource } from '../snapshot/git-tree-source.js';
import { RegistrySnapshot } from '../snapshot/registry-snapshot.js';
import type { StageHistory } from '../validate/validate-change.js';
import type { StageAssignment } from '../validate/validation-input.js';

export class GitStageHistory implements StageHistory {
  constructor(
    private readonly git: GitPort,
    /** The base commit; its own state counts as the newest earlier state. */
    private readonly from: string,
  ) {}

  async priorAssignments(model: string): Promise<StageAssignment[]> {
    const states: StageAssignment[] = [];
    let lastDirId: string | undefined;
    for (let oid: string | undefined = this.from; oid !== undefined; ) {
      const commit = await this.git.readCommit(oid);
      const source = new GitTreeSource(this.git, commit.tree, oid.slice(0, 7));
      const dir = await source.entry(modelDir(model));
      if (dir?.type !== 'tree') break; // before the model existed
      if (dir.id !== lastDirId) {
        lastDirId = dir.id;
        const state = await new RegistrySnapshot(source).modelState(model);
        const assignment = new Map<string, string>();
        for (const [version, file] of state.versions) if (file.value) assignment.set(version, file.value.stage);
        states.push(assignment);
      }
      oid = commit.parents[0];
    }
    return states;
  }
}
