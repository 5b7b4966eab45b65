/**
 * The repository's tree cache is bounded (it is cleared when full): reads that
 * overlap while it fills and clears must still answer. On a large registry
 * (110,000 files) `list --json` failed with an internal error here.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { IsomorphicGitRepository } from '../src/git/isomorphic-git-repository.js';
import { NativeGitRepository } from '../src/git/native-git-repository.js';
import { emptyRepo, git } from './helpers/temp-repo.js';

/** One commit with `count` model directories, written by git fast-import (seconds, not minutes). */
function manyTrees(count: number): string {
  const dir = emptyRepo();
  const lines = ['commit refs/heads/main', 'committer T <t@example.com> 1700000000 +0000', 'data 5', 'many'];
  for (let i = 0; i < count; i++) {
    const text = `name: m${i}\n`;
    lines.push(`M 100644 inline models/m${i}/model.yaml`, `data ${Buffer.byteLength(text)}`, text);
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: `${lines.join('\n')}\n` });
  git(dir, 'checkout', '-q', 'main');
  return dir;
}

describe('the bounded tree cache', () => {
  it('answers every overlapping tree read while it fills past its bound and clears, on both adapters', async () => {
    const dir = manyTrees(4_200);
    const trees = git(dir, 'ls-tree', '-d', 'HEAD:models')
      .split('\n')
      .map((line) => line.split(/\s+/)[2]!);
    expect(trees).toHaveLength(4_200);
    for (const repository of [new NativeGitRepository(dir), new IsomorphicGitRepository(dir)]) {
      const indexes = await Promise.all(trees.map((oid) => repository.readTreeIndex(oid)));
      expect(indexes.every((index) => index.get('model.yaml')?.type === 'blob')).toBe(true);
    }
  }, 120_000);
});
