/**
 * Every write command, killed with SIGKILL at random moments and at the
 * narrow steps of a write (MODELREG_TEST_CRASH_AT), on native git and on the
 * pure path. After each kill: git fsck --full is clean, the branch holds the
 * old commit or exactly the new one, the working tree is clean or the next
 * command finishes the change, and the next command succeeds.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_B, DIGEST_C, modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { createRepo, git, tempDir } from './helpers/temp-repo.js';

const NOW = '2026-03-01T12:00:00Z';
const root = fileURLToPath(new URL('..', import.meta.url));
type Path = 'native' | 'pure';
const PATHS: readonly Path[] = ['native', 'pure'];
/** Random kills per scenario and path; the crash points cover the narrow windows deterministically. */
const RANDOM_KILLS = Number(process.env.MODELREG_CRASH_KILLS ?? 2);
/** init makes a repository without a local identity: every run names the same author. */
const IDENTITY = { GIT_AUTHOR_NAME: 'Test User', GIT_AUTHOR_EMAIL: 'test@example.com' };

interface Scenario {
  readonly name: string;
  readonly args: readonly string[];
  /** Runs in a fresh empty directory instead of a copy of the registry. */
  readonly fresh?: boolean;
  /** The command run after the kill, which must succeed. */
  readonly next?: readonly string[];
  /** The crash points it passes (a new branch has no working tree to update). */
  readonly crashPoints: readonly string[];
}

const ALL_STEPS = ['objects', 'ref', 'worktree', 'index'];

// Every command writes through the same code: the narrow steps are checked on three of them, random kills on all.
const SCENARIOS: readonly Scenario[] = [
  {
    name: 'register',
    args: [
      'register',
      'fraud',
      '--version',
      '2.0.0',
      '--artifact',
      'model=s3://m/2.onnx',
      '--digest',
      `model=${DIGEST_B}`,
    ],
    crashPoints: ALL_STEPS,
  },
  { name: 'promote --here', args: ['promote', 'fraud@1.2.0', '--to', 'production', '--here'], crashPoints: ALL_STEPS },
  { name: 'rollback --here', args: ['rollback', 'fraud', '--here'], crashPoints: [] },
  { name: 'deprecate --here', args: ['deprecate', 'fraud@1.0.0', '--reason', 'leak', '--here'], crashPoints: [] },
  {
    name: 'promote --branch',
    args: ['promote', 'fraud@1.2.0', '--to', 'production', '--branch', 'p'],
    crashPoints: ['objects', 'ref'],
  },
  {
    name: 'init',
    args: ['init', 'reg'],
    fresh: true,
    crashPoints: ['ref'],
    next: [
      'register',
      'fraud',
      '--version',
      '3.0.0',
      '--owner',
      'alice',
      '--artifact',
      'model=s3://m/3.onnx',
      '--digest',
      `model=${DIGEST_B}`,
    ],
  },
];

/** The CLI bundled once, run as `node run.mjs <args>` with a fixed clock so a completed run's commit id is known. */
let runner: string;
/** 1.0.0 in production, then 1.1.0 promoted over it; 1.2.0 in staging. */
let base: string;

beforeAll(async () => {
  const dir = tempDir('modelreg-crash-cli-', 'file');
  // templateDir() walks up from the bundle to find registry-template/.
  symlinkSync(join(root, 'registry-template'), join(dir, 'registry-template'));
  await build({
    entryPoints: { 'modelreg-cli': join(root, 'src/cli/main.ts') },
    outdir: join(dir, 'bundle'),
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    alias: { yaml: join(root, 'node_modules/yaml/browser/index.js') },
    logLevel: 'warning',
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
    },
  });
  runner = join(dir, 'bundle', 'run.mjs');
  writeFileSync(
    runner,
    `import { main } from './modelreg-cli.js';\n` +
      `process.exitCode = await main(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), cwd: process.cwd(), now: () => new Date(${JSON.stringify(NOW)}) });\n`,
  );
  base = createRepo(
    {
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
      [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'staging' }),
      [versionPath('fraud', '1.2.0')]: versionYaml('1.2.0', { stage: 'staging', digest: DIGEST_C }),
    },
    'initial',
    'file',
  );
  expect((await runCli(base, ['promote', 'fraud@1.1.0', '--to', 'production', '--here'])).code).toBe(0);
}, 60_000);

interface Outcome {
  readonly dir: string;
  readonly code: number | null;
  readonly stderr: string;
  readonly ms: number;
}

