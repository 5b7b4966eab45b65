/**
 * What both adapters share: the commit and tree caches of one repository
 * instance, the write path (commit-writer.ts, never isomorphic-git's
 * writers: they write objects in place), notes, push and config. How objects
 * are read and how history questions are answered is each adapter's own.
 */
import { addNote, commitFiles, createAnnotatedTag, finishInterruptedWrite, prepareWrite } from './commit-writer.js';
import type { WriteContext } from './commit-writer.js';
import { gitDirectoriesOf } from './git-directories.js';
import { readIdentity, readRemoteUrl } from './git-config.js';
import type {
  CommitAgainstParents,
  CommitFilesRequest,
  CommitInfo,
  GitPort,
  LoggedCommit,
  RawTreeEntry,
  TreeDiffEntry,
} from './git-port.js';
import { fs, isomorphicGit } from './isomorphic-git.js';
import { pushRefs } from './push.js';
import { resolveCommitSpec } from './refs.js';
import { isAbsent, isDamage, unreadableObject } from './repository-checks.js';

/**
 * Bounded: a walk over history reads a new models/ tree per commit, and
 * keeping them all cost gigabytes on large registries.
 */
const TREE_CACHE_LIMIT = 4096;

interface CachedTree {
  readonly entries: readonly RawTreeEntry[];
  byName?: ReadonlyMap<string, RawTreeEntry>;
}

export abstract class GitRepository implements GitPort {
  /** isomorphic-git's packfile cache, shared by every call on this repository. */
  protected readonly isomorphicCache: object = {};
  private readonly trees = new Map<string, CachedTree>();
  private readonly commits = new Map<string, CommitInfo>();

  constructor(readonly dir: string) {}

  /** Whether native git answers (cat-file, log, diff-tree, update-ref). */
  abstract readonly usesNativeGit: boolean;

  /** The commit id a plain name (branch, tag, id, HEAD) resolves to, annotated tags peeled. */
  protected abstract resolveName(name: string): Promise<string>;
  protected abstract loadCommit(oid: string): Promise<CommitInfo>;
  protected abstract loadTree(oid: string): Promise<readonly RawTreeEntry[]>;
  protected abstract loadBlob(oid: string): Promise<Uint8Array>;
  abstract head(): Promise<string | undefined>;
  readTreeAt?(tree: string, path: string): Promise<{ oid: string; entries: readonly RawTreeEntry[] } | undefined>;
  diffTrees?(base: string, head: string, paths: readonly string[]): Promise<readonly TreeDiffEntry[] | undefined>;
  abstract logWithChanges(head: string, path: string): Promise<LoggedCommit[]>;
  abstract logAgainstEveryParent(head: string, path: string): Promise<CommitAgainstParents[]>;
  abstract parentGraph(head: string): Promise<Map<string, string[]>>;
  abstract firstParentLog(from: string, path: string): AsyncIterable<string>;
  abstract firstParentCommitAt(from: string, when: Date): Promise<string | undefined>;
  abstract worktreeChanges(roots: readonly string[]): Promise<string[] | undefined>;

  resolveCommit(spec: string): Promise<string> {
    return resolveCommitSpec(
      spec,
      (name) => this.resolveName(name),
      async (oid) => (await this.readCommit(oid)).parents,
    );
  }

  async readCommit(oid: string): Promise<CommitInfo> {
    const known = this.commits.get(oid);
    if (known) return known;
    // A commit named from outside (a push event's before) is resolved or caught by its callers first; one named
    // by another commit (a parent) that cannot be read is damage, or the end of a shallow clone (loadCommit's).
    const info = await this.loadCommit(oid).catch((error: unknown) => {
      throw isDamage(error) || isAbsent(error) ? unreadableObject(this.dir, 'commit', oid, error) : error;
    });
    this.commits.set(oid, info);
    return info;
  }

  async readTree(oid: string): Promise<readonly RawTreeEntry[]> {
    const known = this.trees.get(oid);
    if (known) return known.entries;
    // Tree and blob ids come from the objects that name them: one that cannot be read is a damaged repository.
    const entries = await this.loadTree(oid).catch((error: unknown) => {
      throw isDamage(error) || isAbsent(error) ? unreadableObject(this.dir, 'tree', oid, error) : error;
    });
    this.remember(oid, entries);
    return entries;
  }

  async readBlob(oid: string): Promise<Uint8Array> {
    return this.loadBlob(oid).catch((error: unknown) => {
      throw isDamage(error) || isAbsent(error) ? unreadableObject(this.dir, 'blob', oid, error) : error;
    });
  }

  async readTreeIndex(oid: string): Promise<ReadonlyMap<string, RawTreeEntry>> {
    let cached = this.trees.get(oid);
    if (!cached) {
      const entries = await this.readTree(oid);
      // Concurrent reads may have filled the bounded cache and cleared it meanwhile: keep what was read.
      cached = this.trees.get(oid) ?? { entries };
    }
    cached.byName ??= new Map(cached.entries.map((e) => [e.name, e]));
    return cached.byName;
  }

  /** Whether this instance holds the tree in memory (then walking it costs nothing). */
  protected hasTree(oid: string): boolean {
    return this.trees.has(oid);
  }

  protected remember(oid: string, entries: readonly RawTreeEntry[]): void {
    if (this.trees.has(oid)) return;
    if (this.trees.size >= TREE_CACHE_LIMIT) this.trees.clear();
    this.trees.set(oid, { entries });
  }

  async currentBranch(): Promise<string | undefined> {
    const git = await isomorphicGit();
    const branch = await git.currentBranch({ fs, dir: this.dir, fullname: false });
    return branch ?? undefined;
  }

  identity(): Promise<{ name: string; email: string } | undefined> {
    return readIdentity(this.dir);
  }

  async commitFiles(request: CommitFilesRequest): Promise<string> {
    return commitFiles(this.writeContext(), request);
  }

  async prepareWrite(ref: string, updatesWorktree: boolean): Promise<void> {
    await prepareWrite(this.writeContext(), ref, updatesWorktree);
  }

  async finishInterruptedWrite(): Promise<string | undefined> {
    return finishInterruptedWrite(this.writeContext());
  }

  async createAnnotatedTag(
    name: string,
    object: string,
    message: string,
    tagger: { name: string; email: string },
    when: Date,
  ): Promise<void> {
    await createAnnotatedTag(this.writeContext(), name, object, message, tagger, when);
  }

  async readNote(notesRef: string, object: string): Promise<string | undefined> {
    const git = await isomorphicGit();
    try {
      return new TextDecoder().decode(
        await git.readNote({ fs, dir: this.dir, ref: notesRef, oid: object, cache: this.isomorphicCache }),
      );
    } catch (error) {
      if ((error as { code?: string }).code === 'NotFoundError') return undefined;
      throw error;
    }
  }

  async addNote(
    notesRef: string,
    object: string,
    text: string,
    author: { name: string; email: string },
    when: Date,
  ): Promise<void> {
    await addNote(this.writeContext(), notesRef, object, text, author, when);
  }

  private writeContext(): WriteContext {
    return { dirs: gitDirectoriesOf(this.dir), reads: this, native: this.usesNativeGit };
  }

  push(remote: string, refs: readonly string[], token: string | undefined): Promise<void> {
    return pushRefs(this.dir, remote, refs, token);
  }

  async deleteBranch(name: string): Promise<void> {
    const git = await isomorphicGit();
    await git.deleteBranch({ fs, dir: this.dir, ref: name });
  }

  remoteUrl(remote: string): Promise<string | undefined> {
    return readRemoteUrl(this.dir, remote);
  }
}
