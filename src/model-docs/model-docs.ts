/** Generates models/<model>/README.md for every model and says which files differ from what is on disk. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Registry } from '../registry/registry.js';
import type { RegistryView } from '../registry/registry-view.js';
import { holdersBeforeLatestChange, modelPagePath, renderModelPage } from './model-page.js';

export interface ModelDocFile {
  readonly path: string;
  readonly text: string;
  /** The working tree has exactly this text already. */
  readonly current: boolean;
}

export async function modelDocs(registry: Registry, view: RegistryView): Promise<ModelDocFile[]> {
  const files: ModelDocFile[] = [];
  for (const name of await view.modelNames()) {
    const path = modelPagePath(name);
    const text = await renderModelPage(view, name, holdersBeforeLatestChange(registry, view.commit!, name));
    const onDisk = await readFile(join(registry.dir, path), 'utf8').catch(() => undefined);
    files.push({ path, text, current: onDisk === text });
  }
  return files;
}
