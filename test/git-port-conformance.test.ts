/**
 * One suite, both GitPort adapters: native git and isomorphic-git must give
 * the same answer to every question, on repositories built with native git
 * in the shapes history gets wrong most easily. Where git itself can be asked
 * (`git log`, `git rev-list`, `git rev-parse`), the answer is also git's.
 */
import { describe, expect, it } from 'vitest';
import type { GitPort } from '../src/git/git-port.js';
import { IsomorphicGitRepository } from '../src/git/isomorphic-git-repository.js';
import { NativeGitRepository } from '../src/git/native-git-repository.js';
import { commit, createRepo, git, tempDir } from './helpers/temp-repo.js';

const ADAPTERS = {
  native: (dir: string): GitPort => new NativeGitRepository(dir),
  pure: (dir: string): GitPort => new IsomorphicGitRepository(dir),
};

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const oid of iterable) all.push(oid);
  return all;
}

/** Every history answer of one adapter for `paths`, errors as their codes. */
async function answers(git: GitPort, head: string, paths: readonly string[], dates: readonly Date[]) {
  const settle = async <T>(work: () => Promise<T>) =>
    work().then(
      (value) => ({ value }),
      (error: { code?: string; message?: string }) => ({ error: error.code ?? error.message }),
    );
  const perPath = [];
  for (const path of paths) {
    perPath.push({
      path,
      log: await settle(() => git.logWithChanges(head, path)),
      everyParent: await settle(async () =>
        (await git.logAgainstEveryParent(head, path)).sort((a, b) => (a.commit.oid < b.commit.oid ? -1 : 1)),
      ),
      firstParent: await settle(() => collect(git.firstParentLog(head, path))),
    });
  }
  return {
    perPath,
    graph: await settle(async () => [...(await git.parentGraph(head))].sort()),
    at: await Promise.all(dates.map((d) => settle(() => git.firstParentCommitAt(head, d)))),
  };
}

/** Both adapters answer alike, and their logs list the commits native `git log` lists. */
async function expectConformance(dir: string, paths: readonly string[], dates: readonly Date[] = []) {
  const head = git(dir, 'rev-parse', 'HEAD');
  const [native, pure] = await Promise.all([
    answers(ADAPTERS.native(dir), head, paths, dates),
    answers(ADAPTERS.pure(dir), head, paths, dates),
  ]);
  expect(pure).toEqual(native);
  for (const { path, log, firstParent } of native.perPath) {
    if ('value' in log) {
      expect({ path, log: log.value.map((c) => c.commit.oid) }).toEqual({
        path,
        log: lines(git(dir, 'log', '--format=%H', head, '--', path)),
      });
    }
    if ('value' in firstParent) {
      expect({ path, firstParent: firstParent.value }).toEqual({
        path,
        firstParent: lines(git(dir, 'log', '--first-parent', '--format=%H', head, '--', path)),
      });
    }
  }
  return native;
}

