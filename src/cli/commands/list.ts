/** modelreg list: versions with their stages, filtered by model or stage. */
import { Command } from 'commander';
import { EXIT, type Io, type Runner } from '../io.js';
import { addRegistryOption, atOption, openRegistryFrom, viewAt, type RegistryOption } from '../options.js';
import { renderTable } from '../render/table.js';
import { listCacheFormat, type VersionSummary } from '../../registry/registry-view.js';
import { listInBatches } from '../../registry/parallel-list.js';

interface ListOptions extends RegistryOption {
  readonly model?: string;
  readonly stage?: string;
  readonly json?: boolean;
  readonly at?: string;
}

export function listCommand(io: Io, run: Runner): Command {
  return addRegistryOption(
    new Command('list')
      .description(
        'list registered versions and their stages (as committed at HEAD unless --at; exit 1 when none match)',
      )
      .option('--model <model>', 'only this model')
      .option('--stage <stage>', 'only versions in this stage')
      .addOption(atOption())
      .option('--json', 'print JSON'),
  ).action((options: ListOptions) =>
    run(async () => {
      const registry = await openRegistryFrom(options, io);
      const view = await viewAt(registry, options.at);
      const filter = { model: options.model, stage: options.stage };
      // Listing every model reads the whole registry: worth keeping each model's rows by its tree id.
      const cache =
        options.model === undefined
          ? await registry.modelResults<VersionSummary[]>('list', listCacheFormat())
          : undefined;
      if (options.json) {
        // Printed a batch at a time, byte for byte what JSON.stringify(rows, null, 2) prints.
        let count = 0;
        for await (const rows of listInBatches(view, filter, cache)) {
          if (rows.length === 0) continue;
          io.out(
            `${count === 0 ? '[\n' : ',\n'}${rows.map((row) => `  ${JSON.stringify(row, null, 2).replace(/\n/g, '\n  ')}`).join(',\n')}`,
          );
          count += rows.length;
        }
        io.out(count === 0 ? '[]\n' : '\n]\n');
        await cache?.save();
        return count === 0 ? EXIT.rejected : EXIT.ok;
      }
      const versions: VersionSummary[] = [];
      for await (const rows of listInBatches(view, filter, cache)) versions.push(...rows);
      await cache?.save();
      if (versions.length === 0) {
        io.out('no versions match\n');
        return EXIT.rejected;
      }
      io.out(
        renderTable(
          ['MODEL', 'VERSION', 'STAGE', 'CREATED', 'CREATED BY', 'NOTE'],
          versions.map((v) => [v.model, v.version, v.stage, v.created, v.createdBy, v.deprecated ? 'deprecated' : '']),
        ),
      );
      return EXIT.ok;
    }),
  );
}
