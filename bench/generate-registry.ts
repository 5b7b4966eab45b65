/**
 * Deterministic synthetic registries for benchmarks, written with
 * `git fast-import`: registrations and promotions, some landed directly and
 * some through feature branches merged with --no-ff as PR merges look.
 * One model (m0000) changes production holder about 20 times; the others
 * have short histories. Merge-heavy registries land every change through a
 * branch while main changes the same model meanwhile, so about a third of
 * the commits are merges that differ from both parents in that model (the
 * merges `git log -- models/<m>` shows).
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';

export interface RegistrySize {
  readonly name: string;
  readonly models: number;
  readonly versionsPerModel: number;
  readonly commits: number;
}

export const SIZES: Record<string, RegistrySize> = {
  S: { name: 'S', models: 100, versionsPerModel: 5, commits: 1_000 },
  M: { name: 'M', models: 1_000, versionsPerModel: 10, commits: 10_000 },
  L: { name: 'L', models: 10_000, versionsPerModel: 10, commits: 20_000 },
};

export const HOT_MODEL = 'm0000';

export interface GenerateOptions {
  /** Every change through a branch, with main changing the same model before the --no-ff merge. */
  readonly mergeHeavy?: boolean;
}

const POLICY = `stages:
  development: {}
  staging: {approvals: 1}
  production: {exclusive: true, approvals: 2, demote_to: archived}
  archived: {}
transitions:
  development: [staging, archived]
  staging: [production, development, archived]
  production: [archived, staging]
  archived: [development, staging]
initial_stages: [development]
`;

function modelName(i: number): string {
  return `m${String(i).padStart(4, '0')}`;
}

function version(i: number): string {
  return `1.${i}.0`;
}

function versionFile(v: string, stage: string, seed: number): string {
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0').repeat(8);
  return `version: ${v}
stage: ${stage}
created: 2024-01-01T00:00:00Z
created_by: bench@example.com
artifacts:
  model:
    uri: s3://bench/models/${seed}/${v}/model.onnx
    digest: sha256:${hex(seed * 2654435761)}
    size: ${1000 + (seed % 997)}
metrics:
  auc: ${(0.8 + (seed % 100) / 1000).toFixed(3)}
  latency_ms: ${20 + (seed % 30)}
params:
  lr: 0.01
  depth: ${4 + (seed % 6)}
`;
}

interface Change {
  readonly path: string;
  readonly content: string;
}

export interface GeneratedRegistry {
  readonly dir: string;
  readonly head: string;
  /** A branch whose one commit promotes a version of m0001 (two files): the PR scenario. */
  readonly prBranch: string;
  /** A date in the middle of the history, for time travel. */
  readonly middleDate: string;
  /** m0000's version in staging at HEAD, for `promote … --here`. */
  readonly promotable: string;
  /** A model in the middle of the registry: a short history of its own in a long one. */
  readonly quietModel: string;
}

