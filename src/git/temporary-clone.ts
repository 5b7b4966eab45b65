/**
 * A registry repository that is not on this machine, cloned over smart HTTP
 * into a temporary directory for one change (promote --to-registry
 * OWNER/REPO): the change is committed there on a new branch and pushed, then
 * the directory is removed. A full clone of the default branch, since
 * validating a change reads the stage history.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../domain/errors.js';
import { refuseTokenOverPlainHttp, displayLocation } from '../domain/token-transport.js';
import { fs, isomorphicGit } from './isomorphic-git.js';

export interface TemporaryClone {
  /** The work tree, its `origin` the cloned URL. */
  readonly dir: string;
  remove(): Promise<void>;
}

export async function cloneIntoTemporaryDirectory(options: {
  readonly url: string;
  /** For messages: e.g. acme/models-prod. */
  readonly name: string;
  readonly token: string;
  /** Written to the clone's config: whoever makes the change here is its author there too. */
  readonly identity?: { readonly name: string; readonly email: string };
}): Promise<TemporaryClone> {
  const { url, name, token, identity } = options;
  refuseTokenOverPlainHttp(url, `cloning ${name}`);
  const git = await isomorphicGit();
  const { default: http } = await import('isomorphic-git/http/node');
  const dir = await mkdtemp(join(tmpdir(), 'modelreg-target-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await git.clone({
      fs,
      http,
      dir,
      url,
      singleBranch: true,
      noTags: true,
      // GitHub takes a token as the password of any user name.
      onAuth: () => ({ username: 'x-access-token', password: token }),
    });
    if (identity) {
      await git.setConfig({ fs, dir, path: 'user.name', value: identity.name });
      await git.setConfig({ fs, dir, path: 'user.email', value: identity.email });
    }
  } catch (error) {
    await remove();
    throw cloneFailure(error, url, name);
  }
  return { dir, remove };
}

function cloneFailure(error: unknown, url: string, name: string): UserError {
  const status = (error as { data?: { statusCode?: number } }).data?.statusCode;
  // The origin and path only: a URL may carry credentials of its own.
  const where = displayLocation(url);
  if (status === 401 || status === 403) {
    return new UserError(
      'TARGET_UNAUTHORIZED',
      `cloning the target registry ${name} (${where}) was refused (HTTP ${status})`,
      'The token (GITHUB_TOKEN or GH_TOKEN) must be allowed to read and push to the target repository (contents: write) and open pull requests there.',
    );
  }
  const reason = status === 404 ? 'no such repository' : ((error as Error).message ?? String(error));
  return new UserError(
    'TARGET_UNREACHABLE',
    `cannot clone the target registry ${name} (${where}): ${reason}`,
    'Check OWNER/REPO, the GitHub server (--github-server-url, GITHUB_SERVER_URL) and the network; nothing was changed.',
  );
}
