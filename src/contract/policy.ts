/**
 * The registry policy after defaults: what the rules consult. Built from the
 * base side of a change, so a pull request cannot loosen the rules it is
 * judged by.
 */
import { finding, type Finding } from '../domain/findings.js';
import type { YamlFile } from '../yaml/yaml-file.js';
import { ownValue } from './own-key.js';
import type { PolicyInput } from './policy-schema.js';
import { checkProvenancePolicy, normalizeProvenancePolicy, type ProvenancePolicy } from './provenance-policy.js';
import { checkSplitStage, normalizeSplit, type SplitPolicy } from './split-policy.js';
import {
  checkGuardrailConsistency,
  normalizeEmergencyRollback,
  normalizeGuardrails,
  type EmergencyRollbackPolicy,
  type Guardrail,
} from './guardrail-policy.js';

export interface StagePolicy {
  readonly name: string;
  readonly description: string | undefined;
  readonly exclusive: boolean;
  readonly approvals: number;
  readonly demoteTo: string | undefined;
  /** Set when several versions may hold the stage with weights (split: true). */
  readonly split: SplitPolicy | undefined;
}

export interface Policy {
  readonly name: string | undefined;
  /** In life-cycle order, as written. */
  readonly stages: ReadonlyMap<string, StagePolicy>;
  readonly transitions: ReadonlyMap<string, ReadonlySet<string>>;
  readonly initialStages: readonly string[];
  readonly rollbackApprovals: number;
  readonly artifactSchemes: readonly string[];
  /** URI prefixes the validation action may read artifacts from (empty: nowhere). */
  readonly artifactLocations: readonly string[];
  /** Whether those reads may reach loopback, private and link-local addresses. */
  readonly artifactPrivateAddresses: boolean;
  readonly admins: readonly string[];
  /** Who may push a registry change without a pull request, with a Modelreg-Emergency trailer (empty: nobody). */
  readonly emergencyPushers: readonly string[];
  readonly extensions: ReadonlyMap<string, { readonly schema: string; readonly description: string | undefined }>;
  /** The registries versions may be copied from (separate registries per environment). */
  readonly provenance: ProvenancePolicy;
  /** Stage → the live-metric guardrails `modelreg guard` evaluates (guardrail-policy.ts). */
  readonly guardrails: ReadonlyMap<string, readonly Guardrail[]>;
  /** Who may merge an emergency rollback pull request, with how many approvals. */
  readonly emergencyRollback: EmergencyRollbackPolicy;
}

export const DEFAULT_ARTIFACT_SCHEMES = ['s3', 'gs', 'az', 'abfss', 'https', 'hf', 'oci'] as const;

const DEFAULT_STAGES: PolicyInput['stages'] = {
  development: { description: 'Registered, under evaluation.' },
  staging: { description: 'Candidate for production, deployed to staging.', approvals: 1 },
  production: { description: 'Serving production traffic.', exclusive: true, approvals: 2, demote_to: 'archived' },
  archived: { description: 'No longer served; kept for lineage and audit.' },
};

const DEFAULT_TRANSITIONS: PolicyInput['transitions'] = {
  development: ['staging', 'archived'],
  staging: ['production', 'development', 'archived'],
  production: ['archived', 'staging'],
  archived: ['development', 'staging'],
};

