/** modelreg docs: regenerate each model's README.md (or --check that they are current). */
import { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { modelDocs } from '../../model-docs/model-docs.js';
import { countOf } from '../../domain/plural.js';
import { EXIT, type Io, type Runner } from '../io.js';
import { addRegistryOption, atOption, openRegistryFrom, viewAt, type RegistryOption } from '../options.js';

interface DocsOptions extends RegistryOption {
  readonly check?: boolean;
  readonly at: string;
}

export function docsCommand(io: Io, run: Runner): Command {
  return addRegistryOption(
    new Command('docs')
      .description(
        'write models/<model>/README.md for every model: stage holders, versions, rollback plan, lineage graph',
      )
      .option('--check', 'write nothing; exit 1 when a page is missing or out of date (for CI)')
      .addOption(atOption('document the registry as committed at')),
  ).action((options: DocsOptions) =>
    run(async () => {
      const registry = await openRegistryFrom(options, io);
      const files = await modelDocs(registry, await viewAt(registry, options.at));
      const stale = files.filter((f) => !f.current);
      if (options.check) {
        for (const f of stale)
          io.err(
            `${registry.pathInRepository(f.path)}:1:1: error DOCS_OUT_OF_DATE the page does not match the registry\n    hint: run \`modelreg docs\` and commit the result\n`,
          );
        io.out(
          stale.length === 0
            ? `ok: ${countOf(files.length, 'model page')} ${files.length === 1 ? 'is' : 'are'} current\n`
            : `${stale.length} of ${countOf(files.length, 'model page')} ${stale.length === 1 ? 'is' : 'are'} out of date\n`,
        );
        return stale.length === 0 ? EXIT.ok : EXIT.rejected;
      }
      for (const f of stale) {
        await mkdir(dirname(join(registry.dir, f.path)), { recursive: true });
        await writeFile(join(registry.dir, f.path), f.text);
        io.out(`wrote ${registry.pathInRepository(f.path)}\n`);
      }
      // What happened, in one line: how many pages were written and how many were left as they were.
      const summary = `wrote ${countOf(stale.length, 'page')}, ${files.length - stale.length} already current`;
      io.out(stale.length > 0 ? `${summary}; commit the written pages to publish them\n` : `${summary}\n`);
      return EXIT.ok;
    }),
  );
}
