/**
 * Guardrails and emergency rollbacks as users write them in registry.yaml
 * (and the PromQL queries a model.yaml may give its guardrail metrics). A
 * block of its own: policy.ts normalizes it, guardrail-policy.ts checks it.
 */
import * as z from 'zod/mini';
import { described, identifier, optional, owner, pattern, stageName } from './common-schema.js';

/** A Prometheus-style duration with one unit: 30s, 5m, 1h, 1d. */
export const DURATION = /^[1-9][0-9]{0,5}(s|m|h|d)$/;

export const duration = pattern(DURATION, 'must be a duration such as 30s, 5m, 1h or 1d (a whole number and one unit)');

const promQuery = described(
  z.string().check(z.minLength(1)),
  'A PromQL expression giving one number per instant; $model, $version, $stage and $window are replaced (label values quoted for you: write model="$model").',
);

export const guardrailSchema = described(
  z.strictObject({
    max: optional(z.number(), 'Breached when the observed value is above this.'),
    min: optional(z.number(), 'Breached when the observed value is below this.'),
    max_drop: optional(
      z.number().check(z.gte(0)),
      "Breached when the observed value is worse (by the model's goal for the metric; default maximize) than the serving version's registered value by more than this, in the metric's units.",
    ),
    window: optional(duration, "The window the observation covers. Default: the stage's window."),
    query: optional(promQuery, 'How `modelreg guard --prometheus` observes the metric (model.yaml may override it).'),
  }),
  'One guardrail: a bound the live metric must keep over its window.',
);

export const stageGuardrailsSchema = described(
  z.strictObject({
    window: described(duration, 'The window every guardrail of the stage is evaluated over, unless it names its own.'),
    metrics: described(
      z.record(identifier, guardrailSchema),
      'Metric name → its guardrail. The serving version is rolled back when one is breached.',
    ),
  }),
  'The guardrails of one stage.',
);

export const guardrailsSchema = described(
  z.record(stageName, stageGuardrailsSchema),
  'Stage → the live metrics `modelreg guard` watches for the version holding it.',
);

export const emergencyRollbackSchema = described(
  z.strictObject({
    approvals: optional(
      z.int().check(z.gte(0)),
      'Approvals an emergency rollback pull request needs. Default: 1, or rollback_approvals when that is lower. 0 only when written here.',
    ),
    approvers: optional(
      z.array(owner),
      "Users or @org/teams whose approval counts for an emergency rollback. Default: the model's owners.",
    ),
  }),
  'Who may merge an emergency rollback (a pull request labelled modelreg:emergency-rollback that only rolls back one stage) and with how many approvals.',
);

/** model.yaml: the PromQL query of a guardrail metric, overriding the policy's. */
export const modelGuardrailQueriesSchema = described(
  z.record(identifier, promQuery),
  "Guardrail metric → the PromQL query that observes it for this model (overrides registry.yaml's).",
);

export type GuardrailsInput = z.infer<typeof guardrailsSchema>;
export type EmergencyRollbackInput = z.infer<typeof emergencyRollbackSchema>;
