/**
 * How to open the same snapshot in another thread: a worker cannot be handed
 * a SnapshotSource (it holds a git process and caches), but it can be told
 * which repository, tree and working-tree changes to open. Only snapshots
 * read through native git have a recipe: opening isomorphic-git's object
 * store again per thread would cost more than the parsing it shares out.
 */
import { NativeGitRepository } from '../git/native-git-repository.js';
import { GitTreeSource } from './git-tree-source.js';
import { ParsedFiles } from './parsed-files.js';
import type { SnapshotSource } from './snapshot-source.js';
import { WorktreeOverCommit } from './worktree-over-commit.js';
import { WorktreeSource } from './worktree-source.js';

export interface CommitTreeRecipe {
  readonly kind: 'commit-tree';
  /** The repository's work tree root (GitPort.dir). */
  readonly repository: string;
  readonly tree: string;
  readonly label: string;
  /** The registry's directory in the repository. */
  readonly root: string;
}

export interface WorktreeOverCommitRecipe {
  readonly kind: 'worktree-over-commit';
  /** The registry's directory on disk. */
  readonly worktree: string;
  readonly commit: CommitTreeRecipe;
  readonly changedPaths: readonly string[];
}

export type SourceRecipe = CommitTreeRecipe | WorktreeOverCommitRecipe;

/** The recipe for `source`, or undefined when it cannot be reopened elsewhere (then work stays on this thread). */
export function recipeOf(source: SnapshotSource): SourceRecipe | undefined {
  if (source instanceof GitTreeSource) {
    if (!(source.git instanceof NativeGitRepository)) return undefined;
    return {
      kind: 'commit-tree',
      repository: source.git.dir,
      tree: source.rootTree,
      label: source.label,
      root: source.root,
    };
  }
  if (source instanceof WorktreeOverCommit && source.worktree instanceof WorktreeSource) {
    const commit = recipeOf(source.commit);
    if (commit?.kind !== 'commit-tree') return undefined;
    return { kind: 'worktree-over-commit', worktree: source.worktree.root, commit, changedPaths: source.changedPaths };
  }
  return undefined;
}

/**
 * Opens the snapshot a recipe describes, reading objects through its own
 * `git cat-file`; its files are parsed once for the thread that opens it.
 */
export function openRecipe(recipe: SourceRecipe, parsedFiles = new ParsedFiles()): SnapshotSource {
  if (recipe.kind === 'worktree-over-commit') {
    return new WorktreeOverCommit(
      new WorktreeSource(recipe.worktree, parsedFiles),
      openRecipe(recipe.commit, parsedFiles),
      recipe.changedPaths,
    );
  }
  return new GitTreeSource(
    new NativeGitRepository(recipe.repository),
    recipe.tree,
    recipe.label,
    recipe.root,
    parsedFiles,
  );
}
