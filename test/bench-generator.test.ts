import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { generateRegistry, HOT_MODEL, SIZES } from '../bench/generate-registry.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-repo.js';

/** modelreg's history of a model lists the commits `git log -- models/<model>` lists, merges included. */
async function expectHistoryAsGitLog(dir: string, model: string): Promise<string[]> {
  const events = JSON.parse((await runCli(dir, ['history', model, '--format', 'json'])).stdout) as { commit: string }[];
  const native = spawnSync('git', ['log', '--format=%H', '--', `models/${model}`], { cwd: dir, encoding: 'utf8' })
    .stdout.trim()
    .split('\n');
  expect([...new Set(events.map((e) => e.commit))]).toEqual(native);
  return native;
}

describe('the benchmark registries', () => {
  it('are valid registries whose history modelreg reads exactly as git log does', async () => {
    const registry = await generateRegistry(tempDir(), SIZES.S!);
    expect((await runCli(registry.dir, ['validate', '--all', '--head', 'HEAD'])).code).toBe(0);
    expect((await runCli(registry.dir, ['validate', '--base', 'main', '--head', registry.prBranch])).code).toBe(0);
    const events = JSON.parse((await runCli(registry.dir, ['history', HOT_MODEL, '--format', 'json'])).stdout) as {
      commit: string;
    }[];
    const native = spawnSync('git', ['log', '--format=%H', '--', `models/${HOT_MODEL}`], {
      cwd: registry.dir,
      encoding: 'utf8',
    })
      .stdout.trim()
      .split('\n');
    expect([...new Set(events.map((e) => e.commit))]).toEqual(native);
    expect(native.length).toBeGreaterThan(20);
    const merges = spawnSync('git', ['rev-list', '--merges', '--count', 'HEAD'], {
      cwd: registry.dir,
      encoding: 'utf8',
    }).stdout.trim();
    expect(Number(merges)).toBeGreaterThan(100);
    await expectHistoryAsGitLog(registry.dir, registry.quietModel);
  }, 60_000);

  it('merge-heavy: a third of the commits are merges of branches that changed a model main changed too, read as git log reads them', async () => {
    const registry = await generateRegistry(
      tempDir(),
      { name: 'merge-heavy', models: 40, versionsPerModel: 4, commits: 300 },
      { mergeHeavy: true },
    );
    const count = (...args: string[]) =>
      Number(
        spawnSync('git', ['rev-list', '--count', ...args, 'HEAD'], {
          cwd: registry.dir,
          encoding: 'utf8',
        }).stdout.trim(),
      );
    const merges = count('--merges');
    expect(merges / count()).toBeGreaterThan(0.3);
    expect(merges / count()).toBeLessThan(0.36);
    // Each merge differs from both parents in a model: git log -- models/<m> lists it.
    const hot = await expectHistoryAsGitLog(registry.dir, HOT_MODEL);
    const hotMerges = spawnSync('git', ['log', '--merges', '--format=%H', '--', `models/${HOT_MODEL}`], {
      cwd: registry.dir,
      encoding: 'utf8',
    })
      .stdout.trim()
      .split('\n');
    expect(hotMerges.length).toBeGreaterThan(5);
    expect(hot).toEqual(expect.arrayContaining(hotMerges));
    await expectHistoryAsGitLog(registry.dir, registry.quietModel);
    expect((await runCli(registry.dir, ['validate', '--all', '--head', 'HEAD'])).code).toBe(0);
  }, 60_000);
});
