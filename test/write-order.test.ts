/**
 * How modelreg writes to git: objects as git writes them (an empty or damaged
 * object file is never trusted), locks refused before anything is written,
 * a failure after the branch moved undone and said, an interrupted write
 * finished by the next command or refused when that would lose an edit.
 * On native git and on the pure path alike.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IsomorphicGitRepository } from '../src/git/isomorphic-git-repository.js';
import { NativeGitRepository } from '../src/git/native-git-repository.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { createRepo, git, tempDir } from './helpers/temp-repo.js';

const encode = (text: string) => new TextEncoder().encode(text) as Uint8Array;
const v110 = versionPath('fraud', '1.1.0');
const CHURN = 'models/churn/model.yaml';
const PROMOTE = ['promote', 'fraud@1.1.0', '--to', 'production', '--here'];

function registry(): string {
  return createRepo({
    'registry.yaml': templatePolicy(),
    'models/fraud/model.yaml': modelYaml('fraud'),
    [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
    [v110]: versionYaml('1.1.0', { stage: 'staging' }),
  });
}

/** Every file in the object store: a refused command must not add one. */
function objectFiles(dir: string): string[] {
  const root = join(dir, '.git', 'objects');
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function blobId(text: string): string {
  return execFileSync('git', ['hash-object', '--stdin'], { input: text, encoding: 'utf8' }).trim();
}

const originalNative = process.env.MODELREG_NATIVE_GIT;
afterEach(() => {
  if (originalNative === undefined) delete process.env.MODELREG_NATIVE_GIT;
  else process.env.MODELREG_NATIVE_GIT = originalNative;
});

describe('init', () => {
  it('builds the repository aside and renames it into place, so a killed init leaves no half .git and runs again', async () => {
    const dir = join(tempDir(), 'reg');
    // What an init killed while isomorphic-git wrote the repository left: a config and no HEAD.
    mkdirSync(join(dir, '.git-modelreg-init'), { recursive: true });
    writeFileSync(join(dir, '.git-modelreg-init', 'config'), '[core]\n\trepositoryformatversion = 0\n');
    Object.assign(process.env, { GIT_AUTHOR_NAME: 'Bob', GIT_AUTHOR_EMAIL: 'bob@example.com' });
    try {
      const result = await runCli(tempDir(), ['init', dir]);
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    } finally {
      delete process.env.GIT_AUTHOR_NAME;
      delete process.env.GIT_AUTHOR_EMAIL;
    }
    expect(readdirSync(dir).filter((name) => name.startsWith('.git-'))).toEqual([]);
    expect(git(dir, 'fsck', '--full', '--strict', '--no-dangling')).toBe('');
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
  });
});

describe.each(['native', 'pure'] as const)('writes on %s git', (path) => {
  const useNative = path === 'native';
  const setPath = () => {
    process.env.MODELREG_NATIVE_GIT = useNative ? '1' : '0';
  };
  const adapter = (dir: string) => {
    return useNative ? new NativeGitRepository(dir) : new IsomorphicGitRepository(dir);
  };

  it('rewrites an object file that is empty or damaged instead of trusting it', async () => {
    const dir = createRepo({ 'a.txt': 'a\n' });
    // What a process killed while isomorphic-git wrote these objects in place left behind.
    const plant = (oid: string, content: Buffer) => {
      mkdirSync(join(dir, '.git', 'objects', oid.slice(0, 2)), { recursive: true });
      writeFileSync(join(dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2)), content);
      chmodSync(join(dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2)), 0o444);
    };
    plant(blobId('empty before\n'), Buffer.alloc(0));
    plant(blobId('damaged before\n'), Buffer.from('x\x9c not zlib'));
    await adapter(dir).commitFiles({
      ref: 'refs/heads/main',
      parent: git(dir, 'rev-parse', 'HEAD'),
      edits: new Map([
        ['models/m/empty.yaml', encode('empty before\n')],
        ['models/m/damaged.yaml', encode('damaged before\n')],
      ]),
      message: 'add',
      author: { name: 'T', email: 't@example.com' },
      when: new Date('2026-01-01T00:00:00Z'),
      updateWorktree: true,
    });
    expect(git(dir, 'fsck', '--full', '--strict', '--no-dangling')).toBe('');
    expect(git(dir, 'show', 'HEAD:models/m/empty.yaml')).toBe('empty before');
    expect(git(dir, 'show', 'HEAD:models/m/damaged.yaml')).toBe('damaged before');
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    // The branch's reflog records the move, as git's own commands do.
    expect(git(dir, 'reflog', '-1', '--format=%gs', 'main')).toBe('modelreg: add');
  });

  it.each([
    ['the index', 'index.lock', '[INDEX_LOCKED]: the git index is locked by'],
    ['the branch', 'refs/heads/main.lock', '[REF_LOCKED]: refs/heads/main is locked by'],
    ['HEAD', 'HEAD.lock', '[REF_LOCKED]: refs/heads/main is locked by'],
  ])('refuses a held lock on %s before writing anything, naming the lock', async (_what, lockName, message) => {
    setPath();
    const dir = registry();
    const lock = join(dir, '.git', lockName);
    writeFileSync(lock, '');
    const [head, objects] = [git(dir, 'rev-parse', 'HEAD'), objectFiles(dir)];
    const result = await runCli(dir, PROMOTE);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error${message} ${lock}`);
    expect(result.stderr).toContain(
      `hint: Wait for the other git command to finish. If none is running, delete ${lock}`,
    );
    expect({ head: git(dir, 'rev-parse', 'HEAD'), objects: objectFiles(dir) }).toEqual({ head, objects });
  });

  it('moves the branch back and says so when the index cannot be updated after the branch moved', async () => {
    setPath();
    const dir = registry();
    const head = git(dir, 'rev-parse', 'HEAD');
    const file = readFileSync(join(dir, v110), 'utf8');
    // An index git cannot read: nothing before the branch moves looks at it.
    writeFileSync(join(dir, '.git', 'index'), 'DIRC broken');
    const result = await runCli(dir, PROMOTE);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error\[WRITE_UNDONE\]: the working tree and index could not be updated \((git .* index file smaller than expected|Invalid checksum in GitIndex buffer.*)\), so refs\/heads\/main was moved back to [0-9a-f]{7}: nothing changed\n/,
    );
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(readFileSync(join(dir, v110), 'utf8')).toBe(file);
    git(dir, 'read-tree', 'HEAD');
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    expect((await runCli(dir, PROMOTE)).code).toBe(0);
    expect(git(dir, 'fsck', '--full', '--no-dangling')).toBe('');
  });

  it('does not put the working tree back under a commit another process moved the branch to meanwhile', async () => {
    setPath();
    const dir = registry();
    writeFileSync(join(dir, '.git', 'index'), 'DIRC broken');
    const marker = join(dir, '.git', 'modelreg-test-paused');
    process.env.MODELREG_TEST_PAUSE_AT = 'undo';
    let other: string;
    try {
      const running = runCli(dir, PROMOTE);
      // The write failed after the branch moved and is about to undo it: another writer commits on top first.
      while (!existsSync(marker)) await new Promise((done) => setTimeout(done, 10));
      const ours = git(dir, 'rev-parse', 'main');
      const tree = git(dir, 'rev-parse', 'main^{tree}');
      other = git(dir, 'commit-tree', tree, '-p', ours, '-m', 'another writer');
      git(dir, 'update-ref', 'refs/heads/main', other, ours);
      rmSync(marker);
      const result = await running;
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `another process moved refs/heads/main on to ${other.slice(0, 7)} meanwhile, so modelreg did not move it back; the working tree was left as it was`,
      );
    } finally {
      delete process.env.MODELREG_TEST_PAUSE_AT;
    }
    // The other writer keeps its commit, and the file stays as the branch has it (promoted), not put back.
    expect(git(dir, 'rev-parse', 'main')).toBe(other);
    expect(readFileSync(join(dir, v110), 'utf8').trim()).toBe(git(dir, 'show', `main:${v110}`).trim());
    expect(readFileSync(join(dir, v110), 'utf8')).toContain('stage: production');
  });

  describe('a write stopped after the branch moved', () => {
    /** The state a kill right after the ref move leaves: the branch at the new commit, the note, the old files. */
    async function interrupted(): Promise<{ dir: string; commit: string }> {
      const dir = registry();
      const parent = git(dir, 'rev-parse', 'HEAD');
      const commit = await adapter(dir).commitFiles({
        ref: 'refs/heads/main',
        parent,
        edits: new Map([[CHURN, encode(modelYaml('churn'))]]),
        message: 'a new model',
        author: { name: 'T', email: 't@example.com' },
        when: new Date('2026-01-01T00:00:00Z'),
        updateWorktree: false,
      });
      const exited = spawnSync(process.execPath, ['-e', '0']).pid;
      writeFileSync(
        join(dir, '.git', 'modelreg-pending-write.json'),
        JSON.stringify({ pid: exited, ref: 'refs/heads/main', parent, commit, paths: [CHURN] }),
      );
      return { dir, commit };
    }

    it('is finished by the next command, which says so', async () => {
      setPath();
      const { dir, commit } = await interrupted();
      // What `git commit -a` would commit now: the new model deleted again.
      expect(git(dir, 'status', '--porcelain')).toBe(`D  ${CHURN}`);
      const result = await runCli(dir, ['deprecate', 'fraud@1.0.0', '--reason', 'old', '--here']);
      expect(result.stderr).toBe(
        `note: finished an interrupted write: refs/heads/main is at ${commit.slice(0, 7)} and the working tree and index now match it (${CHURN})\n`,
      );
      expect(result.code).toBe(0);
      expect(git(dir, 'rev-parse', 'HEAD~1')).toBe(commit);
      expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    });

    it('left an index.lock behind: the refusal names it and the stopped command, and deleting it lets the next command finish', async () => {
      setPath();
      const { dir, commit } = await interrupted();
      const lock = join(dir, '.git', 'index.lock');
      writeFileSync(lock, 'half an index');
      writeFileSync(join(dir, '.git', 'modelreg-tmp-0123456789ab'), 'half a file');
      const args = ['deprecate', 'fraud@1.0.0', '--reason', 'old', '--here'];
      const refused = await runCli(dir, args);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(
        new RegExp(
          `^error\\[INDEX_LOCKED\\]: the git index is locked by ${lock}: .*; an earlier modelreg command \\(process \\d+\\) was stopped while updating the working tree and index\n`,
        ),
      );
      expect(refused.stderr).toContain(
        `delete ${lock} and run the command again. modelreg then finishes that update first.`,
      );
      rmSync(lock);
      expect((await runCli(dir, args)).code).toBe(0);
      expect(git(dir, 'rev-parse', 'HEAD~1')).toBe(commit);
      expect(readdirSync(join(dir, '.git')).filter((name) => name.startsWith('modelreg-'))).toEqual([]);
      expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    });

    it('is refused, naming the file, when the file was edited since', async () => {
      setPath();
      const { dir, commit } = await interrupted();
      mkdirSync(join(dir, 'models/churn'));
      writeFileSync(join(dir, CHURN), 'my own edit\n');
      const result = await runCli(dir, ['deprecate', 'fraud@1.0.0', '--reason', 'old', '--here']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `error[INTERRUPTED_WRITE]: an earlier modelreg command moved refs/heads/main to ${commit.slice(0, 7)} and was stopped before updating the working tree; ${CHURN} has been edited since`,
      );
      expect(readFileSync(join(dir, CHURN), 'utf8')).toBe('my own edit\n');
      expect(git(dir, 'rev-parse', 'HEAD')).toBe(commit);
    });
  });

  it('writes annotated tags and notes that git reads back', async () => {
    const dir = createRepo({ 'a.txt': 'a\n' });
    const head = git(dir, 'rev-parse', 'HEAD');
    const repo = adapter(dir);
    const bot = { name: 'modelreg', email: 'bot@example.com' };
    const when = new Date('2026-01-01T00:00:00Z');
    await repo.createAnnotatedTag('modelreg/fraud/1.0.0', head, 'registered\n', bot, when);
    await expect(repo.createAnnotatedTag('modelreg/fraud/1.0.0', head, 'again\n', bot, when)).rejects.toMatchObject({
      code: 'CONCURRENT_UPDATE',
    });
    await repo.addNote('refs/notes/modelreg', head, 'first\n', bot, when);
    await repo.addNote('refs/notes/modelreg', head, 'second\n', bot, when);
    expect(git(dir, 'cat-file', '-t', 'refs/tags/modelreg/fraud/1.0.0')).toBe('tag');
    expect(git(dir, 'rev-parse', 'modelreg/fraud/1.0.0^{commit}')).toBe(head);
    expect(git(dir, 'tag', '-l', '--format=%(contents)', 'modelreg/fraud/1.0.0')).toBe('registered');
    expect(git(dir, 'notes', '--ref=modelreg', 'show', head)).toBe('second');
    expect(git(dir, 'fsck', '--full', '--strict', '--no-dangling')).toBe('');
  });
});
