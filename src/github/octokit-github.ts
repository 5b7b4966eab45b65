/**
 * GitHubPort over @octokit/rest, with retries of transient failures (5xx,
 * rate limits) and errors that name the call and the status.
 */
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { Membership, Review } from '../governance/approvals.js';
import { refuseTokenOverPlainHttp } from '../domain/token-transport.js';
import { GitHubApiError, type GitHubPort, type PullRequestSummary, type RepositoryRef } from './github-port.js';

const RetryingOctokit = Octokit.plugin(retry, throttling);
export type ModelregOctokit = InstanceType<typeof RetryingOctokit>;

export interface OctokitOptions {
  readonly token: string;
  /** https://api.github.com, or a GitHub Enterprise Server's https://host/api/v3. */
  readonly baseUrl?: string;
  /**
   * Milliseconds per unit of @octokit/plugin-retry's backoff (retry n waits
   * n² units): 1000 unless MODELREG_GITHUB_RETRY_UNIT_MS says otherwise (tests set 0).
   */
  readonly retryUnitMs?: number;
}

export class OctokitGitHub implements GitHubPort {
  private readonly octokit: ModelregOctokit;

  constructor(
    private readonly repository: RepositoryRef,
    options: OctokitOptions,
  ) {
    this.octokit = createOctokit(options);
  }

  async listReviews(pr: number): Promise<Review[]> {
    const reviews = await this.call('pulls.listReviews', () =>
      this.octokit.paginate(this.octokit.rest.pulls.listReviews, {
        ...this.repository,
        pull_number: pr,
        per_page: 100,
      }),
    );
    return reviews.flatMap((r) =>
      r.user
        ? [{ user: r.user.login, state: r.state, commitId: r.commit_id ?? null, submittedAt: r.submitted_at ?? null }]
        : [],
    );
  }

  async findComment(pr: number, marker: string): Promise<{ id: number } | undefined> {
    const comments = await this.call('issues.listComments', () =>
      this.octokit.paginate(this.octokit.rest.issues.listComments, {
        ...this.repository,
        issue_number: pr,
        per_page: 100,
      }),
    );
    const found = comments.find((c) => c.body?.includes(marker));
    return found ? { id: found.id } : undefined;
  }

  async createComment(pr: number, body: string): Promise<{ id: number }> {
    const { data } = await this.call('issues.createComment', () =>
      this.octokit.rest.issues.createComment({ ...this.repository, issue_number: pr, body }),
    );
    return { id: data.id };
  }

  async updateComment(id: number, body: string): Promise<void> {
    await this.call('issues.updateComment', () =>
      this.octokit.rest.issues.updateComment({ ...this.repository, comment_id: id, body }),
    );
  }

  /**
   * NOTE: GitHub answers 404 both for "not a member" and for a team the token
   * cannot see, so the team itself is looked up first: a team we cannot see
   * makes the answer unknown rather than a silent "no".
   */
  async teamMembership(team: string, user: string): Promise<Membership> {
    const [org, slug] = team.replace(/^@/, '').split('/');
    if (!(await this.canSeeTeam(org!, slug!))) return 'unknown';
    try {
      const { data } = await this.octokit.rest.teams.getMembershipForUserInOrg({
        org: org!,
        team_slug: slug!,
        username: user,
      });
      return data.state === 'active' ? 'member' : 'not-member';
    } catch (error) {
      const status = (error as { status?: number }).status;
      // 404: not a member (or a team the token cannot see); 401/403: the token may not read teams.
      if (status === 404) return 'not-member';
      if (status === 401 || status === 403) return 'unknown';
      throw gitHubApiErrorOf('teams.getMembershipForUserInOrg', error);
    }
  }

  private readonly visibleTeams = new Map<string, Promise<boolean>>();

