/**
 * Stage rules: known stages, allowed initial stages and transitions, one
 * holder of an exclusive stage, and the rollback exception.
 */
import { countOf } from '../../domain/plural.js';
import { finding, type Finding } from '../../domain/findings.js';
import { initialStagesFor } from './provenance-rules.js';
import { holdersOf, isRollbackOf, versionChanges, type ModelPair, type ValidationInput } from '../validation-input.js';

export function checkStages(input: ValidationInput): Finding[] {
  const findings: Finding[] = [];
  const { policy } = input;
  const stageList = [...policy.stages.keys()].join(', ');
  for (const pair of input.models.values()) {
    const changes = versionChanges(pair);
    const rollback = isRollbackOf(input, pair);
    for (const change of changes) {
      const file = change.head;
      if (!file?.value || change.kind === 'unchanged' || change.kind === 'deleted') continue;
      const to = file.value.stage;
      // Positions only when reporting: a cached entry parses its YAML on demand.
      const at = () => file.yaml.locate(['stage']);
      if (!policy.stages.has(to)) {
        findings.push(
          finding(
            'UNKNOWN_STAGE',
            'error',
            file.path,
            at(),
            `stage "${to}" is not declared in registry.yaml`,
            `Use one of: ${stageList}.`,
          ),
        );
        continue;
      }
      if (input.mode !== 'change') continue;
      const initialStages = initialStagesFor(policy, file.value);
      if (change.kind === 'added' && !initialStages.includes(to)) {
        findings.push(
          finding(
            'STAGE_NOT_INITIAL',
            'error',
            file.path,
            at(),
            `a new version cannot be registered in stage "${to}"`,
            `Register it in ${initialStages.join(' or ')} and promote it in a separate change: ` +
              `modelreg promote ${change.model}@${change.version} --to ${to}.`,
          ),
        );
      }
      const from = change.stageFrom;
      if (change.kind === 'modified' && from !== undefined && from !== to && policy.stages.has(from)) {
        if (policy.transitions.get(from)?.has(to)) continue;
        if (rollback) {
          findings.push(
            finding(
              'ROLLBACK',
              'info',
              file.path,
              at(),
              `${change.model}@${change.version}: ${from} → ${to} is not an allowed transition, ` +
                'but it restores stage assignments this model had earlier: accepted as a rollback',
              `A rollback needs ${countOf(policy.rollbackApprovals, 'approval')}.`,
            ),
          );
          continue;
        }
        const allowed = [...(policy.transitions.get(from) ?? [])];
        findings.push(
          finding(
            'STAGE_TRANSITION_NOT_ALLOWED',
            'error',
            file.path,
            at(),
            `${change.model}@${change.version} cannot move from ${from} to ${to}`,
            allowed.length > 0
              ? `From ${from} a version may move to: ${allowed.join(', ')}.`
              : `${from} is final: no transition leaves it. Register a new version instead.`,
          ),
        );
      }
    }
    findings.push(...exclusiveConflicts(input, pair));
  }
  return findings;
}

function exclusiveConflicts(input: ValidationInput, pair: ModelPair): Finding[] {
  const findings: Finding[] = [];
  for (const stage of input.policy.stages.values()) {
    if (!stage.exclusive) continue;
    const holders = holdersOf(pair.head, stage.name);
    if (holders.length < 2) continue;
    const names = holders.map((h) => h.value!.version);
    for (const holder of holders) {
      const others = names.filter((n) => n !== holder.value!.version);
      findings.push(
        finding(
          'EXCLUSIVE_STAGE_CONFLICT',
          'error',
          holder.path,
          holder.yaml.locate(['stage']),
          `${pair.name} has ${holders.length} versions in exclusive stage ${stage.name} (${names.join(', ')})`,
          `Only one version may hold ${stage.name}. Move ${others.join(', ')} to ${stage.demoteTo ?? 'another stage'} ` +
            `in the same change (modelreg promote does this for you).`,
        ),
      );
    }
  }
  return findings;
}
