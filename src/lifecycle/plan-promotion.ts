/**
 * Planning a promotion (pure): the target version enters the stage and the
 * holder of an exclusive stage moves to its demote_to stage. The plan is
 * what the commit, the PR body and the tests describe.
 */
import semver from 'semver';
import type { Policy, StagePolicy } from '../contract/policy.js';
import { UserError } from '../domain/errors.js';
import { modelNotFound, requireStage, versionNotFound } from '../domain/registry-errors.js';
import { commitMessage, type ChangeTrailers } from '../domain/commit-trailers.js';
import { versionFilePath } from '../domain/layout.js';
import type { ModelState } from '../snapshot/registry-snapshot.js';
import { setScalar } from '../yaml/edit-yaml.js';
import { planSplitPromotion } from './plan-split-promotion.js';
import type { StageChangePlan, StageMove } from './stage-change-plan.js';

export type { StageChangePlan, StageMove, WeightChange } from './stage-change-plan.js';

export function planPromotion(
  policy: Policy,
  state: ModelState,
  version: string,
  to: string,
  /** Percent of a split stage's traffic (1-100); undefined: the whole stage. */
  weight?: number,
): StageChangePlan {
  const stage = requireStage(policy, to);
  const target = requireVersion(state, version);
  if (weight !== undefined) requireWeight(weight, stage);
  if (stage.split) return planSplitPromotion(stage, state, version, weight);
  const from = target.stage;
  if (from === to) {
    throw new UserError(
      'ALREADY_IN_STAGE',
      `${state.name}@${version} is already in ${to}`,
      `Nothing to do. \`modelreg show ${state.name}\` lists every stage holder.`,
    );
  }
  const moves: StageMove[] = [{ version, from, to }];
  if (stage.exclusive) {
    const holders = [...state.versions.values()].map((f) => f.value!).filter((v) => v.stage === to);
    if (holders.length > 0 && !stage.demoteTo) {
      throw new UserError(
        'NO_DEMOTE_TO',
        `${to} is exclusive and held by ${holders.map((h) => h.version).join(', ')}, but registry.yaml names no demote_to for it`,
        `Move the current holder out first (modelreg promote ${state.name}@${holders[0]!.version} --to <stage>), or set stages.${to}.demote_to.`,
      );
    }
    for (const holder of holders) moves.push({ version: holder.version, from: to, to: stage.demoteTo! });
  }
  const replaced = moves.slice(1).map((m) => m.version);
  const subject = `promote(${state.name}): ${version} → ${to}${replaced.length > 0 ? ` (replaces ${replaced.join(', ')})` : ''}`;
  return stageChangePlan(
    state,
    moves,
    subject,
    moves.map((m, i) => trailer(state.name, m, i === 0 ? 'promote' : 'demote')),
  );
}

function requireWeight(weight: number, stage: StagePolicy): void {
  if (!Number.isInteger(weight) || weight < 1 || weight > 100) {
    throw new UserError(
      'SPLIT_WEIGHT_INVALID',
      `--weight must be a whole number of percent from 1 to 100, got ${weight}`,
      'e.g. --weight 10 to start a canary, --weight 100 to give the version the whole stage.',
    );
  }
  if (!stage.split) {
    throw new UserError(
      'STAGE_NOT_SPLIT',
      `stage ${stage.name} is not split, so a version cannot take part of it`,
      `Promote without --weight, or declare "split: true" for ${stage.name} in registry.yaml.`,
    );
  }
}

/** Edits and message for a set of stage moves; shared by promotions and rollbacks. */
export function stageChangePlan(
  state: ModelState,
  moves: readonly StageMove[],
  subject: string,
  trailers: readonly ChangeTrailers[],
  bodyPrefix?: string,
): StageChangePlan {
  const edits = new Map<string, string>();
  for (const move of moves) {
    const file = state.versions.get(move.version)!;
    edits.set(versionFilePath(state.name, move.version), setScalar(file.yaml.text, ['stage'], move.to));
  }
  const body = [bodyPrefix, moves.map((m) => `${state.name}@${m.version}: ${m.from} → ${m.to}`).join('\n')]
    .filter(Boolean)
    .join('\n\n');
  return { model: state.name, moves, edits, subject, message: commitMessage(subject, body, trailers) };
}

export function trailer(model: string, move: StageMove, action: ChangeTrailers['action']): ChangeTrailers {
  return { action, model, version: move.version, from: move.from, to: move.to };
}

/** The version's valid entry; the errors name what exists instead. */
export function requireVersion(state: ModelState, version: string) {
  if (!state.model && state.versions.size === 0) throw modelNotFound(state.name, 'the registry', undefined);
  const file = state.versions.get(version);
  if (!file)
    throw versionNotFound(state.name, version, 'the registry', [...state.versions.keys()].sort(semver.compare));
  if (!file.value) {
    const first = file.findings.find((f) => f.severity === 'error');
    throw new UserError(
      'INVALID_ENTRY',
      `${file.path} is invalid${first ? `: ${first.line}:${first.column}: ${first.message}` : ''}`,
      'Fix the file (modelreg validate --all lists every problem) and try again.',
    );
  }
  for (const other of state.versions.values()) {
    if (!other.value) {
      throw new UserError(
        'INVALID_ENTRY',
        `${other.path} is invalid, so the stage holders of ${state.name} are unknown`,
        'Fix the file (modelreg validate --all lists every problem) and try again.',
      );
    }
  }
  return file.value;
}
