/**
 * The GitPort adapter without native git: objects read with isomorphic-git
 * (loaded on first use), history answered by walking commits
 * (walked-history.ts). Used when git is not on PATH or MODELREG_NATIVE_GIT=0.
 */
import type { CommitAgainstParents, CommitInfo, LoggedCommit, RawTreeEntry } from './git-port.js';
import { GitRepository } from './git-repository.js';
import { fs, isomorphicGit } from './isomorphic-git.js';
import { findRepositoryTop } from './git-directories.js';
import { peelToCommit, type TypedObject } from './refs.js';
import { historyIncomplete, isShallow } from './repository-checks.js';
import * as walked from './walked-history.js';

export class IsomorphicGitRepository extends GitRepository {
  readonly usesNativeGit = false;

  /** Finds the repository containing `path`. */
  static async discover(path: string): Promise<IsomorphicGitRepository> {
    return new IsomorphicGitRepository(findRepositoryTop(path));
  }

  protected async resolveName(name: string): Promise<string> {
    const git = await isomorphicGit();
    const oid = /^[0-9a-f]{4,39}$/.test(name)
      ? await git
          .expandOid({ fs, dir: this.dir, oid: name, cache: this.isomorphicCache })
          .catch(() => git.resolveRef({ fs, dir: this.dir, ref: name }))
      : await git.resolveRef({ fs, dir: this.dir, ref: name });
    const read = async (id: string): Promise<TypedObject> => {
      const object = await git.readObject({
        fs,
        dir: this.dir,
        oid: id,
        cache: this.isomorphicCache,
        format: 'parsed',
      });
      const target = object.type === 'tag' ? (object.object as { object: string }).object : undefined;
      return { oid: id, type: object.type, target };
    };
    return peelToCommit(name, await read(oid), read);
  }

  protected async loadCommit(oid: string): Promise<CommitInfo> {
    const git = await isomorphicGit();
    const { commit } = await git
      .readCommit({ fs, dir: this.dir, oid, cache: this.isomorphicCache })
      .catch((error: unknown) => {
        // A shallow clone lacks the parents of its oldest commits: that is history ending early, not a broken repository.
        throw (error as { code?: string }).code === 'NotFoundError' && isShallow(this.dir)
          ? historyIncomplete()
          : error;
      });
    return {
      oid,
      tree: commit.tree,
      parents: commit.parent,
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
    };
  }

  protected async loadTree(oid: string): Promise<readonly RawTreeEntry[]> {
    const git = await isomorphicGit();
    const { tree } = await git.readTree({ fs, dir: this.dir, oid, cache: this.isomorphicCache });
    return tree.map((e) => ({ name: e.path, mode: e.mode, oid: e.oid, type: e.type }));
  }

  protected async loadBlob(oid: string): Promise<Uint8Array> {
    const git = await isomorphicGit();
    const { blob } = await git.readBlob({ fs, dir: this.dir, oid, cache: this.isomorphicCache });
    return blob;
  }

  async head(): Promise<string | undefined> {
    const git = await isomorphicGit();
    try {
      return await git.resolveRef({ fs, dir: this.dir, ref: 'HEAD' });
    } catch {
      return undefined;
    }
  }

  logWithChanges(head: string, path: string): Promise<LoggedCommit[]> {
    return walked.logWithChanges(this, head, path);
  }

  logAgainstEveryParent(head: string, path: string): Promise<CommitAgainstParents[]> {
    return walked.logAgainstEveryParent(this, head, path);
  }

  parentGraph(head: string): Promise<Map<string, string[]>> {
    return walked.parentGraph(this, head);
  }

  firstParentLog(from: string, path: string): AsyncIterable<string> {
    return walked.firstParentLog(this, from, path);
  }

  firstParentCommitAt(from: string, when: Date): Promise<string | undefined> {
    return walked.firstParentCommitAt(this, from, when);
  }

  /** Without git status there is no cheap answer: every file is compared. */
  async worktreeChanges(): Promise<string[] | undefined> {
    return undefined;
  }
}
