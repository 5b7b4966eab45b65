/**
 * The catalog action: builds the static catalog site from the checkout, for
 * actions/upload-pages-artifact and actions/deploy-pages to publish.
 */
import * as core from '@actions/core';
import { resolve } from 'node:path';
import { writeCatalog } from '../../catalog/build-catalog.js';
import { collectCatalog } from '../../catalog/catalog-data.js';
import { countOf } from '../../domain/plural.js';
import { Registry } from '../../registry/registry.js';
import { failAction } from '../action-failure.js';
import { readActionEnvironment } from '../action-environment.js';
import { withModelregCache } from '../modelreg-cache.js';

export async function run(): Promise<void> {
  try {
    const env = readActionEnvironment();
    const registry = await Registry.open(env.registryDir);
    const out = resolve(env.workspace, env.input('out') || '_site');
    const repositoryUrl =
      env.input('repository-url') || `${env.serverUrl}/${env.repository.owner}/${env.repository.repo}`;
    const view = await registry.at('HEAD');
    const cache = {
      enabled: env.input('cache') !== 'false',
      workspace: env.workspace,
      repositoryDir: registry.git.dir,
      registryDir: env.registryDir,
      job: 'catalog',
      commit: view.commit!,
      results: ['parse-cache'],
    };
    const data = await withModelregCache(cache, () =>
      registry.withParseCache(() => collectCatalog(registry, view, { repositoryUrl, now: new Date() })),
    );
    const written = await writeCatalog(data, out);
    core.setOutput('path', out);
    core.setOutput('pages', String(written.pages));
    core.info(`wrote ${countOf(written.pages, 'page')} (${Math.round(written.bytes / 1024)} KiB) to ${out}`);
  } catch (error) {
    failAction(error);
  }
}
