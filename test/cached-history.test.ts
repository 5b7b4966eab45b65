import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { historyFromCache, plainHistoryRequest } from '../src/cli/cached-history.js';
import { runCommandLine } from '../src/cli/command-line.js';
import { readHistory } from '../src/history/read-history.js';
import { Registry } from '../src/registry/registry.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { generateHistory } from './helpers/generated-history.js';
import { captureIo, runCli } from './helpers/run-cli.js';
import { commit, createRepo, git, tempDir } from './helpers/temp-repo.js';

interface Answer {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const capture = captureIo;

/** The full command (commander, git, the policy and the model checked), never the shortcut. */
async function full(cwd: string, args: string[]): Promise<Answer> {
  const { io, output } = capture(cwd);
  const code = await runCommandLine(args, io);
  return { code, ...output() };
}

/** The shortcut alone: its answer, or undefined where it leaves the run to the full command. */
async function shortcut(
  cwd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Answer | undefined> {
  const { io, output } = capture(cwd);
  const code = await historyFromCache(args, io, env);
  return code === undefined ? undefined : { code, ...output() };
}

/** No cache: what the first run ever prints. */
async function cold(cwd: string, args: string[]): Promise<Answer> {
  rmSync(join(cwd, '.git', 'modelreg'), { recursive: true, force: true });
  return full(cwd, args);
}

function smallRegistry(): string {
  return createRepo({
    'registry.yaml': templatePolicy(),
    'models/fraud/model.yaml': modelYaml('fraud'),
    [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
    'models/churn/model.yaml': modelYaml('churn'),
    [versionPath('churn', '1.0.0')]: versionYaml('1.0.0'),
  });
}

describe('warm `history <model>` answered from the cache before the command line loads (src/cli/cached-history.ts)', () => {
  it('prints exactly what the full command prints, in every format and argument order, on a merge-heavy history', async () => {
    const history = generateHistory(7, 24);
    for (const model of history.models) {
      const expected = new Map<string, Answer>();
      for (const format of ['table', 'json', 'csv', 'md']) {
        expected.set(format, await cold(history.dir, ['history', model, '--format', format]));
      }
      expected.set('default', await full(history.dir, ['history', model]));
      for (const [format, args] of [
        ['default', ['history', model]],
        ['table', ['history', model, '--format', 'table']],
        ['json', ['history', model, '--format', 'json']],
        ['json', ['history', '--format=json', model]],
        ['csv', ['history', '--format', 'csv', model]],
        ['md', ['history', model, '--format=md']],
      ] as const) {
        const fast = await shortcut(history.dir, [...args]);
        expect({ args, fast }).toEqual({ args, fast: expected.get(format) });
        expect({ args, fast }).toEqual({ args, fast: await full(history.dir, [...args]) });
      }
    }
  });

  it('never answers from an entry of an older head: after a new commit the full command runs and shows it', async () => {
    const dir = smallRegistry();
    await cold(dir, ['history', 'fraud', '--format', 'json']);
    expect(await shortcut(dir, ['history', 'fraud', '--format', 'json'])).toBeDefined();
    commit(dir, { [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0') }, 'register fraud 1.1.0');
    expect(await shortcut(dir, ['history', 'fraud', '--format', 'json'])).toBeUndefined();
    const after = await runCli(dir, ['history', 'fraud', '--format', 'json']);
    expect(JSON.parse(after.stdout)[0]).toMatchObject({ version: '1.1.0', type: 'register' });
    expect(after).toEqual(await cold(dir, ['history', 'fraud', '--format', 'json']));
    // The run above stored the new head: the next one is answered again, the same.
    expect(await shortcut(dir, ['history', 'fraud', '--format', 'json'])).toEqual(after);
  });

  it('leaves an entry it cannot render (edited by hand, damaged) to the full command', async () => {
    const dir = smallRegistry();
    const answer = await cold(dir, ['history', 'fraud']);
    const history = join(dir, '.git', 'modelreg', 'history');
    for (const name of readdirSync(history)) {
      const stored = JSON.parse(readFileSync(join(history, name), 'utf8'));
      writeFileSync(join(history, name), JSON.stringify({ ...stored, events: [null] }));
    }
    expect(await shortcut(dir, ['history', 'fraud'])).toBeUndefined();
    expect(await runCli(dir, ['history', 'fraud'])).toEqual(answer);
  });

  it('never answers for another branch checked out, even with a newer entry stored', async () => {
    const dir = smallRegistry();
    git(dir, 'branch', 'old');
    commit(dir, { [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0') }, 'register fraud 1.1.0');
    await runCli(dir, ['history', 'fraud', '--format', 'json']);
    git(dir, 'checkout', '-q', 'old');
    expect(await shortcut(dir, ['history', 'fraud', '--format', 'json'])).toBeUndefined();
    expect(await runCli(dir, ['history', 'fraud', '--format', 'json'])).toEqual(
      await cold(dir, ['history', 'fraud', '--format', 'json']),
    );
  });

  it('answers only from entries `history <model>` stored after finding the model at that head', async () => {
    const dir = smallRegistry();
    commit(dir, { 'models/churn': null }, 'delete churn');
    // The library may store a deleted model's history in the same cache; the command refuses the model.
    const registry = await Registry.open(dir);
    const view = await registry.at('HEAD');
    await readHistory(registry, view.commit!, await view.policy(), { model: 'churn' }, await registry.historyCache());
    expect(readdirSync(join(dir, '.git', 'modelreg', 'history'))).toHaveLength(1);
    expect(await shortcut(dir, ['history', 'churn'])).toBeUndefined();
    const refused = await runCli(dir, ['history', 'churn']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('churn');
    expect(refused.stdout).toBe('');
  });

  it('leaves every other argument list to the full command', () => {
    expect(plainHistoryRequest(['history', 'fraud'])).toEqual({ model: 'fraud', format: 'table' });
    expect(plainHistoryRequest(['history', '--format', 'md', 'fraud'])).toEqual({ model: 'fraud', format: 'md' });
    for (const args of [
      ['history'],
      ['history', '--format', 'json'],
      ['history', 'fraud', 'churn'],
      ['history', 'fraud', '--stage', 'production'],
      ['history', 'fraud', '--since', '2026-01-01'],
      ['history', 'fraud', '--until=2026-01-01'],
      ['history', 'fraud', '--ref', 'main'],
      ['history', 'fraud', '--registry', '.'],
      ['history', 'fraud', '--format', 'xml'],
      ['history', 'fraud', '--format'],
      ['history', 'fraud', '--format', 'json', '--format', 'csv'],
      ['history', 'fraud', '--help'],
      ['history', '--', 'fraud'],
      ['history', ''],
      ['audit', 'fraud'],
    ]) {
      expect({ args, request: plainHistoryRequest(args) }).toEqual({ args, request: undefined });
    }
  });

  describe('where HEAD or the registry is not the plain case, the full command answers, the same as cold', () => {
    const args = ['history', 'fraud', '--format', 'json'];
    const warmed = async (): Promise<{ dir: string; expected: Answer }> => {
      const dir = smallRegistry();
      const expected = await cold(dir, args);
      expect(await shortcut(dir, args)).toEqual(expected);
      return { dir, expected };
    };

    it('packed refs (no loose ref file)', async () => {
      const { dir, expected } = await warmed();
      git(dir, 'pack-refs', '--all', '--prune');
      expect(await shortcut(dir, args)).toBeUndefined();
      expect(await runCli(dir, args)).toEqual(expected);
    });

    it('a detached HEAD', async () => {
      const { dir, expected } = await warmed();
      git(dir, 'checkout', '-q', '--detach');
      expect(await shortcut(dir, args)).toBeUndefined();
      expect(await runCli(dir, args)).toEqual(expected);
    });

    it('a linked worktree, whose .git is a file', async () => {
      const { dir, expected } = await warmed();
      const linked = join(tempDir(), 'linked');
      git(dir, 'worktree', 'add', '-q', '--detach', linked);
      // Its own HEAD is still the same commit: the answer must be too, just not from the shortcut.
      expect(await shortcut(linked, args)).toBeUndefined();
      expect(await runCli(linked, args)).toEqual(expected);
    });

    it('GIT_DIR pointing git at another repository', async () => {
      const { dir } = await warmed();
      expect(await shortcut(dir, args, { ...process.env, GIT_DIR: join(tempDir(), 'elsewhere') })).toBeUndefined();
    });

    it('a registry in a subdirectory of its repository, or run from below the registry', async () => {
      const { dir, expected } = await warmed();
      expect(await shortcut(join(dir, 'models'), args)).toBeUndefined();
      expect(await runCli(join(dir, 'models'), args)).toEqual(expected);
      const outer = createRepo({});
      cpSync(join(dir, 'registry.yaml'), join(outer, 'reg', 'registry.yaml'));
      cpSync(join(dir, 'models'), join(outer, 'reg', 'models'), { recursive: true });
      commit(outer, {}, 'registry in reg/');
      await runCli(join(outer, 'reg'), args);
      expect(readdirSync(join(outer, '.git', 'modelreg', 'history'))).toHaveLength(1);
      expect(await shortcut(join(outer, 'reg'), args)).toBeUndefined();
    });
  });
});
