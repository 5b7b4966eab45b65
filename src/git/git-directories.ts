/**
 * Where a repository keeps what modelreg writes: objects and refs live in the
 * common directory, HEAD, the index and the journal of an unfinished write in
 * the work tree's own git directory. They differ in a linked worktree, whose
 * `.git` is a file naming its directory below the main one's `worktrees/`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../domain/errors.js';

export interface GitDirectories {
  /** The work tree's root. */
  readonly workTree: string;
  /** This work tree's git directory: HEAD, index, index.lock. */
  readonly gitDir: string;
  /** The repository's shared directory: objects/, refs/, packed-refs, logs/refs. */
  readonly commonDir: string;
}

export function gitDirectoriesOf(workTree: string): GitDirectories {
  const dotGit = join(workTree, '.git');
  let gitDir = dotGit;
  if (statSync(dotGit).isFile()) {
    const pointer = /^gitdir: (.*)$/m.exec(readFileSync(dotGit, 'utf8'));
    if (pointer) gitDir = resolve(workTree, pointer[1]!.trim());
  }
  let commonDir = gitDir;
  try {
    commonDir = resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim());
  } catch {
    // A main work tree: its git directory is the common one.
  }
  return { workTree, gitDir, commonDir };
}

/** The top of the work tree containing `path`: as isomorphic-git's findRoot, the nearest directory holding a .git entry. */
export function findRepositoryTop(path: string): string {
  for (let dir = path; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) break;
  }
  throw new UserError(
    'NOT_A_REPOSITORY',
    `${path} is not inside a git repository`,
    'Run the command inside a registry (created with `modelreg init`) or pass --registry DIR.',
  );
}
