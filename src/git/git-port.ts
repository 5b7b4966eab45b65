/**
 * The git operations modelreg needs, as a small port. Only the adapter in
 * isomorphic-git-repository.ts imports isomorphic-git.
 */

export interface Person {
  readonly name: string;
  readonly email: string;
  /** Seconds since the epoch. */
  readonly timestamp: number;
  /** Minutes, as git stores it (UTC+1 is -60). */
  readonly timezoneOffset: number;
}

export interface CommitInfo {
  readonly oid: string;
  readonly tree: string;
  readonly parents: readonly string[];
  readonly author: Person;
  readonly committer: Person;
  readonly message: string;
}

export interface RawTreeEntry {
  readonly name: string;
  /** Git file mode: 040000 tree, 100644/100755 blob, 120000 symlink, 160000 submodule. */
  readonly mode: string;
  readonly oid: string;
  readonly type: 'tree' | 'blob' | 'commit';
}

export interface TreeDiffEntry {
  readonly path: string;
  /** Git file modes, undefined where the side has no file. */
  readonly baseMode: string | undefined;
  readonly headMode: string | undefined;
}

export interface CommitFilesRequest {
  /** Full ref to move, e.g. refs/heads/main. Created when it does not exist. */
  readonly ref: string;
  /** The commit the new one builds on (undefined: a root commit). */
  readonly parent: string | undefined;
  /** The ref is new and must not exist yet; otherwise it must still point at `parent`. */
  readonly createsRef?: boolean;
  /** path → new content, or null to delete. */
  readonly edits: ReadonlyMap<string, Uint8Array | null>;
  readonly message: string;
  readonly author: { readonly name: string; readonly email: string };
  /** When the time of the commit is; injected so tests and demos are reproducible. */
  readonly when: Date;
  /** Also write the edits to the working tree and the index (for the checked-out branch). */
  readonly updateWorktree: boolean;
}

export interface GitPort {
  /** The work tree's root directory. */
  readonly dir: string;
  /** A commit id for a branch, tag, full or abbreviated id, HEAD, with ~N and ^N suffixes. */
  resolveCommit(spec: string): Promise<string>;
  readCommit(oid: string): Promise<CommitInfo>;
  readTree(oid: string): Promise<readonly RawTreeEntry[]>;
  /**
   * Optional fast path: the tree at `path` below `tree` without reading the
   * trees in between; undefined when the adapter cannot, or nothing is there.
   */
  readTreeAt?(
    tree: string,
    path: string,
  ): Promise<{ readonly oid: string; readonly entries: readonly RawTreeEntry[] } | undefined>;
  readBlob(oid: string): Promise<Uint8Array>;
  /**
   * Optional fast path: the files that differ between two trees below
   * `paths`, recursively, as `git diff-tree -r` reports them; undefined
   * when the adapter cannot.
   */
  diffTrees?(base: string, head: string, paths: readonly string[]): Promise<readonly TreeDiffEntry[] | undefined>;
  /** The checked-out branch's short name, or undefined on a detached HEAD. */
  currentBranch(): Promise<string | undefined>;
  /** Commit id of HEAD, or undefined in a repository with no commits. */
  head(): Promise<string | undefined>;
  /** user.name / user.email from git config or the GIT_AUTHOR_* environment. */
  identity(): Promise<{ name: string; email: string } | undefined>;
  /**
   * Objects, then the ref by compare-and-swap, then (updateWorktree) the
   * working tree and index; killed at any point, the ref holds the old commit
   * or the new one. Refuses held locks before writing anything.
   */
  commitFiles(request: CommitFilesRequest): Promise<string>;
  /** Refuses, before anything is written, a write of `ref` that could not finish: a held ref lock, index lock or another modelreg writing. */
  prepareWrite(ref: string, updatesWorktree: boolean): Promise<void>;
  /**
   * Finishes a write that was stopped after its ref moved but before the
   * working tree and index followed; says what it did, or undefined.
   */
  finishInterruptedWrite(): Promise<string | undefined>;
  /** An annotated tag `refs/tags/<name>` on `object`; refuses to move an existing tag. */
  createAnnotatedTag(
    name: string,
    object: string,
    message: string,
    tagger: { name: string; email: string },
    when: Date,
  ): Promise<void>;
  /** The note on `object` in `notesRef`, or undefined when there is none. */
  readNote(notesRef: string, object: string): Promise<string | undefined>;
  /** Adds (or replaces) the note on `object` in `notesRef`. */
  addNote(
    notesRef: string,
    object: string,
    text: string,
    author: { name: string; email: string },
    when: Date,
  ): Promise<void>;
  /** Pushes refs to a remote over smart HTTP; `token` authenticates as GitHub expects. */
  push(remote: string, refs: readonly string[], token: string | undefined): Promise<void>;
  /** Deletes a local branch (not the checked-out one). */
  deleteBranch(name: string): Promise<void>;
  /** The URL of a configured remote, or undefined. */
  remoteUrl(remote: string): Promise<string | undefined>;
}