/** Runs a scenario in a new copy of the registry, killed after `killAfterMs` or at a crash point. */
async function run(scenario: Scenario, path: Path, kill: { afterMs?: number; at?: string } = {}): Promise<Outcome> {
  const parent = tempDir('modelreg-crash-');
  const dir = scenario.fresh ? parent : join(parent, 'reg');
  if (!scenario.fresh) cpSync(base, dir, { recursive: true });
  const started = Date.now();
  const child = spawn(process.execPath, [runner, ...scenario.args], {
    cwd: dir,
    // Its own process group, so the kill takes the git processes it started too.
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      ...IDENTITY,
      MODELREG_NATIVE_GIT: path === 'native' ? '1' : '0',
      ...(kill.at ? { MODELREG_TEST_CRASH_AT: kill.at } : {}),
    },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer =
    kill.afterMs !== undefined ? setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), kill.afterMs) : undefined;
  const code = await new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
  clearTimeout(timer);
  return { dir: scenario.fresh ? join(parent, 'reg') : dir, code, stderr, ms: Date.now() - started };
}

/** The branch a scenario moves, and the commit it holds before. */
function branchOf(scenario: Scenario): string {
  return scenario.args.includes('--branch') ? 'refs/heads/p' : 'refs/heads/main';
}

function refValue(dir: string, ref: string): string | undefined {
  try {
    return git(dir, 'rev-parse', '--verify', '--quiet', ref);
  } catch {
    return undefined;
  }
}

function fsck(dir: string): string {
  // Exit status and every line but dangling objects (left by a write stopped before its ref moved: harmless).
  try {
    return git(dir, 'fsck', '--full', '--no-dangling', '--no-progress');
  } catch (error) {
    return `fsck failed: ${String((error as { stderr?: string }).stderr ?? error)}`;
  }
}

function status(dir: string): string {
  return git(dir, 'status', '--porcelain', '--untracked-files=all');
}

/** Runs a command in-process as the next user command would, following a "locked by <path>" hint once or twice. */
async function nextCommand(dir: string, path: Path, args: string[], now?: Date) {
  const previous = { ...process.env };
  Object.assign(process.env, IDENTITY, { MODELREG_NATIVE_GIT: path === 'native' ? '1' : '0' });
  try {
    const removedLocks: string[] = [];
    for (let attempt = 0; ; attempt++) {
      const result = await runCli(dir, args, now);
      const lock = /is locked by (\S+): another git command/.exec(result.stderr)?.[1];
      if (result.code === 0 || lock === undefined || attempt > 2) return { ...result, removedLocks };
      // What the hint says to do when no other git is running.
      expect(existsSync(lock)).toBe(true);
      rmSync(lock);
      removedLocks.push(lock);
    }
  } finally {
    for (const name of [...Object.keys(IDENTITY), 'MODELREG_NATIVE_GIT']) {
      if (previous[name] === undefined) delete process.env[name];
      else process.env[name] = previous[name];
    }
  }
}

const FOLLOW_UP = [
  'register',
  'fraud',
  '--version',
  '3.0.0',
  '--artifact',
  'model=s3://m/3.onnx',
  '--digest',
  `model=${DIGEST_B}`,
];

/**
 * The invariants after a kill. `completed` is the commit a run to
 * completion makes (the clock is fixed, so the id is too).
 */
