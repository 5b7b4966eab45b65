import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { generateHistory, MERGE_SHAPES } from './helpers/generated-history.js';
import { commit, git, tempDir } from './helpers/temp-repo.js';
import { HistoryCacheDirectory } from '../src/history/history-cache.js';
import { historyWindow } from '../src/history/history-window.js';
import { readHistory, type HistoryQuery } from '../src/history/read-history.js';
import { Registry } from '../src/registry/registry.js';
import { NativeGitRepository } from '../src/git/native-git-repository.js';

/** Opens the registry on the native path, or on the pure one as MODELREG_NATIVE_GIT=0 does. */
async function open(dir: string, native: boolean): Promise<Registry> {
  if (native) return Registry.open(dir);
  process.env.MODELREG_NATIVE_GIT = '0';
  try {
    return await Registry.open(dir);
  } finally {
    delete process.env.MODELREG_NATIVE_GIT;
  }
}

/**
 * A history stored at one head and extended to the next is what a cold
 * computation at the next head says, at every step of a merge-heavy history:
 * per model and for the whole registry, on both paths.
 */
describe('history cache extended from an ancestor head', () => {
  const history = generateHistory(4, 22, 3);
  // Topological order: mostly a head and its child, sometimes a feature tip then main moving on without it,
  // or a merge taking the tip as its second parent (the tip's commits land anew).
  const steps = git(history.dir, 'rev-list', '--reverse', '--topo-order', 'main').split('\n');

  it('covers every merge shape', () => {
    expect(MERGE_SHAPES.filter((s) => !history.shapes.has(s))).toEqual([]);
  });

  for (const native of [true, false]) {
    it(
      `equals a cold computation at every step (${native ? 'native git' : 'MODELREG_NATIVE_GIT=0'})`,
      { timeout: 240_000 },
      async () => {
        const registry = await open(history.dir, native);
        expect(registry.git instanceof NativeGitRepository).toBe(native);
        const cache = new HistoryCacheDirectory(join(tempDir(), 'history'));
        const queries: HistoryQuery[] = [{}, ...history.models.map((model) => ({ model }))];
        let extended = 0;
        let previous: string | undefined;
        for (const head of steps) {
          const policy = await (await registry.at(head)).policy();
          if (previous !== undefined && (await historyWindow(registry.git, previous, head))) extended++;
          for (const query of queries) {
            const warm = await readHistory(registry, head, policy, query, cache);
            expect({ head, query, events: warm }).toEqual({
              head,
              query,
              events: await readHistory(registry, head, policy, query),
            });
          }
          previous = head;
        }
        // Both kinds of step happen: extended ones and recomputed ones.
        expect(extended).toBeGreaterThan(steps.length / 2);
        expect(extended).toBeLessThan(steps.length - 1);
      },
    );
  }
});

