/** models/<model>/versions/<version>.yaml as users write it. */
import { z } from 'zod';
import {
  commitId,
  description,
  digest,
  identifier,
  isoDateOrDateTime,
  isoDateTime,
  semverString,
  stageName,
  uri,
} from './common-schema.js';

export const artifactSchema = z.strictObject({
  uri: uri,
  digest: digest,
  size: z.int().min(0).optional().describe('Size in bytes.'),
  format: z.string().optional().describe('e.g. onnx, safetensors, pickle, savedmodel.'),
  description: description.optional(),
});

export const signatureFieldSchema = z.strictObject({
  name: z.string().min(1),
  type: z.string().min(1).describe('e.g. float32, int64, string, tensor<float32>.'),
  shape: z.array(z.int()).optional().describe('Dimensions; -1 for a variable one.'),
  optional: z.boolean().optional(),
  description: description.optional(),
});

export const signatureSchema = z.strictObject({
  inputs: z.array(signatureFieldSchema),
  outputs: z.array(signatureFieldSchema),
});

export const lineageSchema = z.strictObject({
  parent: semverString.optional().describe('The version of this model it was derived from.'),
  data: z
    .array(
      z.strictObject({
        uri: uri,
        digest: digest.optional(),
        description: description.optional(),
      }),
    )
    .optional()
    .describe('Data sets it was trained and evaluated on.'),
  code: z
    .strictObject({
      repo: z.string().min(1).describe('Repository URL.'),
      commit: commitId,
      path: z.string().optional(),
    })
    .optional(),
  run: uri.optional().describe('The training run, e.g. an experiment tracker URL.'),
});

export const deprecationSchema = z.strictObject({
  reason: z.string().min(1, { error: 'must say why' }),
  end_of_life: isoDateOrDateTime.optional().describe('When it stops being served.'),
  replaced_by: semverString.optional(),
});

export const versionSchema = z
  .strictObject({
    version: semverString.describe('Equal to the file name without .yaml.'),
    stage: stageName.describe('The life-cycle stage this version is in; see registry.yaml.'),
    created: isoDateTime,
    created_by: z.string().min(1),
    description: description.optional(),
    artifacts: z
      .record(identifier, artifactSchema)
      .refine((artifacts) => Object.keys(artifacts).length > 0, { error: 'needs at least one artifact' })
      .describe('Artifact role → pointer. Immutable once registered.'),
    metrics: z
      .record(identifier, z.number().refine(Number.isFinite, { error: 'must be a finite number' }))
      .optional()
      .describe('Metric name → value. Values are immutable; new metrics may be added.'),
    params: z.record(z.string(), z.unknown()).optional().describe('Training parameters. Immutable.'),
    signature: signatureSchema.optional().describe('Model inputs and outputs. Immutable.'),
    lineage: lineageSchema.optional().describe('Where it came from. Immutable.'),
    tags: z.array(z.string()).optional(),
    deprecation: deprecationSchema.optional(),
    extensions: z
      .record(identifier, z.unknown())
      .optional()
      .describe('Extension id (declared in registry.yaml) → data validated by its JSON Schema.'),
  })
  .describe('modelreg model version (models/<model>/versions/<version>.yaml).');

export type VersionEntry = z.infer<typeof versionSchema>;
export type Artifact = z.infer<typeof artifactSchema>;
export type Signature = z.infer<typeof signatureSchema>;
