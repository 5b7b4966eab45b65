import { describe, expect, it } from 'vitest';
import { IsomorphicGitRepository } from '../src/git/isomorphic-git-repository.js';
import { generateHistory } from './helpers/generated-history.js';
import { runCli } from './helpers/run-cli.js';
import { git } from './helpers/temp-repo.js';

/** The native fast path must give exactly the answers of the pure isomorphic-git path. */
describe('native git fast path = isomorphic-git path', () => {
  const history = generateHistory(11, 25);

  it('reads every commit, tree and blob identically', async () => {
    const pure = new IsomorphicGitRepository(history.dir);
    const fast = new IsomorphicGitRepository(history.dir);
    fast.useNativeReads();
    for (const oid of git(history.dir, 'rev-list', '--all').split('\n')) {
      const commit = await pure.readCommit(oid);
      expect(await fast.readCommit(oid)).toEqual(commit);
      const stack = [commit.tree];
      while (stack.length > 0) {
        const tree = stack.pop()!;
        const entries = await pure.readTree(tree);
        expect(await fast.readTree(tree)).toEqual(entries);
        for (const e of entries) {
          if (e.type === 'tree') stack.push(e.oid);
          else expect(Buffer.from(await fast.readBlob(e.oid)).equals(Buffer.from(await pure.readBlob(e.oid)))).toBe(true);
        }
      }
    }
  });

  it('answers history, audit, time travel, lineage and list identically', async () => {
    const commands = [
      ['history', '--format', 'json'],
      ...history.models.map((m) => ['history', m, '--format', 'json']),
      ['audit', '--format', 'json'],
      ['list', '--json'],
      ['list', '--json', '--at', '2026-01-01T02:00:00Z'],
      ['lineage', `${history.models[0]}@1.0.0`, '--format', 'json'],
      ['validate', '--all', '--format', 'json'],
    ];
    for (const args of commands) {
      const fast = await runCli(history.dir, args);
      process.env.MODELREG_NATIVE_GIT = '0';
      try {
        const pure = await runCli(history.dir, args);
        expect({ args, fast: fast.stdout, code: fast.code }).toEqual({ args, fast: pure.stdout, code: pure.code });
      } finally {
        delete process.env.MODELREG_NATIVE_GIT;
      }
    }
  });
});
