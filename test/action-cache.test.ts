import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateRegistry } from '../bench/generate-registry.js';
import { modelregCacheKeys, reuseLines } from '../src/actions/modelreg-cache.js';
import { FakeActionsCache } from './helpers/fake-actions-cache.js';
import { FakeGitHub } from './helpers/fake-github.js';
import { runAction } from './helpers/run-action.js';
import { commit, git, tempDir } from './helpers/temp-repo.js';

const SIZE = { name: 'cache', models: 30, versionsPerModel: 3, commits: 120 };

let github: FakeGitHub;
let cache: FakeActionsCache;
beforeAll(async () => {
  github = await FakeGitHub.start();
  cache = await FakeActionsCache.start();
});
afterAll(async () => {
  await github.close();
  await cache.close();
});
afterEach(() => {
  cache.entries.length = 0;
  cache.requests.length = 0;
  cache.twirpStatus = cache.uploadStatus = cache.corruptDownload = undefined;
  github.pulls.clear();
  github.commitPulls.clear();
  expect(cache.violations.splice(0)).toEqual([]);
  expect(github.violations.splice(0)).toEqual([]);
});

/** A generated registry, and a PR merge that registers one more version of `model` (development needs no approval). */
async function registryWithMerge(): Promise<{
  dir: string;
  push: (model: string, pr: number) => { before: string; after: string };
}> {
  const { dir } = await generateRegistry(join(tempDir(), 'registry'), SIZE);
  const push = (model: string, pr: number) => {
    const before = git(dir, 'rev-parse', 'HEAD');
    const after = commit(
      dir,
      {
        [`models/${model}/versions/9.${pr}.0.yaml`]: `version: 9.${pr}.0\nstage: development\ncreated: 2024-06-01T00:00:00Z\ncreated_by: bench@example.com\nartifacts:\n  model:\n    uri: s3://bench/${model}/9.${pr}.0/model.onnx\n    digest: sha256:${'ab'.repeat(32)}\n`,
      },
      `Merge pull request #${pr} from acme/register`,
    );
    github.pulls.set(pr, {
      number: pr,
      author: 'dana',
      headSha: 'c'.repeat(40),
      headRef: 'register',
      baseRef: 'main',
      reviews: [],
      mergedAt: '2026-01-01T00:00:00Z',
      mergeCommitSha: after,
    });
    github.commitPulls.set(after, [pr]);
    return { before, after };
  };
  return { dir, push };
}

function pushCheck(
  dir: string,
  push: { before: string; after: string },
  env: Record<string, string>,
  inputs: Record<string, string> = {},
) {
  return runAction({
    action: 'validate',
    workspace: dir,
    eventName: 'push',
    event: { ...push, ref: 'refs/heads/main' },
    apiUrl: github.url,
    inputs: { record: 'false', ...inputs },
    env,
  });
}

/** A fresh runner: the checkout has no .git/modelreg. */
function freshRunner(dir: string): void {
  rmSync(join(dir, '.git', 'modelreg'), { recursive: true, force: true });
}

describe('the validation action keeps .git/modelreg in the Actions cache between push runs', () => {
  it('runs the first push cold and saves; a later push on a fresh runner restores the nearest earlier entry and re-checks only the changed model', async () => {
    const { dir, push } = await registryWithMerge();
    const first = push('m0003', 1);
    const cold = await pushCheck(dir, first, cache.env());
    expect(cold.code, cold.stdout).toBe(0);
    expect(cold.outputs.verdict).toBe('pass');
    const firstKey = modelregCacheKeys('.', 'validate', first.after).key;
    expect(cold.stdout).toContain(
      'modelreg cache: nothing to restore under modelreg-0.1.0-.:validate-*; running cold.',
    );
    expect(cold.stdout).toContain(`modelreg cache: saved .git/modelreg as ${firstKey}`);
    expect(cache.entries.map((e) => [e.key, e.finalized])).toEqual([[firstKey, true]]);

    freshRunner(dir);
    const second = push('m0007', 2);
    const warm = await pushCheck(dir, second, cache.env());
    expect(warm.code, warm.stdout).toBe(0);
    expect(warm.outputs.verdict).toBe('pass');
    expect(warm.stdout).toContain(`Cache hit for restore-key: ${firstKey}`);
    expect(warm.stdout).toContain(`modelreg cache: restored .git/modelreg from ${firstKey}`);
    // One model changed since the entry was saved: the other 29 models' findings are served from it.
    expect(warm.stdout).toContain(`modelreg cache: full-validation: 29 of 30 models' findings from the restored cache`);
    expect(warm.stdout).toContain(
      `modelreg cache: saved .git/modelreg as ${modelregCacheKeys('.', 'validate', second.after).key}`,
    );
    // The warm answer is the cold one.
    freshRunner(dir);
    expect(warm.summary).toBe((await pushCheck(dir, second, {}, { cache: 'false' })).summary);

    // A re-run of the same push finds its own entry and has nothing new to save.
    freshRunner(dir);
    const rerun = await pushCheck(dir, second, cache.env());
    expect(rerun.stdout).toContain(`Cache hit for: ${modelregCacheKeys('.', 'validate', second.after).key}`);
    expect(rerun.stdout).toContain(
      `modelreg cache: full-validation: 30 of 30 models' findings from the restored cache`,
    );
    expect(rerun.stdout).toContain('is already saved');
    expect(cache.entries).toHaveLength(2);
    expect(cache.requests.filter((r) => r.startsWith('PUT'))).toHaveLength(2);
  }, 120_000);

  it('without a cache service, or with cache: false, logs once and runs cold with the same verdict', async () => {
    const { dir, push } = await registryWithMerge();
    const first = push('m0003', 1);
    const without = await pushCheck(dir, first, {});
    expect(without.outputs.verdict).toBe('pass');
    expect(without.stdout.match(/modelreg cache:/g)).toHaveLength(1);
    expect(without.stdout).toContain(
      'modelreg cache: no Actions cache service here (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL is not set); running cold.',
    );
    const off = await pushCheck(dir, first, cache.env(), { cache: 'false' });
    expect(off.outputs.verdict).toBe('pass');
    expect(off.stdout).not.toContain('modelreg cache:');
    expect(cache.requests).toEqual([]);
  }, 60_000);

  it('a service that refuses, an upload storage rejects and a damaged download never fail the check', async () => {
    const { dir, push } = await registryWithMerge();
    const first = push('m0003', 1);
    cache.twirpStatus = 400;
    const refused = await pushCheck(dir, first, cache.env());
    expect(refused.code, refused.stdout).toBe(0);
    expect(refused.outputs.verdict).toBe('pass');
    expect(refused.stdout).toContain('nothing to restore');
    expect(refused.stdout).not.toContain('modelreg cache: saved');

    cache.twirpStatus = undefined;
    cache.uploadStatus = 403;
    freshRunner(dir);
    const rejected = await pushCheck(dir, first, cache.env());
    expect(rejected.outputs.verdict).toBe('pass');
    expect(rejected.stdout).not.toContain('modelreg cache: saved');
    expect(cache.entries.filter((e) => e.finalized)).toEqual([]);

    // The rejected upload's reservation stays, as the service keeps it: the next push saves under its own key.
    cache.uploadStatus = undefined;
    freshRunner(dir);
    const second = push('m0004', 2);
    const saved = await pushCheck(dir, second, cache.env());
    expect(saved.stdout).toContain('modelreg cache: saved');
    cache.corruptDownload = Buffer.from('not a tar archive');
    freshRunner(dir);
    const damaged = await pushCheck(dir, second, cache.env());
    expect(damaged.code, damaged.stdout).toBe(0);
    expect(damaged.outputs.verdict).toBe('pass');
    expect(damaged.stdout).toContain('Failed to restore');
    expect(damaged.summary).toBe(saved.summary);
    // A restore that failed half-way is a cold run: every model's findings computed again.
    expect(existsSync(join(dir, '.git', 'modelreg', 'full-validation.json'))).toBe(true);
  }, 120_000);
});

