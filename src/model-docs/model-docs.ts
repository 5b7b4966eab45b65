/** Generates models/<model>/README.md for every model and says which files differ from what is on disk. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { latestHolderChange } from '../lifecycle/rollback.js';
import type { Registry } from '../registry/registry.js';
import type { RegistryView } from '../registry/registry-view.js';
import { holders } from '../history/model-timeline.js';
import { renderModelDoc, type RollbackPlan } from './render-model-doc.js';

export interface ModelDocFile {
  readonly path: string;
  readonly text: string;
  /** The working tree has exactly this text already. */
  readonly current: boolean;
}

export async function modelDocs(registry: Registry, view: RegistryView): Promise<ModelDocFile[]> {
  const policy = await view.policy();
  const files: ModelDocFile[] = [];
  for (const name of await view.modelNames()) {
    const details = await view.model(name);
    const versions = await Promise.all(details.versions.map((v) => view.version(name, v.version)));
    const rollbacks: RollbackPlan[] = [];
    for (const stage of [...policy.stages.values()].filter((s) => s.exclusive)) {
      const current = versions.filter((v) => v.stage === stage.name).map((v) => v.version);
      if (current.length === 0) continue;
      const change = await latestHolderChange(registry, view.commit!, name, stage.name);
      rollbacks.push({ stage: stage.name, current, restores: change ? holders(change.before.state, stage.name) : undefined, reverts: change?.change.commit.oid });
    }
    const path = `models/${name}/README.md`;
    const text = renderModelDoc({ model: details.entry, policy, versions, rollbacks });
    const onDisk = await readFile(join(registry.dir, path), 'utf8').catch(() => undefined);
    files.push({ path, text, current: onDisk === text });
  }
  return files;
}
