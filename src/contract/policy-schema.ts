/** registry.yaml as users write it. Defaults are applied in policy.ts. */
import * as z from 'zod/mini';
import { described, description, identifier, optional, owner, pattern, stageName } from './common-schema.js';
import { provenancePolicySchema } from './provenance-schema.js';
import { splitStageShape } from './split-policy-schema.js';
import { emergencyRollbackSchema, guardrailsSchema } from './guardrail-schema.js';

export const stageSchema = described(
  z.strictObject({
    description: optional(description),
    exclusive: optional(z.boolean(), 'At most one version of a model may hold this stage. Default: false.'),
    approvals: optional(
      z.int().check(z.gte(0)),
      'Approvals a pull request needs to move a version into this stage. Default: 0.',
    ),
    demote_to: optional(stageName, 'Where the previous holder goes when a new version takes this exclusive stage.'),
    ...splitStageShape,
  }),
  'One stage of the model life cycle.',
);

export const extensionSchema = described(
  z.strictObject({
    schema: described(
      pattern(
        /^(?!\/)(?!.*\.\.)[A-Za-z0-9._/-]+\.json$/,
        'must be a relative path to a .json file inside the registry',
      ),
      'Path of a JSON Schema file, relative to the registry root.',
    ),
    description: optional(description),
  }),
  'One extension: the JSON Schema its data in version files must satisfy.',
);

export const policySchema = described(
  z.strictObject({
    name: optional(
      z.string(),
      "The registry's name: the title of its audit report and catalog. Default: the repository's directory name.",
    ),
    description: optional(description),
    admins: optional(z.array(owner), 'Users or @org/teams who must approve changes to registry.yaml.'),
    stages: optional(
      z.record(stageName, stageSchema),
      'The stages in life-cycle order. Default: development, staging, production (exclusive), archived.',
    ),
    transitions: optional(
      z.record(stageName, described(z.array(stageName), 'The stages a version in this stage may move to.')),
      'For each stage, the stages a version may move to. Default: any stage to any other.',
    ),
    initial_stages: optional(
      z.array(stageName).check(z.minLength(1)),
      'Stages a newly registered version may start in. Default: the first stage.',
    ),
    rollback_approvals: optional(z.int().check(z.gte(0)), 'Approvals a rollback pull request needs. Default: 1.'),
    emergency_pushers: optional(
      z.array(owner),
      'Users or @org/teams whose direct push to the default branch may change the registry without a pull request, when each such commit carries a "Modelreg-Emergency: <reason>" trailer. The release is flagged in the log, the summary and the git note. Default: nobody.',
    ),
    artifacts: optional(
      z.strictObject({
        schemes: optional(
          z.array(pattern(/^[a-z][a-z0-9+.-]*$/, 'must be a URI scheme such as s3')).check(z.minLength(1)),
          'URI schemes artifacts may use. Default: s3, gs, az, abfss, https, hf, oci.',
        ),
        locations: optional(
          z.array(
            pattern(
              /^(s3|gs|az|https|http|file):\/\/[^\s?#]*$/,
              'must be a location such as s3://bucket/prefix/, gs://bucket/, az://account/container/, https://host/path/ or file:///dir/',
            ),
          ),
          'Where the validation action may read artifacts to verify them (verify-artifacts: changed): URI prefixes such as s3://acme-models/fraud/. The bucket, account and container, or host and port must match exactly; the rest is a prefix (end it with / for a folder). Default: nowhere.',
        ),
        allow_private_addresses: optional(
          z.boolean(),
          'Let the validation action read https artifacts from hosts that resolve to loopback, private or link-local addresses (an internal mirror on a self-hosted runner). Default: false.',
        ),
      }),
      'Where artifacts may live.',
    ),
    extensions: optional(
      z.record(identifier, extensionSchema),
      'Domain-specific metadata: extension id → the JSON Schema its data must satisfy.',
    ),
    provenance: optional(provenancePolicySchema),
    // Guardrails and emergency rollbacks (guardrail-schema.ts).
    guardrails: optional(guardrailsSchema),
    emergency_rollback: optional(emergencyRollbackSchema),
  }),
  'modelreg registry policy (registry.yaml).',
);

export type PolicyInput = z.infer<typeof policySchema>;
