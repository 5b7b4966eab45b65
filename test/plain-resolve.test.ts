/**
 * `resolve <ref> [--json]` runs without the command-line parser (src/cli/plain-resolve.ts): whatever it is asked,
 * it must print, on both streams, and exit exactly as the full command does, and leave every other argument list
 * to the full command.
 */
import { describe, expect, it } from 'vitest';
import { runCommandLine } from '../src/cli/command-line.js';
import type { Io } from '../src/cli/io.js';
import { plainResolveRequest, resolvePlainly } from '../src/cli/plain-resolve.js';
import { DIGEST_B, modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { captureIo } from './helpers/run-cli.js';
import { createRepo, tempDir } from './helpers/temp-repo.js';

async function answer(
  run: (argv: readonly string[], io: Io) => Promise<number | undefined>,
  cwd: string,
  argv: string[],
): Promise<{ code: number | undefined; stdout: string; stderr: string }> {
  const { io, output } = captureIo(cwd);
  const code = await run(argv, io);
  return { code, ...output() };
}

/** production split between 1.0.0 and 1.1.0; staging held by two (not exclusive); archived by none. */
function registry(): string {
  const policy = templatePolicy().replace(
    '    exclusive: true\n    approvals: 2\n    demote_to: archived\n',
    '    split: true\n    approvals: 2\n    demote_to: archived\n',
  );
  const entry = (version: string, stage: string, weight?: number) =>
    versionYaml(version, { stage, digest: DIGEST_B }).replace(
      `stage: ${stage}\n`,
      `stage: ${stage}\n${weight !== undefined ? `weight: ${weight}\n` : ''}`,
    );
  return createRepo({
    'registry.yaml': policy,
    'models/fraud/model.yaml': modelYaml('fraud'),
    [versionPath('fraud', '1.0.0')]: entry('1.0.0', 'production', 90),
    [versionPath('fraud', '1.1.0')]: entry('1.1.0', 'production', 10),
    [versionPath('fraud', '1.2.0')]: entry('1.2.0', 'staging'),
    [versionPath('fraud', '1.3.0')]: entry('1.3.0', 'staging'),
    'models/empty/model.yaml': modelYaml('empty'),
  });
}

describe('resolve without the command-line parser', () => {
  it('prints, warns and exits exactly as the full command, answers and failures alike', async () => {
    const dir = registry();
    const references = [
      'fraud@production',
      'fraud@staging',
      'fraud@1.1.0',
      'fraud@archived',
      'fraud@nowhere',
      'fraud@9.9.9',
      'frad@production',
      'empty@production',
      'fraud',
      'Fraud@production',
    ];
    for (const reference of references) {
      for (const argv of [
        ['resolve', reference],
        ['resolve', reference, '--json'],
        ['resolve', '--json', reference],
      ]) {
        const plain = await answer(resolvePlainly, dir, argv);
        expect(plain.code, argv.join(' ')).not.toBeUndefined();
        expect(plain, argv.join(' ')).toEqual(await answer(runCommandLine, dir, argv));
      }
    }
    // The cases above cover the notes on stderr, a nothing-found exit and errors with hints.
    const outcome = async (reference: string) => answer(resolvePlainly, dir, ['resolve', reference]);
    expect((await outcome('fraud@production')).stderr).toContain('note: production is split: 1.0.0 90% / 1.1.0 10%');
    expect((await outcome('fraud@staging')).stderr).toContain('note: staging is not exclusive and also held by');
    expect((await outcome('fraud@archived')).code).toBe(1);
    expect((await outcome('fraud@nowhere')).stderr).toMatch(/^error\[STAGE_NOT_FOUND\]/);
    expect((await outcome('frad@production')).stderr).toMatch(/^error\[MODEL_NOT_FOUND\][^\n]*\n(hint|did you mean)/i);
    // Outside any registry: the same error.
    const nowhere = tempDir();
    const argv = ['resolve', 'fraud@production'];
    expect(await answer(resolvePlainly, nowhere, argv)).toEqual(await answer(runCommandLine, nowhere, argv));
  });

  it('takes only `resolve <ref>` with an optional --json, and leaves everything else to the full command', () => {
    expect(plainResolveRequest(['resolve', 'fraud@production'])).toEqual({
      reference: 'fraud@production',
      json: false,
    });
    expect(plainResolveRequest(['resolve', '--json', 'a@b'])).toEqual({ reference: 'a@b', json: true });
    for (const argv of [
      ['resolve'],
      ['resolve', '--json'],
      ['resolve', 'a@b', '--json', '--json'],
      ['resolve', 'a@b', 'c@d'],
      ['resolve', 'a@b', '--at', 'HEAD~1'],
      ['resolve', 'a@b', '--pick', 'user-1'],
      ['resolve', 'a@b', '--registry', 'reg'],
      ['resolve', 'a@b', '--from-url', 'https://example.com/'],
      ['resolve', '--help'],
      ['resolve', '-h'],
      ['resolve', '--', 'a@b'],
      ['resolve', ''],
      ['history', 'a@b'],
    ])
      expect(plainResolveRequest(argv), argv.join(' ')).toBeUndefined();
  });
});
