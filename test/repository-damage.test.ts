/**
 * A repository with a missing or damaged object (an interrupted copy, a
 * disk fault) is told as one: REPOSITORY_DAMAGED naming the object, with
 * `git fsck` as the next step, on both git adapters — not error[INTERNAL]
 * asking for a bug report. Damage is made on disk the way it happens: a
 * truncated loose object, a deleted one; git itself confirms it.
 */
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DIGEST_A, modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git, tempDir } from './helpers/temp-repo.js';

const ADAPTERS = [
  ['native git', '1'],
  ['isomorphic-git', '0'],
] as const;

function registry(): { dir: string; blob: string; tree: string } {
  const dir = createRepo({
    'registry.yaml': templatePolicy(),
    'models/fraud/model.yaml': modelYaml('fraud'),
    [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'staging', digest: DIGEST_A }),
  });
  // A new commit's objects are loose: the shape an interrupted write leaves behind.
  commit(dir, { [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'development' }) }, 'register 1.1.0');
  return {
    dir,
    blob: git(dir, 'rev-parse', `HEAD:${versionPath('fraud', '1.1.0')}`).trim(),
    tree: git(dir, 'rev-parse', 'HEAD:models/fraud/versions').trim(),
  };
}

function objectFile(dir: string, oid: string): string {
  const file = join(dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2));
  chmodSync(file, 0o644);
  return file;
}

function fsckFinds(dir: string, oid: string): boolean {
  try {
    git(dir, 'fsck', '--full');
    return false;
  } catch (error) {
    return String((error as { stderr?: unknown }).stderr ?? error).includes(oid);
  }
}

const saved = process.env.MODELREG_NATIVE_GIT;
afterEach(() => {
  if (saved === undefined) delete process.env.MODELREG_NATIVE_GIT;
  else process.env.MODELREG_NATIVE_GIT = saved;
});

describe('a damaged repository', () => {
  for (const [adapter, flag] of ADAPTERS) {
    it(`names a truncated blob and says to run git fsck (${adapter})`, async () => {
      process.env.MODELREG_NATIVE_GIT = flag;
      const { dir, blob } = registry();
      const file = objectFile(dir, blob);
      writeFileSync(file, readFileSync(file).subarray(0, 12));
      expect(fsckFinds(dir, blob)).toBe(true);
      const status = git(dir, 'status', '--porcelain');
      for (const args of [
        ['resolve', 'fraud@development'],
        ['validate', '--all', '--head', 'HEAD'],
        ['list', '--json'],
      ]) {
        const result = await runCli(dir, args);
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.stderr).toContain(`error[REPOSITORY_DAMAGED]: the repository at ${dir} cannot read blob ${blob}`);
        expect(result.stderr).toContain('`git fsck` lists what is wrong');
        expect(result.stderr).not.toContain('INTERNAL');
      }
      expect(git(dir, 'status', '--porcelain')).toBe(status);
    });

    it(`names a missing tree (${adapter})`, async () => {
      process.env.MODELREG_NATIVE_GIT = flag;
      const { dir, tree } = registry();
      rmSync(objectFile(dir, tree));
      expect(fsckFinds(dir, tree)).toBe(true);
      const result = await runCli(dir, ['show', 'fraud']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `error[REPOSITORY_DAMAGED]: the repository at ${dir} cannot read tree ${tree}: it is missing or unreadable`,
      );
    });
  }

  for (const [adapter, flag] of ADAPTERS) {
    it(`names a commit missing from the middle of history (${adapter})`, async () => {
      process.env.MODELREG_NATIVE_GIT = flag;
      const { dir } = registry();
      commit(dir, { [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'staging' }) }, 'promote 1.1.0');
      const middle = git(dir, 'rev-parse', 'HEAD~1');
      rmSync(objectFile(dir, middle));
      for (const args of [['history'], ['history', 'fraud'], ['audit']]) {
        const result = await runCli(dir, args);
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.stderr, args.join(' ')).toMatch(
          /^error\[REPOSITORY_DAMAGED\]: the repository at .* (cannot read commit|has an object git cannot read)/,
        );
        expect(result.stderr).toContain(middle);
      }
    });
  }

  it('a partial clone read without git: says so, and how to read it', async () => {
    const { dir } = registry();
    // 1.0.0 as it was in staging is then only in history: a blob a blob:none clone does not fetch at checkout.
    commit(dir, { [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'archived', digest: DIGEST_A }) });
    git(dir, 'config', 'uploadpack.allowFilter', 'true');
    const clone = join(tempDir(), 'partial');
    git(dir, 'clone', '-q', '--filter=blob:none', `file://${dir}`, clone);
    process.env.MODELREG_NATIVE_GIT = '0';
    const result = await runCli(clone, ['resolve', 'fraud@staging', '--at', 'HEAD~1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /error\[REPOSITORY_DAMAGED\]: .*it is a partial clone \(--filter\), whose missing objects only git can fetch/,
    );
    expect(result.stderr).toContain('Clone without --filter');
    // With git, the same clone is read: git fetches what it lacks from the origin.
    process.env.MODELREG_NATIVE_GIT = '1';
    expect(await runCli(clone, ['resolve', 'fraud@staging', '--at', 'HEAD~1'])).toMatchObject({ code: 0 });
  });

  it('a commit id that is not in the repository is still not found, not damage', async () => {
    const { dir } = registry();
    const result = await runCli(dir, ['validate', '--all', '--head', 'f'.repeat(40)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error[REF_NOT_FOUND]');
  });
});
