/** modelreg validate: the same contract check CI runs on a pull request. */
import { Command } from 'commander';
import { UserError } from '../../domain/errors.js';
import { sortFindings } from '../../domain/findings.js';
import { outdatedSchemas } from '../../registry/outdated-schemas.js';
import { EXIT, type Io, type Runner } from '../io.js';
import { addRegistryOption, choice, openRegistryFrom, type RegistryOption } from '../options.js';
import { renderFindings, summaryLine, type FindingsFormat } from '../render/findings.js';

interface ValidateOptions extends RegistryOption {
  readonly base?: string;
  readonly head?: string;
  readonly all?: boolean;
  readonly format: FindingsFormat;
}

export function validateCommand(io: Io, run: Runner): Command {
  return addRegistryOption(
    new Command('validate')
      .description(
        'check a change against the registry contract: by default the working tree (uncommitted edits included) against HEAD',
      )
      .option('--base <ref>', 'the state before the change, whose policy applies (default: HEAD)')
      .option('--head <ref>', 'the state after the change (default: the working tree)')
      .option('--all', 'check every entry of --head (or the working tree) on its own instead of a change')
      .addOption(choice('--format <format>', 'output format', ['text', 'json', 'github'] as const, 'text')),
  ).action((options: ValidateOptions) =>
    run(async () => {
      if (options.all && options.base !== undefined) {
        throw new UserError(
          'USAGE',
          '--all checks one snapshot; it cannot be combined with --base',
          'Use --head <ref> to choose the snapshot.',
        );
      }
      const registry = await openRegistryFrom(options, io);
      const report = await registry.validate({ base: options.base, head: options.head, all: options.all });
      const findings = sortFindings([...report.findings, ...(await outdatedSchemas(registry, options.head))]);
      io.out(renderFindings(findings, options.format, report.ok));
      if (options.format === 'text') io.out(summaryLine(findings, options.all ? 'the registry' : 'the change'));
      return report.ok ? EXIT.ok : EXIT.rejected;
    }),
  );
}
