/** A second `rollback` that would put back the version the first one took out asks for --to or --force. */
import { describe, expect, it } from 'vitest';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { createRepo, git } from './helpers/temp-repo.js';

/** 1.0.0 in production, then 1.1.0 promoted over it, then rolled back: 1.0.0 holds production again. */
async function rolledBack(): Promise<string> {
  const dir = createRepo({
    'registry.yaml': templatePolicy(),
    'models/fraud/model.yaml': modelYaml('fraud'),
    [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
    [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'staging' }),
  });
  expect((await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--here'])).code).toBe(0);
  expect((await runCli(dir, ['rollback', 'fraud', '--here'])).code).toBe(0);
  return dir;
}

const holder = async (dir: string) =>
  JSON.parse((await runCli(dir, ['resolve', 'fraud@production', '--json'])).stdout).version;

describe('rollback of a rollback', () => {
  it('is refused, naming the version it would put back, with --to and --force in the hint; nothing changes', async () => {
    const dir = await rolledBack();
    const before = {
      head: git(dir, 'rev-parse', 'HEAD'),
      branches: git(dir, 'branch', '--format=%(refname:short)'),
      status: git(dir, 'status', '--porcelain'),
    };
    const result = await runCli(dir, ['rollback', 'fraud']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the latest change of production for fraud');
    expect(result.stderr).toContain('was itself a rollback that took 1.1.0 out of production');
    expect(result.stderr).toMatch(/hint: .*--to <version>.*--force/);
    expect({
      head: git(dir, 'rev-parse', 'HEAD'),
      branches: git(dir, 'branch', '--format=%(refname:short)'),
      status: git(dir, 'status', '--porcelain'),
    }).toEqual(before);
    expect(await holder(dir)).toBe('1.0.0');
  });

  it('is recognised by history: a rollback made with git revert counts too', async () => {
    const dir = createRepo({
      'registry.yaml': templatePolicy(),
      'models/fraud/model.yaml': modelYaml('fraud'),
      [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
      [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0', { stage: 'staging' }),
    });
    expect((await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--here'])).code).toBe(0);
    git(dir, 'revert', '--no-edit', 'HEAD');
    const result = await runCli(dir, ['rollback', 'fraud', '--here']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('took 1.1.0 out of production');
  });

  it('goes ahead with --force, or with --to naming the version', async () => {
    const forced = await rolledBack();
    const result = await runCli(forced, ['rollback', 'fraud', '--here', '--force']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(await holder(forced)).toBe('1.1.0');

    const named = await rolledBack();
    expect((await runCli(named, ['rollback', 'fraud', '--here', '--to', '1.1.0'])).code).toBe(0);
    expect(await holder(named)).toBe('1.1.0');
  });

  it('does not stand in the way of rolling back a promotion that followed a rollback', async () => {
    const dir = await rolledBack();
    expect((await runCli(dir, ['promote', 'fraud@1.1.0', '--to', 'production', '--here'])).code).toBe(0);
    expect((await runCli(dir, ['rollback', 'fraud', '--here'])).code).toBe(0);
    expect(await holder(dir)).toBe('1.0.0');
  });
});
