/**
 * isomorphic-git, loaded on first use: with native git on PATH, read-only
 * commands never need it, and loading it is a good part of a short
 * command's start-up. Every use in src/git/ goes through here.
 */
import fs from 'node:fs';

export type IsomorphicGit = typeof import('isomorphic-git').default;

let loading: Promise<IsomorphicGit> | undefined;

export function isomorphicGit(): Promise<IsomorphicGit> {
  loading ??= import('isomorphic-git').then((m) => m.default);
  return loading;
}

/** The file system isomorphic-git is given: the real one. */
export { fs };
