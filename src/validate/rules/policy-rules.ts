/** registry.yaml changes take effect after merge and are flagged for the admins. */
import { finding, FILE_START, type Finding } from '../../domain/findings.js';
import { POLICY_PATH } from '../../domain/layout.js';
import type { ValidationInput } from '../validation-input.js';

export function checkPolicyChange(input: ValidationInput): Finding[] {
  if (input.mode !== 'change' || !input.basePolicy.file) return [];
  const changed = input.changes.some((c) => c.path === POLICY_PATH && c.kind === 'modified');
  if (!changed) return [];
  const admins = input.policy.admins;
  return [
    finding(
      'POLICY_CHANGED',
      'info',
      POLICY_PATH,
      FILE_START,
      'registry.yaml changes; this change is still judged by the current policy, the new one applies after merge',
      admins.length > 0
        ? `A policy change needs approval from a registry admin: ${admins.join(', ')}.`
        : 'Declare admins in registry.yaml so that policy changes need their approval.',
    ),
  ];
}
