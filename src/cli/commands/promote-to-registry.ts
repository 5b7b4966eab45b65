/** modelreg promote <model>@<version> --to-registry <path> [--stage S]: the version copied into another registry. */
import { UserError } from '../../domain/errors.js';
import { copyPullRequest } from '../../github/pull-request-body.js';
import { promoteToRegistry } from '../../lifecycle/promote-to-registry.js';
import {
  commitTargetFrom,
  gitHubTargetIfAsked,
  openPullRequestIfAsked,
  reportApplied,
  type CommitTargetOptions,
} from '../commit-target.js';
import { EXIT, type Io } from '../io.js';
import { openRegistryFrom, openRegistryToWrite, type RegistryOption } from '../options.js';

export interface PromoteToRegistryOptions extends RegistryOption, CommitTargetOptions {
  readonly to?: string;
  readonly toRegistry?: string;
  readonly stage?: string;
  readonly message?: string;
}

export async function promoteToRegistryCommand(
  io: Io,
  reference: string,
  options: PromoteToRegistryOptions,
): Promise<number> {
  if (options.toRegistry === undefined)
    throw new UserError('USAGE', '--stage only applies with --to-registry', 'Within one registry, use --to <stage>.');
  if (options.to !== undefined)
    throw new UserError(
      'USAGE',
      '--to and --to-registry contradict each other',
      'Use --to <stage> within this registry, or --to-registry <path> [--stage <stage>] to copy the version into another one.',
    );
  const source = await openRegistryFrom(options, io);
  const target = await openRegistryToWrite({ registry: options.toRegistry }, io);
  const github = await gitHubTargetIfAsked(target, options);
  const { plan, applied } = await promoteToRegistry(source, target, {
    reference,
    stage: options.stage,
    target: commitTargetFrom(options),
    note: options.message,
    now: io.now(),
  });
  io.out(`${plan.subject}\n`);
  io.out(`  provenance: ${plan.source.url} at ${plan.provenance.commit.slice(0, 12)} (${plan.provenance.stage})\n`);
  const url = await openPullRequestIfAsked(target, github, applied, () =>
    Promise.resolve(copyPullRequest(plan, options.message)),
  );
  reportApplied(io, applied, url);
  return EXIT.ok;
}
