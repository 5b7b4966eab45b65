/** Acceptance gates: what a version must satisfy to enter a stage, per model.yaml. */
import semver from 'semver';
import type { Criterion, ModelEntry } from '../../contract/model-schema.js';
import type { VersionEntry } from '../../contract/version-schema.js';
import type { LoadedFile } from '../../contract/entry-files.js';
import { hasOwnKey, ownValue } from '../../contract/own-key.js';
import { finding, type Finding } from '../../domain/findings.js';
import {
  entersStage,
  governingModel,
  holdersOf,
  isRollbackOf,
  versionChanges,
  type ModelPair,
  type ValidationInput,
} from '../validation-input.js';

/** Floating-point slack so that 0.1 + 0.2 style noise never fails a gate. */
const EPSILON = 1e-9;

export function checkGates(input: ValidationInput): Finding[] {
  if (input.mode !== 'change') return [];
  const findings: Finding[] = [];
  for (const pair of input.models.values()) {
    const model = governingModel(pair);
    if (!model?.acceptance) continue;
    // Restoring an earlier holder is judged by the absolute criteria only: the
    // version it replaces is the one being rolled back, not a bar to clear.
    const rollback = isRollbackOf(input, pair);
    for (const change of versionChanges(pair)) {
      if (!entersStage(change) || !change.head?.value) continue;
      const stage = change.stageTo!;
      const criteria = ownValue(model.acceptance, stage);
      if (!criteria) continue;
      const file = change.head;
      for (const [metric, criterion] of Object.entries(criteria.metrics ?? {})) {
        const { max_drop: _ignored, ...absolute } = criterion;
        findings.push(...checkMetric(file, model, pair, stage, metric, rollback ? absolute : criterion));
      }
      for (const field of criteria.require ?? []) {
        if (!isPresent(file.value!, field)) {
          findings.push(
            finding(
              'GATE_REQUIRED_FIELD',
              'error',
              file.path,
              file.yaml.locate(['stage']),
              `entering ${stage} requires "${field}", which ${change.model}@${change.version} does not have`,
              `Register a new version with ${field} set (signature and lineage are fixed at registration), ` +
                `or ask the model owners to change acceptance.${stage}.require in model.yaml.`,
            ),
          );
        }
      }
    }
  }
  return findings;
}

function checkMetric(
  file: LoadedFile<VersionEntry>,
  model: ModelEntry,
  pair: ModelPair,
  stage: string,
  metric: string,
  criterion: Criterion,
): Finding[] {
  const entry = file.value!;
  const value = ownValue(entry.metrics, metric);
  const gate = `the ${stage} gate`;
  if (value === undefined) {
    return [
      finding(
        'GATE_METRIC_MISSING',
        'error',
        file.path,
        file.yaml.locate(entry.metrics ? ['metrics'] : ['stage'], { key: entry.metrics !== undefined }),
        `${gate} checks metric "${metric}", which version ${entry.version} does not report`,
        `Add the evaluation result under metrics (new metric keys may be added to a registered version): ${metric}: <value>.`,
      ),
    ];
  }
  const at = file.yaml.locate(['metrics', metric]);
  const findings: Finding[] = [];
  if (criterion.min !== undefined && value < criterion.min - EPSILON) {
    findings.push(
      finding(
        'GATE_METRIC_BELOW_MIN',
        'error',
        file.path,
        at,
        `${metric} = ${value} is below the minimum ${criterion.min} of ${gate}`,
        `Only a version with ${metric} ≥ ${criterion.min} can enter ${stage}.`,
      ),
    );
  }
  if (criterion.max !== undefined && value > criterion.max + EPSILON) {
    findings.push(
      finding(
        'GATE_METRIC_ABOVE_MAX',
        'error',
        file.path,
        at,
        `${metric} = ${value} is above the maximum ${criterion.max} of ${gate}`,
        `Only a version with ${metric} ≤ ${criterion.max} can enter ${stage}.`,
      ),
    );
  }
  if (criterion.max_drop !== undefined) {
    const incumbent = currentHolder(pair, stage, entry.version);
    const previous = ownValue(incumbent?.value?.metrics, metric);
    if (incumbent && previous !== undefined) {
      const goal = ownValue(model.metrics, metric)?.goal ?? 'maximize';
      const drop = goal === 'maximize' ? previous - value : value - previous;
      if (drop > criterion.max_drop + EPSILON) {
        findings.push(
          finding(
            'GATE_METRIC_DROP',
            'error',
            file.path,
            at,
            `${metric} = ${value} is ${round(drop)} worse than ${incumbent.value!.version} (${previous}), ` +
              `which holds ${stage} now; ${gate} allows at most ${criterion.max_drop} (goal: ${goal})`,
            `Improve ${metric}, or have the model owners raise acceptance.${stage}.metrics.${metric}.max_drop.`,
          ),
        );
      }
    }
  }
  return findings;
}

/** The version that holds `stage` on the base side (the newest, if several). */
function currentHolder(pair: ModelPair, stage: string, except: string): LoadedFile<VersionEntry> | undefined {
  return holdersOf(pair.base, stage)
    .filter((file) => file.value!.version !== except)
    .sort((a, b) => semver.rcompare(a.value!.version, b.value!.version))[0];
}

function isPresent(entry: VersionEntry, dottedPath: string): boolean {
  let current: unknown = entry;
  for (const key of dottedPath.split('.')) {
    if (current === null || typeof current !== 'object' || !hasOwnKey(current, key)) return false;
    current = (current as Record<string, unknown>)[key];
  }
  if (current === undefined || current === null || current === '') return false;
  if (Array.isArray(current)) return current.length > 0;
  if (typeof current === 'object') return Object.keys(current).length > 0;
  return true;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