describe('the catalog action keeps .git/modelreg in the Actions cache', () => {
  it('restores its own nearest earlier entry, not the push check one, and reads again only the files that changed', async () => {
    const { dir, push } = await registryWithMerge();
    const first = push('m0003', 1);
    await pushCheck(dir, first, cache.env());
    freshRunner(dir);
    const build = (sha: string) =>
      runAction({
        action: 'catalog',
        workspace: dir,
        eventName: 'push',
        event: {},
        apiUrl: github.url,
        sha,
        inputs: { out: join(tempDir(), 'site') },
        env: cache.env(),
      });
    const cold = await build(first.after);
    expect(cold.code, cold.stdout).toBe(0);
    expect(cold.stdout).toContain('modelreg cache: nothing to restore under modelreg-0.1.0-.:catalog-*; running cold.');
    expect(cold.stdout).toContain(
      `modelreg cache: saved .git/modelreg as ${modelregCacheKeys('.', 'catalog', first.after).key}`,
    );
    freshRunner(dir);
    const second = push('m0007', 2);
    const warm = await build(second.after);
    expect(warm.code, warm.stdout).toBe(0);
    expect(warm.stdout).toContain(`Cache hit for restore-key: ${modelregCacheKeys('.', 'catalog', first.after).key}`);
    // One file is new since: every other parsed file comes from the restored cache.
    const [, reused, total] =
      /modelreg cache: parse-cache: (\d+) of (\d+) parsed files from the restored cache/.exec(warm.stdout) ?? [];
    expect(Number(reused)).toBe(Number(total) - 1);
    expect(Number(total)).toBeGreaterThan(60);
  }, 120_000);
});

describe('cache keys', () => {
  it('end the registry path where no path can continue it, and hold no commas', () => {
    expect(modelregCacheKeys('registry', 'validate', 'abc', '1.2.3')).toEqual({
      key: 'modelreg-1.2.3-registry:validate-abc',
      restoreKeys: ['modelreg-1.2.3-registry:validate-'],
    });
    const other = modelregCacheKeys('registry:validate-x', 'validate', 'abc', '1.2.3');
    expect(other.key.startsWith(modelregCacheKeys('registry', 'validate', 'abc', '1.2.3').restoreKeys[0]!)).toBe(false);
    expect(
      modelregCacheKeys('registry-2', 'validate', 'abc', '1.2.3').key.startsWith(
        modelregCacheKeys('registry', 'validate', 'abc', '1.2.3').restoreKeys[0]!,
      ),
    ).toBe(false);
    expect(modelregCacheKeys('a,b%c', 'catalog', 'abc', '1').key).toBe('modelreg-1-a%2Cb%25c:catalog-abc');
  });

  it('count as served only the entries present both after the restore and after the run', () => {
    const restored = new Map([['full-validation\0f1', new Set(['a', 'b', 'c'])]]);
    expect(reuseLines(restored, new Map([['full-validation\0f1', new Set(['a', 'b', 'd'])]]))).toEqual([
      "full-validation: 2 of 3 models' findings from the restored cache",
    ]);
    // Entries of another format (another modelreg's rules) were not served.
    expect(reuseLines(restored, new Map([['full-validation\0f2', new Set(['a'])]]))).toEqual([
      "full-validation: 0 of 1 models' findings from the restored cache",
    ]);
  });
});
