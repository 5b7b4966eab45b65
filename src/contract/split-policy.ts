/**
 * A split stage's rules after defaults, and the cross-field checks of its
 * registry.yaml block (see split-policy-schema.ts).
 */
import { finding, type Finding } from '../domain/findings.js';
import type { YamlFile } from '../yaml/yaml-file.js';
import { durationMinutes, type RampInput } from './split-policy-schema.js';

export interface SplitPolicy {
  /** The weights a ramping version may be given; undefined: any from 1 to 100. */
  readonly steps: readonly number[] | undefined;
  /** The most weight a version may take with canaryApprovals; undefined: every step needs the stage's approvals. */
  readonly canaryMaxWeight: number | undefined;
  readonly canaryApprovals: number;
  /** Minutes a step must hold before the next raises a weight; 0: no minimum. */
  readonly minStepMinutes: number;
}

export function normalizeSplit(stage: { split?: boolean; ramp?: RampInput }): SplitPolicy | undefined {
  if (!stage.split) return undefined;
  const ramp = stage.ramp ?? {};
  return {
    steps: ramp.steps,
    canaryMaxWeight: ramp.canary_max_weight,
    canaryApprovals: ramp.canary_approvals ?? 1,
    minStepMinutes: ramp.min_step_duration ? durationMinutes(ramp.min_step_duration) : 0,
  };
}

/** A split stage is not also exclusive; ramp rules need a split stage; steps end at 100. */
export function checkSplitStage(
  file: YamlFile,
  name: string,
  stage: { exclusive?: boolean; split?: boolean; ramp?: RampInput },
): Finding[] {
  const findings: Finding[] = [];
  if (stage.split && stage.exclusive) {
    findings.push(
      finding(
        'POLICY_SPLIT_EXCLUSIVE',
        'error',
        file.path,
        file.locate(['stages', name, 'split']),
        `stage "${name}" is both split and exclusive`,
        'A split stage is held by one version at 100% or by several whose weights sum to 100: remove "exclusive".',
      ),
    );
  }
  if (stage.ramp && !stage.split) {
    findings.push(
      finding(
        'POLICY_RAMP_NOT_SPLIT',
        'error',
        file.path,
        file.locate(['stages', name, 'ramp']),
        `stage "${name}" has ramp rules but is not split`,
        `Set "split: true" on "${name}", or remove its ramp.`,
      ),
    );
  }
  const steps = stage.ramp?.steps;
  if (steps && !steps.includes(100)) {
    findings.push(
      finding(
        'POLICY_RAMP_STEPS',
        'error',
        file.path,
        file.locate(['stages', name, 'ramp', 'steps']),
        `the ramp steps of stage "${name}" (${steps.join(', ')}) do not include 100, so no version could ever take the whole stage`,
        'Add 100 as the last step, e.g. [10, 50, 100].',
      ),
    );
  }
  return findings;
}
