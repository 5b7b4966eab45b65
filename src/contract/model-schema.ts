/** models/<model>/model.yaml as users write it. */
import * as z from 'zod/mini';
import { described, description, identifier, modelName, optional, owner, pattern, stageName } from './common-schema.js';
import { modelGuardrailQueriesSchema } from './guardrail-schema.js';

export const metricDefinitionSchema = described(
  z.strictObject({
    goal: described(z.enum(['maximize', 'minimize']), 'Whether larger or smaller values are better.'),
    unit: optional(z.string(), 'The unit values are in, e.g. ms or USD.'),
    description: optional(description),
  }),
  'What one metric means and which direction is better.',
);

export const criterionSchema = described(
  z.strictObject({
    min: optional(z.number(), 'The metric must be at least this value.'),
    max: optional(z.number(), 'The metric must be at most this value.'),
    max_drop: optional(
      z.number().check(z.gte(0)),
      'The most the metric may get worse (by its goal) than the version that holds the stage now.',
    ),
  }),
  'Acceptance bounds for one metric.',
);

export const acceptanceSchema = described(
  z.strictObject({
    metrics: optional(
      z.record(identifier, criterionSchema),
      'Metric name → bounds a version must meet to enter the stage.',
    ),
    require: optional(
      z.array(pattern(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must be a dotted field path such as lineage.data')),
      'Fields a version must have to enter the stage, e.g. signature, lineage.data, lineage.code.',
    ),
  }),
  'What a version must satisfy to enter this stage.',
);

export const modelSchema = described(
  z.strictObject({
    name: modelName,
    description: optional(description),
    owners: described(
      z.array(owner).check(z.minLength(1, { error: 'needs at least one owner' })),
      'Who approves promotions.',
    ),
    task: optional(z.string(), 'What the model does, e.g. binary-classification.'),
    tags: optional(z.array(z.string()), 'Labels for finding the model, e.g. fraud, tabular.'),
    metrics: optional(z.record(identifier, metricDefinitionSchema), 'What each metric means.'),
    artifacts: optional(
      z.strictObject({
        required: optional(z.array(identifier), 'Artifact roles every version must have.'),
      }),
      'What every version of this model must carry.',
    ),
    acceptance: optional(
      z.record(stageName, acceptanceSchema),
      'Gates per target stage: what a version must satisfy to enter it.',
    ),
    guardrails: optional(
      z.strictObject({ queries: optional(modelGuardrailQueriesSchema) }),
      "How this model's live metrics are observed for `modelreg guard`.",
    ),
  }),
  'modelreg model (models/<model>/model.yaml).',
);

export type ModelEntry = z.infer<typeof modelSchema>;
export type Criterion = z.infer<typeof criterionSchema>;
