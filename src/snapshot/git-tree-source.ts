/** A commit's tree, read through the git port; subtree ids make diffs cheap. */
import type { GitPort, RawTreeEntry } from '../git/git-port.js';
import type { EntryType, SnapshotSource, TreeEntry } from './snapshot-source.js';

/** Tree ids are content hashes, so an index built once serves every snapshot in the process. */
const treeIndexes = new Map<string, ReadonlyMap<string, RawTreeEntry>>();

export class GitTreeSource implements SnapshotSource {
  readonly label: string;

  constructor(
    private readonly git: GitPort,
    private readonly rootTree: string,
    label: string,
  ) {
    this.label = label;
  }

  static async atCommit(git: GitPort, commit: string, label?: string): Promise<GitTreeSource> {
    const info = await git.readCommit(commit);
    return new GitTreeSource(git, info.tree, label ?? commit.slice(0, 7));
  }

  async list(dir: string): Promise<readonly TreeEntry[] | undefined> {
    const treeId = dir === '' ? this.rootTree : await this.treeIdOf(dir);
    if (treeId === undefined) return undefined;
    return (await this.git.readTree(treeId)).map(toEntry);
  }

  async entry(path: string): Promise<TreeEntry | undefined> {
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? this.rootTree : await this.treeIdOf(path.slice(0, slash));
    if (parent === undefined) return undefined;
    const raw = (await this.index(parent)).get(path.slice(slash + 1));
    return raw ? toEntry(raw) : undefined;
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    const entry = await this.entry(path);
    if (entry?.type !== 'blob' || entry.id === undefined) return undefined;
    return this.git.readBlob(entry.id);
  }

  private async treeIdOf(dir: string): Promise<string | undefined> {
    let tree = this.rootTree;
    for (const part of dir.split('/')) {
      const next = (await this.index(tree)).get(part);
      if (next?.type !== 'tree') return undefined;
      tree = next.oid;
    }
    return tree;
  }

  /** name → entry of a tree: models/ holds thousands of entries and is looked up once per model. */
  private async index(tree: string): Promise<ReadonlyMap<string, RawTreeEntry>> {
    let index = treeIndexes.get(tree);
    if (!index) {
      index = new Map((await this.git.readTree(tree)).map((e) => [e.name, e]));
      if (treeIndexes.size > 4096) treeIndexes.clear();
      treeIndexes.set(tree, index);
    }
    return index;
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
