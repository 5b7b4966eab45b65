import { describe, expect, it } from 'vitest';
import { IsomorphicGitRepository } from '../src/git/isomorphic-git-repository.js';
import { NativeGit } from '../src/git/native-git.js';
import { NativeGitRepository } from '../src/git/native-git-repository.js';
import { generateHistory } from './helpers/generated-history.js';
import { runCli } from './helpers/run-cli.js';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { GitTreeSource } from '../src/snapshot/git-tree-source.js';
import { diffSnapshots } from '../src/validate/change-set.js';
import { commit, createRepo, git, writeFiles } from './helpers/temp-repo.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';

/** The native fast path must give exactly the answers of the pure isomorphic-git path. */
describe('native git fast path = isomorphic-git path', () => {
  const history = generateHistory(11, 25);

  it('reads every commit, tree and blob identically', async () => {
    const pure = new IsomorphicGitRepository(history.dir);
    const fast = new NativeGitRepository(history.dir);
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
          else
            expect(Buffer.from(await fast.readBlob(e.oid)).equals(Buffer.from(await pure.readBlob(e.oid)))).toBe(true);
        }
      }
    }
  });

  it('finds the same changed files between any two commits (git diff-tree versus walking both trees)', async () => {
    const dir = createRepo({
      'registry.yaml': 'stages: {}\n',
      'models/a/model.yaml': 'name: a\n',
      'models/b/model.yaml': 'name: b\n',
    });
    commit(
      dir,
      {
        'models/a/model.yaml': null,
        'models/a/model.yaml/inner': 'now a directory\n',
        'models/c/model.yaml': 'name: c\n',
      },
      'file to directory',
    );
    symlinkSync('model.yaml', join(dir, 'models', 'b', 'link.yaml'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'symlink');
    commit(dir, { 'models/b/model.yaml': null, 'registry.yaml': 'stages: {x: {}}\n' }, 'delete and modify');
    const dirs = [dir, history.dir];
    for (const repo of dirs) {
      const pure = new IsomorphicGitRepository(repo);
      const fast = new NativeGitRepository(repo);
      const commits = git(repo, 'rev-list', '--all').split('\n');
      for (let i = 0; i + 1 < commits.length; i++) {
        const [a, b] = [commits[i + 1]!, commits[i]!];
        const slow = await diffSnapshots(await GitTreeSource.atCommit(pure, a), await GitTreeSource.atCommit(pure, b));
        const quick = await diffSnapshots(await GitTreeSource.atCommit(fast, a), await GitTreeSource.atCommit(fast, b));
        expect({ a, b, quick }).toEqual({ a, b, quick: slow });
      }
    }
  });

  it('reads a tree entry whose name has a newline without confusing the cat-file conversation', async () => {
    // Straight to the odd directory, before anything in this process has read the trees on the way.
    const fresh = createRepo({
      'models/odd\nname/model.yaml': 'name: odd\n',
      'models/fraud/model.yaml': modelYaml('fraud'),
      'unique.txt': `${Math.random()}\n`,
    });
    const reader = new NativeGitRepository(fresh);
    const source = await GitTreeSource.atCommit(reader, git(fresh, 'rev-parse', 'HEAD'));
    expect((await source.list('models/odd\nname'))?.map((e) => e.name)).toEqual(['model.yaml']);
    expect(new TextDecoder().decode(await source.read('models/fraud/model.yaml'))).toBe(modelYaml('fraud'));

    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/odd\nname/model.yaml': 'name: odd\n',
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
    });
    for (const args of [
      ['validate', '--all', '--head', 'HEAD', '--format', 'json'],
      ['resolve', 'fraud@production', '--json'],
    ]) {
      const fast = await runCli(dir, args);
      process.env.MODELREG_NATIVE_GIT = '0';
      try {
        const pure = await runCli(dir, args);
        expect({ args, fast }).toEqual({ args, fast: pure });
      } finally {
        delete process.env.MODELREG_NATIVE_GIT;
      }
    }
    expect((await runCli(dir, ['validate', '--all', '--head', 'HEAD'])).stdout).toContain('UNEXPECTED_FILE');
  });

  it('checks the working tree from git status exactly as it does by reading every file', async () => {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      '.gitignore': 'models/fraud/versions/*.tmp.yaml\n',
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
      [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0'),
      'models/churn/model.yaml': modelYaml('churn'),
      [versionPath('churn', '1.0.0')]: versionYaml('1.0.0'),
      [versionPath('churn', '1.1.0')]: versionYaml('1.1.0'),
    });
    const compare = async (what: string) => {
      const fast = await runCli(dir, ['validate', '--format', 'json']);
      process.env.MODELREG_NATIVE_GIT = '0';
      try {
        expect({ what, fast }).toEqual({ what, fast: await runCli(dir, ['validate', '--format', 'json']) });
      } finally {
        delete process.env.MODELREG_NATIVE_GIT;
      }
      return JSON.parse(fast.stdout) as { findings: { code: string; file: string }[] };
    };
    expect((await compare('clean')).findings).toEqual([]);
    // Edited, deleted, untracked, ignored, a symlink, a file turned directory, and one staged then edited back.
    writeFiles(dir, {
      [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'production' }),
      [versionPath('churn', '1.1.0')]: null,
      [versionPath('churn', '2.0.0')]: 'version: 2.0.0\n',
      'models/fraud/versions/scratch.tmp.yaml': 'ignored by git, not by the contract\n',
      'models/churn/model.yaml': null,
      'models/churn/model.yaml/inner.yaml': 'a directory now\n',
    });
    symlinkSync('model.yaml', join(dir, 'models', 'fraud', 'alias.yaml'));
    writeFiles(dir, { [versionPath('churn', '1.0.0')]: versionYaml('1.0.0', { stage: 'staging' }) });
    git(dir, 'add', versionPath('churn', '1.0.0'));
    writeFiles(dir, { [versionPath('churn', '1.0.0')]: versionYaml('1.0.0') });
    const dirty = await compare('dirty');
    expect(new Set(dirty.findings.map((f) => f.file))).toEqual(
      new Set([
        versionPath('fraud', '1.1.0'),
        versionPath('fraud', '1.0.0'),
        versionPath('churn', '1.1.0'),
        versionPath('churn', '2.0.0'),
        'models/fraud/versions/scratch.tmp.yaml',
        'models/fraud/alias.yaml',
        'models/churn/model.yaml',
        'models/churn/model.yaml/inner.yaml',
      ]),
    );
    // An entry git is told not to look at: modelreg reads every file instead.
    git(dir, 'update-index', '--assume-unchanged', versionPath('fraud', '1.0.0'));
    writeFiles(dir, {
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production', extra: 'x-edited: true\n' }),
    });
    expect((await compare('assume-unchanged')).findings.map((f) => f.file)).toContain(versionPath('fraud', '1.0.0'));
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
      ['validate', '--base', 'HEAD~6', '--head', 'HEAD', '--format', 'json'],
      ['validate', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'],
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

describe('NativeGit.eachLine', () => {
  it('hands over exactly the lines `run` returns, and fails as `run` does with git’s message', async () => {
    const history = generateHistory(3, 12);
    const native = new NativeGit(history.dir);
    const args = ['log', '--raw', '--no-abbrev', '--format=%H%n%B', 'HEAD', '--', 'models'];
    const streamed: string[] = [];
    await native.eachLine(args, (line) => streamed.push(line));
    expect(streamed.length).toBeGreaterThan(20);
    expect(streamed).toEqual((await native.run(args)).replace(/\n$/, '').split('\n'));
    const failing = native.eachLine(['log', 'no-such-revision', '--'], () => undefined);
    await expect(failing).rejects.toThrow(/git log no-such-revision -- failed: .*no-such-revision/);
  });

  it('ends lines at "\\n" only: a "\\r" in a commit subject cannot forge a change in history or audit', async () => {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
    });
    commit(dir, { 'notes/fake.yaml': versionYaml('6.6.6', { stage: 'production' }) }, 'notes');
    const blob = git(dir, 'rev-parse', 'HEAD:notes/fake.yaml');
    // What `git log --raw` prints for an added file, hidden behind a carriage return in the subject.
    writeFiles(dir, {
      'msg.txt': `add notes\r:000000 100644 ${'0'.repeat(40)} ${blob} A\t${versionPath('fraud', '6.6.6')}\n`,
      'notes/other.txt': 'x',
    });
    git(dir, 'add', 'notes/other.txt');
    git(dir, 'commit', '-q', '-F', 'msg.txt');
    process.env.MODELREG_NATIVE_GIT = '1';
    try {
      for (const args of [['history'], ['audit', '--format', 'json']]) {
        const result = await runCli(dir, args);
        expect(result.stderr, args.join(' ')).toBe('');
        expect(result.stdout, args.join(' ')).not.toContain('6.6.6');
        expect(result.stdout, args.join(' ')).toContain('1.0.0');
      }
    } finally {
      delete process.env.MODELREG_NATIVE_GIT;
    }
  });
});