describe('when the stored history is extended and when it is recomputed', () => {
  const model = 'model0';
  const setup = () => {
    const { dir } = generateHistory(3, 6, 2);
    return dir;
  };
  const marked = new Set<string>();
  /** Marks every event stored in a cache file (the directory's only one, or the file named): a marked answer was extended from the store, an unmarked one recomputed. */
  const markStored = (path: string) => {
    const file = path.endsWith('.json') ? path : join(path, readdirSync(path)[0]!);
    marked.add(file.split('/').pop()!);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { events: { subject: string }[] };
    for (const event of stored.events) event.subject = `stored: ${event.subject}`;
    writeFileSync(file, JSON.stringify(stored));
  };
  const read = async (repo: string, cacheDir: string, query: HistoryQuery = { model }) => {
    const registry = await Registry.open(repo);
    const view = await registry.at('HEAD');
    return readHistory(registry, view.commit!, await view.policy(), query, new HistoryCacheDirectory(cacheDir));
  };

  it('extends a history to a child commit: the new events first, the stored ones reused as they are', async () => {
    const repo = setup();
    const cacheDir = join(tempDir(), 'history');
    for (const [query, version] of [
      [{ model }, '9.0.0'],
      [{}, '9.1.0'],
    ] as const) {
      const before = await read(repo, cacheDir, query);
      markStored(
        join(
          cacheDir,
          readdirSync(cacheDir).find((f) => !marked.has(f))!,
        ),
      );
      commit(repo, { [versionPath(model, version)]: versionYaml(version) }, `register ${version}`);
      const after = await read(repo, cacheDir, query);
      expect(after[0]).toMatchObject({ model, version, type: 'register' });
      expect(after.slice(1).map((e) => e.subject)).toEqual(before.map((e) => `stored: ${e.subject}`));
      expect(after.map(({ subject: _, ...e }) => e)).toEqual(
        (await read(repo, join(tempDir(), 'cold'), query)).map(({ subject: _, ...e }) => e),
      );
    }
  });

  it('recomputes when a merge drops earlier commits of the model from its history (the merge kept the branch copy)', async () => {
    const repo = setup();
    const cacheDir = join(tempDir(), 'history');
    git(repo, 'checkout', '-q', '-b', 'side');
    commit(
      repo,
      { [versionPath(model, '1.0.0')]: versionYaml('1.0.0', { stage: 'staging', extra: 'description: side\n' }) },
      'side change',
    );
    git(repo, 'checkout', '-q', 'main');
    commit(
      repo,
      { [versionPath(model, '1.0.0')]: versionYaml('1.0.0', { stage: 'production', extra: 'description: main\n' }) },
      'main change',
    );
    const before = await read(repo, cacheDir);
    expect(before[0]!.subject).toBe('main change');
    markStored(cacheDir);
    // Resolved to the side's copy: git log -- models/model0 follows the side only, so "main change" leaves the history.
    try {
      git(repo, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #99 from acme/side', 'side');
    } catch {
      git(repo, 'checkout', '--theirs', '--', versionPath(model, '1.0.0'));
      git(repo, 'add', '--', versionPath(model, '1.0.0'));
      git(repo, 'commit', '-q', '--no-edit');
    }
    const after = await read(repo, cacheDir);
    expect(after.some((e) => e.subject.startsWith('stored: '))).toBe(false);
    expect(after.map((e) => e.subject)).not.toContain('main change');
    expect(after).toEqual(await read(repo, join(tempDir(), 'cold')));
  });

  it('recomputes when equal commit times put the stored head before a new commit in git log order', async () => {
    const repo = setup();
    const caches = [{ model }, {}].map((query) => ({ query, dir: join(tempDir(), 'history') }));
    const head = commit(
      repo,
      {
        [versionPath(model, '1.0.0')]: versionYaml('1.0.0', { stage: 'staging', extra: 'description: stored head\n' }),
      },
      'the stored head',
    );
    const headDate = git(repo, 'log', '-1', '--format=%cd', '--date=raw');
    const sameTime = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: repo,
        env: { ...process.env, GIT_AUTHOR_DATE: headDate, GIT_COMMITTER_DATE: headDate },
      });
    for (const { query, dir } of caches) {
      await read(repo, dir, query);
      markStored(dir);
    }
    git(repo, 'checkout', '-q', '-b', 'same-second');
    writeFileSync(
      join(repo, versionPath(model, '1.1.0')),
      versionYaml('1.1.0', { stage: 'staging', extra: 'description: same second\n' }),
    );
    sameTime('commit', '-q', '-am', 'a commit in the same second');
    git(repo, 'checkout', '-q', 'main');
    // The merge changes the model itself, so its walk follows both parents, and the stored head (first parent, same second) is taken first.
    git(repo, 'merge', '-q', '--no-ff', '--no-commit', 'same-second');
    commit(
      repo,
      {
        [versionPath(model, '1.0.0')]: versionYaml('1.0.0', {
          stage: 'production',
          extra: 'description: in the merge\n',
        }),
      },
      'Merge pull request #98 from acme/same-second',
    );
    const merged = git(repo, 'rev-parse', 'HEAD');
    expect(await historyWindow((await Registry.open(repo)).git, head, merged)).toBeUndefined();
    for (const { query, dir } of caches) {
      const after = await read(repo, dir, query);
      const cold = await read(repo, join(tempDir(), 'cold'), query);
      expect([...new Set(cold.map((e) => e.subject))].slice(0, 3)).toEqual([
        'Merge pull request #98 from acme/same-second',
        'the stored head',
        'a commit in the same second',
      ]);
      expect(after.map((e) => e.commit)).toEqual(cold.map((e) => e.commit));
      expect(after.some((e) => e.subject.startsWith('stored: '))).toBe(false);
      expect(after).toEqual(cold);
    }
  });

  it('keeps histories of different stage orders apart when a commit renames a stage', async () => {
    const repo = setup();
    const cacheDir = join(tempDir(), 'history');
    await read(repo, cacheDir);
    commit(repo, { 'registry.yaml': templatePolicy().replace(/staging/g, 'canary') }, 'rename staging to canary');
    commit(repo, { [versionPath(model, '1.1.0')]: versionYaml('1.1.0', { stage: 'canary' }) }, 'into canary');
    const after = await read(repo, cacheDir);
    expect(after[0]).toMatchObject({ subject: 'into canary' });
    expect(after).toEqual(await read(repo, join(tempDir(), 'cold')));
  });
});
