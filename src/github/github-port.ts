/** The GitHub operations modelreg needs. Only octokit-github.ts talks to the API. */
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
  createPullRequest(request: { title: string; body: string; head: string; base: string }): Promise<PullRequestSummary>;
}

/** A failed API call: which call, which status, and GitHub's message. */
export class GitHubApiError extends Error {
  override readonly name = 'GitHubApiError';
  constructor(
    readonly call: string,
    readonly status: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`GitHub API ${call} failed${status ? ` with ${status}` : ''}: ${message}`, options);
  }
}
