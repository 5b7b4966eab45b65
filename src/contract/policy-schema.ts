/** registry.yaml as users write it. Defaults are applied in policy.ts. */
import { z } from 'zod';
import { description, identifier, owner, stageName } from './common-schema.js';

export const stageSchema = z
  .strictObject({
    description: description.optional(),
    exclusive: z
      .boolean()
      .optional()
      .describe('At most one version of a model may hold this stage. Default: false.'),
    approvals: z
      .int()
      .min(0)
      .optional()
      .describe('Approvals a pull request needs to move a version into this stage. Default: 0.'),
    demote_to: stageName
      .optional()
      .describe('Where the previous holder goes when a new version takes this exclusive stage.'),
  })
  .describe('One stage of the model life cycle.');

export const extensionSchema = z.strictObject({
  schema: z
    .string()
    .regex(/^(?!\/)(?!.*\.\.)[A-Za-z0-9._/-]+\.json$/, {
      error: 'must be a relative path to a .json file inside the registry',
    })
    .describe('Path of a JSON Schema file, relative to the registry root.'),
  description: description.optional(),
});

export const policySchema = z
  .strictObject({
    name: z.string().optional().describe('A name for this registry.'),
    description: description.optional(),
    admins: z
      .array(owner)
      .optional()
      .describe('Users or @org/teams who must approve changes to registry.yaml.'),
    stages: z
      .record(stageName, stageSchema)
      .optional()
      .describe(
        'The stages in life-cycle order. Default: development, staging, production (exclusive), archived.',
      ),
    transitions: z
      .record(stageName, z.array(stageName))
      .optional()
      .describe('For each stage, the stages a version may move to. Default: any stage to any other.'),
    initial_stages: z
      .array(stageName)
      .min(1)
      .optional()
      .describe('Stages a newly registered version may start in. Default: the first stage.'),
    rollback_approvals: z
      .int()
      .min(0)
      .optional()
      .describe('Approvals a rollback pull request needs. Default: 1.'),
    artifacts: z
      .strictObject({
        schemes: z
          .array(z.string().regex(/^[a-z][a-z0-9+.-]*$/, { error: 'must be a URI scheme such as s3' }))
          .min(1)
          .optional()
          .describe('URI schemes artifacts may use. Default: s3, gs, az, abfss, https, hf, oci.'),
      })
      .optional(),
    extensions: z
      .record(identifier, extensionSchema)
      .optional()
      .describe('Domain-specific metadata: extension id → the JSON Schema its data must satisfy.'),
  })
  .describe('modelreg registry policy (registry.yaml).');

export type PolicyInput = z.infer<typeof policySchema>;
