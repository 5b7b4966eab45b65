/**
 * What the Actions runner hands a JavaScript action, read from the
 * environment once into a typed value (so the action also runs locally from
 * env vars, and tests run it exactly as the runner does).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from '../domain/errors.js';
import type { RepositoryRef } from '../github/github-port.js';
import type { MergeGroupEvent } from '../github/merge-group-check.js';
import type { PullRequestEvent } from '../github/pull-request-check.js';

export interface ActionEnvironment {
  /** The registry-path input as a directory of the workspace (default: the workspace itself). */
  readonly registryDir: string;
  readonly eventName: string;
  readonly event: Record<string, unknown>;
  readonly repository: RepositoryRef;
  readonly workspace: string;
  readonly apiUrl: string;
  readonly serverUrl: string;
  /** The commit the workflow runs on (GITHUB_SHA). */
  readonly sha: string;
  readonly input: (name: string) => string;
}

export function readActionEnvironment(env: NodeJS.ProcessEnv = process.env): ActionEnvironment {
  const required = (name: string) => {
    const value = env[name];
    if (!value)
      throw new UserError(
        'ACTION_ENVIRONMENT',
        `${name} is not set`,
        'Run the action from a GitHub Actions workflow, or set the GITHUB_* variables the runner sets.',
      );
    return value;
  };
  const [owner, repo] = required('GITHUB_REPOSITORY').split('/');
  const eventPath = required('GITHUB_EVENT_PATH');
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(readFileSync(eventPath, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new UserError(
      'ACTION_ENVIRONMENT',
      `cannot read the event payload ${eventPath}: ${(error as Error).message}`,
      'GITHUB_EVENT_PATH must name the JSON payload of the event.',
    );
  }
  const workspace = resolve(env.GITHUB_WORKSPACE ?? process.cwd());
  const input = (name: string) => (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
  return {
    registryDir: registryDirOf(workspace, input('registry-path')),
    eventName: required('GITHUB_EVENT_NAME'),
    event,
    repository: { owner: owner!, repo: repo! },
    workspace,
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com',
    sha: env.GITHUB_SHA ?? '',
    // As @actions/core reads inputs: INPUT_<NAME>, spaces as underscores, upper case.
    input,
  };
}

/** The registry is in the checkout: a registry-path leading out of the workspace is a mistake, not a place to read or write. */
function registryDirOf(workspace: string, registryPath: string): string {
  const dir = resolve(workspace, registryPath || '.');
  const inside = relative(workspace, dir);
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw new UserError(
      'ACTION_INPUT',
      `registry-path "${registryPath}" is outside the workspace ${workspace}`,
      'Set registry-path to the directory of the checkout that holds registry.yaml, relative to the repository root (e.g. registry).',
    );
  }
  return dir;
}

export function pullRequestOf(event: Record<string, unknown>): PullRequestEvent {
  const pr = event.pull_request as
    | {
        number: number;
        user: { login: string };
        head: { sha: string; repo: { full_name: string } | null };
        base: { sha: string; ref: string; repo: { full_name: string } };
        labels?: { name?: string }[];
      }
    | undefined;
  if (!pr)
    throw new UserError(
      'ACTION_ENVIRONMENT',
      'the event payload has no pull_request',
      'This event is not a pull request event.',
    );
  return {
    number: pr.number,
    author: pr.user.login,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    baseRef: pr.base.ref,
    isFork: pr.head.repo?.full_name !== pr.base.repo.full_name,
    labels: (pr.labels ?? []).map((l) => l.name).filter((n): n is string => typeof n === 'string'),
  };
}

export function mergeGroupOf(event: Record<string, unknown>): MergeGroupEvent {
  const group = event.merge_group as { base_sha: string; head_sha: string } | undefined;
  if (!group)
    throw new UserError(
      'ACTION_ENVIRONMENT',
      'the event payload has no merge_group',
      'This event is not a merge_group event.',
    );
  return { baseSha: group.base_sha, headSha: group.head_sha };
}

/** The fields of a push payload the push check uses. */
export interface PushEvent {
  readonly ref: string;
  /** The branch's commit before the push; undefined for a new branch (all zeros) or a payload without one. */
  readonly before: string | undefined;
  readonly after: string;
  /** Who pushed: the sender's login, else the pusher's name. */
  readonly pusher: string | undefined;
}

export function pushOf(event: Record<string, unknown>, sha: string): PushEvent {
  const before = event.before as string | undefined;
  return {
    ref: typeof event.ref === 'string' ? event.ref : '',
    before: before && !/^0+$/.test(before) ? before : undefined,
    after: (event.after as string | undefined) ?? sha,
    pusher:
      (event.sender as { login?: string } | undefined)?.login ?? (event.pusher as { name?: string } | undefined)?.name,
  };
}
