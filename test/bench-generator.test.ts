import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { generateRegistry, HOT_MODEL, SIZES } from '../bench/generate-registry.js';
import { runCli } from './helpers/run-cli.js';
import { tempDir } from './helpers/temp-repo.js';

describe('the benchmark registries', () => {
  it('are valid registries whose history modelreg reads exactly as git log does', async () => {
    const registry = await generateRegistry(tempDir(), SIZES.S!);
    expect((await runCli(registry.dir, ['validate', '--all', '--head', 'HEAD'])).code).toBe(0);
    expect((await runCli(registry.dir, ['validate', '--base', 'main', '--head', registry.prBranch])).code).toBe(0);
    const events = JSON.parse((await runCli(registry.dir, ['history', HOT_MODEL, '--format', 'json'])).stdout) as { commit: string }[];
    const native = spawnSync('git', ['log', '--format=%H', '--', `models/${HOT_MODEL}`], { cwd: registry.dir, encoding: 'utf8' }).stdout.trim().split('\n');
    expect([...new Set(events.map((e) => e.commit))]).toEqual(native);
    expect(native.length).toBeGreaterThan(20);
    const merges = spawnSync('git', ['rev-list', '--merges', '--count', 'HEAD'], { cwd: registry.dir, encoding: 'utf8' }).stdout.trim();
    expect(Number(merges)).toBeGreaterThan(100);
  }, 60_000);
});
