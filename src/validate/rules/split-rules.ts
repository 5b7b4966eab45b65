/**
 * Traffic splits: weights only in split stages, summing to 100 per model and
 * stage; a canary ramps up only by the policy's steps and not before the
 * current step has held for its minimum time. A rollback is exempt from the
 * ramp rules, as it is from the transition graph.
 */
import type { LoadedFile } from '../../contract/entry-files.js';
import type { VersionEntry } from '../../contract/version-schema.js';
import { finding, type Finding } from '../../domain/findings.js';
import { splitChanges } from '../split-changes.js';
import { holdersOf, isRollbackOf, type ModelPair, type ValidationInput } from '../validation-input.js';

export function checkSplits(input: ValidationInput): Finding[] {
  const findings: Finding[] = [];
  for (const pair of input.models.values()) {
    findings.push(...weightsOutsideSplitStages(input, pair), ...weightSums(input, pair));
    if (input.mode === 'change' && !isRollbackOf(input, pair)) findings.push(...rampSteps(input, pair));
  }
  return findings;
}

function weightsOutsideSplitStages(input: ValidationInput, pair: ModelPair): Finding[] {
  const findings: Finding[] = [];
  for (const file of pair.head.versions.values()) {
    const entry = file.value;
    if (entry?.weight === undefined) continue;
    const stage = input.policy.stages.get(entry.stage);
    // An undeclared stage is reported as UNKNOWN_STAGE.
    if (!stage || stage.split) continue;
    findings.push(
      finding(
        'WEIGHT_OUTSIDE_SPLIT_STAGE',
        'error',
        file.path,
        file.yaml.locate(['weight']),
        `${pair.name}@${entry.version} has weight ${entry.weight}, but stage ${entry.stage} is not split`,
        `Remove the weight line, or declare "split: true" for ${entry.stage} in registry.yaml.`,
      ),
    );
  }
  return findings;
}

function weightSums(input: ValidationInput, pair: ModelPair): Finding[] {
  const findings: Finding[] = [];
  for (const stage of input.policy.stages.values()) {
    if (!stage.split) continue;
    const holders = holdersOf(pair.head, stage.name);
    if (holders.length === 0) continue;
    const listed = holders.map((h) => `${h.value!.version}=${h.value!.weight ?? '?'}`).join(', ');
    const unweighted = holders.filter((h) => h.value!.weight === undefined);
    if (holders.length > 1 && unweighted.length > 0) {
      for (const holder of unweighted) {
        findings.push(
          finding(
            'SPLIT_WEIGHT_MISSING',
            'error',
            holder.path,
            holder.yaml.locate(['stage']),
            `${pair.name}@${holder.value!.version} holds split stage ${stage.name} beside others (${listed}) without a weight`,
            `Add "weight: <percent>" after its stage line; the holders' weights must sum to 100 (modelreg promote --weight does this for you).`,
          ),
        );
      }
      continue;
    }
    const sum = holders.reduce((total, h) => total + (h.value!.weight ?? 100), 0);
    if (sum === 100) continue;
    for (const holder of holders) {
      findings.push(
        finding(
          'SPLIT_WEIGHTS_SUM',
          'error',
          holder.path,
          weightLine(holder),
          `the weights of ${pair.name} in split stage ${stage.name} sum to ${sum}, not 100 (${listed})`,
          `Change the weights so that they sum to 100; modelreg promote ${pair.name}@<version> --to ${stage.name} --weight <percent> moves weight from the other holder for you.`,
        ),
      );
    }
  }
  return findings;
}

function rampSteps(input: ValidationInput, pair: ModelPair): Finding[] {
  const findings: Finding[] = [];
  for (const change of splitChanges(input, pair)) {
    const { split, stage } = change;
    for (const gain of change.gains) {
      if (gain.direction !== 'forward') continue;
      const file = pair.head.versions.get(gain.version)!;
      if (split.steps && !split.steps.includes(gain.to)) {
        const next = split.steps.filter((s) => s > gain.from);
        findings.push(
          finding(
            'RAMP_STEP_NOT_ALLOWED',
            'error',
            file.path,
            weightLine(file),
            `${pair.name}@${gain.version} would take ${gain.to}% of ${stage}, which is not one of its ramp steps (${split.steps.join(', ')})`,
            next.length > 0
              ? `Ramp to one of ${next.join(', ')} (stages.${stage}.ramp.steps in registry.yaml).`
              : `The steps are set by stages.${stage}.ramp.steps in registry.yaml.`,
          ),
        );
      }
      const started = input.splitStepStarts?.get(pair.name)?.get(stage);
      if (split.minStepMinutes > 0 && started && input.now) {
        const elapsed = (input.now.getTime() - started.getTime()) / 60_000;
        if (elapsed < split.minStepMinutes) {
          const ready = new Date(started.getTime() + split.minStepMinutes * 60_000);
          findings.push(
            finding(
              'RAMP_STEP_TOO_SOON',
              'error',
              file.path,
              weightLine(file),
              `the current weights of ${pair.name} in ${stage} took effect at ${started.toISOString()}; ` +
                `the next step may come ${formatMinutes(split.minStepMinutes)} later, at ${ready.toISOString()}`,
              `Wait until ${ready.toISOString()} (stages.${stage}.ramp.min_step_duration), or roll back instead of ramping up.`,
            ),
          );
        }
      }
    }
  }
  return findings;
}

/** Models whose change ramps a split stage forward under a minimum step time: the step's start must be read from history. */
export function rampsNeedingStepStart(input: ValidationInput): Map<string, string[]> {
  const needed = new Map<string, string[]>();
  if (input.mode !== 'change') return needed;
  for (const pair of input.models.values()) {
    const stages = splitChanges(input, pair)
      .filter((c) => c.split.minStepMinutes > 0 && c.gains.some((g) => g.direction === 'forward'))
      .map((c) => c.stage);
    if (stages.length > 0) needed.set(pair.name, stages);
  }
  return needed;
}

function weightLine(file: LoadedFile<VersionEntry>) {
  return file.yaml.locate([file.value?.weight === undefined ? 'stage' : 'weight']);
}

function formatMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}