export function normalizePolicy(input: PolicyInput): Policy {
  const stageInputs = input.stages ?? DEFAULT_STAGES!;
  const stages = new Map<string, StagePolicy>();
  for (const [name, stage] of Object.entries(stageInputs)) {
    stages.set(name, {
      name,
      description: stage.description,
      exclusive: stage.exclusive ?? false,
      approvals: stage.approvals ?? 0,
      demoteTo: stage.demote_to,
      split: normalizeSplit(stage),
    });
  }
  const transitionInputs = input.transitions ?? (input.stages ? undefined : DEFAULT_TRANSITIONS);
  const transitions = new Map<string, Set<string>>();
  for (const name of stages.keys()) {
    const targets = transitionInputs
      ? (ownValue(transitionInputs, name) ?? [])
      : [...stages.keys()].filter((s) => s !== name);
    transitions.set(name, new Set(targets));
  }
  const extensions = new Map<string, { schema: string; description: string | undefined }>();
  for (const [id, extension] of Object.entries(input.extensions ?? {})) {
    extensions.set(id, { schema: extension.schema, description: extension.description });
  }
  return {
    name: input.name,
    stages,
    transitions,
    initialStages: input.initial_stages ?? [stages.keys().next().value ?? 'development'],
    rollbackApprovals: input.rollback_approvals ?? 1,
    artifactSchemes: input.artifacts?.schemes ?? [...DEFAULT_ARTIFACT_SCHEMES],
    artifactLocations: input.artifacts?.locations ?? [],
    artifactPrivateAddresses: input.artifacts?.allow_private_addresses ?? false,
    admins: input.admins ?? [],
    emergencyPushers: input.emergency_pushers ?? [],
    extensions,
    provenance: normalizeProvenancePolicy(input.provenance),
    guardrails: normalizeGuardrails(input.guardrails),
    emergencyRollback: normalizeEmergencyRollback(input.emergency_rollback, input.rollback_approvals ?? 1),
  };
}

/** The policy a registry without registry.yaml would have. */
export const DEFAULT_POLICY: Policy = normalizePolicy({});

/** Cross-field rules of registry.yaml: every stage it names must exist. */
export function checkPolicyConsistency(file: YamlFile, input: PolicyInput): Finding[] {
  const findings: Finding[] = [];
  const known = new Set(Object.keys(input.stages ?? DEFAULT_STAGES!));
  const knownList = [...known].join(', ');
  const unknownStage = (path: (string | number)[], stage: string, role: string) =>
    finding(
      'POLICY_UNKNOWN_STAGE',
      'error',
      file.path,
      file.locate(path),
      `${role} names stage "${stage}", which is not declared under "stages"`,
      `Use one of: ${knownList}; or declare "${stage}" under "stages".`,
    );
  for (const [name, stage] of Object.entries(input.stages ?? {})) {
    if (stage.demote_to !== undefined && !known.has(stage.demote_to)) {
      findings.push(unknownStage(['stages', name, 'demote_to'], stage.demote_to, `stage "${name}" demote_to`));
    }
    findings.push(...checkSplitStage(file, name, stage));
    if (stage.demote_to !== undefined && !stage.exclusive && !stage.split) {
      findings.push(
        finding(
          'POLICY_DEMOTE_TO_NOT_EXCLUSIVE',
          'warning',
          file.path,
          file.locate(['stages', name, 'demote_to']),
          `stage "${name}" has demote_to but is not exclusive or split, so no holder is ever displaced`,
          `Set "exclusive: true" (or "split: true") on "${name}" or remove demote_to.`,
        ),
      );
    }
    if (stage.demote_to === name) {
      findings.push(
        finding(
          'POLICY_DEMOTE_TO_SELF',
          'error',
          file.path,
          file.locate(['stages', name, 'demote_to']),
          `stage "${name}" demotes to itself`,
          'Name another stage (usually archived) as demote_to.',
        ),
      );
    }
  }
  for (const [from, targets] of Object.entries(input.transitions ?? {})) {
    if (!known.has(from)) findings.push(unknownStage(['transitions', from], from, 'a transition'));
    targets.forEach((to, i) => {
      if (!known.has(to)) findings.push(unknownStage(['transitions', from, i], to, `transition from "${from}"`));
    });
  }
  (input.initial_stages ?? []).forEach((stage, i) => {
    if (!known.has(stage)) findings.push(unknownStage(['initial_stages', i], stage, 'initial_stages'));
  });
  findings.push(...checkProvenancePolicy(file, input.provenance, known, unknownStage));
  findings.push(
    ...checkGuardrailConsistency(
      file,
      input.guardrails,
      input.emergency_rollback,
      input.rollback_approvals ?? 1,
      known,
    ),
  );
  return findings;
}
