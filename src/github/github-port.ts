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
}

export interface GitHubPort {
  listReviews(pr: number): Promise<Review[]>;
  /** The first issue comment on the PR whose body contains `marker`. */
  findComment(pr: number, marker: string): Promise<{ id: number } | undefined>;
  createComment(pr: number, body: string): Promise<{ id: number }>;
  updateComment(id: number, body: string): Promise<void>;
  /** `team` is `@org/slug`. */
  teamMembership(team: string, user: string): Promise<Membership>;
  /** Pull requests a commit belongs to (the merge of a PR, on push). */
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
