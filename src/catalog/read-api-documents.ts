/**
 * The documents of the static read API, written next to the catalog site and
 * served by GitHub Pages or any CDN, so that deploy jobs resolve without a
 * clone. Pure: catalog data in, file path → JSON text out. Their shapes are
 * checked by the reader (remote-registry.ts) against read-api-schemas.ts.
 *
 * A document's body is exactly what the CLI prints (`show` is `show --json`,
 * `resolve` is `resolve --json`), wrapped with the format and the commit it
 * was built from. No build time is written: a rebuild of the same commit
 * writes the same bytes, so ETags stay valid and readers get 304s.
 */
import type { CatalogData, ModelCatalog } from './catalog-types.js';
import { modelJson, resolutionJson, versionJson } from '../registry/json-shapes.js';
import { resolution as resolutionOf, summarize } from '../registry/registry-view.js';
import { chooseSplitHolder, holdersByStage, holdersOf } from '../registry/stage-holders.js';
import { splitHolders } from '../domain/split-weights.js';
import { READ_API_FORMAT, readApiFile, readApiPath } from '../read-api/read-api-paths.js';

export {
  indexDocumentSchema,
  modelDocumentSchema,
  stageDocumentSchema,
  versionDocumentSchema,
} from '../registry/read-api-schemas.js';
export type { IndexDocument, StageDocument } from '../registry/read-api-schemas.js';

/** Every document of the read API for `data`: file path (relative to the site) → JSON text. */
export function readApiFiles(data: CatalogData): Map<string, string> {
  const files = new Map<string, string>([readApiIndexFile(data)]);
  const put = (segments: string[], document: object) => files.set(readApiFile(segments), documentText(document));
  const head = { format: READ_API_FORMAT, commit: data.commit };
  const stages = [...data.policy.stages];
  for (const model of data.models) {
    const name = model.entry.name;
    const summaries = model.versions.map((entry) => summarize(name, entry));
    put(readApiPath.model(name), {
      ...head,
      show: modelJson({ name, entry: model.entry, versions: summaries, holders: holdersByStage(summaries) }),
    });
    for (const entry of model.versions) {
      put(readApiPath.version(name, entry.version), {
        ...head,
        show: versionJson(name, entry),
        resolve: resolutionJson(resolutionOf(name, entry, [])),
      });
    }
    for (const [stage, policy] of stages)
      put(readApiPath.stage(name, stage), {
        ...head,
        ...stageDocument(model, stage, policy.exclusive, policy.split !== undefined),
      });
  }
  return files;
}

/** The one document about every model (their names and the stages): its path and text. */
export function readApiIndexFile(data: CatalogData): [path: string, text: string] {
  return [
    readApiFile(readApiPath.index()),
    documentText({
      format: READ_API_FORMAT,
      commit: data.commit,
      stages: Object.fromEntries(
        [...data.policy.stages].map(([name, stage]) => [name, { exclusive: stage.exclusive }]),
      ),
      models: data.models.map((m) => m.entry.name),
    }),
  ];
}

const documentText = (document: object) => `${JSON.stringify(document, null, 2)}\n`;

function stageDocument(model: ModelCatalog, stage: string, exclusive: boolean, split: boolean) {
  const name = model.entry.name;
  const holders = holdersOf(model.versions, stage);
  const weighted = splitHolders(model.versions, stage);
  // Weights that do not sum to 100 (an inconsistent registry) leave the plain document, as an exclusive conflict does.
  if (split && holders.length > 0 && weighted.reduce((sum, h) => sum + (h.weight ?? 0), 0) === 100) {
    // A split stage resolves as from git: to the holder with the most weight, with every holder's weight.
    const chosen = chooseSplitHolder(
      { model: name, stage, holders, exclusive, where: 'the catalog', versions: model.versions },
      weighted,
      undefined,
    );
    const entry = model.versions.find((e) => e.version === chosen.chosen.version)!;
    return {
      model: name,
      stage,
      exclusive,
      holders,
      versions: model.versions.map(({ version, stage: held }) => ({ version, stage: held })),
      resolve: resolutionJson({ ...resolutionOf(name, entry, []), split: chosen.holders }),
    };
  }
  const highest = model.versions.find((entry) => entry.version === holders[0]);
  return {
    model: name,
    stage,
    exclusive,
    holders,
    versions: model.versions.map(({ version, stage: held }) => ({ version, stage: held })),
    resolve: highest ? resolutionJson(resolutionOf(name, highest, holders.slice(1))) : null,
  };
}
