/**
 * Planning a promotion into a split stage (pure): `--weight N` gives the
 * version N percent and takes the difference from the other holder, which
 * leaves the stage (to demote_to) when its weight reaches 0. Without a
 * weight, or at 100, the version takes the whole stage. Each file changes
 * by its weight line, plus its stage line when it enters or leaves.
 */
import semver from 'semver';
import type { StagePolicy } from '../contract/policy.js';
import { commitMessage, type ChangeTrailers } from '../domain/commit-trailers.js';
import { UserError } from '../domain/errors.js';
import { versionFilePath } from '../domain/layout.js';
import { splitHolders } from '../domain/split-weights.js';
import type { ModelState } from '../snapshot/registry-snapshot.js';
import { setScalar } from '../yaml/edit-yaml.js';
import { setWeight } from '../yaml/edit-weight.js';
import type { StageChangePlan, StageMove, WeightChange } from './stage-change-plan.js';

export function planSplitPromotion(
  stage: StagePolicy,
  state: ModelState,
  version: string,
  weight: number | undefined,
): StageChangePlan {
  const entries = [...state.versions.values()].map((f) => f.value!);
  const target = entries.find((e) => e.version === version)!;
  const holders = splitHolders(entries, stage.name);
  const unweighted = holders.filter((h) => h.weight === undefined);
  if (unweighted.length > 0) {
    throw new UserError(
      'INVALID_ENTRY',
      `${state.name} holds ${stage.name} with ${holders.map((h) => h.version).join(', ')}, but ${unweighted.map((h) => h.version).join(', ')} has no weight`,
      'Fix the weights by hand (modelreg validate lists the problem), then promote again.',
    );
  }
  const current = new Map(holders.map((h) => [h.version, h.weight!]));
  const now = current.get(version) ?? 0;
  const wanted = weight ?? 100;
  if (now === wanted) {
    throw new UserError(
      'ALREADY_IN_STAGE',
      `${state.name}@${version} already takes ${wanted}% of ${stage.name}`,
      `Nothing to do. \`modelreg resolve ${state.name}@${stage.name} --json\` lists the holders and their weights.`,
    );
  }
  const others = holders.filter((h) => h.version !== version);
  const next = new Map<string, number>([[version, wanted]]);
  if (wanted === 100) {
    for (const other of others) next.set(other.version, 0);
  } else if (others.length === 0) {
    throw new UserError(
      'SPLIT_WEIGHT_INVALID',
      `nothing else holds ${stage.name} for ${state.name}, so ${version} cannot take ${wanted}%: the weights must sum to 100`,
      `Promote it without --weight (or with --weight 100) to take the whole stage; a canary needs a version already in ${stage.name}.`,
    );
  } else if (others.length > 1) {
    throw new UserError(
      'SPLIT_WEIGHT_INVALID',
      `${stage.name} of ${state.name} is split between ${others.map((o) => `${o.version} (${o.weight}%)`).join(', ')}: it is unclear whose weight ${version} would take`,
      'Give one of them 100% first, or edit the weights by hand (they must sum to 100).',
    );
  } else {
    const other = others[0]!;
    next.set(other.version, other.weight! - (wanted - now));
  }
  if ([...next.values()].some((w) => w === 0) && !stage.demoteTo) {
    throw new UserError(
      'NO_DEMOTE_TO',
      `${[...next]
        .filter(([, w]) => w === 0)
        .map(([v]) => v)
        .join(', ')} would leave ${stage.name}, but registry.yaml names no demote_to for it`,
      `Set stages.${stage.name}.demote_to, or move the holder out first (modelreg promote ${state.name}@<version> --to <stage>).`,
    );
  }

  const moves: StageMove[] = [];
  const weights: WeightChange[] = [];
  const edits = new Map<string, string>();
  for (const [v, to] of next) {
    const entry = v === version ? target : entries.find((e) => e.version === v)!;
    const file = state.versions.get(v)!;
    const from = current.get(v) ?? 0;
    weights.push({ version: v, from, to });
    let text = file.yaml.text;
    if (to === 0) {
      moves.push({ version: v, from: stage.name, to: stage.demoteTo! });
      text = setWeight(setScalar(text, ['stage'], stage.demoteTo!), undefined);
    } else {
      if (from === 0) moves.push({ version: v, from: entry.stage, to: stage.name });
      if (from === 0) text = setScalar(text, ['stage'], stage.name);
      // Promoted without --weight, a sole holder needs no weight line; beside others, every holder has one.
      const writeWeight = weight !== undefined || to < 100 || entry.weight !== undefined;
      text = setWeight(text, writeWeight ? to : undefined);
    }
    edits.set(versionFilePath(state.name, v), text);
  }
  // The requested version first, then in version order.
  moves.sort((a, b) => Number(b.version === version) - Number(a.version === version));
  const split = [...weights]
    .sort((a, b) => semver.compare(a.version, b.version))
    .filter((w) => w.to > 0)
    .map((w) => `${w.version} ${w.to}%`)
    .join(' / ');
  const left = weights.filter((w) => w.to === 0).map((w) => w.version);
  const subject =
    `promote(${state.name}): ${version} → ${stage.name} at ${wanted}%` +
    (wanted < 100 ? ` (${split})` : left.length > 0 ? ` (replaces ${left.join(', ')})` : '');
  const body = weights
    .map((w) => {
      const move = moves.find((m) => m.version === w.version);
      const stageText = move ? `: ${move.from} → ${move.to}` : `: ${stage.name}`;
      return `${state.name}@${w.version}${stageText}, weight ${w.from}% → ${w.to}%`;
    })
    .join('\n');
  const trailers: ChangeTrailers[] = weights.map((w) => {
    const move = moves.find((m) => m.version === w.version);
    return {
      action: w.version === version ? 'promote' : 'demote',
      model: state.name,
      version: w.version,
      from: move?.from ?? stage.name,
      to: move?.to ?? stage.name,
      ...(w.to > 0 ? { weight: w.to } : {}),
    };
  });
  trailers.sort((a, b) => Number(b.version === version) - Number(a.version === version));
  weights.sort((a, b) => Number(b.version === version) - Number(a.version === version));
  return { model: state.name, moves, weights, edits, subject, message: commitMessage(subject, body, trailers) };
}
