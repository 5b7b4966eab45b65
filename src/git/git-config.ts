/**
 * Reading git config. isomorphic-git reads only the repository's own config;
 * people set their identity globally, so the global files are read here as
 * git does.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fs, isomorphicGit } from './isomorphic-git.js';

/** user.name / user.email from the environment, the repository's config, then the global files. */
export async function readIdentity(dir: string): Promise<{ name: string; email: string } | undefined> {
  const git = await isomorphicGit();
  const global = await readGlobalIdentity();
  const local = async (path: string) => (await git.getConfig({ fs, dir, path })) as string | undefined;
  const name = process.env.GIT_AUTHOR_NAME ?? (await local('user.name')) ?? global.name;
  const email = process.env.GIT_AUTHOR_EMAIL ?? (await local('user.email')) ?? global.email;
  if (!name || !email) return undefined;
  return { name, email };
}

/** The URL of a configured remote (a URL stays itself), or undefined. */
export async function readRemoteUrl(dir: string, remote: string): Promise<string | undefined> {
  if (/^https?:\/\//.test(remote)) return remote;
  const git = await isomorphicGit();
  return ((await git.getConfig({ fs, dir, path: `remote.${remote}.url` })) as string | undefined) ?? undefined;
}

/** user.name and user.email from the global git config files, in git's order of precedence. */
async function readGlobalIdentity(): Promise<{ name?: string; email?: string }> {
  const home = homedir();
  const files = process.env.GIT_CONFIG_GLOBAL
    ? [process.env.GIT_CONFIG_GLOBAL]
    : [join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'git', 'config'), join(home, '.gitconfig')];
  const identity: { name?: string; email?: string } = {};
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    let inUser = false;
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      const section = /^\[\s*([^\]\s"]+)[^\]]*\]/.exec(line);
      if (section) inUser = section[1]!.toLowerCase() === 'user';
      const pair = inUser ? /^(name|email)\s*=\s*(.*?)\s*$/i.exec(line) : null;
      if (pair) identity[pair[1]!.toLowerCase() as 'name' | 'email'] = pair[2]!.replace(/^"(.*)"$/, '$1');
    }
  }
  return identity;
}
