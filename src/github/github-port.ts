/** The GitHub operations modelreg needs. Only octokit-github.ts talks to the API. */
import { UserError } from '../domain/errors.js';
import type { Membership, Review } from '../governance/approvals.js';

export interface RepositoryRef {
  readonly owner: string;
  readonly repo: string;
}

export interface PullRequestSummary {
  readonly number: number;
  readonly url: string;
  readonly author: string;
  readonly headSha: string;
  readonly merged: boolean;
  /** The branch the PR merges into, e.g. main. */
  readonly baseRef: string;
  /** When it merged (ISO 8601), or null. */
  readonly mergedAt: string | null;
  /** The commit its merge made on the base branch (merge, squash or the last rebased commit), or null. */
  readonly mergeCommitSha: string | null;
  /** Label names, when the answer gives them (pullRequestsOfCommit does). */
  readonly labels?: readonly string[];
}

export interface GitHubPort {
  listReviews(pr: number): Promise<Review[]>;
  /** The first issue comment on the PR whose body contains `marker`. */
  findComment(pr: number, marker: string): Promise<{ id: number } | undefined>;
  createComment(pr: number, body: string): Promise<{ id: number }>;
  updateComment(id: number, body: string): Promise<void>;
  /** `team` is `@org/slug`. */
  teamMembership(team: string, user: string): Promise<Membership>;
  /**
   * Pull requests a commit belongs to: on the default branch, the merged PR
   * that introduced it; elsewhere, open or closed PRs containing it.
   */
  pullRequestsOfCommit(sha: string): Promise<PullRequestSummary[]>;
  /** `labels`: added once the pull request exists (GitHub creates labels it does not know yet). */
  createPullRequest(request: {
    title: string;
    body: string;
    head: string;
    base: string;
    labels?: readonly string[];
  }): Promise<PullRequestSummary>;
}

/**
 * A failed API call: which call, which status, and GitHub's message. GitHub
 * refusing or not answering is about the token, the network or GitHub, not
 * a bug, so it is a user error (`GITHUB_API`) unless a caller explains it better.
 */
export class GitHubApiError extends UserError {
  override readonly name = 'GitHubApiError';
  constructor(
    readonly call: string,
    readonly status: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(
      'GITHUB_API',
      `GitHub API ${call} failed${status ? ` with ${status}` : ''}: ${message}`,
      gitHubApiHint(status),
      options,
    );
  }
}

function gitHubApiHint(status: number | undefined): string {
  if (status === 401) return 'GitHub did not accept the token: pass a valid one.';
  if (status === 403 || status === 404)
    return 'The token may not see or do this: check its permissions and the repository it is for.';
  return 'Check the network and the API URL, then run it again.';
}
