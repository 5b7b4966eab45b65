/** model.yaml: present for every model with versions, and consistent with the policy. */
import { finding, FILE_START, type Finding } from '../../domain/findings.js';
import { ownValue } from '../../contract/own-key.js';
import { modelFilePath } from '../../domain/layout.js';
import type { ValidationInput } from '../validation-input.js';

export function checkModels(input: ValidationInput): Finding[] {
  const findings: Finding[] = [];
  const stages = [...input.policy.stages.keys()];
  for (const pair of input.models.values()) {
    const file = pair.head.model;
    if (!file) {
      if (pair.head.versions.size > 0) {
        findings.push(
          finding(
            'MODEL_FILE_MISSING',
            'error',
            modelFilePath(pair.name),
            FILE_START,
            `${pair.name} has versions but no model.yaml`,
            `Create ${modelFilePath(pair.name)} with name and owners (modelreg register … --owner <user> creates it).`,
          ),
        );
      }
      continue;
    }
    const model = file.value;
    if (!model || file.id === pair.base.model?.id) continue;
    for (const [stage, criteria] of Object.entries(model.acceptance ?? {})) {
      if (!input.policy.stages.has(stage)) {
        findings.push(
          finding(
            'UNKNOWN_STAGE',
            'error',
            file.path,
            file.yaml.locate(['acceptance', stage], { key: true }),
            `acceptance names stage "${stage}", which registry.yaml does not declare`,
            `Use one of: ${stages.join(', ')}.`,
          ),
        );
      }
      for (const [metric, criterion] of Object.entries(criteria.metrics ?? {})) {
        const at = file.yaml.locate(['acceptance', stage, 'metrics', metric], { key: true });
        if (criterion.min !== undefined && criterion.max !== undefined && criterion.min > criterion.max) {
          findings.push(
            finding(
              'GATE_IMPOSSIBLE',
              'error',
              file.path,
              at,
              `${metric}: min ${criterion.min} is greater than max ${criterion.max}`,
              'No version could pass this gate: fix min or max.',
            ),
          );
        }
        if (criterion.max_drop !== undefined && !ownValue(model.metrics, metric)) {
          findings.push(
            finding(
              'METRIC_GOAL_UNDEFINED',
              'warning',
              file.path,
              at,
              `max_drop on "${metric}" assumes larger is better because metrics.${metric}.goal is not defined`,
              `Define metrics.${metric} with goal: maximize or goal: minimize.`,
            ),
          );
        }
      }
    }
  }
  return findings;
}
