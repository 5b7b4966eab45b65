/** Earlier stage assignments of a model on the base branch, for recognising rollbacks. */
import type { GitPort } from '../git/git-port.js';
import type { NativeGit } from '../git/native-git.js';
import type { StageHistory } from '../validate/validate-change.js';
import type { StageAssignment } from '../validate/validation-input.js';
import { modelTimeline, stageAssignment } from './model-timeline.js';

export class GitStageHistory implements StageHistory {
  constructor(
    private readonly git: GitPort,
    /** The base commit; its own state counts as the newest earlier state. */
    private readonly from: string,
    private readonly native?: NativeGit,
  ) {}

  async priorAssignments(model: string): Promise<StageAssignment[]> {
    const states: StageAssignment[] = [];
    for await (const revision of modelTimeline(this.git, this.from, model, this.native)) states.push(stageAssignment(revision.state));
    return states;
  }
}
