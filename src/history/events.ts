/** What one commit did to one registry file, as history events (pure). */
import type { LoadedFile } from '../contract/entry-files.js';
import type { Policy } from '../contract/policy.js';
import type { VersionEntry } from '../contract/version-schema.js';
import type { ChangeTrailers } from '../domain/commit-trailers.js';

/**
 * `merge`: a merge commit that `git log -- models/<model>` shows (both sides
 * changed the model) but that made no change of its own there: every file it
 * has came from one of its parents, whose commits carry those events.
 */
export const EVENT_TYPES = [
  'register',
  'promote',
  'demote',
  'rollback',
  'deprecate',
  'metadata',
  'delete',
  'merge',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EventFacts {
  readonly type: EventType;
  readonly version: string | null;
  readonly from: string | null;
  readonly to: string | null;
  /** In a split stage: the `weight:` written before and after (null: none); set when it changed. A ramp step is one. */
  readonly weight?: WeightStep;
}

export interface WeightStep {
  readonly from: number | null;
  readonly to: number | null;
}

export interface CommitContext {
  readonly trailers: readonly ChangeTrailers[];
  /** The commit message says it reverts another commit (git revert, GitHub's Revert button). */
  readonly isRevert: boolean;
  readonly policy: Policy;
}

export function versionFileEvents(
  version: string,
  before: LoadedFile<VersionEntry> | undefined,
  after: LoadedFile<VersionEntry> | undefined,
  context: CommitContext,
  model: string,
): EventFacts[] {
  if (!before && after) return [{ type: 'register', version, from: null, to: after.value?.stage ?? null }];
  if (before && !after) return [{ type: 'delete', version, from: before.value?.stage ?? null, to: null }];
  const a = before?.value;
  const b = after?.value;
  if (!a || !b) return [{ type: 'metadata', version, from: null, to: null }];
  const events: EventFacts[] = [];
  const weight = weightStep(a, b);
  if (a.stage !== b.stage) {
    events.push({
      type: stageChangeType(model, version, a.stage, b.stage, context),
      version,
      from: a.stage,
      to: b.stage,
      ...(weight ? { weight } : {}),
    });
  } else if (weight) {
    events.push({ type: rampType(model, version, weight, context), version, from: a.stage, to: b.stage, weight });
  }
  if (!a.deprecation && b.deprecation) events.push({ type: 'deprecate', version, from: null, to: null });
  // A comment-only edit changes no parsed field but is still a change worth listing.
  if (events.length === 0 || otherFieldsChanged(a, b)) events.push({ type: 'metadata', version, from: null, to: null });
  return events;
}

function otherFieldsChanged(a: VersionEntry, b: VersionEntry): boolean {
  return otherFields(a) !== otherFields(b);
}

function otherFields({ stage: _s, weight: _w, deprecation: _d, ...rest }: VersionEntry): string {
  return JSON.stringify(rest);
}

function weightStep(a: VersionEntry, b: VersionEntry): WeightStep | undefined {
  const from = a.weight ?? null;
  const to = b.weight ?? null;
  return from === to ? undefined : { from, to };
}

/** A weight change within a split stage: the writer's word, else up is a promotion and down a demotion. */
function rampType(model: string, version: string, weight: WeightStep, context: CommitContext): EventType {
  const trailer = context.trailers.find((t) => t.model === model && t.version === version);
  if (trailer && (trailer.action === 'promote' || trailer.action === 'demote' || trailer.action === 'rollback'))
    return trailer.action;
  if (context.isRevert) return 'rollback';
  return (weight.to ?? 100) > (weight.from ?? 100) ? 'promote' : 'demote';
}

/**
 * What a merge did itself to a version file that differs from every parent
 * (git's combined diff): only what no parent had, field by field, stated
 * against the first parent (the branch's state before the merge). A stage a
 * side had was that side's change, reported at its own commit and attributed
 * to the pull request that merged it; reporting it again here would count one
 * promotion twice. A resolution that only combines the sides yields nothing.
 */
export function mergeVersionFileEvents(
  version: string,
  parents: readonly (LoadedFile<VersionEntry> | undefined)[],
  after: LoadedFile<VersionEntry> | undefined,
  context: CommitContext,
  model: string,
): EventFacts[] {
  const sides = parents.filter((p): p is LoadedFile<VersionEntry> => p !== undefined);
  if (!after || sides.length === 0) return versionFileEvents(version, parents[0], after, context, model);
  const b = after.value;
  const values = sides.map((s) => s.value);
  if (!b || !values.every((v): v is VersionEntry => v !== undefined))
    return [{ type: 'metadata', version, from: null, to: null }];
  // The first parent, or when it lacks the file, the first side that has it.
  const before = (parents[0] ?? sides[0]!).value!;
  const noSideHad = <T>(part: (entry: VersionEntry) => T) =>
    values.every((v) => JSON.stringify(part(v)) !== JSON.stringify(part(b)));
  const events: EventFacts[] = [];
  if (noSideHad((e) => e.stage)) {
    events.push({
      type: stageChangeType(model, version, before.stage, b.stage, context),
      version,
      from: before.stage,
      to: b.stage,
    });
  }
  const newDeprecation = noSideHad((e) => e.deprecation ?? null);
  if (newDeprecation && b.deprecation && values.every((v) => !v.deprecation))
    events.push({ type: 'deprecate', version, from: null, to: null });
  // A comment or layout edit of a side's entry is the merge's own too.
  const ownText = values.some((v) => JSON.stringify(v) === JSON.stringify(b));
  if (noSideHad(otherFields) || (newDeprecation && !events.some((e) => e.type === 'deprecate')) || ownText) {
    events.push({ type: 'metadata', version, from: null, to: null });
  }
  return events;
}

/**
 * The writer's own word when modelreg made the commit (trailers); a revert is
 * a rollback; otherwise moving up the life cycle is a promotion and moving to
 * an earlier stage, a demote_to stage or the last stage is a demotion.
 */
export function stageChangeType(
  model: string,
  version: string,
  from: string,
  to: string,
  context: CommitContext,
): EventType {
  const trailer = context.trailers.find((t) => t.model === model && t.version === version);
  if (trailer && (trailer.action === 'promote' || trailer.action === 'demote' || trailer.action === 'rollback'))
    return trailer.action;
  if (context.isRevert) return 'rollback';
  return rank(context.policy, to) > rank(context.policy, from) ? 'promote' : 'demote';
}

function rank(policy: Policy, stage: string): number {
  const order = [...policy.stages.keys()];
  const isDemoteTarget = [...policy.stages.values()].some((s) => s.demoteTo === stage);
  if (isDemoteTarget || stage === order[order.length - 1]) return -1;
  const index = order.indexOf(stage);
  return index < 0 ? -1 : index;
}

export function isRevertMessage(message: string): boolean {
  return /^Revert "/.test(message) || /^This reverts commit [0-9a-f]{7,}/m.test(message);
}