describe('GitPort conformance: native git and isomorphic-git give the same answers', () => {
  it('on a merge where both parents changed the same path, resolved with content neither had', async () => {
    const dir = createRepo({ 'models/a/model.yaml': 'name: a\n', 'models/b/model.yaml': 'name: b\n' });
    git(dir, 'checkout', '-q', '-b', 'side');
    commit(dir, { 'models/a/model.yaml': 'name: a\nside: 1\n', 'models/b/v.yaml': 'b\n' }, 'side');
    git(dir, 'checkout', '-q', 'main');
    commit(dir, { 'models/a/model.yaml': 'name: a\nmain: 1\n' }, 'main');
    execMergeWithResolution(dir, 'side', { 'models/a/model.yaml': 'name: a\nboth: 1\n' });
    // A --no-ff merge whose two sides changed the same model directory, each a different file.
    git(dir, 'checkout', '-q', '-b', 'other');
    commit(dir, { 'models/b/model.yaml': 'name: b\nother: 1\n' }, 'other');
    git(dir, 'checkout', '-q', 'main');
    commit(dir, { 'models/b/v.yaml': 'b2\n' }, 'main b');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'merge other', 'other');
    const result = await expectConformance(dir, ['models', 'models/a', 'models/b', 'models/a/model.yaml']);
    // The resolution is the merge's own change, with every parent's blob.
    const a = result.perPath.find((p) => p.path === 'models/a')!.log;
    const merge = 'value' in a ? a.value.find((c) => c.commit.parents.length === 2) : undefined;
    expect(merge?.changes.map((c) => [c.path, c.parentIds.length])).toEqual([['models/a/model.yaml', 2]]);
  });

  it('on criss-cross merges', async () => {
    const dir = createRepo({ 'models/m/model.yaml': 'name: m\n' });
    git(dir, 'branch', 'side');
    commit(dir, { 'models/m/v1.yaml': 'main\n' }, 'main 1');
    git(dir, 'checkout', '-q', 'side');
    commit(dir, { 'models/m/v2.yaml': 'side\n' }, 'side 1');
    const sideTip = git(dir, 'rev-parse', 'HEAD');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'side takes main', 'main');
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'main takes side', sideTip);
    commit(dir, { 'models/m/v1.yaml': 'main again\n' }, 'main 2');
    git(dir, 'checkout', '-q', 'side');
    commit(dir, { 'models/m/v2.yaml': 'side again\n' }, 'side 2');
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'criss-cross', 'side');
    await expectConformance(dir, ['models', 'models/m', 'models/m/v1.yaml', 'models/m/v2.yaml']);
  });

  it('on a renamed model directory (no rename detection: a delete and an add)', async () => {
    const dir = createRepo({ 'models/old/model.yaml': 'name: old\n', 'models/old/versions/1.0.0.yaml': 'v\n' });
    git(dir, 'mv', 'models/old', 'models/new');
    git(dir, 'commit', '-qm', 'rename');
    commit(dir, { 'models/new/versions/1.0.0.yaml': 'v2\n' }, 'edit');
    const result = await expectConformance(dir, ['models', 'models/old', 'models/new']);
    const log = result.perPath.find((p) => p.path === 'models')!.log;
    const rename = 'value' in log ? log.value.find((c) => c.commit.message.startsWith('rename')) : undefined;
    expect(rename?.changes.map((c) => `${c.kind} ${c.path}`)).toEqual([
      'added models/new/model.yaml',
      'added models/new/versions/1.0.0.yaml',
      'deleted models/old/model.yaml',
      'deleted models/old/versions/1.0.0.yaml',
    ]);
  });

  it('on an empty repository: no HEAD, nothing to resolve', async () => {
    const dir = createRepo({});
    for (const make of Object.values(ADAPTERS)) {
      const repo = make(dir);
      expect(await repo.head()).toBeUndefined();
      await expect(repo.resolveCommit('HEAD')).rejects.toMatchObject({ code: 'REF_NOT_FOUND' });
    }
  });

  it('at a shallow clone boundary: the oldest commit is a root, and history past it is refused alike', async () => {
    const origin = createRepo({ 'models/m/model.yaml': 'name: m\n', 'models/n/model.yaml': 'name: n\n' });
    commit(origin, { 'models/m/model.yaml': 'name: m\nx: 1\n' });
    commit(origin, { 'models/m/model.yaml': 'name: m\nx: 2\n' });
    commit(origin, { 'other.txt': 'o\n' });
    const clone = `${tempDir()}/clone`;
    git(origin, 'clone', '-q', '--depth', '2', `file://${origin}`, clone);
    const result = await expectConformance(
      clone,
      ['models', 'models/m', 'other.txt'],
      [new Date('2020-01-01T00:00:00Z'), new Date('2100-01-01T00:00:00Z')],
    );
    expect(result.perPath.find((p) => p.path === 'models/m')!.log).toEqual({ error: 'SHALLOW_CLONE' });
    expect(result.perPath.find((p) => p.path === 'other.txt')!.log).toMatchObject({ value: [{}] });
    const graph = 'value' in result.graph ? result.graph.value : [];
    expect(graph.map(([, parents]) => parents.length).sort()).toEqual([0, 1]);
  });

  it('resolves annotated tags, tags of tags and suffixes to the commit git names', async () => {
    const dir = createRepo({ 'a.txt': '1\n' });
    commit(dir, { 'a.txt': '2\n' });
    git(dir, 'tag', '-a', 'v1', '-m', 'one', 'HEAD~1');
    git(dir, 'tag', '-a', 'v1-again', '-m', 'tag of a tag', 'v1');
    git(dir, 'tag', 'light', 'HEAD');
    const tree = git(dir, 'rev-parse', 'HEAD^{tree}');
    for (const make of Object.values(ADAPTERS)) {
      const repo = make(dir);
      for (const spec of ['v1', 'v1-again', 'light', 'light~1', 'v1-again^0', 'main']) {
        expect({ spec, oid: await repo.resolveCommit(spec) }).toEqual({
          spec,
          oid: git(dir, 'rev-parse', `${spec}^{commit}`),
        });
      }
      await expect(repo.resolveCommit(tree)).rejects.toMatchObject({ code: 'NOT_A_COMMIT' });
    }
  });

  it('finds no commit at a date before the first commit, and the newest one at or before any later date', async () => {
    const dir = createRepo({ 'a.txt': '1\n' });
    commit(dir, { 'a.txt': '2\n' });
    git(dir, 'checkout', '-q', '-b', 'side', 'HEAD~1');
    commit(dir, { 'b.txt': 'side\n' });
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'merge', 'side');
    const times = lines(git(dir, 'log', '--format=%ct')).map(Number);
    const dates = [Math.min(...times) - 1, ...times, Math.max(...times) + 1].map((t) => new Date(t * 1000));
    const result = await expectConformance(dir, ['a.txt', 'b.txt'], dates);
    expect(result.at[0]).toEqual({ value: undefined });
    for (const [i, date] of dates.entries()) {
      const expected = lines(
        git(dir, 'rev-list', '--first-parent', '-1', `--until=@${date.getTime() / 1000}`, 'HEAD'),
      )[0];
      expect(result.at[i]).toEqual({ value: expected });
    }
  });
});

/** Merges `branch` with a conflict resolved by writing `files`. */
function execMergeWithResolution(dir: string, branch: string, files: Record<string, string>): void {
  try {
    git(dir, 'merge', '-q', '--no-ff', '-m', `merge ${branch}`, branch);
  } catch {
    // The conflict this test wants: resolved by hand.
  }
  commit(dir, files, `merge ${branch}`);
}
