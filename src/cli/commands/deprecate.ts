/** modelreg deprecate <model>@<version> --reason TEXT. */
import { Command } from 'commander';
import { deprecate } from '../../lifecycle/deprecate.js';
import { addCommitTargetOptions, commitTargetFrom, reportApplied, type CommitTargetOptions } from '../commit-target.js';
import { EXIT, type Io, type Runner } from '../io.js';
import { addRegistryOption, openRegistryToWrite, type RegistryOption } from '../options.js';

interface DeprecateOptions extends RegistryOption, CommitTargetOptions {
  readonly reason: string;
  readonly endOfLife?: string;
  readonly replacedBy?: string;
}

export function deprecateCommand(io: Io, run: Runner): Command {
  return addRegistryOption(
    addCommitTargetOptions(
      new Command('deprecate')
        .description('mark a version deprecated (it keeps its stage; deploy jobs and reviewers see the reason)')
        .argument('<reference>', '<model>@<version>')
        .requiredOption('--reason <text>', 'why it is deprecated')
        .option('--end-of-life <date>', 'when it stops being served (ISO 8601 date)')
        .option('--replaced-by <version>', 'the version that replaces it'),
    ),
  ).action((reference: string, options: DeprecateOptions) =>
    run(async () => {
      const registry = await openRegistryToWrite(options, io);
      const result = await deprecate(registry, {
        reference,
        reason: options.reason,
        endOfLife: options.endOfLife,
        replacedBy: options.replacedBy,
        target: commitTargetFrom(options),
        now: io.now(),
      });
      io.out(`${result.subject}\n`);
      reportApplied(io, result.applied);
      return EXIT.ok;
    }),
  );
}
