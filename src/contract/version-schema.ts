/** models/<model>/versions/<version>.yaml as users write it. */
import * as z from 'zod/mini';
import {
  commitId,
  described,
  description,
  digest,
  freeKey,
  identifier,
  isoDateOrDateTime,
  isoDateTime,
  optional,
  semverString,
  stageName,
  uri,
} from './common-schema.js';
import { provenanceSchema } from './provenance-schema.js';
import { splitWeight } from './split-policy-schema.js';

export const artifactSchema = described(
  z.strictObject({
    uri: uri,
    digest: digest,
    size: optional(z.int().check(z.gte(0)), 'Size in bytes.'),
    format: optional(z.string(), 'e.g. onnx, safetensors, pickle, savedmodel.'),
    description: optional(description),
  }),
  'Where one artifact is (URI) and what its content is (digest).',
);

export const signatureFieldSchema = z.strictObject({
  name: described(z.string().check(z.minLength(1)), 'The input or output name.'),
  type: described(z.string().check(z.minLength(1)), 'e.g. float32, int64, string, tensor<float32>.'),
  shape: optional(z.array(z.int()), 'Dimensions; -1 for a variable one.'),
  optional: optional(z.boolean(), 'The field may be absent. Default: false.'),
  description: optional(description),
});

export const signatureSchema = z.strictObject({
  inputs: described(z.array(signatureFieldSchema), 'What the model takes.'),
  outputs: described(z.array(signatureFieldSchema), 'What the model returns.'),
});

export const lineageSchema = z.strictObject({
  parent: optional(semverString, 'The version of this model it was derived from.'),
  data: optional(
    z.array(
      z.strictObject({
        uri: uri,
        digest: optional(digest),
        description: optional(description),
      }),
    ),
    'Data sets it was trained and evaluated on.',
  ),
  code: optional(
    z.strictObject({
      repo: described(z.string().check(z.minLength(1)), 'Repository URL.'),
      commit: commitId,
      path: optional(z.string(), 'The training code inside the repository.'),
    }),
    'The training code: repository and commit.',
  ),
  run: optional(uri, 'The training run, e.g. an experiment tracker URL.'),
});

export const deprecationSchema = z.strictObject({
  reason: described(
    z.string().check(z.minLength(1, { error: 'must say why' })),
    'Why the version should no longer be used.',
  ),
  end_of_life: optional(isoDateOrDateTime, 'When it stops being served.'),
  replaced_by: optional(semverString, 'The version of this model to use instead.'),
});

export const versionSchema = described(
  z.strictObject({
    version: described(semverString, 'Equal to the file name without .yaml.'),
    stage: described(stageName, 'The life-cycle stage this version is in; see registry.yaml.'),
    weight: optional(
      splitWeight,
      'In a split stage: the percent of its traffic this version takes (1-100; the holders of the stage sum to 100). A sole holder may leave it out.',
    ),
    created: described(isoDateTime, 'When the version was registered (ISO 8601, with a time zone).'),
    created_by: described(z.string().check(z.minLength(1)), 'Who registered it, e.g. their git email.'),
    description: optional(description),
    artifacts: described(
      z.record(identifier, artifactSchema).check(
        z.refine((artifacts) => Object.keys(artifacts).length > 0, { error: 'needs at least one artifact' }),
        // The same rule for editors: a refinement is code, which JSON Schema output leaves out.
        z.meta({ minProperties: 1 }),
      ),
      'Artifact role → pointer. Immutable once registered.',
    ),
    metrics: optional(
      z.record(
        identifier,
        described(
          z.number().check(z.refine(Number.isFinite, { error: 'must be a finite number' })),
          'The measured value.',
        ),
      ),
      'Metric name → value. Values are immutable; new metrics may be added.',
    ),
    params: optional(
      z.record(freeKey, described(z.unknown(), 'The parameter value.')),
      'Training parameters. Immutable.',
    ),
    signature: optional(signatureSchema, 'Model inputs and outputs. Immutable.'),
    lineage: optional(lineageSchema, 'Where it came from. Immutable.'),
    tags: optional(z.array(z.string()), 'Labels for finding the version, e.g. candidate, baseline.'),
    deprecation: optional(
      deprecationSchema,
      'Set by modelreg deprecate: why this version should no longer be used and until when it is served.',
    ),
    extensions: optional(
      z.record(
        identifier,
        described(z.unknown(), 'Data checked by the JSON Schema registry.yaml names for this extension.'),
      ),
      'Extension id (declared in registry.yaml) → data validated by its JSON Schema.',
    ),
    provenance: optional(provenanceSchema),
  }),
  'modelreg model version (models/<model>/versions/<version>.yaml).',
);

export type VersionEntry = z.infer<typeof versionSchema>;
export type Artifact = z.infer<typeof artifactSchema>;
export type Signature = z.infer<typeof signatureSchema>;
