/**
 * modelreg promote <model>@<version> --to-registry <path | OWNER/REPO> [--stage S]:
 * the version copied into another registry. A directory is changed where it
 * is; OWNER/REPO is cloned from the GitHub server into a temporary directory,
 * and the change pushed and opened as a pull request there.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../../domain/errors.js';
import { copyPullRequest } from '../../github/pull-request-body.js';
import type { GitHubTarget } from '../../github/pull-request-flow.js';
import { isRepositoryName, openRemoteTarget } from '../../github/remote-target-registry.js';
import { promoteToRegistry } from '../../lifecycle/promote-to-registry.js';
import type { Registry } from '../../registry/registry.js';
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
  readonly githubServerUrl?: string;
}

export async function promoteToRegistryCommand(
  io: Io,
  reference: string,
  options: PromoteToRegistryOptions,
): Promise<number> {
  if (options.toRegistry === undefined)
    throw new UserError(
      'USAGE',
      `${options.stage !== undefined ? '--stage' : '--github-server-url'} only applies with --to-registry`,
      'Within one registry, use --to <stage>.',
    );
  if (options.to !== undefined)
    throw new UserError(
      'USAGE',
      '--to and --to-registry contradict each other',
      'Use --to <stage> within this registry, or --to-registry <path> [--stage <stage>] to copy the version into another one.',
    );
  const repository = repositoryNameOf(options.toRegistry, io.cwd);
  if (repository === undefined) {
    if (options.githubServerUrl !== undefined)
      throw new UserError(
        'USAGE',
        '--github-server-url only applies with --to-registry OWNER/REPO',
        "A directory's pull request goes to its origin: drop --github-server-url.",
      );
    const source = await openRegistryFrom(options, io);
    const target = await openRegistryToWrite({ registry: options.toRegistry }, io);
    return copyInto(io, reference, options, source, target, await gitHubTargetIfAsked(target, options));
  }
  if (options.repo !== undefined)
    throw new UserError(
      'USAGE',
      `--repo does not apply: --to-registry ${repository} names the repository`,
      'Drop --repo.',
    );
  // Committed in a clone that is removed afterwards: only a pushed branch and its pull request keep the change.
  const pullRequest = { ...options, pr: true };
  commitTargetFrom(pullRequest);
  const source = await openRegistryFrom(options, io);
  const remote = await openRemoteTarget(repository, source, {
    serverUrl: options.githubServerUrl,
    apiUrl: options.githubApiUrl,
  });
  try {
    return await copyInto(io, reference, pullRequest, source, remote.registry, remote.github);
  } finally {
    await remote.remove();
  }
}

async function copyInto(
  io: Io,
  reference: string,
  options: PromoteToRegistryOptions,
  source: Registry,
  target: Registry,
  github: GitHubTarget | undefined,
): Promise<number> {
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

/**
 * OWNER/REPO when --to-registry names a GitHub repository; undefined for a
 * directory. A value that is both (a directory acme/models-prod here) is
 * refused rather than guessed.
 */
function repositoryNameOf(value: string, cwd: string): string | undefined {
  if (!isRepositoryName(value)) return undefined;
  if (existsSync(resolve(cwd, value))) {
    throw new UserError(
      'USAGE',
      `--to-registry ${value} names both a directory here and a GitHub repository`,
      `Write ./${value} for the directory; for the repository, run modelreg from a directory without ${value} (e.g. with --registry).`,
    );
  }
  return value;
}
