/** Earlier stage assignments of a model on the base branch, for recognising rollbacks and timing ramp steps. */
import { isDeepStrictEqual } from 'node:util';
import { weightMap } from '../domain/split-weights.js';
import type { RegistryRepository } from '../snapshot/registry-repository.js';
import type { ModelState } from '../snapshot/registry-snapshot.js';
import type { StageHistory } from '../validate/validate-change.js';
import type { StageAssignment } from '../validate/validation-input.js';
import { modelTimeline, heldStages } from './model-timeline.js';

export class GitStageHistory implements StageHistory {
  constructor(
    private readonly repository: RegistryRepository,
    /** The base commit; its own state counts as the newest earlier state. */
    private readonly from: string,
  ) {}

  async priorAssignments(model: string): Promise<StageAssignment[]> {
    const states: StageAssignment[] = [];
    for await (const revision of modelTimeline(this.repository, this.from, model))
      states.push(heldStages(revision.state));
    return states;
  }

  /** The committer date of the oldest commit of the unbroken run, back from the base, with the base's weights. */
  async splitStepStarted(model: string, stage: string): Promise<Date | undefined> {
    let current: Map<string, number> | undefined;
    let started: Date | undefined;
    for await (const revision of modelTimeline(this.repository, this.from, model)) {
      const weights = weightMap(entries(revision.state), stage);
      current ??= weights;
      if (!isDeepStrictEqual(weights, current)) break;
      started = new Date(revision.commit.committer.timestamp * 1000);
    }
    return started;
  }
}

function entries(state: ModelState) {
  return [...state.versions.values()].flatMap((file) => (file.value ? [file.value] : []));
}
