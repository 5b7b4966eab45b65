/** models/<model>/model.yaml as users write it. */
import { z } from 'zod';
import { description, identifier, modelName, owner, stageName } from './common-schema.js';

export const metricDefinitionSchema = z.strictObject({
  goal: z.enum(['maximize', 'minimize']).describe('Whether larger or smaller values are better.'),
  unit: z.string().optional(),
  description: description.optional(),
});

export const criterionSchema = z
  .strictObject({
    min: z.number().optional().describe('The metric must be at least this value.'),
    max: z.number().optional().describe('The metric must be at most this value.'),
    max_drop: z
      .number()
      .min(0)
      .optional()
      .describe('The most the metric may get worse (by its goal) than the version that holds the stage now.'),
  })
  .describe('Acceptance bounds for one metric.');

export const acceptanceSchema = z.strictObject({
  metrics: z.record(identifier, criterionSchema).optional(),
  require: z
    .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, { error: 'must be a dotted field path such as lineage.data' }))
    .optional()
    .describe('Fields a version must have to enter the stage, e.g. signature, lineage.data, lineage.code.'),
});

export const modelSchema = z
  .strictObject({
    name: modelName,
    description: description.optional(),
    owners: z.array(owner).min(1, { error: 'needs at least one owner' }).describe('Who approves promotions.'),
    task: z.string().optional().describe('What the model does, e.g. binary-classification.'),
    tags: z.array(z.string()).optional(),
    metrics: z.record(identifier, metricDefinitionSchema).optional().describe('What each metric means.'),
    artifacts: z
      .strictObject({
        required: z.array(identifier).optional().describe('Artifact roles every version must have.'),
      })
      .optional(),
    acceptance: z
      .record(stageName, acceptanceSchema)
      .optional()
      .describe('Gates per target stage: what a version must satisfy to enter it.'),
  })
  .describe('modelreg model (models/<model>/model.yaml).');

export type ModelEntry = z.infer<typeof modelSchema>;
export type Criterion = z.infer<typeof criterionSchema>;
