/**
 * A target registry named OWNER/REPO (promote --to-registry): a repository on
 * the GitHub server, cloned over HTTPS into a temporary directory for the
 * change, whose pull request is opened through the API. The token and both
 * URLs are checked before anything is cloned.
 */
import { UserError } from '../domain/errors.js';
import { refuseTokenOverPlainHttp } from '../domain/token-transport.js';
import { cloneIntoTemporaryDirectory } from '../git/temporary-clone.js';
import { Registry } from '../registry/registry.js';
import type { GitHubTarget } from './pull-request-flow.js';

/** OWNER/REPO as GitHub spells them: an owner of letters, digits and hyphens; a name of those and `._`. */
const REPOSITORY_NAME = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/;

export function isRepositoryName(value: string): boolean {
  return REPOSITORY_NAME.test(value) && !/^\.\.?$/.test(value.split('/')[1]!);
}

export interface RemoteTarget {
  readonly registry: Registry;
  readonly github: GitHubTarget;
  /** Where the clone was made from, for messages. */
  readonly url: string;
  /** Removes the temporary clone. */
  remove(): Promise<void>;
}

export async function openRemoteTarget(
  name: string,
  source: Registry,
  options: { readonly serverUrl?: string; readonly apiUrl?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<RemoteTarget> {
  const [, owner, repo] = REPOSITORY_NAME.exec(name) ?? [];
  if (!owner || !repo) {
    throw new UserError(
      'UNKNOWN_GITHUB_REPOSITORY',
      `--to-registry takes a directory or OWNER/REPO, got "${name}"`,
      'e.g. --to-registry ../models-prod or --to-registry acme/models-prod',
    );
  }
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (!token) {
    throw new UserError(
      'NO_GITHUB_TOKEN',
      `promoting into ${name} needs a GitHub token (it clones the repository, pushes a branch and opens a pull request there)`,
      'Set GITHUB_TOKEN or GH_TOKEN to a token with contents: write and pull-requests: write on the target repository.',
    );
  }
  const server = serverUrlOf(options.serverUrl ?? env.GITHUB_SERVER_URL ?? 'https://github.com');
  const apiUrl =
    options.apiUrl ??
    env.GITHUB_API_URL ??
    (server.host === 'github.com' ? 'https://api.github.com' : `${server.base}/api/v3`);
  const url = `${server.base}/${owner}/${repo}.git`;
  refuseTokenOverPlainHttp(url, `cloning and pushing to ${name}`, env);
  refuseTokenOverPlainHttp(apiUrl, 'the GitHub API', env);

  const clone = await cloneIntoTemporaryDirectory({
    url,
    name,
    token,
    identity: await source.git.identity(),
  });
  try {
    const registry = await Registry.open(clone.dir);
    return { registry, github: { repository: { owner, repo }, apiUrl, token }, url, remove: clone.remove };
  } catch (error) {
    await clone.remove();
    throw error;
  }
}

/** The server's URL without a trailing slash (GitHub Enterprise Server may sit under a path). */
function serverUrlOf(value: string): { readonly base: string; readonly host: string } {
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['https:', 'http:'].includes(parsed.protocol) || parsed.search || parsed.hash) {
    throw new UserError(
      'USAGE',
      `the GitHub server URL must be an https URL, got "${value}"`,
      'Pass --github-server-url https://github.example.com (or set GITHUB_SERVER_URL); the default is https://github.com.',
    );
  }
  return { base: `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`, host: parsed.host };
}
