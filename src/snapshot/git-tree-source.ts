/** A commit's tree, read through the git port; subtree ids make diffs cheap. */
import type { GitPort, RawTreeEntry } from '../git/git-port.js';
import type { EntryType, SnapshotSource, TreeEntry } from './snapshot-source.js';

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
    const entries = await this.list(slash < 0 ? '' : path.slice(0, slash));
    return entries?.find((e) => e.name === path.slice(slash + 1));
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    const entry = await this.entry(path);
    if (entry?.type !== 'blob' || entry.id === undefined) return undefined;
    return this.git.readBlob(entry.id);
  }

  private async treeIdOf(dir: string): Promise<string | undefined> {
    let tree = this.rootTree;
    for (const part of dir.split('/')) {
      const next = (await this.git.readTree(tree)).find((e) => e.name === part);
      if (next?.type !== 'tree') return undefined;
      tree = next.oid;
    }
    return tree;
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
