/** Writes the static catalog: index, a page per model and per version, local assets. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CATALOG_CSS, CATALOG_JS } from './assets.js';
import type { CatalogData } from './catalog-data.js';
import { renderIndex, renderModelPage, renderVersionPage } from './render-pages.js';
import { readApiFiles } from './read-api-documents.js';

/** `readApi: false` leaves out the static read API (api/v1/, docs/read-api.md) that deploy jobs resolve from. */
export async function writeCatalog(
  data: CatalogData,
  out: string,
  options: { readApi?: boolean } = {},
): Promise<{ pages: number; bytes: number }> {
  let pages = 0;
  let bytes = 0;
  const write = async (path: string, text: string) => {
    await mkdir(join(out, path, '..'), { recursive: true });
    await writeFile(join(out, path), text);
    pages += path.endsWith('.html') ? 1 : 0;
    bytes += Buffer.byteLength(text);
  };
  await write('assets/catalog.css', CATALOG_CSS);
  await write('assets/catalog.js', CATALOG_JS);
  await write('index.html', renderIndex(data));
  for (const model of data.models) {
    await write(`models/${model.entry.name}/index.html`, renderModelPage(data, model));
    for (const version of model.versions)
      await write(`models/${model.entry.name}/${version.version}.html`, renderVersionPage(data, model, version));
  }
  if (options.readApi !== false) for (const [path, text] of readApiFiles(data)) await write(path, text);
  return { pages, bytes };
}
