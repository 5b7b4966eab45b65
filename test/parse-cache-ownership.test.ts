import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Registry } from '../src/registry/registry.js';
import { modelYaml, templatePolicy, versionPath, versionYaml } from './helpers/fixtures.js';
import { createRepo } from './helpers/temp-repo.js';

function registryWith(model: string): string {
  return createRepo({
    'registry.yaml': templatePolicy(),
    [`models/${model}/model.yaml`]: modelYaml(model),
    [versionPath(model, '1.0.0')]: versionYaml('1.0.0', { stage: 'production' }),
  });
}

/** The files a registry's on-disk parse cache holds (none when it was never written). */
function filesInParseCache(dir: string): string[] {
  const file = join(dir, '.git', 'modelreg', 'parse-cache.json');
  if (!existsSync(file)) return [];
  const { entries } = JSON.parse(readFileSync(file, 'utf8')) as { entries: Record<string, unknown> };
  return Object.keys(entries)
    .map((key) => key.split('\0')[1]!)
    .sort();
}

async function readModel(registry: Registry, model: string): Promise<void> {
  const state = await (await registry.at()).snapshot.modelState(model);
  expect(state.versions.size).toBe(1);
}

describe('parsed files belong to their registry, not to the process', () => {
  it("one registry's parse cache ending does not turn off another's", async () => {
    const fraudDir = registryWith('fraud');
    const churnDir = registryWith('churn');
    const [fraud, churn] = await Promise.all([Registry.open(fraudDir), Registry.open(churnDir)]);
    await fraud.withParseCache(async () => {
      await churn.withParseCache(() => readModel(churn, 'churn'));
      // churn's cache has ended; fraud's is still in use.
      await readModel(fraud, 'fraud');
    });
    expect(filesInParseCache(fraudDir)).toEqual(['models/fraud/model.yaml', versionPath('fraud', '1.0.0')]);
    expect(filesInParseCache(churnDir)).toEqual(['models/churn/model.yaml', versionPath('churn', '1.0.0')]);
  });

  it('overlapping parse caches of one registry: the one ending first does not end the other', async () => {
    const dir = registryWith('fraud');
    const registry = await Registry.open(dir);
    let firstStarted!: () => void;
    let firstMayEnd!: () => void;
    const started = new Promise<void>((resolve) => (firstStarted = resolve));
    const mayEnd = new Promise<void>((resolve) => (firstMayEnd = resolve));
    const first = registry.withParseCache(async () => {
      firstStarted();
      await mayEnd;
    });
    await started;
    await registry.withParseCache(async () => {
      firstMayEnd();
      await first;
      await readModel(registry, 'fraud');
    });
    expect(filesInParseCache(dir)).toEqual(['models/fraud/model.yaml', versionPath('fraud', '1.0.0')]);
  });

  it('a registry does not serve its parsed files to another holding the same blobs', async () => {
    const firstDir = registryWith('fraud');
    const secondDir = registryWith('fraud');
    const [first, second] = await Promise.all([Registry.open(firstDir), Registry.open(secondDir)]);
    await readModel(first, 'fraud');
    // The same blobs, parsed again for the second registry: so they reach its on-disk cache.
    await second.withParseCache(() => readModel(second, 'fraud'));
    expect(filesInParseCache(secondDir)).toEqual(['models/fraud/model.yaml', versionPath('fraud', '1.0.0')]);
    expect(filesInParseCache(firstDir)).toEqual([]);
  });

  it('snapshots of one registry still share its parsed files (base and head of a validation)', async () => {
    const registry = await Registry.open(registryWith('fraud'));
    const [head, again] = await Promise.all([registry.at('HEAD'), registry.at('HEAD')]);
    const file = await head.snapshot.modelFile('fraud');
    expect(await again.snapshot.modelFile('fraud')).toBe(file);
    // Another registry's view of the same commit parses on its own.
    const other = await Registry.open(registry.dir);
    expect(await (await other.at('HEAD')).snapshot.modelFile('fraud')).not.toBe(file);
  });
});
