import { describe, expect, it } from 'vitest';
// The package's own name: what a deploy script imports (resolved through package.json exports to lib/).
import {
  openRegistry,
  openRepository,
  GitTreeSource,
  IsomorphicGitRepository,
  NativeGitRepository,
  OverlaySource,
  Registry,
  validateChange,
  type GitPort,
} from 'modelreg';
import { DIGEST_A, modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { commit, createRepo } from './helpers/temp-repo.js';

const prefixed = (prefix: string, files: Record<string, string>) =>
  Object.fromEntries(Object.entries(files).map(([path, content]) => [`${prefix}${path}`, content]));

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

  it('opens a repository through either GitPort adapter, or as commands do, with the same answers', async () => {
    const dir = createRepo(prefixed('registry/', files()));
    const adapters: GitPort[] = [
      await openRepository(dir),
      new NativeGitRepository(dir),
      new IsomorphicGitRepository(dir),
    ];
    expect(adapters[0]).toBeInstanceOf(NativeGitRepository);
    expect(await openRepository(dir, { ...process.env, MODELREG_NATIVE_GIT: '0' })).toBeInstanceOf(
      IsomorphicGitRepository,
    );
    // Each environment is asked about its own PATH, also after another found git.
    expect(await openRepository(dir, { ...process.env, PATH: '' })).toBeInstanceOf(IsomorphicGitRepository);
    for (const git of adapters) {
      const resolved = await (await new Registry(git, 'registry').at()).resolve('fraud@production');
      expect(resolved, git.constructor.name).toMatchObject({ model: 'fraud', version: '1.0.0' });
    }
  });
});
