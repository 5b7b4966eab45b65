/**
 * A commit's tree, read through the git port; subtree ids make diffs cheap.
 * Rooted at the registry's directory: paths are registry-relative, so a
 * registry in a subdirectory of its repository reads exactly like one at the top.
 */
import type { GitPort, RawTreeEntry } from '../git/git-port.js';
import type { EntryType, FileChange, SnapshotSource, TreeEntry } from './snapshot-source.js';
import { inRegistry, inRepository } from '../domain/layout.js';
import { ParsedFiles } from './parsed-files.js';

/** Git's well-known id of the empty tree, which every git knows without storing it. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export class GitTreeSource implements SnapshotSource {
  readonly label: string;
  /** Directory → tree id in this snapshot (a snapshot never changes). */
  private readonly treeIds = new Map<string, Promise<string | undefined>>();

  constructor(
    readonly git: GitPort,
    /** The commit's whole tree; `root` is looked up inside it. */
    readonly rootTree: string,
    label: string,
    /** The registry's directory in the repository ('' at the top), forward slashes. */
    readonly root = '',
    /** Shared with the other snapshots of the same registry. */
    readonly parsedFiles = new ParsedFiles(),
  ) {
    this.label = label;
  }

  static async atCommit(
    git: GitPort,
    commit: string,
    label?: string,
    root = '',
    parsedFiles = new ParsedFiles(),
  ): Promise<GitTreeSource> {
    const info = await git.readCommit(commit);
    return new GitTreeSource(git, info.tree, label ?? commit.slice(0, 7), root, parsedFiles);
  }

  async list(dir: string): Promise<readonly TreeEntry[] | undefined> {
    const full = inRepository(this.root, dir);
    const treeId = full === '' ? this.rootTree : await this.treeIdOf(full);
    if (treeId === undefined) return undefined;
    // Through the index: a command that lists models/ then looks each model up by name.
    return [...(await this.index(treeId)).values()].map(toEntry);
  }

  async entry(registryPath: string): Promise<TreeEntry | undefined> {
    const path = inRepository(this.root, registryPath);
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? this.rootTree : await this.treeIdOf(path.slice(0, slash));
    if (parent === undefined) return undefined;
    const raw = (await this.index(parent)).get(path.slice(slash + 1));
    return raw ? toEntry(raw) : undefined;
  }

  /**
   * The files that differ from `base` below `roots`, when both are trees of
   * the same repository and the adapter can diff trees natively; undefined
   * otherwise (change-set.ts then walks both sides itself).
   */
  async changesSince(base: SnapshotSource, roots: readonly string[]): Promise<FileChange[] | undefined> {
    if (!(base instanceof GitTreeSource) || base.git !== this.git || base.root !== this.root || !this.git.diffTrees)
      return undefined;
    if (roots.length === 0) return [];
    const entries = await this.git.diffTrees(
      base.rootTree,
      this.rootTree,
      roots.map((r) => inRepository(this.root, r)),
    );
    return entries?.map(({ path, baseMode, headMode }) => ({
      // Below the pathspecs given, so always inside the registry's directory.
      path: inRegistry(this.root, path)!,
      kind: baseMode === undefined ? 'added' : headMode === undefined ? 'deleted' : 'modified',
      headType:
        headMode === undefined
          ? undefined
          : entryType({ name: '', mode: headMode, oid: '', type: headMode === '160000' ? 'commit' : 'blob' }),
    }));
  }

  /**
   * Every file below `dir`, recursively, in one native `git diff-tree -r`
   * against the empty tree (tens of milliseconds for 110,000 files, where
   * listing each model's directory reads thousands of trees); undefined when
   * the adapter cannot diff trees natively.
   */
  async filesBelow(dir: string): Promise<string[] | undefined> {
    if (!this.git.diffTrees) return undefined;
    const entries = await this.git.diffTrees(EMPTY_TREE, this.rootTree, [inRepository(this.root, dir)]);
    return entries?.map(({ path }) => inRegistry(this.root, path)!);
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    const entry = await this.entry(path);
    if (entry?.type !== 'blob' || entry.id === undefined) return undefined;
    return this.git.readBlob(entry.id);
  }

  private treeIdOf(dir: string): Promise<string | undefined> {
    let id = this.treeIds.get(dir);
    if (!id) {
      id = this.findTreeId(dir);
      this.treeIds.set(dir, id);
    }
    return id;
  }

  private async findTreeId(dir: string): Promise<string | undefined> {
    let tree = this.rootTree;
    const parts = dir.split('/');
    for (let i = 0; i < parts.length; i++) {
      // A tree the repository has not read yet (models/ with thousands of
      // entries, when one model is asked for): the adapter jumps to the
      // directory directly when it can.
      if (this.git.readTreeAt) {
        const found = await this.git.readTreeAt(tree, parts.slice(i).join('/'));
        if (found) return found.oid;
      }
      const next = (await this.index(tree)).get(parts[i]!);
      if (next?.type !== 'tree') return undefined;
      tree = next.oid;
    }
    return tree;
  }

  /** name → entry of a tree, kept by the repository: models/ holds thousands of entries and is looked up once per model. */
  private index(tree: string): Promise<ReadonlyMap<string, RawTreeEntry>> {
    return this.git.readTreeIndex(tree);
  }
}

function toEntry(raw: RawTreeEntry): TreeEntry {
  return { name: raw.name, type: entryType(raw), id: raw.oid };
}

function entryType(raw: RawTreeEntry): EntryType {
  if (raw.type === 'tree') return 'tree';
  if (raw.mode === '120000') return 'symlink';
  if (raw.type === 'blob') return 'blob';
  return 'other';
}
