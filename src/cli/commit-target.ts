/** --here / --branch, shared by the commands that change stages, and how their result is told. */
import type { Command } from 'commander';
import { isUserError, UserError } from '../domain/errors.js';
import type { AppliedChange, CommitTarget } from '../lifecycle/apply-change.js';
import type { Io } from './io.js';
import type { Registry } from '../registry/registry.js';
import type { GitHubTarget } from '../github/pull-request-flow.js';

export interface CommitTargetOptions {
  readonly here?: boolean;
  readonly branch?: string;
  readonly pr?: boolean;
  readonly repo?: string;
  readonly githubApiUrl?: string;
}

export function addCommitTargetOptions(command: Command): Command {
  return addPullRequestOptions(
    command
      .option('--here', 'commit on the current branch (a registry used without pull requests)')
      .option('--branch <name>', 'the new branch to commit on (default: named after the change)'),
  );
}

export function addPullRequestOptions(command: Command): Command {
  return command
    .option('--pr', 'push the branch to origin and open a pull request (token from GITHUB_TOKEN or GH_TOKEN)')
    .option('--repo <owner/name>', 'the GitHub repository, when the origin URL does not tell')
    .option(
      '--github-api-url <url>',
      'the GitHub API, e.g. https://github.example.com/api/v3 (default: from the origin host or GITHUB_API_URL)',
    );
}

export function commitTargetFrom(options: CommitTargetOptions): CommitTarget | undefined {
  if (options.here && options.branch !== undefined) {
    throw new UserError(
      'USAGE',
      '--here and --branch contradict each other',
      'Use --here to commit on the current branch, or --branch NAME for a new branch.',
    );
  }
  if (options.here && options.pr) {
    throw new UserError(
      'USAGE',
      '--here and --pr contradict each other',
      'A pull request needs a branch: drop --here.',
    );
  }
  if (options.here) return { kind: 'here' };
  if (options.branch !== undefined) return { kind: 'branch', name: options.branch };
  return undefined;
}

/** With --pr: the token, repository and API, checked before anything is changed. */
export async function gitHubTargetIfAsked(
  registry: Registry,
  options: CommitTargetOptions,
): Promise<GitHubTarget | undefined> {
  if (!options.pr) return undefined;
  // Loaded on demand: Octokit is not needed by any other command.
  const { gitHubTargetOf } = await import('../github/pull-request-flow.js');
  return gitHubTargetOf(registry, { repository: options.repo, apiUrl: options.githubApiUrl });
}

/**
 * Pushes the new branch and opens the PR; returns its URL. When the push
 * fails the new local branch is deleted again, so a failed --pr leaves the
 * repository as it was.
 */
export async function openPullRequestIfAsked(
  registry: Registry,
  target: GitHubTarget | undefined,
  applied: AppliedChange,
  content: () => Promise<{ title: string; body: string; labels?: readonly string[] }>,
): Promise<string | undefined> {
  if (!target) return undefined;
  const body = await content();
  const { BRANCH_NOT_PUSHED, pushAndOpenPullRequest } = await import('../github/pull-request-flow.js');
  try {
    return (await pushAndOpenPullRequest(registry, applied, body, target)).url;
  } catch (error) {
    if (isUserError(error) && BRANCH_NOT_PUSHED.includes(error.code)) {
      await registry.git.deleteBranch(applied.branch);
      throw new UserError(
        error.code,
        `${error.message} (the local branch ${applied.branch} was deleted again: nothing changed)`,
        error.hint,
      );
    }
    throw error;
  }
}

export function reportApplied(io: Io, applied: AppliedChange, pullRequestUrl?: string): void {
  io.out(`committed ${applied.commit.slice(0, 7)} on ${applied.branch}\n`);
  if (pullRequestUrl) {
    io.out(`pushed ${applied.branch} and opened ${pullRequestUrl}\n`);
    return;
  }
  if (applied.branch !== applied.baseBranch) {
    io.out(
      `next steps:\n` +
        `  git push -u origin ${applied.branch}\n` +
        `  open a pull request from ${applied.branch} into ${applied.baseBranch}; merging it makes the change\n`,
    );
  }
}
