/**
 * Builds the catalog into a directory that may hold an earlier build, keeping
 * every file of a model whose inputs did not change: its tree id, its history
 * events, and what every page depends on (policy stages, title, repository
 * URL, modelreg's version). Such a model is not even read. The index pages
 * (HTML and api/v1/index.json) are rewritten every time. The result is
 * byte-for-byte what a build into an empty directory writes.
 *
 * What was kept is recorded in MANIFEST_FILE in the output directory: per
 * model its inputs, its index row, and the files it owns. The manifest is
 * removed before anything is written and written last, so an interrupted
 * build leaves no manifest and the next build starts over.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelEntry } from '../contract/model-schema.js';
import type { VersionEntry } from '../contract/version-schema.js';
import { readApiFiles, readApiIndexFile } from './read-api-documents.js';
import { READ_API_DIR, READ_API_FORMAT } from '../read-api/read-api-paths.js';
import type { Registry } from '../registry/registry.js';
import type { RegistryView } from '../registry/registry-view.js';
import { modelDir } from '../domain/layout.js';
import { MODELREG_VERSION } from '../version.js';
import { CATALOG_CSS, CATALOG_JS } from './assets.js';
import { catalogHistory, catalogOf, collectModel, type CatalogData, type ModelCatalog } from './catalog-data.js';
import { renderIndex, renderModelPage, renderVersionPage } from './render-pages.js';

export const MANIFEST_FILE = '.modelreg-catalog.json';
const MANIFEST_FORMAT = 'modelreg-catalog-manifest/1';

interface ModelRecord {
  readonly tree: string;
  readonly events: string;
  /** What the index pages show of it. */
  readonly entry: ModelEntry;
  readonly versions: readonly { readonly version: string; readonly stage: string }[];
  readonly lastChange: string | null;
  /** Every file it owns, relative to the output directory, sorted. */
  readonly files: readonly string[];
}

interface Manifest {
  readonly format: string;
  /** Digest of what every page depends on. */
  readonly key: string;
  readonly commit: string;
  readonly models: Record<string, ModelRecord>;
}

export interface IncrementalBuildOptions {
  readonly repositoryUrl?: string;
  readonly now: Date;
  readonly readApi?: boolean;
  /** Part of the key every page depends on; a new modelreg version rebuilds everything. */
  readonly modelregVersion?: string;
}

export interface IncrementalBuildResult {
  readonly pages: number;
  readonly bytes: number;
  /** Models read and written anew, and models whose files were kept. */
  readonly rebuilt: number;
  readonly kept: number;
  /** Files written (index pages included; kept read-API documents whose commit line was updated too). */
  readonly filesWritten: number;
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** Whether `path` belongs to model `name`: its pages or its read-API documents. */
function ownedBy(name: string, path: string): boolean {
  return (
    path.startsWith(`models/${name}/`) ||
    path === `${READ_API_DIR}/models/${name}.json` ||
    path.startsWith(`${READ_API_DIR}/models/${name}/`)
  );
}

/** How every read-API document starts; the commit id follows. */
const DOCUMENT_HEAD = Buffer.from(`{\n  "format": "${READ_API_FORMAT}",\n  "commit": "`);

/**
 * Overwrites the commit id in a read-API document in place (the ids are the same length), after checking
 * it is there: a few system calls instead of reading and rewriting ~15 files a model (15,000 at M), which
 * was most of an incremental build's time. False when the document does not start as expected.
 */
function recommit(path: string, from: string, to: string): boolean {
  if (from.length !== to.length) return false;
  const expected = Buffer.concat([DOCUMENT_HEAD, Buffer.from(from)]);
  const fd = openSync(path, 'r+');
  try {
    const found = Buffer.alloc(expected.length);
    if (readSync(fd, found, 0, found.length, 0) !== found.length || !found.equals(expected)) return false;
    writeSync(fd, Buffer.from(to), 0, to.length, DOCUMENT_HEAD.length);
    return true;
  } finally {
    closeSync(fd);
  }
}

/** What the index pages (index.html, api/v1/index.json) need of a model: its entry, stages held, last change. */
function indexModelOf(record: ModelRecord): ModelCatalog {
  return {
    entry: record.entry,
    versions: record.versions as VersionEntry[],
    spans: [],
    events: [],
    lastChange: record.lastChange,
  };
}

async function readManifest(out: string): Promise<Manifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(out, MANIFEST_FILE), 'utf8')) as Manifest;
    return manifest.format === MANIFEST_FORMAT ? manifest : undefined;
  } catch {
    return undefined;
  }
}

