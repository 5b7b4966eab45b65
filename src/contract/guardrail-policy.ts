/**
 * Guardrails after defaults, and their cross-field rules (pure). Kept apart
 * from policy.ts so that the policy's other blocks can change alongside.
 */
import { finding, type Finding } from '../domain/findings.js';
import type { YamlFile } from '../yaml/yaml-file.js';
import type { EmergencyRollbackInput, GuardrailsInput } from './guardrail-schema.js';

export interface Guardrail {
  readonly stage: string;
  readonly metric: string;
  readonly max: number | undefined;
  readonly min: number | undefined;
  readonly maxDrop: number | undefined;
  /** As written, e.g. "5m". */
  readonly window: string;
  readonly windowSeconds: number;
  /** The policy's PromQL query; a model.yaml may override it. */
  readonly query: string | undefined;
}

export interface EmergencyRollbackPolicy {
  readonly approvals: number;
  /** undefined: the model's owners. */
  readonly approvers: readonly string[] | undefined;
}

/** The label that asks for the emergency rule; the change itself must be a pure rollback for it to apply. */
export const EMERGENCY_ROLLBACK_LABEL = 'modelreg:emergency-rollback';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Seconds of a duration the schema accepted (30s, 5m, 1h, 1d). */
export function durationSeconds(text: string): number {
  const unit = text.slice(-1) as keyof typeof UNIT_SECONDS;
  return Number(text.slice(0, -1)) * UNIT_SECONDS[unit];
}

export function normalizeGuardrails(input: GuardrailsInput | undefined): Map<string, Guardrail[]> {
  const result = new Map<string, Guardrail[]>();
  for (const [stage, block] of Object.entries(input ?? {})) {
    result.set(
      stage,
      Object.entries(block.metrics).map(([metric, bound]) => {
        const window = bound.window ?? block.window;
        return {
          stage,
          metric,
          max: bound.max,
          min: bound.min,
          maxDrop: bound.max_drop,
          window,
          windowSeconds: durationSeconds(window),
          query: bound.query,
        };
      }),
    );
  }
  return result;
}

/**
 * Fewer approvals than a normal rollback may be asked for, never more (an
 * emergency rule stricter than the ordinary one would be pointless), and
 * none only when written.
 */
export function normalizeEmergencyRollback(
  input: EmergencyRollbackInput | undefined,
  rollbackApprovals: number,
): EmergencyRollbackPolicy {
  return { approvals: input?.approvals ?? Math.min(1, rollbackApprovals), approvers: input?.approvers };
}

export function checkGuardrailConsistency(
  file: YamlFile,
  guardrails: GuardrailsInput | undefined,
  emergency: EmergencyRollbackInput | undefined,
  rollbackApprovals: number,
  knownStages: ReadonlySet<string>,
): Finding[] {
  const findings: Finding[] = [];
  for (const [stage, block] of Object.entries(guardrails ?? {})) {
    if (!knownStages.has(stage)) {
      findings.push(
        finding(
          'POLICY_UNKNOWN_STAGE',
          'error',
          file.path,
          file.locate(['guardrails', stage]),
          `guardrails names stage "${stage}", which is not declared under "stages"`,
          `Use one of: ${[...knownStages].join(', ')}; or declare "${stage}" under "stages".`,
        ),
      );
    }
    for (const [metric, bound] of Object.entries(block.metrics)) {
      if (bound.max === undefined && bound.min === undefined && bound.max_drop === undefined) {
        findings.push(
          finding(
            'POLICY_GUARDRAIL_WITHOUT_BOUND',
            'error',
            file.path,
            file.locate(['guardrails', stage, 'metrics', metric]),
            `the guardrail of ${metric} in ${stage} sets no bound, so it can never be breached`,
            'Give it max, min or max_drop.',
          ),
        );
      }
      if (bound.min !== undefined && bound.max !== undefined && bound.min > bound.max) {
        findings.push(
          finding(
            'POLICY_GUARDRAIL_WITHOUT_BOUND',
            'error',
            file.path,
            file.locate(['guardrails', stage, 'metrics', metric, 'min']),
            `the guardrail of ${metric} in ${stage} has min ${bound.min} above max ${bound.max}, so it is always breached`,
            'Swap the bounds or fix one of them.',
          ),
        );
      }
    }
  }
  if (emergency?.approvals !== undefined && emergency.approvals > rollbackApprovals) {
    findings.push(
      finding(
        'POLICY_EMERGENCY_STRICTER',
        'warning',
        file.path,
        file.locate(['emergency_rollback', 'approvals']),
        `emergency_rollback.approvals (${emergency.approvals}) is more than rollback_approvals (${rollbackApprovals}), so an emergency rollback is slower than an ordinary one`,
        'Lower emergency_rollback.approvals, or raise rollback_approvals.',
      ),
    );
  }
  return findings;
}
