/**
 * Traffic splits in registry.yaml: the stage fields that let several versions
 * hold one stage with weights (a canary), and the rules a ramp follows. Kept
 * apart from policy-schema.ts so that the stage schema only spreads them in.
 */
import * as z from 'zod/mini';
import { described, optional, pattern } from './common-schema.js';

/** A weight in percent of a split stage's traffic. */
export const splitWeight = z.int().check(z.gte(1), z.lte(100));

/** `30m`, `24h`, `2d`: how long a ramp step must stay before the next one. */
export const DURATION = /^(\d{1,6})(m|h|d)$/;

export const rampSchema = described(
  z.strictObject({
    steps: optional(
      z.array(splitWeight).check(z.minLength(1)),
      'The weights a version may be given while it ramps up in this stage, e.g. [10, 50, 100]; must include 100. Default: any weight from 1 to 100.',
    ),
    canary_max_weight: optional(
      z.int().check(z.gte(1), z.lte(99)),
      "The most weight a version may take with canary_approvals instead of the stage's full approvals. Default: none (every step needs the full approvals).",
    ),
    canary_approvals: optional(
      z.int().check(z.gte(0)),
      'Approvals a pull request needs to give a version at most canary_max_weight. Default: 1.',
    ),
    min_step_duration: optional(
      pattern(DURATION, 'must be a duration such as 30m, 24h or 2d'),
      "How long a ramp step must hold before the next one raises a version's weight, measured from the date of the commit that merged the step (e.g. 24h). Default: no minimum.",
    ),
  }),
  'How a version ramps up in a split stage.',
);

/** Spread into the stage schema. */
export const splitStageShape = {
  split: optional(
    z.boolean(),
    'Several versions of a model may hold this stage, each with a weight (percent of traffic, summing to 100): a canary. Default: false.',
  ),
  ramp: optional(rampSchema),
};

export type RampInput = z.infer<typeof rampSchema>;

/** Minutes in a duration that matched DURATION. */
export function durationMinutes(text: string): number {
  const [, count, unit] = DURATION.exec(text)!;
  return Number(count) * (unit === 'm' ? 1 : unit === 'h' ? 60 : 1440);
}