export async function buildCatalogIncrementally(
  registry: Registry,
  view: RegistryView,
  out: string,
  options: IncrementalBuildOptions,
): Promise<IncrementalBuildResult> {
  const { policy, byModel } = await catalogHistory(registry, view);
  const shell = catalogOf(registry, view, policy, [], options);
  const readApi = options.readApi !== false;
  const key = digest({
    version: options.modelregVersion ?? MODELREG_VERSION,
    readApi,
    title: shell.title,
    repositoryUrl: shell.repositoryUrl ?? null,
    stages: [...policy.stages],
  });
  const previous = await readManifest(out);
  await rm(join(out, MANIFEST_FILE), { force: true });
  const usable = previous?.key === key ? previous : undefined;
  if (!usable) {
    // Everything depends on what changed: start from nothing the catalog owns.
    await rm(join(out, 'models'), { recursive: true, force: true });
    await rm(join(out, READ_API_DIR), { recursive: true, force: true });
  }

  let pages = 0;
  let bytes = 0;
  let filesWritten = 0;
  const write = async (path: string, text: string) => {
    await mkdir(join(out, path, '..'), { recursive: true });
    await writeFile(join(out, path), text);
    pages += path.endsWith('.html') ? 1 : 0;
    bytes += Buffer.byteLength(text);
    filesWritten += 1;
  };

  const names = await view.modelNames();
  const present = new Set(names);
  for (const [name, record] of Object.entries(usable?.models ?? {})) {
    if (!present.has(name)) for (const file of record.files) await rm(join(out, file), { force: true });
    if (!present.has(name)) await rm(join(out, 'models', name), { recursive: true, force: true });
  }

  const records: Record<string, ModelRecord> = {};
  const indexModels: ModelCatalog[] = [];
  let rebuilt = 0;
  for (const name of names) {
    const own = byModel.get(name) ?? [];
    const tree = (await view.source.entry(modelDir(name)))?.id ?? '';
    const events = digest(own);
    const known = usable?.models[name];
    if (known && known.tree === tree && known.events === events) {
      if (usable!.commit !== shell.commit) {
        // A read-API document names the commit it was built from; nothing else in it changed.
        for (const file of known.files.filter((f) => f.startsWith(`${READ_API_DIR}/`))) {
          if (!recommit(join(out, file), usable!.commit, shell.commit)) {
            const text = await readFile(join(out, file), 'utf8');
            await write(file, text.replace(`"commit": "${usable!.commit}"`, `"commit": "${shell.commit}"`));
          } else filesWritten += 1;
        }
      }
      records[name] = known;
      indexModels.push(indexModelOf(known));
      continue;
    }
    rebuilt += 1;
    for (const file of known?.files ?? []) await rm(join(out, file), { force: true });
    const model = await collectModel(view, name, own);
    view.snapshot.forget(name);
    // Its events are in `model` now and go with it once its pages are written.
    byModel.delete(name);
    const files = new Map<string, string>([[`models/${name}/index.html`, renderModelPage(shell, model)]]);
    for (const version of model.versions)
      files.set(`models/${name}/${version.version}.html`, renderVersionPage(shell, model, version));
    if (readApi)
      for (const [path, text] of readApiFiles({ ...shell, models: [model] }))
        if (ownedBy(name, path)) files.set(path, text);
    for (const [path, text] of files) await write(path, text);
    const record: ModelRecord = {
      tree,
      events,
      entry: model.entry,
      versions: model.versions.map(({ version, stage }) => ({ version, stage })),
      lastChange: model.lastChange,
      files: [...files.keys()].sort(),
    };
    records[name] = record;
    // Only what the index pages show, as for a kept model: a whole registry's versions, spans and events
    // would otherwise stay in memory until the end (most of a full build's peak at 10,000 models).
    indexModels.push(indexModelOf(record));
  }

  const data: CatalogData = { ...shell, models: indexModels };
  await write('assets/catalog.css', CATALOG_CSS);
  await write('assets/catalog.js', CATALOG_JS);
  await write('index.html', renderIndex(data));
  if (readApi) await write(...readApiIndexFile(data));
  const manifest: Manifest = { format: MANIFEST_FORMAT, key, commit: shell.commit, models: records };
  await writeFile(join(out, MANIFEST_FILE), `${JSON.stringify(manifest)}\n`);
  return { pages, bytes, rebuilt, kept: names.length - rebuilt, filesWritten };
}
