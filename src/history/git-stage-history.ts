/** Earlier stage assignments of a model on the base branch, for recognising rollbacks. */
import type { RegistryRepository } from '../snapshot/registry-repository.js';
import type { StageHistory } from '../validate/validate-change.js';
import type { StageAssignment } from '../validate/validation-input.js';
import { modelTimeline, stageAssignment } from './model-timeline.js';

export class GitStageHistory implements StageHistory {
  constructor(
    private readonly repository: RegistryRepository,
    /** The base commit; its own state counts as the newest earlier state. */
    private readonly from: string,
  ) {}

  async priorAssignments(model: string): Promise<StageAssignment[]> {
    const states: StageAssignment[] = [];
    for await (const revision of modelTimeline(this.repository, this.from, model))
      states.push(stageAssignment(revision.state));
    return states;
  }
}
