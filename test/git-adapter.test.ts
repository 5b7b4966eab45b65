import { describe, expect, it } from 'vitest';
import { IsomorphicGitRepository } from '../src/git/isomorphic-git-repository.js';
import { commit, createRepo, git } from './helpers/temp-repo.js';

const encode = (text: string) => new TextEncoder().encode(text) as Uint8Array;

describe('IsomorphicGitRepository against native git', () => {
  it('commitFiles builds the same tree native git builds for the same edits', async () => {
    const files = {
      'a.txt': 'a\n',
      'models/x/model.yaml': 'name: x\n',
      'models/y/versions/1.0.0.yaml': 'v\n',
      'z/deep/file': 'z\n',
    };
    const ours = createRepo(files);
    const theirs = createRepo(files);
    const repo = new IsomorphicGitRepository(ours);
    const parent = git(ours, 'rev-parse', 'HEAD');
    await repo.commitFiles({
      ref: 'refs/heads/main',
      parent,
      edits: new Map<string, Uint8Array | null>([
        ['models/x/versions/2.0.0.yaml', encode('new\n')],
        ['models/y/versions/1.0.0.yaml', encode('changed\n')],
        ['z/deep/file', null],
        ['a.txt', null],
      ]),
      message: 'edit',
      author: { name: 'T', email: 't@example.com' },
      when: new Date('2026-01-01T00:00:00Z'),
      updateWorktree: true,
    });
    commit(theirs, {
      'models/x/versions/2.0.0.yaml': 'new\n',
      'models/y/versions/1.0.0.yaml': 'changed\n',
      'z/deep/file': null,
      'a.txt': null,
    });
    expect(git(ours, 'rev-parse', 'HEAD^{tree}')).toBe(git(theirs, 'rev-parse', 'HEAD^{tree}'));
    expect(git(ours, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(git(ours, 'fsck', '--strict')).toBe('');
  });

  it('refuses to move a branch that moved meanwhile', async () => {
    const dir = createRepo({ 'a.txt': 'a' });
    const stale = git(dir, 'rev-parse', 'HEAD');
    commit(dir, { 'b.txt': 'b' });
    const repo = new IsomorphicGitRepository(dir);
    await expect(
      repo.commitFiles({
        ref: 'refs/heads/main',
        parent: stale,
        edits: new Map([['c.txt', encode('c')]]),
        message: 'late',
        author: { name: 'T', email: 't@example.com' },
        when: new Date(),
        updateWorktree: false,
      }),
    ).rejects.toMatchObject({ code: 'CONCURRENT_UPDATE' });
    expect(git(dir, 'log', '--format=%s')).toBe('change\ninitial');
  });

  it('resolves refs with ~N and ^N, tags and abbreviated ids like git rev-parse', async () => {
    const dir = createRepo({ 'a.txt': '1' });
    commit(dir, { 'a.txt': '2' });
    git(dir, 'checkout', '-q', '-b', 'side', 'HEAD~1');
    commit(dir, { 'b.txt': 'side' });
    git(dir, 'checkout', '-q', 'main');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'merge side', 'side');
    git(dir, 'tag', '-a', 'v1', '-m', 'tag', 'HEAD~1');
    const repo = new IsomorphicGitRepository(dir);
    for (const spec of ['HEAD', 'HEAD~1', 'HEAD^2', 'HEAD^2~1', 'main~2', 'v1', 'side']) {
      expect({ spec, oid: await repo.resolveCommit(spec) }).toEqual({
        spec,
        oid: git(dir, 'rev-parse', `${spec}^{commit}`),
      });
    }
    const head = git(dir, 'rev-parse', 'HEAD');
    expect(await repo.resolveCommit(head.slice(0, 8))).toBe(head);
    await expect(repo.resolveCommit('HEAD~9')).rejects.toMatchObject({ code: 'REF_NOT_FOUND' });
    await expect(repo.resolveCommit('nope')).rejects.toMatchObject({ code: 'REF_NOT_FOUND' });
  });
});
