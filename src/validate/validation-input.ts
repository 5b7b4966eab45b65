/**
 * Everything the contract rules look at, loaded up front so that every rule
 * is a pure function of this value.
 */
import semver from 'semver';
import type { LoadedFile } from '../contract/entry-files.js';
import type { ModelEntry } from '../contract/model-schema.js';
import type { Policy } from '../contract/policy.js';
import type { VersionEntry } from '../contract/version-schema.js';
import type { Finding } from '../domain/findings.js';
import type { CaseCollision } from '../snapshot/case-collisions.js';
import type { ModelState, PolicyState } from '../snapshot/registry-snapshot.js';
import type { PathSegment } from '../yaml/yaml-file.js';
import type { FileChange } from './change-set.js';

/** Checks extension data against its JSON Schema; returns one problem per violation. */
export type ExtensionCheck = (data: unknown) => readonly { path: PathSegment[]; message: string }[];

export type ExtensionValidator =
  { readonly ok: true; readonly check: ExtensionCheck } | { readonly ok: false; readonly problem: string };

/**
 * What the source registry holds for a version copied from it, read before
 * validation (see provenance-rules.ts): at the commit its provenance names,
 * the version file's blob id and entry, and whether the commit is on the
 * source's branch.
 */
export type ProvenanceEvidence =
  | { readonly kind: 'commit-not-found' }
  | {
      readonly kind: 'found';
      /** The source's branch the commit must be on, and whether it is. */
      readonly branch: string;
      readonly onBranch: boolean;
      /** The version file at that commit; undefined when there is none. */
      readonly entry: { readonly id: string; readonly value: VersionEntry | undefined } | undefined;
    };

/** The key of `ValidationInput.provenance`: the version copied. */
export function provenanceKey(model: string, version: string): string {
  return `${model}@${version}`;
}

/** Where a version was at some earlier commit: its stage, and its `weight:` there (none outside a split stage). */
export interface HeldStage {
  readonly stage: string;
  readonly weight?: number | undefined;
}

/** A stage map of one model at some earlier commit: version → stage and weight. */
export type StageAssignment = ReadonlyMap<string, HeldStage>;

export interface ValidationInput {
  /** `change`: base → head, as a pull request. `full`: every entry of head on its own. */
  readonly mode: 'change' | 'full';
  /** The policy rules enforce: the base side's, so a change cannot loosen its own rules. */
  readonly policy: Policy;
  readonly basePolicy: PolicyState;
  readonly headPolicy: PolicyState;
  readonly changes: readonly FileChange[];
  /** The models the change touches (every model in full mode). */
  readonly models: ReadonlyMap<string, ModelPair>;
  readonly extensions: ReadonlyMap<string, ExtensionValidator>;
  /**
   * For models with a stage change the transition graph forbids: their stage
   * assignments at earlier commits of the base branch, newest first.
   */
  readonly priorAssignments: ReadonlyMap<string, readonly StageAssignment[]>;
  /** Paths of the head side that differ from a sibling only in case. */
  readonly caseCollisions: readonly CaseCollision[];
  /** For added versions with a provenance block naming a declared source: what that source holds (by provenanceKey). */
  readonly provenance: ReadonlyMap<string, ProvenanceEvidence>;
  /** When the change is judged, for the minimum time of a ramp step; undefined: not checked. */
  readonly now?: Date;
  /**
   * For models whose change ramps a split stage with a minimum step time:
   * model → stage → when the base side's weights of that stage took effect
   * (the date of the commit that brought them onto the base branch).
   */
  readonly splitStepStarts?: ReadonlyMap<string, ReadonlyMap<string, Date>>;
}

export interface ModelPair {
  readonly name: string;
  readonly base: ModelState;
  readonly head: ModelState;
}

export type Rule = (input: ValidationInput) => Finding[];

export interface VersionChange {
  readonly model: string;
  readonly version: string;
  readonly kind: 'added' | 'modified' | 'deleted' | 'unchanged';
  readonly base: LoadedFile<VersionEntry> | undefined;
  readonly head: LoadedFile<VersionEntry> | undefined;
  /** Stage on each side, when the file is valid there. */
  readonly stageFrom: string | undefined;
  readonly stageTo: string | undefined;
}

export function versionChanges(pair: ModelPair): VersionChange[] {
  const names = new Set([...pair.base.versions.keys(), ...pair.head.versions.keys()]);
  return [...names].sort(semver.compare).map((version) => {
    const base = pair.base.versions.get(version);
    const head = pair.head.versions.get(version);
    const kind = !base ? 'added' : !head ? 'deleted' : base.id === head.id ? 'unchanged' : 'modified';
    return {
      model: pair.name,
      version,
      kind,
      base,
      head,
      stageFrom: base?.value?.stage,
      stageTo: head?.value?.stage,
    };
  });
}

/** The version is moving into `stageTo`: it is new, or its stage changed. */
export function entersStage(change: VersionChange): boolean {
  return change.stageTo !== undefined && (change.kind === 'added' || change.stageFrom !== change.stageTo);
}

/**
 * Gates and required roles come from the base side's model.yaml, like the
 * policy, so a change cannot lower the bar it is judged by. A new model is
 * judged by its own model.yaml.
 */
export function governingModel(pair: ModelPair): ModelEntry | undefined {
  return pair.base.model?.value ?? pair.head.model?.value;
}

export function holdersOf(state: ModelState, stage: string): LoadedFile<VersionEntry>[] {
  return [...state.versions.values()].filter((file) => file.value?.stage === stage);
}

/**
 * A change is a rollback when there is one earlier commit of the base branch
 * in which every version it moves held the stage it moves to, with the weight
 * it is given now: restoring a split stage at other weights than it had is a
 * ramp, not a rollback. A version that did not exist then may only make an
 * allowed transition (typically: leave the stage the restored version takes
 * back).
 */
export function isRollback(
  changes: readonly VersionChange[],
  prior: readonly StageAssignment[] | undefined,
  policy: Policy,
): boolean {
  if (!prior || prior.length === 0) return false;
  if (changes.some((c) => c.kind === 'added' || c.kind === 'deleted')) return false;
  const placed = changes.filter(
    (c) => c.kind === 'modified' && c.stageTo !== undefined && (c.stageFrom !== c.stageTo || weightChanged(c)),
  );
  if (!placed.some((c) => c.stageFrom !== c.stageTo)) return false;
  return prior.some((assignment) =>
    placed.every((c) => {
      const then = assignment.get(c.version);
      if (then) return then.stage === c.stageTo && effectiveWeight(then.weight) === effectiveWeight(weightOf(c.head));
      return c.stageFrom !== c.stageTo && policy.transitions.get(c.stageFrom ?? '')?.has(c.stageTo!) === true;
    }),
  );
}

function weightOf(file: LoadedFile<VersionEntry> | undefined): number | undefined {
  return file?.value?.weight;
}

function weightChanged(change: VersionChange): boolean {
  return effectiveWeight(weightOf(change.base)) !== effectiveWeight(weightOf(change.head));
}

/** A holder without a `weight:` line is a sole holder (100), or outside a split stage, where weights do not apply. */
function effectiveWeight(weight: number | undefined): number {
  return weight ?? 100;
}

export function isRollbackOf(input: ValidationInput, pair: ModelPair): boolean {
  return (
    input.mode === 'change' && isRollback(versionChanges(pair), input.priorAssignments.get(pair.name), input.policy)
  );
}