  private canSeeTeam(org: string, slug: string): Promise<boolean> {
    const key = `${org}/${slug}`;
    let visible = this.visibleTeams.get(key);
    if (!visible) {
      visible = this.octokit.rest.teams.getByName({ org, team_slug: slug }).then(
        () => true,
        (error: { status?: number }) => {
          if (error.status === 404 || error.status === 401 || error.status === 403) return false;
          throw gitHubApiErrorOf('teams.getByName', error);
        },
      );
      this.visibleTeams.set(key, visible);
    }
    return visible;
  }

  async pullRequestsOfCommit(sha: string): Promise<PullRequestSummary[]> {
    const { data } = await this.call('repos.listPullRequestsAssociatedWithCommit', () =>
      this.octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...this.repository, commit_sha: sha }),
    );
    return data.map((pr) => ({
      number: pr.number,
      url: pr.html_url,
      author: pr.user?.login ?? '',
      headSha: pr.head.sha,
      merged: pr.merged_at !== null,
      baseRef: pr.base.ref,
      mergedAt: pr.merged_at,
      mergeCommitSha: pr.merge_commit_sha,
      labels: pr.labels.map((label) => label.name),
    }));
  }

  async createPullRequest(request: {
    title: string;
    body: string;
    head: string;
    base: string;
    labels?: readonly string[];
  }): Promise<PullRequestSummary> {
    const { labels, ...pull } = request;
    const { data } = await this.call('pulls.create', () =>
      this.octokit.rest.pulls.create({ ...this.repository, ...pull }),
    );
    if (labels && labels.length > 0) {
      await this.call('issues.addLabels', () =>
        this.octokit.rest.issues.addLabels({ ...this.repository, issue_number: data.number, labels: [...labels] }),
      );
    }
    return {
      number: data.number,
      url: data.html_url,
      author: data.user.login,
      headSha: data.head.sha,
      merged: false,
      baseRef: data.base.ref,
      mergedAt: null,
      mergeCommitSha: null,
    };
  }

  private async call<T>(name: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw gitHubApiErrorOf(name, error);
    }
  }
}

/** An Octokit for modelreg: https only (or the loopback opt-in), quiet, retrying transient failures. */
export function createOctokit(options: OctokitOptions): ModelregOctokit {
  refuseTokenOverPlainHttp(options.baseUrl ?? 'https://api.github.com', 'the GitHub API');
  // The plugin's option is a multiplier in milliseconds: a value of 1 made its "1, 4, 9 s" backoff 1, 4, 9 ms.
  const retryUnitMs = options.retryUnitMs ?? Number(process.env.MODELREG_GITHUB_RETRY_UNIT_MS ?? 1000);
  return new RetryingOctokit({
    auth: options.token,
    baseUrl: options.baseUrl ?? 'https://api.github.com',
    userAgent: 'modelreg',
    // NOTE: Octokit logs every failed request through log.error, expected 404s
    // (team membership) included. Every failure reaches the caller as a
    // GitHubApiError naming the call and the status, so the request log stays quiet.
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => console.warn(message),
      error: () => undefined,
    },
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 451], retryAfterBaseValue: retryUnitMs },
    throttle: {
      // Retry a rate-limited call up to twice; beyond that the error reaches the user.
      onRateLimit: (_after: number, _options: object, _octokit: unknown, retryCount: number) => retryCount < 2,
      onSecondaryRateLimit: (_after: number, _options: object, _octokit: unknown, retryCount: number) => retryCount < 2,
      // Seconds, as the throttling plugin counts them.
      fallbackSecondaryRateRetryAfter: retryUnitMs === 0 ? 0 : 60,
    },
  });
}

/** A failed Octokit call as a GitHubApiError naming the call. */
export function gitHubApiErrorOf(call: string, error: unknown): GitHubApiError {
  const status = (error as { status?: number }).status;
  const message =
    (error as { response?: { data?: { message?: string } } }).response?.data?.message ?? (error as Error).message;
  return new GitHubApiError(call, status, message, { cause: error });
}
