/** modelreg rollback <model>: undo the latest change of who holds a stage, or restore an earlier holder. */
import { Command } from 'commander';
import { rollback } from '../../lifecycle/rollback.js';
import {
  addCommitTargetOptions,
  commitTargetFrom,
  gitHubTargetIfAsked,
  openPullRequestIfAsked,
  reportApplied,
  type CommitTargetOptions,
} from '../commit-target.js';
import { stageChangePullRequest } from '../../github/pull-request-body.js';
import { EXIT, type Io, type Runner } from '../io.js';
import { addRegistryOption, openRegistryToWrite, type RegistryOption } from '../options.js';

interface RollbackOptions extends RegistryOption, CommitTargetOptions {
  readonly stage?: string;
  readonly to?: string;
  readonly message?: string;
  readonly force?: boolean;
}

export function rollbackCommand(io: Io, run: Runner): Command {
  return addRegistryOption(
    addCommitTargetOptions(
      new Command('rollback')
        .description(
          "undo the most recent change of a stage's holders for one model (only that model's files), or restore --to an earlier holder",
        )
        .argument('<model>', 'the model')
        .option('--stage <stage>', 'the stage to roll back (default: production)')
        .option('--to <version>', 'make this earlier holder of the stage hold it again')
        .option('-m, --message <text>', 'why: added to the commit message')
        .option(
          '--force',
          'revert the latest change even when it was itself a rollback (which puts back the version it took out)',
        ),
    ),
  ).action((model: string, options: RollbackOptions) =>
    run(async () => {
      const registry = await openRegistryToWrite(options, io);
      const github = await gitHubTargetIfAsked(registry, options);
      const result = await rollback(registry, {
        model,
        stage: options.stage,
        to: options.to,
        target: commitTargetFrom(options),
        note: options.message,
        force: options.force,
        now: io.now(),
      });
      io.out(`${result.plan.subject}\n`);
      for (const move of result.plan.moves) io.out(`  ${model}@${move.version}: ${move.from} → ${move.to}\n`);
      const url = await openPullRequestIfAsked(registry, github, result.applied, () =>
        stageChangePullRequest(registry, result, options.message),
      );
      reportApplied(io, result.applied, url);
      return EXIT.ok;
    }),
  );
}
