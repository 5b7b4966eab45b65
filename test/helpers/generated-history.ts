/**
 * A deterministic registry history built with native git: direct commits on
 * main, and feature branches merged as GitHub PR merges look (`--no-ff`,
 * squash, octopus). Main often moves on meanwhile, in every shape git's
 * history simplification treats differently: other models only; the same
 * model in another version file (the merge differs from both parents but
 * resolves nothing); the same file, with the conflict resolved to our side,
 * their side, a mix of both, or content neither side had; and evil merges
 * that change a file neither side touched. And a branch one commit of which
 * main cherry-picked before the merge: the merge keeps that model as both
 * sides have it, so `git log -- models/<m>` follows main there, while
 * `git log -- models` follows the branch the merge took the rest from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templatePolicy, modelYaml, versionPath, versionYaml } from './fixtures.js';
import { commit, createRepo, git } from './temp-repo.js';

export const MERGE_SHAPES = [
  'apart',
  'same-model',
  'conflict-ours',
  'conflict-theirs',
  'conflict-mix',
  'conflict-evil',
  'evil',
  'octopus',
  'squash',
  'cherry-picked',
] as const;
export type MergeShape = (typeof MERGE_SHAPES)[number];

export interface GeneratedHistory {
  readonly dir: string;
  readonly models: readonly string[];
  /** How many pull requests of each shape were merged, so tests can require every shape. */
  readonly shapes: ReadonlyMap<MergeShape, number>;
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STAGES = ['development', 'staging', 'production', 'archived'];
const VERSIONS = ['1.0.0', '1.1.0'];
const stageOf = (text: string) => /^stage: (\S+)$/m.exec(text)?.[1];

export function generateHistory(seed: number, steps: number, modelCount = 4): GeneratedHistory {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const models = Array.from({ length: modelCount }, (_, i) => `model${i}`);
  const files: Record<string, string> = { 'registry.yaml': templatePolicy() };
  for (const model of models) {
    files[`models/${model}/model.yaml`] = modelYaml(model);
    for (const version of VERSIONS) files[versionPath(model, version)] = versionYaml(version);
  }
  const dir = createRepo(files, 'seed registry', 'file');
  const shapes = new Map<MergeShape, number>();
  /** A file's text on a branch (or in the working tree when `ref` is undefined). */
  const text = (path: string, ref?: string) =>
    ref ? `${git(dir, 'show', `${ref}:${path}`)}\n` : readFileSync(join(dir, path), 'utf8');
  // Every change moves the stage and writes a note of its own, so two sides changing one file always conflict.
  // Not always a valid transition: history must report what happened, valid or not.
  const change = (model: string, version: string, note: string, avoid: readonly string[] = []) => {
    const path = versionPath(model, version);
    const stage = pick(STAGES.filter((s) => s !== stageOf(text(path)) && !avoid.includes(s)));
    return { [path]: versionYaml(version, { stage, extra: `description: ${note}\n` }) };
  };
  let pr = 1;
  for (let step = 0; step < steps; step++) {
    if (next() < 0.4) {
      const model = pick(models);
      commit(dir, change(model, pick(VERSIONS), `direct ${step}`), `direct change of ${model}`);
      continue;
    }
    const shape = pick(MERGE_SHAPES);
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    const branch = `feature-${step}`;
    const featureModels = models.filter(() => next() < 0.5);
    if (featureModels.length === 0) featureModels.push(models[0]!);
    // Where main or a second branch changes the same model, the branch keeps to 1.0.0 so only the chosen files conflict.
    const branchVersions =
      shape === 'same-model' || shape === 'octopus' ? ['1.0.0'] : shape === 'cherry-picked' ? ['1.1.0'] : VERSIONS;
    git(dir, 'checkout', '-q', '-b', branch);
    let last = { model: featureModels[0]!, version: '1.0.0' };
    for (let i = 0; i < 1 + Math.floor(next() * 3); i++) {
      last = { model: pick(featureModels), version: pick(branchVersions) };
      commit(dir, change(last.model, last.version, `feature ${step}.${i}`), `feature ${step} commit ${i}`);
    }
    if (shape === 'cherry-picked') {
      // The picked commit changes a file the branch had not touched, so it applies on main as it is.
      commit(dir, change(featureModels[0]!, '1.0.0', `feature ${step} picked`), `feature ${step} commit to pick`);
      const picked = git(dir, 'rev-parse', 'HEAD');
      commit(
        dir,
        change(featureModels[featureModels.length - 1]!, '1.1.0', `feature ${step} after the pick`),
        `feature ${step} commit after the pick`,
      );
      git(dir, 'checkout', '-q', 'main');
      git(dir, 'cherry-pick', picked);
    } else {
      git(dir, 'checkout', '-q', 'main');
    }
    const branches = [branch];
    if (shape === 'octopus') {
      git(dir, 'checkout', '-q', '-b', `${branch}-b`);
      commit(dir, change(last.model, '1.1.0', `feature ${step} second branch`), `feature ${step} second branch`);
      git(dir, 'checkout', '-q', 'main');
      branches.push(`${branch}-b`);
    }
    const elsewhere = models.filter((m) => !featureModels.includes(m));
    const path = versionPath(last.model, last.version);
    if (shape === 'same-model') {
      commit(dir, change(last.model, '1.1.0', `main ${step}`), `main moves on with ${last.model}`);
    } else if (shape.startsWith('conflict-')) {
      commit(
        dir,
        change(last.model, last.version, `main ${step}`, [stageOf(text(path, branch))!]),
        `main changes ${path} too`,
      );
    } else if (elsewhere.length > 0 && next() < 0.5) {
      commit(dir, change(pick(elsewhere), pick(VERSIONS), `main ${step}`), 'main moves on');
    }
    const message = `Merge pull request #${pr} from acme/${branch}`;
    if (shape === 'squash') {
      git(dir, 'merge', '-q', '--squash', branch);
      git(dir, 'commit', '-q', '-m', `Squashed feature ${step} (#${pr})`);
    } else if (shape.startsWith('conflict-')) {
      mergeExpectingConflict(dir, branch, message);
      const ours = text(path, 'HEAD');
      const theirs = text(path, branch);
      const theirStage = `stage: ${stageOf(theirs)}`;
      const resolutions: Record<string, string> = {
        'conflict-ours': ours,
        'conflict-theirs': theirs,
        'conflict-mix': ours.replace(/^stage: \S+$/m, theirStage),
        'conflict-evil': ours
          .replace(/^stage: \S+$/m, `stage: ${STAGES.find((s) => s !== stageOf(ours) && s !== stageOf(theirs))}`)
          .replace(/^description: .*$/m, `description: resolved in merge ${step}`),
      };
      commit(dir, { [path]: resolutions[shape]! }, message);
    } else if (shape === 'evil') {
      git(dir, 'merge', '-q', '--no-ff', '--no-commit', branch);
      commit(dir, change(pick(models), pick(VERSIONS), `evil merge ${step}`), message);
    } else {
      git(dir, 'merge', '-q', '--no-ff', '-m', message, ...branches);
    }
    pr++;
  }
  return { dir, models, shapes };
}

function mergeExpectingConflict(dir: string, branch: string, message: string): void {
  try {
    git(dir, 'merge', '-q', '--no-ff', '-m', message, branch);
  } catch {
    return;
  }
  throw new Error(`merging ${branch} was expected to conflict`);
}
