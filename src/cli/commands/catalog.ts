/** modelreg catalog build: a static site of the registry, ready for GitHub Pages. */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { buildCatalogIncrementally } from '../../catalog/incremental-build.js';
import { countOf } from '../../domain/plural.js';
import { EXIT, type Io, type Runner } from '../io.js';
import { addRegistryOption, atOption, openRegistryFrom, viewAt, type RegistryOption } from '../options.js';

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
