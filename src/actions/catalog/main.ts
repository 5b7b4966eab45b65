/**
 * The catalog action: builds the static catalog site from the checkout, for
 * actions/upload-pages-artifact and actions/deploy-pages to publish.
 */
import * as core from '@actions/core';
import { resolve } from 'node:path';
import { writeCatalog } from '../../catalog/build-catalog.js';
import { collectCatalog } from '../../catalog/catalog-data.js';
import { countOf } from '../../domain/plural.js';
import type { ActionEnvironment } from '../action-environment.js';
import { setOutputs } from '../job-report.js';
import { runAction, type ActionContext } from '../run-action.js';

interface CatalogInputs {
  /** The site's directory. */
  readonly out: string;
  /** Where commit and pull request links point. */
  readonly repositoryUrl: string;
}

export function run(): Promise<void> {
  return runAction(buildCatalog);
}

async function buildCatalog({ env, registry, cached }: ActionContext): Promise<void> {
  const inputs = catalogInputsOf(env);
  const view = await registry.at('HEAD');
  const data = await cached('catalog', view.commit!, ['parse-cache'], () =>
    registry.withParseCache(() =>
      collectCatalog(registry, view, { repositoryUrl: inputs.repositoryUrl, now: new Date() }),
    ),
  );
  const written = await writeCatalog(data, inputs.out);
  setOutputs({ path: inputs.out, pages: String(written.pages) });
  core.info(`wrote ${countOf(written.pages, 'page')} (${Math.round(written.bytes / 1024)} KiB) to ${inputs.out}`);
}

function catalogInputsOf(env: ActionEnvironment): CatalogInputs {
  return {
    out: resolve(env.workspace, env.input('out') || '_site'),
    repositoryUrl: env.input('repository-url') || `${env.serverUrl}/${env.repository.owner}/${env.repository.repo}`,
  };
}
