/**
 * Where a repository is opened, its adapter is chosen, once: native git when
 * an executable `git` is on PATH, isomorphic-git otherwise or when
 * MODELREG_NATIVE_GIT=0. Both answer every GitPort question identically.
 */
import { findRepositoryTop } from './git-directories.js';
import type { GitRepository } from './git-repository.js';
import { IsomorphicGitRepository } from './isomorphic-git-repository.js';
import { NativeGitRepository } from './native-git-repository.js';
import { gitOnPath } from './native-git.js';
import { refuseUntrustedRepository } from './repository-checks.js';

/** The repository at `dir` (its work tree's top), through native git when it can. */
export async function openRepository(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<GitRepository> {
  if (env.MODELREG_NATIVE_GIT !== '0' && gitOnPath(env)) {
    await refuseUntrustedRepository(dir);
    return new NativeGitRepository(dir);
  }
  return new IsomorphicGitRepository(dir);
}

/** The repository containing `path`, opened as openRepository does. */
export async function discoverRepository(path: string, env: NodeJS.ProcessEnv = process.env): Promise<GitRepository> {
  return openRepository(findRepositoryTop(path), env);
}

export { findRepositoryTop };