export async function generateRegistry(
  dir: string,
  size: RegistrySize,
  options: GenerateOptions = {},
): Promise<GeneratedRegistry> {
  mkdirSync(dir, { recursive: true });
  const stages = new Map<string, string>(); // "model@version" → stage
  const holder = new Map<string, string>(); // model → production version
  const registered = new Map<string, number>(); // model → versions registered
  const chunks: string[] = [];
  let mark = 0;
  let time = Date.parse('2024-01-01T00:00:00Z') / 1000;
  let mainMark: number;
  const emitCommit = (ref: string, message: string, changes: readonly Change[], from: number, merge?: number) => {
    mark += 1;
    time += 600;
    const lines = [
      `commit ${ref}`,
      `mark :${mark}`,
      `author Bench <bench@example.com> ${time} +0000`,
      `committer Bench <bench@example.com> ${time} +0000`,
      `data ${Buffer.byteLength(message)}`,
      message,
    ];
    if (from > 0) lines.push(`from :${from}`);
    if (merge !== undefined) lines.push(`merge :${merge}`);
    for (const c of changes) lines.push(`M 100644 inline ${c.path}`, `data ${Buffer.byteLength(c.content)}`, c.content);
    chunks.push(`${lines.join('\n')}\n`);
    return mark;
  };
  const versionChange = (model: string, v: string, stage: string): Change => {
    stages.set(`${model}@${v}`, stage);
    const seed = Number(model.slice(1)) * 100 + Number(v.split('.')[1]);
    return { path: `models/${model}/versions/${v}.yaml`, content: versionFile(v, stage, seed) };
  };

  const modelFile = (model: string, revision = 0): Change => ({
    path: `models/${model}/model.yaml`,
    content: `name: ${model}\n${revision > 0 ? `description: revision ${revision}\n` : ''}owners: [alice]\nmetrics:\n  auc: {goal: maximize}\n  latency_ms: {goal: minimize}\n`,
  });

  // First commit: the policy, every model, and each model's first version (in production).
  const first: Change[] = [{ path: 'registry.yaml', content: POLICY }];
  for (let m = 0; m < size.models; m++) {
    const model = modelName(m);
    first.push(modelFile(model));
    first.push(versionChange(model, version(0), 'production'));
    holder.set(model, version(0));
    registered.set(model, 1);
  }
  mainMark = emitCommit('refs/heads/main', 'seed registry', first, 0);

  const remaining = size.models * (size.versionsPerModel - 1);
  const hotPromotions = 20;
  const commitsLeft = size.commits - 1 - hotPromotions * 2;
  // Half the commits land directly, half come as feature commit + merge commit pairs; merge-heavy, all come as
  // feature commit + a commit on main to the same model + merge commit.
  const directShare = options.mergeHeavy ? 0 : Math.floor(commitsLeft / 2);
  const prPairs = options.mergeHeavy ? Math.floor(commitsLeft / 3) : Math.floor((commitsLeft - directShare) / 2);
  const operations = directShare + prPairs;
  let revision = 0;
  let nextModel = 0;
  let stageModel = 0;
  let pr = 0;
  let registeredSoFar = 0;
  const register = (op: number): Change[] => {
    const changes: Change[] = [];
    // Spread the registrations evenly over the operations, catching up on those a promotion took the place of.
    const count = Math.floor(((op + 1) * remaining) / operations) - registeredSoFar;
    if (count === 0) {
      // No registration due: stage a development version of some model instead.
      for (let tries = 0; tries < size.models && changes.length === 0; tries++) {
        const model = modelName((stageModel = (stageModel + 7) % size.models));
        if (model === HOT_MODEL) continue;
        const v = [...Array(registered.get(model)!).keys()]
          .map(version)
          .find((x) => stages.get(`${model}@${x}`) === 'development');
        if (v) changes.push(versionChange(model, v, 'staging'));
      }
      return changes;
    }
    for (let k = 0; k < count; k++) {
      for (let tries = 0; tries < size.models; tries++) {
        const model = modelName(nextModel);
        nextModel = (nextModel + 1) % size.models;
        const count = registered.get(model)!;
        if (count < size.versionsPerModel) {
          registered.set(model, count + 1);
          registeredSoFar += 1;
          changes.push(versionChange(model, version(count), 'development'));
          break;
        }
      }
    }
    return changes;
  };
  const promoteHot = (): Change[] => {
    const count = registered.get(HOT_MODEL)!;
    const current = holder.get(HOT_MODEL)!;
    // Alternate between the two newest versions so stage lines keep changing.
    const candidate = [...Array(count).keys()]
      .map(version)
      .filter((v) => v !== current)
      .pop()!;
    holder.set(HOT_MODEL, candidate);
    return [versionChange(HOT_MODEL, candidate, 'production'), versionChange(HOT_MODEL, current, 'archived')];
  };
  let hotDone = 0;
  for (let op = 0; op < operations; op++) {
    const hot =
      op % Math.max(1, Math.floor(operations / (hotPromotions + 1))) === 0 &&
      hotDone < hotPromotions &&
      registered.get(HOT_MODEL)! >= 2;
    if (hot) hotDone++;
    const changes = hot ? promoteHot() : register(op);
    if (changes.length === 0) continue;
    if (op % 2 === 0 && !options.mergeHeavy) {
      mainMark = emitCommit('refs/heads/main', hot ? `promote ${HOT_MODEL}` : 'register versions', changes, mainMark);
    } else {
      pr += 1;
      const feature = emitCommit(
        `refs/heads/feature/${pr}`,
        hot ? `promote ${HOT_MODEL}` : 'register versions',
        changes,
        mainMark,
      );
      if (options.mergeHeavy) {
        // Main moves on meanwhile, in the same model: the merge then differs from both of its parents there.
        const model = changes[0]!.path.split('/')[1]!;
        mainMark = emitCommit('refs/heads/main', `describe ${model}`, [modelFile(model, ++revision)], mainMark);
      }
      // fast-import builds a merge's tree from its first parent: list the merged changes again.
      mainMark = emitCommit(
        'refs/heads/main',
        `Merge pull request #${pr} from bench/feature-${pr}`,
        changes,
        mainMark,
        feature,
      );
    }
  }
  const middle = new Date(
    (Date.parse('2024-01-01T00:00:00Z') / 1000 + (time - Date.parse('2024-01-01T00:00:00Z') / 1000) / 2) * 1000,
  );
  // Leave m0000's newest version in staging for the promote scenario.
  const newest = version(registered.get(HOT_MODEL)! - 1);
  const promotable =
    stages.get(`${HOT_MODEL}@${newest}`) === 'production' ? version(registered.get(HOT_MODEL)! - 2) : newest;
  mainMark = emitCommit(
    'refs/heads/main',
    'stage a candidate',
    [versionChange(HOT_MODEL, promotable, 'staging')],
    mainMark,
  );
  // The PR scenario: promote m0001's newest version over its holder on a branch.
  const prModel = modelName(1 % size.models);
  const prCandidate = version(registered.get(prModel)! - 1);
  const prHolder = holder.get(prModel)!;
  const staged = emitCommit(
    'refs/heads/main',
    'stage the PR candidate',
    [versionChange(prModel, prCandidate, 'staging')],
    mainMark,
  );
  mainMark = staged;
  emitCommit(
    'refs/heads/bench-pr',
    `promote ${prModel}`,
    [versionChange(prModel, prCandidate, 'production'), versionChange(prModel, prHolder, 'archived')],
    mainMark,
  );
  chunks.push('done\n');

  await run('git', ['init', '-q', '-b', 'main', dir]);
  await run('git', ['-C', dir, 'fast-import', '--quiet', '--done'], chunks.join(''));
  // fast-import deltifies each tree against the one before it, so reading the newest models/ tree means
  // replaying a long delta chain; a clone receives a pack built by pack-objects, which keeps recent
  // objects whole. Repack so both modelreg and git read the registry as a clone would hold it.
  await run('git', ['-C', dir, 'repack', '-a', '-d', '-f', '-q', '--window=10', '--depth=50']);
  await run('git', ['-C', dir, 'checkout', '-q', '-f', 'main']);
  await run('git', ['-C', dir, 'config', 'user.name', 'Bench']);
  await run('git', ['-C', dir, 'config', 'user.email', 'bench@example.com']);
  const head = (await run('git', ['-C', dir, 'rev-parse', 'HEAD'])).trim();
  return {
    dir,
    head,
    prBranch: 'bench-pr',
    middleDate: middle.toISOString().slice(0, 10),
    promotable,
    quietModel: modelName(Math.floor(size.models / 2)),
  };
}

function run(command: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')}: ${err}`)),
    );
    // A command that reads no input may exit before we close its stdin.
    child.stdin.on('error', () => undefined);
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}
