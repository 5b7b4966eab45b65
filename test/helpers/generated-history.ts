/**
 * A deterministic registry history built with native git: direct commits on
 * main, and feature branches merged with --no-ff as GitHub PR merges look,
 * sometimes with main moving on meanwhile (on other models, so merges never conflict).
 */
import { templatePolicy, modelYaml, versionPath, versionYaml } from './fixtures.js';
import { commit, createRepo, git } from './temp-repo.js';

export interface GeneratedHistory {
  readonly dir: string;
  readonly models: readonly string[];
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

export function generateHistory(seed: number, steps: number, modelCount = 4): GeneratedHistory {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const models = Array.from({ length: modelCount }, (_, i) => `model${i}`);
  const files: Record<string, string> = { 'registry.yaml': templatePolicy() };
  const stages = new Map<string, string>();
  for (const model of models) {
    files[`models/${model}/model.yaml`] = modelYaml(model);
    for (const version of ['1.0.0', '1.1.0']) {
      files[versionPath(model, version)] = versionYaml(version);
      stages.set(`${model}@${version}`, 'development');
    }
  }
  const dir = createRepo(files, 'seed registry', 'file');
  const change = (model: string) => {
    const version = pick(['1.0.0', '1.1.0']);
    const stage = pick(STAGES.filter((s) => s !== stages.get(`${model}@${version}`)));
    stages.set(`${model}@${version}`, stage);
    // Not always a valid transition: history must report what happened, valid or not.
    return { [versionPath(model, version)]: versionYaml(version, { stage }) };
  };
  let pr = 1;
  for (let step = 0; step < steps; step++) {
    if (next() < 0.5) {
      const model = pick(models);
      commit(dir, change(model), `direct change of ${model}`);
      continue;
    }
    const branch = `feature-${step}`;
    const featureModels = models.filter(() => next() < 0.5);
    if (featureModels.length === 0) featureModels.push(models[0]!);
    git(dir, 'checkout', '-q', '-b', branch);
    for (let i = 0; i < 1 + Math.floor(next() * 3); i++) commit(dir, change(pick(featureModels)), `feature ${step} commit ${i}`);
    git(dir, 'checkout', '-q', 'main');
    const elsewhere = models.filter((m) => !featureModels.includes(m));
    if (elsewhere.length > 0 && next() < 0.5) commit(dir, change(pick(elsewhere)), 'main moves on');
    if (next() < 0.8) {
      git(dir, 'merge', '-q', '--no-ff', '-m', `Merge pull request #${pr} from acme/${branch}`, branch);
    } else {
      git(dir, 'merge', '-q', '--squash', branch);
      git(dir, 'commit', '-q', '-m', `Squashed feature ${step} (#${pr})`);
    }
    pr++;
  }
  return { dir, models };
}
