/**
 * Another registry's repository, read to check the provenance of versions
 * copied from it (separate registries per environment): a repository on this
 * machine read where it is, or an https one fetched into a bare cache
 * repository (.git/modelreg/sources/<name>). Read with isomorphic-git through
 * an explicit git directory, so a bare cache and a linked worktree read alike.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { UserError } from '../domain/errors.js';
import { refuseTokenOverPlainHttp, displayLocation } from '../domain/token-transport.js';
import { findRepositoryTop, gitDirectoriesOf } from './git-directories.js';
import { fs, isomorphicGit } from './isomorphic-git.js';

/** What provenance checks ask of a source repository. */
export interface SourceRepository {
  /** Where it was read from, for messages. */
  readonly label: string;
  /** The registry's directory inside the repository ('' at the top). */
  readonly registryRoot: string;
  /** The commit `branch` points at, or undefined when there is no such branch. */
  branchTip(branch: string): Promise<string | undefined>;
  hasCommit(oid: string): Promise<boolean>;
  /** `commit` is `tip` or one of its ancestors: it was merged into the branch. */
  isOnBranch(commit: string, tip: string): Promise<boolean>;
  /** The blob at a repository path in `commit`, or undefined when there is none. */
  readFile(commit: string, path: string): Promise<{ readonly id: string; readonly bytes: Uint8Array } | undefined>;
}

/** A repository on this machine: a work tree (its registry may be in a subdirectory) or a bare repository. */
export function openLocalSource(path: string): SourceRepository {
  const dir = resolve(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(
      'SOURCE_UNREACHABLE',
      `the source registry ${path} does not exist on this machine`,
      'Check the path in provenance.sources (relative paths start at the target registry), or use its https URL.',
    );
  }
  if (existsSync(join(dir, 'objects')) && existsSync(join(dir, 'HEAD')) && !existsSync(join(dir, '.git')))
    return new IsomorphicSource(dir, dir, '');
  let top: string;
  try {
    top = findRepositoryTop(dir);
  } catch {
    throw new UserError(
      'SOURCE_UNREACHABLE',
      `the source registry ${path} is not in a git repository`,
      'Name the directory of the source registry (a git work tree or a bare repository).',
    );
  }
  const root = relative(top, dir).split(sep).join('/');
  return new IsomorphicSource(dir, gitDirectoriesOf(top).commonDir, root);
}

/**
 * Fetches `branch` of an https repository into the bare repository
 * `cacheDir` (created when missing; later fetches only bring what is new)
 * and reads it there. `token` authenticates as GitHub expects.
 */
export async function fetchSource(options: {
  readonly url: string;
  readonly branch: string;
  readonly cacheDir: string;
  readonly token: string | undefined;
  readonly name: string;
}): Promise<{ readonly repository: SourceRepository; readonly tip: string }> {
  const { url, branch, cacheDir, token, name } = options;
  if (token) refuseTokenOverPlainHttp(url, `fetching the source registry ${name}`);
  const git = await isomorphicGit();
  const { default: http } = await import('isomorphic-git/http/node');
  const created = !existsSync(cacheDir);
  await mkdir(cacheDir, { recursive: true });
  if (created) await git.init({ fs, gitdir: cacheDir, bare: true, defaultBranch: branch });
  // The policy's URL may change between runs: the cache follows it.
  await git.setConfig({ fs, gitdir: cacheDir, path: 'remote.origin.url', value: url });
  await git.setConfig({
    fs,
    gitdir: cacheDir,
    path: 'remote.origin.fetch',
    value: '+refs/heads/*:refs/remotes/origin/*',
  });
  let tip: string | undefined;
  try {
    const result = await git.fetch({
      fs,
      http,
      gitdir: cacheDir,
      remote: 'origin',
      ref: branch,
      remoteRef: branch,
      singleBranch: true,
      tags: false,
      ...(token ? { onAuth: () => ({ username: 'x-access-token', password: token }) } : {}),
    });
    tip = result.fetchHead ?? undefined;
  } catch (error) {
    if (created) rmSync(cacheDir, { recursive: true, force: true });
    throw fetchFailure(error, url, branch, name, token !== undefined);
  }
  if (!tip) {
    if (created) rmSync(cacheDir, { recursive: true, force: true });
    throw fetchFailure(new Error(`no branch ${branch}`), url, branch, name, token !== undefined);
  }
  return { repository: new IsomorphicSource(url, cacheDir, ''), tip };
}

function fetchFailure(error: unknown, url: string, branch: string, name: string, withToken: boolean): UserError {
  const status = (error as { data?: { statusCode?: number } }).data?.statusCode;
  // The origin only: a URL may carry credentials of its own.
  const where = displayLocation(url);
  if (status === 401 || status === 403) {
    return new UserError(
      'SOURCE_UNAUTHORIZED',
      `fetching the source registry ${name} (${where}) was refused (HTTP ${status})`,
      withToken
        ? "The token may not read that repository: give it contents: read on the source (MODELREG_SOURCE_TOKEN, else GITHUB_TOKEN or GH_TOKEN; the validation action's source-token input)."
        : 'The source is private: set MODELREG_SOURCE_TOKEN (or GITHUB_TOKEN / GH_TOKEN) to a token that may read it; in the validation action, its source-token input.',
    );
  }
  const reason = (error as Error).message ?? String(error);
  const missingBranch = (error as { code?: string }).code === 'NotFoundError' || /no branch/.test(reason);
  return new UserError(
    'SOURCE_UNREACHABLE',
    missingBranch
      ? `the source registry ${name} (${where}) has no branch ${branch}`
      : `cannot fetch the source registry ${name} (${where}): ${reason}`,
    missingBranch
      ? 'Set branch: under the source in provenance.sources to the branch its versions are merged into.'
      : 'Check the URL in provenance.sources and the network; nothing was changed.',
  );
}

class IsomorphicSource implements SourceRepository {
  constructor(
    readonly label: string,
    private readonly gitdir: string,
    readonly registryRoot: string,
  ) {}

  async branchTip(branch: string): Promise<string | undefined> {
    const git = await isomorphicGit();
    return git.resolveRef({ fs, gitdir: this.gitdir, ref: `refs/heads/${branch}` }).catch(() => undefined);
  }

  async hasCommit(oid: string): Promise<boolean> {
    const git = await isomorphicGit();
    return git.readCommit({ fs, gitdir: this.gitdir, oid }).then(
      () => true,
      () => false,
    );
  }

  async isOnBranch(commit: string, tip: string): Promise<boolean> {
    if (commit === tip) return true;
    const git = await isomorphicGit();
    return git.isDescendent({ fs, gitdir: this.gitdir, oid: tip, ancestor: commit, depth: -1 });
  }

  async readFile(commit: string, path: string): Promise<{ id: string; bytes: Uint8Array } | undefined> {
    const git = await isomorphicGit();
    try {
      const { oid, blob } = await git.readBlob({ fs, gitdir: this.gitdir, oid: commit, filepath: path });
      return { id: oid, bytes: blob };
    } catch (error) {
      if ((error as { code?: string }).code === 'NotFoundError') return undefined;
      throw error;
    }
  }
}
