/**
 * The git operations modelreg needs, as one port: object reads, the history
 * questions (which commits changed a path, a branch's state at a date, the
 * parent graph) and writes. Two adapters answer it identically
 * (test/git-port-conformance.test.ts): native-git-repository.ts runs git on
 * PATH, isomorphic-git-repository.ts reads with isomorphic-git and walks
 * commits itself; open-repository.ts chooses one. Only src/git/ runs git or
 * imports isomorphic-git, and isomorphic-git only on first use.
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

/** A file a commit changed, with its blob ids (undefined where a side has no file). */
export interface RawChange {
  /** Repository path. */
  readonly path: string;
  readonly kind: 'added' | 'modified' | 'deleted';
  /** The file's type in the commit (undefined when deleted). */
  readonly headType: 'blob' | 'symlink' | undefined;
  /** The first parent's blob. */
  readonly oldId: string | undefined;
  readonly newId: string | undefined;
  /** Every parent's blob, in parent order (one, undefined, for a root commit). */
  readonly parentIds: readonly (string | undefined)[];
}

export interface LoggedCommit {
  readonly commit: CommitInfo;
  /**
   * Against the first parent; for a merge only the files that differ from
   * every parent (git's combined diff): a merged branch's changes are
   * reported at their own commits.
   */
  readonly changes: readonly RawChange[];
}

export interface CommitAgainstParents {
  /** Its parents as the repository has them: none for a shallow clone's oldest commits. */
  readonly commit: CommitInfo;
  /** Per parent, in order, the files under the path that differ from it; a root commit's one entry: every file it has there. */
  readonly againstParents: readonly (readonly RawChange[])[];
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
   * trees in between; undefined when the adapter cannot, when `tree` is in
   * memory already (walking it is cheaper), or when nothing is there.
   */
  readTreeAt?(
    tree: string,
    path: string,
  ): Promise<{ readonly oid: string; readonly entries: readonly RawTreeEntry[] } | undefined>;
  /** A tree's entries by name, kept by this repository instance (models/ is looked up once per model). */
  readTreeIndex(oid: string): Promise<ReadonlyMap<string, RawTreeEntry>>;
  readBlob(oid: string): Promise<Uint8Array>;
  /**
   * Optional fast path: the files that differ between two trees below
   * `paths`, recursively, as `git diff-tree -r` reports them; undefined
   * when the adapter cannot.
   */
  diffTrees?(base: string, head: string, paths: readonly string[]): Promise<readonly TreeDiffEntry[] | undefined>;
  /**
   * The commits `git log -- <path>` shows from `head` (git's default history
   * simplification), newest first, each with the files below `path` it
   * changed itself. Refuses a shallow clone's boundary among them.
   */
  logWithChanges(head: string, path: string): Promise<LoggedCommit[]>;
  /**
   * Every commit reachable from `head`, each with what differs below `path`
   * from each of its parents: what git's simplification of any path below
   * `path` decides by.
   */
  logAgainstEveryParent(head: string, path: string): Promise<CommitAgainstParents[]>;
  /** Every commit reachable from `head` with its parents (none past a shallow clone's boundary). */
  parentGraph(head: string): Promise<Map<string, string[]>>;
  /**
   * The commits of `from`'s first-parent line whose `path` differs from their
   * first parent's (`git log --first-parent -- <path>`), newest first, read
   * as the caller asks for them.
   */
  firstParentLog(from: string, path: string): AsyncIterable<string>;
  /** The newest commit of `from`'s first-parent line committed at or before `when`; undefined when there is none. */
  firstParentCommitAt(from: string, when: Date): Promise<string | undefined>;
  /**
   * Repository paths below `roots` that may differ between HEAD and the
   * working tree (git status); undefined when the adapter cannot say, and
   * then every file is compared.
   */
  worktreeChanges(roots: readonly string[]): Promise<string[] | undefined>;
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
