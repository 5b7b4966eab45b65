import { describe, expect, it } from 'vitest';
import { openRegistry } from '../src/index.js';
import { modelYaml, versionPath, versionYaml } from './helpers/fixtures.js';
import { runCli } from './helpers/run-cli.js';
import { validateInMemory } from './helpers/memory-registry.js';
import { summarize } from './helpers/scenario.js';
import { createRepo } from './helpers/temp-repo.js';

/** A registry that calls its stages challenger / champion / archived. */
const policy = `name: ranking
stages:
  challenger:
    description: Shadow traffic.
  champion:
    exclusive: true
    approvals: 1
    demote_to: challenger
  archived: {}
transitions:
  challenger: [champion, archived]
  champion: [challenger, archived]
  archived: []
initial_stages: [challenger]
`;

const v1 = versionPath('ranker', '1.0.0');
const v2 = versionPath('ranker', '2.0.0');
const base = {
  'models/ranker/model.yaml': modelYaml('ranker'),
  [v1]: versionYaml('1.0.0', { stage: 'champion' }),
  [v2]: versionYaml('2.0.0', { stage: 'challenger' }),
};

describe('a registry with custom stages', () => {
  it('validates a champion swap and refuses what its own graph forbids', async () => {
    const swap = await validateInMemory(
      base,
      { [v2]: versionYaml('2.0.0', { stage: 'champion' }), [v1]: versionYaml('1.0.0', { stage: 'challenger' }) },
      policy,
    );
    expect(summarize(swap)).toEqual([]);

    const twoChampions = await validateInMemory(base, { [v2]: versionYaml('2.0.0', { stage: 'champion' }) }, policy);
    expect(summarize(twoChampions)).toEqual([
      `EXCLUSIVE_STAGE_CONFLICT ${v1}:2:8`,
      `EXCLUSIVE_STAGE_CONFLICT ${v2}:2:8`,
    ]);
    expect(twoChampions.findings[0]!.hint).toContain('to challenger');

    const defaultStage = await validateInMemory(
      base,
      { [versionPath('ranker', '3.0.0')]: versionYaml('3.0.0', { stage: 'development' }) },
      policy,
    );
    expect(summarize(defaultStage)).toEqual([`UNKNOWN_STAGE ${versionPath('ranker', '3.0.0')}:2:8`]);
    expect(defaultStage.findings[0]!.hint).toBe('Use one of: challenger, champion, archived.');

    const fromArchive = await validateInMemory(
      { ...base, [v2]: versionYaml('2.0.0', { stage: 'archived' }) },
      { [v2]: versionYaml('2.0.0', { stage: 'challenger' }) },
      policy,
    );
    expect(summarize(fromArchive)).toEqual([`STAGE_TRANSITION_NOT_ALLOWED ${v2}:2:8`]);
    expect(fromArchive.findings[0]!.hint).toContain('archived is final');
  });

  it('resolves model@champion and registers into challenger by default', async () => {
    const dir = createRepo({ 'registry.yaml': policy, ...base });
    const registry = await openRegistry({ dir });
    expect((await registry.resolve('ranker@champion')).version).toBe('1.0.0');
    const result = await runCli(dir, [
      'register',
      'ranker',
      '--bump',
      'major',
      '--artifact',
      'model=s3://m/r.onnx',
      '--digest',
      `model=sha256:${'e'.repeat(64)}`,
      '--created-by',
      'ci',
    ]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('registered ranker@3.0.0 in challenger');
    const list = JSON.parse((await runCli(dir, ['list', '--stage', 'challenger', '--json'])).stdout);
    expect(list.map((v: { version: string }) => v.version)).toEqual(['2.0.0', '3.0.0']);
  });
});
