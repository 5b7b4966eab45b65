/** modelreg lineage <model>@<version> | --uses <data URI>. */
import { Command } from 'commander';
import { UserError } from '../../domain/errors.js';
import { parseModelRef } from '../../domain/model-ref.js';
import { readLineage, versionsUsingData } from '../../registry/lineage.js';
import { EXIT, type Io, type Runner } from '../io.js';
import { addRegistryOption, atOption, choice, openRegistryFrom, viewAt, type RegistryOption } from '../options.js';
import { renderLineage, type LineageFormat } from '../render/lineage.js';
import { renderTable } from '../render/table.js';

interface LineageOptions extends RegistryOption {
  readonly uses?: string;
  readonly format: LineageFormat;
  readonly at: string;
}

export function lineageCommand(io: Io, run: Runner): Command {
  return addRegistryOption(
    new Command('lineage')
      .description(
        'parents, children, data and code of a version and the stages it held; or, with --uses, every version trained on a data set',
      )
      .argument('[reference]', '<model>@<version> or <model>@<stage>')
      .option('--uses <uri>', 'list the versions whose lineage.data names this URI (exit 1 when none does)')
      .addOption(atOption())
      .addOption(choice('--format <format>', 'output format', ['text', 'mermaid', 'dot', 'json'] as const, 'text')),
  ).action((reference: string | undefined, options: LineageOptions) =>
    run(async () => {
      if ((reference === undefined) === (options.uses === undefined)) {
        throw new UserError(
          'USAGE',
          'give either <model>@<version> or --uses <data URI>',
          'e.g. modelreg lineage fraud@1.2.0, or modelreg lineage --uses s3://data/transactions/2026-10/',
        );
      }
      const registry = await openRegistryFrom(options, io);
      const view = await viewAt(registry, options.at);
      if (options.uses !== undefined) {
        const uses = options.uses;
        const users = await registry.withParseCache(() => versionsUsingData(view, uses));
        if (options.format === 'json') io.out(`${JSON.stringify(users, null, 2)}\n`);
        else if (users.length === 0) io.out(`no version names ${options.uses} in its lineage\n`);
        else
          io.out(
            renderTable(
              ['MODEL', 'VERSION', 'STAGE'],
              users.map((u) => [u.model, u.version, u.stage]),
            ),
          );
        return users.length === 0 ? EXIT.rejected : EXIT.ok;
      }
      const ref = parseModelRef(reference!);
      if (ref.kind === 'model')
        throw new UserError(
          'INVALID_REFERENCE',
          `"${reference}" needs @<version> or @<stage>`,
          `e.g. ${ref.model}@1.0.0`,
        );
      const version = ref.kind === 'version' ? ref.version : (await view.resolve(ref)).version;
      io.out(renderLineage(await readLineage(registry, view, ref.model, version), options.format));
      return EXIT.ok;
    }),
  );
}
