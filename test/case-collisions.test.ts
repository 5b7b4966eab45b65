/**
 * Paths that differ only in case are two files to git and Linux but one to
 * macOS and Windows: refused in every kind of validation, and `modelreg init`
 * must not tell git the file system folds case when it does not (git status
 * would then hide the second spelling from the working-tree check).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { commit, createRepo, git, tempDir, writeFiles } from './helpers/temp-repo.js';

const base = {
  'registry.yaml': templatePolicy(),
  'models/fraud/model.yaml': modelYaml('fraud'),
  [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0'),
};
const rcLower = versionPath('fraud', '1.1.0-rc.1');
const rcUpper = versionPath('fraud', '1.1.0-RC.1');

async function validate(dir: string, args: string[]): Promise<{ code: number; findings: string[] }> {
  const result = await runCli(dir, ['validate', '--format', 'json', ...args]);
  expect(result.code, result.stderr).not.toBe(2);
  const report = JSON.parse(result.stdout) as { findings: { code: string; severity: string; file: string }[] };
  return {
    code: result.code,
    findings: report.findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.file}`),
  };
}

describe('two paths that differ only in case', () => {
  it('are refused in a change, both when added together and when one joins the other', async () => {
    const dir = createRepo(base);
    commit(dir, { [rcLower]: versionYaml('1.1.0-rc.1'), [rcUpper]: versionYaml('1.1.0-RC.1') });
    const together = await validate(dir, ['--base', 'HEAD~1', '--head', 'HEAD']);
    expect(together.findings).toEqual([`PATH_CASE_COLLISION ${rcUpper}`, `PATH_CASE_COLLISION ${rcLower}`]);
    expect(together.code).toBe(1);

    const later = createRepo({ ...base, [rcLower]: versionYaml('1.1.0-rc.1') });
    commit(later, { [rcUpper]: versionYaml('1.1.0-RC.1') });
    expect((await validate(later, ['--base', 'HEAD~1', '--head', 'HEAD'])).findings).toEqual([
      `PATH_CASE_COLLISION ${rcUpper}`,
    ]);
  });

  it('are refused by the full validation of a commit, directories included', async () => {
    const dir = createRepo({
      ...base,
      [rcLower]: versionYaml('1.1.0-rc.1'),
      [rcUpper]: versionYaml('1.1.0-RC.1'),
      'models/Fraud/model.yaml': modelYaml('fraud'),
    });
    const result = await validate(dir, ['--all']);
    expect(result.findings).toEqual(
      expect.arrayContaining([
        'PATH_CASE_COLLISION models/Fraud',
        'PATH_CASE_COLLISION models/fraud',
        `PATH_CASE_COLLISION ${rcUpper}`,
        `PATH_CASE_COLLISION ${rcLower}`,
      ]),
    );
    expect(result.code).toBe(1);
  });

  it('are refused in the working tree, including a Models/ beside models/', async () => {
    const dir = createRepo(base);
    writeFiles(dir, { 'Models/fraud/model.yaml': modelYaml('fraud'), 'models/Fraud/model.yaml': modelYaml('fraud') });
    const result = await validate(dir, []);
    expect(result.findings).toEqual(
      expect.arrayContaining(['PATH_CASE_COLLISION models', 'PATH_CASE_COLLISION models/Fraud']),
    );
    expect(result.code).toBe(1);
  });

  it('are refused in a pull request that adds a Registry.yaml', async () => {
    const dir = createRepo(base);
    commit(dir, { 'Registry.yaml': templatePolicy(), [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0') });
    expect((await validate(dir, ['--base', 'HEAD~1', '--head', 'HEAD'])).findings).toEqual([
      'PATH_CASE_COLLISION registry.yaml',
    ]);
  });
});

describe('modelreg init describes the file system as git init does', () => {
  const effective = (dir: string, key: string, fallback: string) =>
    git(dir, 'config', '--type=bool', '--default', fallback, '--get', key);

  it('writes filemode, symlinks and ignorecase as native git init would here', async () => {
    const dir = join(tempDir(), 'registry');
    process.env.GIT_AUTHOR_NAME = 'Alice';
    process.env.GIT_AUTHOR_EMAIL = 'alice@example.com';
    try {
      expect((await runCli(tempDir(), ['init', dir])).code).toBe(0);
    } finally {
      delete process.env.GIT_AUTHOR_NAME;
      delete process.env.GIT_AUTHOR_EMAIL;
    }
    const native = tempDir();
    git(native, 'init', '-q');
    for (const [key, fallback] of [
      ['core.filemode', 'true'],
      ['core.symlinks', 'true'],
      ['core.ignorecase', 'false'],
    ] as const) {
      expect(effective(dir, key, fallback), key).toBe(effective(native, key, fallback));
    }
  });

  it('so the working-tree check sees a directory that differs from a model only in case', async () => {
    const dir = join(tempDir(), 'registry');
    mkdirSync(dir);
    process.env.GIT_AUTHOR_NAME = 'Alice';
    process.env.GIT_AUTHOR_EMAIL = 'alice@example.com';
    try {
      expect((await runCli(dir, ['init'])).code).toBe(0);
    } finally {
      delete process.env.GIT_AUTHOR_NAME;
      delete process.env.GIT_AUTHOR_EMAIL;
    }
    git(dir, 'config', 'user.name', 'Alice');
    git(dir, 'config', 'user.email', 'alice@example.com');
    commit(dir, {
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0'),
    });
    writeFiles(dir, { 'models/Fraud/model.yaml': modelYaml('fraud') });
    const result = await validate(dir, []);
    expect(result.findings).toContain('PATH_CASE_COLLISION models/Fraud');
    expect(result.code).toBe(1);
  });
});
