/**
 * Which version answers `<model>@<stage>`: one rule for a registry read from
 * git (registry-view.ts) and for the catalog's read API (remote-registry.ts),
 * so that a deploy job gets the same answer, or the same refusal, from both.
 */
import semver from 'semver';
import { UserError } from '../domain/errors.js';
import { pickHolder, type SplitHolder } from '../domain/split-weights.js';

export interface StageOfVersion {
  readonly version: string;
  readonly stage: string;
}

/** The versions holding `stage`, highest first. */
export function holdersOf(versions: readonly StageOfVersion[], stage: string): string[] {
  return versions
    .filter((v) => v.stage === stage)
    .map((v) => v.version)
    .sort(semver.rcompare);
}

/** Stage → versions holding it, highest first, stages in the order their highest holder comes (as `show --json` prints them). */
export function holdersByStage(versions: readonly StageOfVersion[]): Map<string, string[]> {
  const holders = new Map<string, string[]>();
  for (const v of [...versions].reverse()) holders.set(v.stage, [...(holders.get(v.stage) ?? []), v.version]);
  return holders;
}

export interface StageQuestion {
  readonly model: string;
  readonly stage: string;
  /** Highest first (holdersOf). */
  readonly holders: readonly string[];
  readonly exclusive: boolean;
  /** Where the answer was read, for messages: a commit label or the read API's URL. */
  readonly where: string;
  /** Every version's stage, for the hint when nothing holds the stage. */
  readonly versions: readonly StageOfVersion[];
}

/**
 * The holder `<model>@<stage>` resolves to: the highest one. Refuses when
 * nothing holds the stage, and when several versions hold an exclusive one
 * (the registry is inconsistent; no guess is safe to deploy).
 */
export function chooseStageHolder(question: StageQuestion): string {
  const { model, stage, holders } = question;
  const chosen = holders[0];
  if (chosen === undefined) {
    throw new UserError(
      'NOTHING_IN_STAGE',
      `no version of ${model} is in ${stage} in ${question.where}`,
      `Promote one: modelreg promote ${model}@<version> --to ${stage}. ` +
        `Current stages: ${question.versions.map((v) => `${v.version}=${v.stage}`).join(', ') || 'no versions'}.`,
    );
  }
  if (holders.length > 1 && question.exclusive) {
    throw new UserError(
      'AMBIGUOUS_STAGE',
      `${model}@${stage} is ambiguous: ${holders.join(', ')} all hold exclusive stage ${stage}`,
      'The registry is inconsistent; run `modelreg validate --all` and fix it before deploying.',
    );
  }
  return chosen;
}

/**
 * The holder `<model>@<stage>` of a split stage resolves to: the one a key
 * picks (pickHolder), or without a key the one with the most weight (on a
 * tie the lower version, the one the canary is measured against).
 * `holders`: lowest version first, as splitHolders gives them.
 */
export function chooseSplitHolder(
  question: StageQuestion,
  holders: readonly { version: string; weight: number | undefined }[],
  pick: string | undefined,
): { chosen: SplitHolder; holders: SplitHolder[] } {
  chooseStageHolder({ ...question, exclusive: false });
  const unweighted = holders.filter((h) => h.weight === undefined);
  const total = holders.reduce((sum, h) => sum + (h.weight ?? 0), 0);
  if (unweighted.length > 0 || total !== 100) {
    throw new UserError(
      'AMBIGUOUS_STAGE',
      `${question.model}@${question.stage} is ambiguous: its holders' weights (${holders.map((h) => `${h.version}=${h.weight ?? '?'}`).join(', ')}) do not sum to 100`,
      'The registry is inconsistent; run `modelreg validate --all` and fix it before deploying.',
    );
  }
  const weighted = holders as SplitHolder[];
  const chosen =
    pick !== undefined
      ? pickHolder(weighted, pick)
      : weighted.reduce((best, h) => (h.weight > best.weight ? h : best), weighted[0]!);
  return { chosen, holders: weighted };
}
