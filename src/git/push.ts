/** Pushing refs over smart HTTP, with isomorphic-git (it has no git:// or ssh transport). */
import { refuseTokenOverPlainHttp } from '../domain/token-transport.js';
import { readRemoteUrl } from './git-config.js';
import { fs, isomorphicGit } from './isomorphic-git.js';

/** Pushes each of `refs` to the same name on `remote` (a configured remote or a URL); `token` authenticates as GitHub expects. */
export async function pushRefs(
  dir: string,
  remote: string,
  refs: readonly string[],
  token: string | undefined,
): Promise<void> {
  const git = await isomorphicGit();
  const { default: http } = await import('isomorphic-git/http/node');
  const url = (await readRemoteUrl(dir, remote)) ?? remote;
  if (token) refuseTokenOverPlainHttp(url, `pushing to ${remote}`);
  for (const ref of refs) {
    await git.push({
      fs,
      http,
      dir,
      url,
      ref,
      remoteRef: ref,
      // GitHub takes a token as the password of any user name.
      ...(token ? { onAuth: () => ({ username: 'x-access-token', password: token }) } : {}),
    });
  }
}
