import { describe, expect, it } from 'vitest';
// The package's own name: what a deploy script imports (resolved through package.json exports to lib/).
import { openRegistry, Registry, validateChange, GitTreeSource, OverlaySource } from 'modelreg';
import { DIGEST_A, modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { commit, createRepo } from './helpers/temp-repo.js';

describe('the library API', () => {
  const files = () => ({
    'registry.yaml': templatePolicy(),
    'models/fraud/model.yaml': modelYaml('fraud'),
    [versionPath('fraud', '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
  });

  it('resolves fraud@production for a deploy script', async () => {
    const dir = createRepo(files());
    const registry = await openRegistry({ dir });
    const resolved = await registry.resolve('fraud@production');
    expect(resolved).toMatchObject({
      model: 'fraud',
      version: '1.0.0',
      stage: 'production',
      artifacts: { model: { digest: DIGEST_A } },
    });
  });

  it('opens a registry at a ref and validates a proposed change in memory', async () => {
    const dir = createRepo(files());
    const first = (await openRegistry({ dir })).commit!;
    commit(dir, { [versionPath('fraud', '1.1.0')]: versionYaml('1.1.0') });
    expect((await (await openRegistry({ dir, ref: first })).list()).map((v) => v.version)).toEqual(['1.0.0']);

    const registry = await Registry.open(dir);
    const base = await GitTreeSource.atCommit(registry.git, await registry.git.resolveCommit('HEAD'));
    const proposed = new OverlaySource(
      base,
      new Map([
        [versionPath('fraud', '1.1.0'), new TextEncoder().encode(versionYaml('1.1.0', { stage: 'production' }))],
      ]),
    );
    const report = await validateChange({ base, head: proposed });
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => f.code)).toContain('STAGE_TRANSITION_NOT_ALLOWED');
  });
});
