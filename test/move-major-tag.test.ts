/**
 * The major tag `uses: modelreg/modelreg@v1` resolves to, moved by the release workflow's last step: real
 * repositories, pushed to a bare remote as GitHub would receive it.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { moveMajorTag, planMajorTag } from '../scripts/move-major-tag.js';
import { commit, createRepo, git, tempDir } from './helpers/temp-repo.js';

/** A repository with a bare origin, and release tags pushed to it: one commit per tag, in order. */
function releasedRepo(...tags: string[]): { dir: string; origin: string; commits: Record<string, string> } {
  const origin = join(tempDir(), 'origin.git');
  git(tempDir(), 'init', '-q', '--bare', origin);
  const dir = createRepo({ 'dist/validate/index.mjs': 'bundle 0\n' });
  git(dir, 'remote', 'add', 'origin', origin);
  const commits: Record<string, string> = {};
  for (const [index, tag] of tags.entries()) {
    commits[tag] = commit(dir, { 'dist/validate/index.mjs': `bundle ${index + 1}\n` }, `release ${tag}`);
    git(dir, 'tag', tag);
  }
  git(dir, 'push', '-q', 'origin', 'HEAD:refs/heads/main', '--tags');
  return { dir, origin, commits };
}

/** Where `tag` points in `repo`, peeled to its commit, or '' when it does not exist. */
function tagCommit(repo: string, tag: string): string {
  const result = spawnSync('git', ['rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`], {
    cwd: repo,
    encoding: 'utf8',
  });
  return result.stdout.trim();
}

describe('planning the major tag', () => {
  it('moves v<major> to a release that is the newest of its major, and to nothing else', () => {
    expect(planMajorTag('v1.2.0', ['v1.0.0', 'v1.1.0', 'v1.2.0'])).toMatchObject({ move: true, majorTag: 'v1' });
    expect(planMajorTag('v2.0.0', ['v1.9.0', 'v2.0.0', 'v1'])).toMatchObject({ move: true, majorTag: 'v2' });
    expect(planMajorTag('v0.2.0', ['v0.1.0'])).toMatchObject({ move: true, majorTag: 'v0' });
    // A patch of an older line, released after a newer one, leaves v1 on the newer one.
    expect(planMajorTag('v1.1.1', ['v1.1.0', 'v1.2.0', 'v1.1.1'])).toMatchObject({
      move: false,
      majorTag: 'v1',
      reason: expect.stringContaining('v1.2.0'),
    });
    // Pre-releases never become what @v1 runs, and newer pre-releases do not hold v1 back.
    expect(planMajorTag('v2.0.0-rc.1', ['v1.4.0'])).toMatchObject({ move: false, majorTag: 'v2' });
    expect(planMajorTag('v1.4.0', ['v1.5.0-rc.1'])).toMatchObject({ move: true, majorTag: 'v1' });
  });

  it('refuses a tag that is not a release tag', () => {
    for (const tag of ['v1', '1.2.0', 'v1.2', 'modelreg-v1.2.0', 'v1.2.0\nv9.9.9']) {
      expect(() => planMajorTag(tag, []), tag).toThrow(/not a release tag/);
    }
  });
});

describe('moving the major tag', () => {
  it('points v1 at the release commit and pushes it; the next release moves it forward', () => {
    const { dir, origin, commits } = releasedRepo('v1.0.0', 'v1.1.0');
    expect(moveMajorTag({ cwd: dir, releasedTag: 'v1.1.0', checkedCommit: commits['v1.1.0']! })).toMatchObject({
      move: true,
      majorTag: 'v1',
    });
    expect(tagCommit(origin, 'v1')).toBe(commits['v1.1.0']);
    expect(git(origin, 'cat-file', '-t', 'refs/tags/v1')).toBe('tag');

    const next = commit(dir, { 'dist/validate/index.mjs': 'bundle 3\n' }, 'release v1.2.0');
    git(dir, 'tag', 'v1.2.0');
    moveMajorTag({ cwd: dir, releasedTag: 'v1.2.0', checkedCommit: next });
    expect(tagCommit(origin, 'v1')).toBe(next);
  });

  it('refuses a release that is not the commit whose bundles were checked, and moves nothing', () => {
    const { dir, origin, commits } = releasedRepo('v1.0.0', 'v1.1.0');
    expect(() => moveMajorTag({ cwd: dir, releasedTag: 'v1.1.0', checkedCommit: commits['v1.0.0']! })).toThrow(
      /unchecked bundles/,
    );
    expect(() => moveMajorTag({ cwd: dir, releasedTag: 'v1.9.0', checkedCommit: commits['v1.1.0']! })).toThrow(
      /no tag v1\.9\.0/,
    );
    expect([tagCommit(dir, 'v1'), tagCommit(origin, 'v1')]).toEqual(['', '']);
  });

  it('leaves v1 on the newest release when an older line is patched, and in a dry run', () => {
    const { dir, origin, commits } = releasedRepo('v1.1.0', 'v1.2.0');
    moveMajorTag({ cwd: dir, releasedTag: 'v1.2.0', checkedCommit: commits['v1.2.0']! });
    git(dir, 'checkout', '-q', '-b', 'v1.1.x', 'v1.1.0');
    const patch = commit(dir, { 'dist/validate/index.mjs': 'bundle 1.1.1\n' }, 'release v1.1.1');
    git(dir, 'tag', 'v1.1.1');
    expect(moveMajorTag({ cwd: dir, releasedTag: 'v1.1.1', checkedCommit: patch })).toMatchObject({ move: false });
    expect(tagCommit(origin, 'v1')).toBe(commits['v1.2.0']);

    const { dir: fresh, origin: freshOrigin, commits: freshCommits } = releasedRepo('v2.0.0');
    expect(
      moveMajorTag({ cwd: fresh, releasedTag: 'v2.0.0', checkedCommit: freshCommits['v2.0.0']!, dryRun: true }),
    ).toMatchObject({ move: true, majorTag: 'v2' });
    expect([tagCommit(fresh, 'v2'), tagCommit(freshOrigin, 'v2')]).toEqual(['', '']);
  });

  it('runs as the workflow runs it, and fails with an annotation', () => {
    const { dir, origin, commits } = releasedRepo('v1.0.0');
    const run = (...args: string[]) =>
      spawnSync(
        join(process.cwd(), 'node_modules/.bin/tsx'),
        [join(process.cwd(), 'scripts/move-major-tag.ts'), ...args],
        { cwd: dir, encoding: 'utf8' },
      );
    expect(run('--tag', 'v1.0.0', '--checked', commits['v1.0.0']!)).toMatchObject({
      status: 0,
      stdout: 'moved v1 -> v1.0.0\n',
    });
    expect(tagCommit(origin, 'v1')).toBe(commits['v1.0.0']);
    expect(run('--tag', 'v1.0.0', '--checked', 'HEAD~1')).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^::error::v1\.0\.0 is [0-9a-f]{40}, but the bundles were checked on HEAD~1/),
    });
    expect(run('--tag', 'v1.0.0')).toMatchObject({ status: 2 });
  });
});