async function checkAfterKill(
  scenario: Scenario,
  path: Path,
  outcome: Outcome,
  before: string | undefined,
  completed: string,
): Promise<'old' | 'new' | 'new, finished by the next command'> {
  const { dir } = outcome;
  const label = `${scenario.name} (${path}) killed after ${outcome.ms} ms`;
  if (scenario.fresh && !existsSync(join(dir, '.git', 'HEAD'))) {
    // Killed before the repository existed: init again works.
    expect((await nextCommand(dirOf(dir), path, [...scenario.args])).code, label).toBe(0);
    return 'old';
  }
  expect(fsck(dir), label).toBe('');
  const ref = branchOf(scenario);
  const after = refValue(dir, ref);
  expect([before, completed], label).toContain(after);
  const moved = after === completed;
  const dirty = status(dir);
  if (!moved || ref !== 'refs/heads/main') {
    // Nothing visible changed in the working tree: temporary files stay inside .git.
    expect(dirty, label).toBe('');
  }
  if (scenario.fresh && !moved) {
    const again = await nextCommand(dirOf(dir), path, [...scenario.args]);
    expect(again.stderr, label).toBe('');
    expect(again.code, label).toBe(0);
    return 'old';
  }
  // The registry reads back: a registry with no models yet lists none and exits 1 ("nothing found"), never 2.
  const list = await nextCommand(dir, path, ['list', '--json']);
  expect({ code: list.code, stderr: list.stderr }, `${label}: list`).toEqual(
    JSON.parse(list.stdout).length === 0 ? { code: 1, stderr: '' } : { code: 0, stderr: '' },
  );
  const next = await nextCommand(dir, path, [...(scenario.next ?? FOLLOW_UP)]);
  expect(
    { code: next.code, stderr: next.stderr.replace(/^note: finished an interrupted write.*\n/m, '') },
    label,
  ).toEqual({ code: 0, stderr: '' });
  expect(status(dir), label).toBe('');
  expect(fsck(dir), label).toBe('');
  if (moved && ref === 'refs/heads/main') {
    // The change survived: the next commit builds on it rather than undoing it.
    expect(git(dir, 'rev-parse', 'HEAD~1'), label).toBe(completed);
    expect(git(dir, 'diff', '--name-only', completed, 'HEAD').split('\n'), label).toContain(
      versionPath('fraud', '3.0.0'),
    );
    expect(
      git(dir, 'diff', '--name-only', completed, 'HEAD')
        .split('\n')
        .every((file) => file.startsWith('models/fraud/')),
      label,
    ).toBe(true);
    if (dirty !== '') {
      expect(next.stderr, label).toMatch(/^note: finished an interrupted write: refs\/heads\/main is at /);
      return 'new, finished by the next command';
    }
  }
  return moved ? 'new' : 'old';
}

function dirOf(registryDir: string): string {
  return join(registryDir, '..');
}

/** The commit a completed run makes, found in-process (faster than a spawn; same clock, same author, same commit). */
async function completedCommit(scenario: Scenario, path: Path): Promise<string> {
  const parent = tempDir('modelreg-crash-');
  const dir = scenario.fresh ? parent : join(parent, 'reg');
  if (!scenario.fresh) cpSync(base, dir, { recursive: true });
  const result = await nextCommand(dir, path, [...scenario.args], new Date(NOW));
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  const registry = scenario.fresh ? join(parent, 'reg') : dir;
  expect(status(registry)).toBe('');
  return refValue(registry, branchOf(scenario))!;
}

/** How long a complete run of the bundled command takes; random kills fall mostly in its second half, where the writes are. */
const fullRunMs: Partial<Record<Path, number>> = {};

describe.each(PATHS)('write commands killed at any moment (%s git)', (path) => {
  it('the bundled command completes, with the commit the source makes', async () => {
    const scenario = SCENARIOS[0]!;
    const outcome = await run(scenario, path);
    expect({ code: outcome.code, stderr: outcome.stderr }).toEqual({ code: 0, stderr: '' });
    expect(status(outcome.dir)).toBe('');
    expect(refValue(outcome.dir, 'HEAD')).toBe(await completedCommit(scenario, path));
    fullRunMs[path] = outcome.ms;
  });

  it.each(SCENARIOS)('$name', async (scenario) => {
    const before = scenario.fresh ? undefined : refValue(base, branchOf(scenario));
    const completed = await completedCommit(scenario, path);
    const seen: string[] = [];
    for (const at of scenario.crashPoints) {
      const outcome = await run(scenario, path, { at });
      expect(outcome.code, `${scenario.name} with MODELREG_TEST_CRASH_AT=${at}: ${outcome.stderr}`).toBe(null);
      seen.push(`${at}: ${await checkAfterKill(scenario, path, outcome, before, completed)}`);
    }
    // Each crash point stops the write in its window: objects written but the ref old; the ref moved, the rest not.
    const expected: Record<string, RegExp> = {
      objects: /^old$/,
      ref: /^new/,
      worktree: /^new, finished/,
      index: /^new, finished/,
    };
    expect(seen).toEqual(
      scenario.crashPoints.map((at) => expect.stringMatching(new RegExp(`^${at}: ${expected[at]!.source.slice(1)}`))),
    );
    for (let i = 0; i < RANDOM_KILLS; i++) {
      const afterMs = Math.round((fullRunMs[path] ?? 800) * (0.4 + 0.7 * Math.random()));
      const outcome = await run(scenario, path, { afterMs });
      seen.push(`${afterMs} ms: ${await checkAfterKill(scenario, path, outcome, before, completed)}`);
    }
  });
});
