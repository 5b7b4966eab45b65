/**
 * What a change does to the split stages of one model (pure): which versions
 * take weight, and whether each moves forward (a canary ramping up: newer than
 * every version giving weight) or back (weight returning to an older holder:
 * aborting a canary). The contract rules and the approvals read this.
 */
import semver from 'semver';
import type { SplitPolicy } from '../contract/split-policy.js';
import type { VersionEntry } from '../contract/version-schema.js';
import { weightMap } from '../domain/split-weights.js';
import type { ModelState } from '../snapshot/registry-snapshot.js';
import type { ModelPair, ValidationInput } from './validation-input.js';

export interface WeightGain {
  readonly version: string;
  /** 0 when the version did not hold the stage. */
  readonly from: number;
  readonly to: number;
  /** `forward`: newer than every version giving weight; `back`: not; `first`: nobody gave weight (the stage was empty). */
  readonly direction: 'forward' | 'back' | 'first';
}

export interface SplitChange {
  readonly model: string;
  readonly stage: string;
  readonly split: SplitPolicy;
  readonly base: ReadonlyMap<string, number>;
  readonly head: ReadonlyMap<string, number>;
  readonly gains: readonly WeightGain[];
}

/** The split stages whose weights the change alters, for one model. */
export function splitChanges(input: ValidationInput, pair: ModelPair): SplitChange[] {
  const result: SplitChange[] = [];
  for (const stage of input.policy.stages.values()) {
    if (!stage.split) continue;
    const base = weightMap(entries(pair.base), stage.name);
    const head = weightMap(entries(pair.head), stage.name);
    const versions = new Set([...base.keys(), ...head.keys()]);
    const losers = [...versions].filter((v) => (head.get(v) ?? 0) < (base.get(v) ?? 0));
    const gains: WeightGain[] = [];
    for (const version of [...versions].sort(semver.compare)) {
      const from = base.get(version) ?? 0;
      const to = head.get(version) ?? 0;
      if (to <= from) continue;
      const direction = losers.length === 0 ? 'first' : losers.every((l) => semver.gt(version, l)) ? 'forward' : 'back';
      gains.push({ version, from, to, direction });
    }
    if (gains.length > 0 || losers.length > 0)
      result.push({ model: pair.name, stage: stage.name, split: stage.split, base, head, gains });
  }
  return result;
}

function entries(state: ModelState): VersionEntry[] {
  return [...state.versions.values()].flatMap((file) => (file.value ? [file.value] : []));
}
