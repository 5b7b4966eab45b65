/**
 * Whether a pull request gets the emergency rollback rule (pure). The label
 * only asks for it; the change itself decides: it must do nothing but roll
 * stages back (every version it moves returns to where it was at an earlier
 * commit of the base branch), with no other edit of any registry file, so a
 * labelled pull request that does anything else is judged by the normal rules.
 */
import { EMERGENCY_ROLLBACK_LABEL } from '../contract/guardrail-policy.js';
import type { VersionEntry } from '../contract/version-schema.js';
import { classifyPath } from '../domain/layout.js';
import semver from 'semver';
import { isRollbackOf, versionChanges, type ModelPair, type ValidationInput } from '../validate/validation-input.js';

export type EmergencyRollbackDecision =
  | { readonly requested: false }
  | { readonly requested: true; readonly granted: true }
  | { readonly requested: true; readonly granted: false; readonly reason: string };

export function emergencyRollbackDecision(
  input: ValidationInput,
  labels: readonly string[],
): EmergencyRollbackDecision {
  if (!labels.includes(EMERGENCY_ROLLBACK_LABEL)) return { requested: false };
  const refuse = (reason: string): EmergencyRollbackDecision => ({ requested: true, granted: false, reason });
  if (input.mode !== 'change') return refuse('only a change can be a rollback');
  const rolledBack = new Set<string>();
  for (const change of input.changes) {
    const place = classifyPath(change.path);
    if (place.kind === 'version') rolledBack.add(place.model);
    // A model's page is regenerated with every stage change; any other file is more than a rollback.
    else if (place.kind !== 'model-doc') return refuse(`it changes ${change.path}`);
  }
  if (rolledBack.size === 0) return refuse('it moves no version');
  for (const model of rolledBack) {
    const pair = input.models.get(model);
    if (!pair || !isRollbackOf(input, pair))
      return refuse(
        `its change to ${model} is not a rollback (not every version returns to a stage it held on the base branch)`,
      );
    for (const change of versionChanges(pair)) {
      if (change.kind === 'unchanged') continue;
      if (change.kind !== 'modified' || !change.base?.value || !change.head?.value)
        return refuse(
          `it ${change.kind === 'modified' ? 'breaks' : change.kind === 'added' ? 'adds' : 'deletes'} ${model}@${change.version}`,
        );
      if (withoutStage(change.base.value) !== withoutStage(change.head.value))
        return refuse(`it edits ${model}@${change.version} beyond its stage`);
    }
  }
  for (const model of rolledBack) {
    const newer = newerVersionBack(input.models.get(model)!);
    if (newer)
      return refuse(
        `it puts ${model}@${newer.entering} back into ${newer.stage} in place of the older ${newer.leaving}: undoing a rollback re-releases what was taken out, so it gets the normal rules`,
      );
  }
  for (const change of input.changes) {
    const place = classifyPath(change.path);
    if (place.kind === 'model-doc' && !rolledBack.has(place.model))
      return refuse(`it changes ${change.path}, the page of a model it does not roll back`);
  }
  return { requested: true, granted: true };
}

/**
 * An emergency only steps back: a version entering a stage that an older one leaves is a rollback of a rollback
 * (the version a guardrail took out, put back), which no emergency justifies.
 */
function newerVersionBack(
  pair: ModelPair,
): { readonly stage: string; readonly entering: string; readonly leaving: string } | undefined {
  const moves = versionChanges(pair).flatMap((change) => {
    const from = change.base?.value?.stage;
    const to = change.head?.value?.stage;
    return from !== to ? [{ version: change.version, from, to }] : [];
  });
  for (const entering of moves) {
    for (const leaving of moves) {
      if (entering.to === undefined || leaving.from !== entering.to) continue;
      if (
        semver.valid(entering.version) &&
        semver.valid(leaving.version) &&
        semver.gt(entering.version, leaving.version)
      )
        return { stage: entering.to, entering: entering.version, leaving: leaving.version };
    }
  }
  return undefined;
}

/**
 * The entry but for where it is served: the stage, and the weight within a split stage (rollback recognition
 * already requires each moved version to return to an earlier stage at its earlier weight).
 */
function withoutStage({ stage: _stage, weight: _weight, ...rest }: VersionEntry): string {
  return JSON.stringify(rest);
}
