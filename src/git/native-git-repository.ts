/**
 * The GitPort adapter over git on PATH: objects from one long-lived
 * `git cat-file --batch`, history from `git log` and `git rev-list`, tree
 * diffs from `git diff-tree`, the working tree from `git status`. Writes
 * (git-repository.ts) move refs with `git update-ref` and stage with `git add`.
 */
import type { CommitAgainstParents, CommitInfo, LoggedCommit, RawTreeEntry, TreeDiffEntry } from './git-port.js';
import { GitRepository } from './git-repository.js';
import { NativeGit } from './native-git.js';
import * as log from './native-log.js';
import { NativeObjectReader, parseCommit, parseTree, type NativeObject } from './native-object-reader.js';
import { notACommit, peelToCommit, PLAIN_NAME, type TypedObject } from './refs.js';
import { historyIncomplete, isShallow } from './repository-checks.js';
import { worktreeCandidates } from './worktree-changes.js';
import { fs, isomorphicGit } from './isomorphic-git.js';

export class NativeGitRepository extends GitRepository {
  readonly usesNativeGit = true;
  private readonly reader: NativeObjectReader;
  private readonly native: NativeGit;

  constructor(dir: string) {
    super(dir);
    this.reader = new NativeObjectReader(dir);
    this.native = new NativeGit(dir);
  }

  protected async resolveName(name: string): Promise<string> {
    if (PLAIN_NAME.test(name)) return this.peel(name, await this.reader.read(name));
    // What cat-file cannot take (a ref with odd characters) isomorphic-git resolves; the object is still read here.
    // NOTE: isomorphic-git's readObject loads whole packfiles into memory (300 MB on a large registry).
    const git = await isomorphicGit();
    const oid = /^[0-9a-f]{4,39}$/.test(name)
      ? await git
          .expandOid({ fs, dir: this.dir, oid: name, cache: this.isomorphicCache })
          .catch(() => git.resolveRef({ fs, dir: this.dir, ref: name }))
      : await git.resolveRef({ fs, dir: this.dir, ref: name });
    return this.peel(name, await this.reader.read(oid));
  }

  private peel(name: string, object: NativeObject): Promise<string> {
    const typed = (o: NativeObject): TypedObject => ({
      oid: o.oid,
      type: o.type,
      target: o.type === 'tag' ? /^object ([0-9a-f]+)$/m.exec(o.body.toString('utf8'))?.[1] : undefined,
    });
    return peelToCommit(name, typed(object), async (oid) => typed(await this.reader.read(oid)));
  }

  protected async loadCommit(oid: string): Promise<CommitInfo> {
    const { type, body } = await this.reader.read(oid).catch((error: unknown) => {
      // A shallow clone lacks the parents of its oldest commits: that is history ending early, not a broken repository.
      throw (error as { code?: string }).code === 'NotFoundError' && isShallow(this.dir) ? historyIncomplete() : error;
    });
    if (type !== 'commit') throw notACommit(oid, type);
    return parseCommit(oid, body);
  }

  protected async loadTree(oid: string): Promise<readonly RawTreeEntry[]> {
    const { type, body } = await this.reader.read(oid);
    if (type === 'tree') return parseTree(body);
    // Like isomorphic-git, a commit id reads as its tree.
    if (type === 'commit') return this.readTree(parseCommit(oid, body).tree);
    throw new Error(`${oid} is a ${type}, not a tree`);
  }

  protected async loadBlob(oid: string): Promise<Uint8Array> {
    const { type, body } = await this.reader.read(oid);
    if (type !== 'blob') throw new Error(`${oid} is a ${type}, not a blob`);
    return body;
  }

  head(): Promise<string | undefined> {
    return this.reader.read('HEAD').then(
      (o) => o.oid,
      () => undefined,
    );
  }

  /**
   * The tree at `path` below `tree`, found by cat-file without reading the
   * trees on the way: resolving one model must not parse a models/ tree of
   * ten thousand entries. Undefined when nothing (or no tree) is there, and
   * when `tree` is in memory already: walking it is then cheaper.
   */
  override async readTreeAt(
    tree: string,
    path: string,
  ): Promise<{ oid: string; entries: readonly RawTreeEntry[] } | undefined> {
    if (this.hasTree(tree)) return undefined;
    // A path cat-file cannot take (one with a newline) is not found here, and then walked.
    const object = await this.reader.read(`${tree}:${path}`).catch(() => undefined);
    if (object?.type !== 'tree') return undefined;
    this.remember(object.oid, parseTree(object.body));
    return { oid: object.oid, entries: await this.readTree(object.oid) };
  }

  override async diffTrees(base: string, head: string, paths: readonly string[]): Promise<readonly TreeDiffEntry[]> {
    const output = await this.reader.output([
      '--literal-pathspecs',
      'diff-tree',
      '-r',
      '-z',
      '--no-renames',
      base,
      head,
      '--',
      ...paths,
    ]);
    // ":<mode> <mode> <id> <id> <status>\0<path>\0" per file.
    const fields = output.split('\0');
    const entries: TreeDiffEntry[] = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const [baseMode, headMode] = fields[i]!.slice(1).split(' ');
      entries.push({
        path: fields[i + 1]!,
        baseMode: baseMode === '000000' ? undefined : baseMode,
        headMode: headMode === '000000' ? undefined : headMode,
      });
    }
    return entries;
  }

  logWithChanges(head: string, path: string): Promise<LoggedCommit[]> {
    return log.logWithChanges(this.native, head, path);
  }

  logAgainstEveryParent(head: string, path: string): Promise<CommitAgainstParents[]> {
    return log.logAgainstEveryParent(this.native, head, path);
  }

  parentGraph(head: string): Promise<Map<string, string[]>> {
    return log.parentGraph(this.native, head);
  }

  firstParentLog(from: string, path: string): AsyncIterable<string> {
    return log.firstParentLog(this.native, from, path);
  }

  firstParentCommitAt(from: string, when: Date): Promise<string | undefined> {
    return log.firstParentCommitAt(this.native, from, when);
  }

  worktreeChanges(roots: readonly string[]): Promise<string[] | undefined> {
    return worktreeCandidates(this.native, roots);
  }
}
