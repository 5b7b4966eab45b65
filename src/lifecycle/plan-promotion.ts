/**
 * Planning a promotion (pure): the target version enters the stage and the
 * holder of an exclusive stage moves to its demote_to stage. The plan is
 * what the commit, the PR body and the tests describe.
 */
import semver from 'semver';
import type { Policy } from '../contract/policy.js';
import { UserError } from '../domain/errors.js';
import { modelNotFound, requireStage, versionNotFound } from '../domain/registry-errors.js';
import { commitMessage, type ChangeTrailers } from '../domain/commit-trailers.js';
import { versionFilePath } from '../domain/layout.js';
import type { ModelState } from '../snapshot/registry-snapshot.js';
import { setScalar } from '../yaml/edit-yaml.js';

export interface StageMove {
  readonly version: string;
  readonly from: string;
  readonly to: string;
}

export interface StageChangePlan {
  readonly model: string;
  /** Every version whose stage changes, the requested one first. */
  readonly moves: readonly StageMove[];
  /** path → new text (one changed line per file for a stage change), or null to delete. */
  readonly edits: ReadonlyMap<string, string | null>;
  readonly subject: string;
  readonly message: string;
}

export function planPromotion(policy: Policy, state: ModelState, version: string, to: string): StageChangePlan {
  const stage = requireStage(policy, to);
  const target = requireVersion(state, version);
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
