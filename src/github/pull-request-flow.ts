/**
 * From a committed branch to an open pull request: push the branch over
 * HTTPS with the token, then open the PR through the API. Shared by the CLI's
 * --pr and the promote/rollback actions.
 */
import type { ErrorCode } from '../domain/error-codes.js';
import { isUserError, UserError } from '../domain/errors.js';
import { refuseTokenOverPlainHttp } from '../domain/token-transport.js';
import type { AppliedChange } from '../lifecycle/apply-change.js';
import type { Registry } from '../registry/registry.js';
import { GitHubApiError, type GitHubPort, type PullRequestSummary, type RepositoryRef } from './github-port.js';
import { OctokitGitHub } from './octokit-github.js';

export interface GitHubTarget {
  readonly repository: RepositoryRef;
  readonly apiUrl: string;
  readonly token: string;
}

/** Where `origin` lives on GitHub (or GitHub Enterprise), and how to reach its API. */
export async function gitHubTargetOf(
  registry: Registry,
  options: {
    token?: string;
    repository?: string;
    apiUrl?: string;
    remote?: string;
    /** What the token is for, e.g. "opening a pull request", and what it must be allowed to do. */
    purpose?: { readonly doing: string; readonly allowed: string };
    /** Only the API is used (nothing is pushed): with `repository` given, no remote is needed. */
    apiOnly?: boolean;
  },
  env: NodeJS.ProcessEnv = process.env,
): Promise<GitHubTarget> {
  const token = options.token ?? env.GITHUB_TOKEN ?? env.GH_TOKEN;
  const purpose = options.purpose ?? {
    doing: 'opening a pull request',
    allowed: 'may push branches and open pull requests',
  };
  if (!token) {
    throw new UserError(
      'NO_GITHUB_TOKEN',
      `${purpose.doing} needs a GitHub token`,
      `Set GITHUB_TOKEN or GH_TOKEN (a token that ${purpose.allowed}).`,
    );
  }
  const remote = options.remote ?? 'origin';
  const url = await registry.git.remoteUrl(remote);
  if (!url && options.apiOnly && options.repository) {
    const apiUrl = options.apiUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com';
    const [owner, repo] = options.repository.split('/');
    if (!owner || !repo)
      throw new UserError(
        'UNKNOWN_GITHUB_REPOSITORY',
        `--repo takes <owner>/<name>, got "${options.repository}"`,
        'Pass --repo <owner>/<name>.',
      );
    refuseTokenOverPlainHttp(apiUrl, 'the GitHub API', env);
    return { repository: { owner, repo }, apiUrl, token };
  }
  if (!url)
    throw new UserError(
      'NO_REMOTE',
      `the registry has no remote "${remote}"`,
      `Add it: git remote add ${remote} https://github.com/<owner>/<repo>.git`,
    );
  const parsed = /^(?:https?:\/\/(?:[^@/]+@)?([^/]+)\/|git@([^:]+):)(.+?)(?:\.git)?\/?$/.exec(url);
  const path = parsed?.[3]?.split('/') ?? [];
  const repository =
    options.repository ?? (path.length >= 2 ? `${path[path.length - 2]}/${path[path.length - 1]}` : undefined);
  const [owner, repo, ...extra] = repository?.split('/') ?? [];
  if (!owner || !repo || extra.length > 0) {
    throw new UserError(
      'UNKNOWN_GITHUB_REPOSITORY',
      `cannot tell the GitHub repository from the remote URL ${url}`,
      'Pass --repo <owner>/<name>.',
    );
  }
  const host = parsed?.[1] ?? parsed?.[2] ?? 'github.com';
  const apiUrl =
    options.apiUrl ??
    env.GITHUB_API_URL ??
    (host === 'github.com' ? 'https://api.github.com' : `https://${host}/api/v3`);
  // Both places the token goes, checked before anything is committed.
  refuseTokenOverPlainHttp(url, `pushing to ${remote}`, env);
  refuseTokenOverPlainHttp(apiUrl, 'the GitHub API', env);
  return { repository: { owner, repo }, apiUrl, token };
}

/**
 * The codes pushAndOpenPullRequest fails with when the branch did not reach
 * the remote: the caller may then delete it locally. Other PUSH_ codes are the
 * push check's, and PULL_REQUEST_FAILED comes after a successful push.
 */
export const BRANCH_NOT_PUSHED: readonly ErrorCode[] = ['PUSH_REJECTED', 'PUSH_UNAUTHORIZED', 'PUSH_FAILED'];

export async function pushAndOpenPullRequest(
  registry: Registry,
  applied: AppliedChange,
  content: { title: string; body: string; labels?: readonly string[] },
  target: GitHubTarget,
  github: GitHubPort = new OctokitGitHub(target.repository, { token: target.token, baseUrl: target.apiUrl }),
  remote = 'origin',
): Promise<PullRequestSummary> {
  if (applied.branch === applied.baseBranch) {
    throw new UserError(
      'USAGE',
      '--pr needs a new branch, but the change was committed on the current branch',
      'Drop --here.',
    );
  }
  try {
    await registry.git.push(remote, [`refs/heads/${applied.branch}`], target.token);
  } catch (error) {
    if (isUserError(error)) throw error;
    const message = (error as Error).message;
    const code = (error as { code?: string }).code;
    if (code === 'PushRejectedError') {
      throw new UserError(
        'PUSH_REJECTED',
        `the remote rejected ${applied.branch}: ${message}`,
        'A branch of that name exists remotely with other commits; use --branch NAME.',
      );
    }
    if (/401|403|auth/i.test(message)) {
      throw new UserError(
        'PUSH_UNAUTHORIZED',
        `pushing ${applied.branch} was refused: ${message}`,
        'The token must be allowed to push (contents: write).',
      );
    }
    throw new UserError(
      'PUSH_FAILED',
      `pushing ${applied.branch} failed: ${message}`,
      'Check the remote URL and the network, then push the branch yourself: git push origin ' + applied.branch,
    );
  }
  try {
    return await github.createPullRequest({
      title: content.title,
      body: content.body,
      head: applied.branch,
      base: applied.baseBranch,
      ...(content.labels ? { labels: content.labels } : {}),
    });
  } catch (error) {
    if (!(error instanceof GitHubApiError)) throw error;
    throw new UserError(
      'PULL_REQUEST_FAILED',
      `pushed ${applied.branch}, but opening its pull request failed: ${error.message}`,
      pullRequestHint(error.status, target),
    );
  }
}

/** What to do when GitHub refuses a pull request; the branch is pushed either way. */
function pullRequestHint(status: number | undefined, target: GitHubTarget): string {
  const repository = `${target.repository.owner}/${target.repository.repo}`;
  switch (status) {
    case 401:
      return 'GitHub did not accept the token: set GITHUB_TOKEN or GH_TOKEN to a valid one.';
    case 403:
      return 'The token may not open pull requests: it needs pull-requests: write.';
    case 404:
      return `GitHub shows no ${repository} to this token: check --repo and the token's access.`;
    case 422:
      return 'GitHub refused the pull request (perhaps one is already open from this branch): open it on GitHub.';
    default:
      return `Check the network and the API URL (${target.apiUrl}), then open the pull request on GitHub.`;
  }
}

/**
 * A PR opened with the workflow's own GITHUB_TOKEN starts no workflow, so the
 * validation check would never run on it.
 */
export const GITHUB_TOKEN_WARNING =
  "Pull requests opened with the workflow's own GITHUB_TOKEN do not trigger other workflows, so the modelreg check will not run on them. " +
  'Pass a GitHub App installation token or a personal access token as github-token.';
