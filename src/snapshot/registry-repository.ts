/**
 * Where a registry is: its git repository and the directory inside it. Every
 * reader of commits goes through `treeAt` so that paths stay registry-relative
 * while git is asked about repository paths (`pathInRepository`).
 */
import type { GitPort } from '../git/git-port.js';
import { GitTreeSource } from './git-tree-source.js';
import { inRepository } from '../domain/layout.js';
import type { ParsedFiles } from './parsed-files.js';

export interface RegistryRepository {
  readonly git: GitPort;
  /** The registry's directory in the repository: '' at the top, else e.g. `registry` (forward slashes). */
  readonly root: string;
  /** Files parsed from its snapshots, shared by every snapshot `treeAt`/`treeOf` open. */
  readonly parsedFiles: ParsedFiles;
}

/** The registry as committed in `commit`. */
export function treeAt(repository: RegistryRepository, commit: string, label?: string): Promise<GitTreeSource> {
  return GitTreeSource.atCommit(repository.git, commit, label, repository.root, repository.parsedFiles);
}

/** The registry in a commit whose tree id is already known. */
export function treeOf(repository: RegistryRepository, tree: string, label: string): GitTreeSource {
  return new GitTreeSource(repository.git, tree, label, repository.root, repository.parsedFiles);
}

/** A registry-relative path as git names it (for `git log -- <path>`, pathspecs, annotations). */
export function pathInRepository(repository: RegistryRepository, path: string): string {
  return inRepository(repository.root, path);
}
