/** modelreg promote <model>@<version> --to <stage>. */
import { Command } from 'commander';
import { UserError } from '../../domain/errors.js';
import { promote } from '../../lifecycle/promote.js';
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
import { promoteToRegistryCommand } from './promote-to-registry.js';
import { addRegistryOption, openRegistryToWrite, type RegistryOption } from '../options.js';

interface PromoteOptions extends RegistryOption, CommitTargetOptions {
  readonly to?: string;
  readonly toRegistry?: string;
  readonly stage?: string;
  readonly message?: string;
  readonly githubServerUrl?: string;
  readonly weight?: string;
}

export function promoteCommand(io: Io, run: Runner): Command {
  return addRegistryOption(
    addCommitTargetOptions(
      new Command('promote')
        .description(
          'move a version into a stage (the holder of an exclusive stage moves to its demote_to), checked against the gates',
        )
        .argument('<reference>', '<model>@<version>')
        .option('--to <stage>', 'the stage to enter')
        .option(
          '--to-registry <path|owner/repo>',
          'copy the version into another registry, with provenance: its directory (--here, --branch and --pr then act on it), or a GitHub repository, cloned over HTTPS to push a branch and open its pull request (implies --pr)',
        )
        .option(
          '--github-server-url <url>',
          'with --to-registry OWNER/REPO: the GitHub server (default: GITHUB_SERVER_URL, else https://github.com)',
        )
        .option('--stage <stage>', "with --to-registry: the stage in the target (default: the target's initial stage)")
        .option(
          '--weight <percent>',
          'into a split stage: the percent of its traffic the version takes (1-100); the other holder gives up the difference and leaves at 0',
        )
        .option('-m, --message <text>', 'why: added to the commit message'),
    ),
  ).action((reference: string, options: PromoteOptions) =>
    run(async () => {
      if (options.toRegistry !== undefined || options.stage !== undefined || options.githubServerUrl !== undefined)
        return promoteToRegistryCommand(io, reference, options);
      if (options.to === undefined)
        throw new UserError(
          'USAGE',
          'promote needs --to <stage> (or --to-registry <path> to copy the version into another registry)',
          'e.g. modelreg promote fraud-detection@1.2.0 --to production',
        );
      const registry = await openRegistryToWrite(options, io);
      const github = await gitHubTargetIfAsked(registry, options);
      const { plan, applied } = await promote(registry, {
        reference,
        to: options.to!,
        ...(options.weight !== undefined ? { weight: parseWeight(options.weight) } : {}),
        target: commitTargetFrom(options),
        note: options.message,
        now: io.now(),
      });
      io.out(`${plan.subject}\n`);
      for (const move of plan.moves) io.out(`  ${plan.model}@${move.version}: ${move.from} → ${move.to}\n`);
      for (const w of plan.weights ?? []) io.out(`  ${plan.model}@${w.version}: weight ${w.from}% → ${w.to}%\n`);
      const url = await openPullRequestIfAsked(registry, github, applied, () =>
        stageChangePullRequest(registry, { plan, applied }, options.message),
      );
      reportApplied(io, applied, url);
      return EXIT.ok;
    }),
  );
}

/** A whole number of percent; anything else is refused before the registry is read. */
function parseWeight(text: string): number {
  if (!/^\d{1,3}$/.test(text.trim())) {
    throw new UserError(
      'SPLIT_WEIGHT_INVALID',
      `--weight must be a whole number of percent from 1 to 100, got "${text}"`,
      'e.g. --weight 10 to start a canary, --weight 100 to give the version the whole stage.',
    );
  }
  return Number(text.trim());
}
