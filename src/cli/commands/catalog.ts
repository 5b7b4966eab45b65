/** modelreg catalog build: a static site of the registry, ready for GitHub Pages. */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { buildCatalogIncrementally } from '../../catalog/incremental-build.js';
import { countOf } from '../../domain/plural.js';
import { EXIT, type Io, type Runner } from '../io.js';
import { addRegistryOption, atOption, openRegistryFrom, viewAt, type RegistryOption } from '../options.js';

/** How much V8 may grow the heap past its live size before collecting again, during a catalog build. */
const CATALOG_HEAP_GROWING_PERCENT = 50;

interface CatalogOptions extends RegistryOption {
  readonly out: string;
  readonly at: string;
  readonly repoUrl?: string;
}

export function catalogCommand(io: Io, run: Runner): Command {
  const catalog = new Command('catalog').description('a static catalog site of the registry');
  catalog.addCommand(
    addRegistryOption(
      new Command('build')
        .description(
          'write the catalog (index, a page per model and per version; no server or network needed to view it)',
        )
        .option('--out <dir>', 'where to write it', 'catalog')
        .addOption(atOption('show the registry as committed at'))
        .option(
          '--repo-url <url>',
          'link commits and pull requests to this repository, e.g. https://github.com/acme/registry',
        ),
    ).action((options: CatalogOptions) =>
      run(async () => {
        const registry = await openRegistryFrom(options, io);
        const view = await viewAt(registry, options.at);
        const out = resolve(io.cwd, options.out);
        // A full build of 10,000 models keeps 100-150 MB live, but V8 let the heap grow to about four times its
        // live size between full collections: 470-700 MB peak RSS in runs of the same code. Growing it by half
        // at most keeps the peak near 350 MB; the heap controller reads the flag at each collection.
        setFlagsFromString(`--heap-growing-percent=${CATALOG_HEAP_GROWING_PERCENT}`);
        // Pages of models that did not change since the build already in --out are kept (incremental-build.ts).
        const written = await buildCatalogIncrementally(registry, view, out, {
          repositoryUrl: options.repoUrl,
          now: io.now(),
        });
        const kept = written.kept > 0 ? `; kept the pages of ${countOf(written.kept, 'unchanged model')}` : '';
        io.out(
          `wrote ${countOf(written.pages, 'page')} (${Math.round(written.bytes / 1024)} KiB) to ${out}${kept}\nopen ${resolve(out, 'index.html')}\n`,
        );
        return EXIT.ok;
      }),
    ),
  );
  return catalog;
}
