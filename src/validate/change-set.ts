/**
 * Which registry files differ between two snapshots. Descends only into
 * directories whose tree ids differ, so a pull request that touches two
 * files reads a handful of trees whatever the registry's size.
 */
import { MODELS_DIR, POLICY_PATH } from '../domain/layout.js';
import type { FileChange, SnapshotSource, TreeEntry } from '../snapshot/snapshot-source.js';
import { GitTreeSource } from '../snapshot/git-tree-source.js';

const byPath = (a: FileChange, b: FileChange) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export type { ChangeKind, FileChange } from '../snapshot/snapshot-source.js';

/** Changed files below `roots` (files or directories); by default the whole catalog. */
export async function diffSnapshots(
  base: SnapshotSource,
  head: SnapshotSource,
  roots: readonly string[] = [POLICY_PATH, MODELS_DIR],
): Promise<FileChange[]> {
  // Two commits of a repository with native git: git compares the trees.
  const native = head instanceof GitTreeSource ? await head.changesSince(base, roots) : undefined;
  if (native) return native.sort(byPath);
  const changes: FileChange[] = [];
  for (const root of roots) {
    const [baseEntry, headEntry] = await Promise.all([base.entry(root), head.entry(root)]);
    await diffEntry(base, head, root, baseEntry, headEntry, changes);
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Changed files at or below `paths` only: for a caller that knows where the
 * changes can be (git status for the working tree). Each path is compared
 * as diffSnapshots compares it.
 */
export async function diffPaths(
  base: SnapshotSource,
  head: SnapshotSource,
  paths: readonly string[],
): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const path of new Set(paths)) {
    const [baseEntry, headEntry] = await Promise.all([base.entry(path), head.entry(path)]);
    await diffEntry(base, head, path, baseEntry, headEntry, changes);
  }
  const unique = new Map(changes.map((c) => [c.path, c]));
  return [...unique.values()].sort(byPath);
}

/** Every registry file of a snapshot below `roots`, as if added: the change set of a full validation. */
export async function allFiles(
  head: SnapshotSource,
  roots: readonly string[] = [POLICY_PATH, MODELS_DIR],
): Promise<FileChange[]> {
  const changes: FileChange[] = [];
  for (const root of roots) await diffEntry(emptySide, head, root, undefined, await head.entry(root), changes);
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const emptySide: SnapshotSource = {
  label: 'nothing',
  list: async () => undefined,
  entry: async () => undefined,
  read: async () => undefined,
};

async function diffEntry(
  base: SnapshotSource,
  head: SnapshotSource,
  path: string,
  baseEntry: TreeEntry | undefined,
  headEntry: TreeEntry | undefined,
  out: FileChange[],
): Promise<void> {
  if (!baseEntry && !headEntry) return;
  if (
    baseEntry &&
    headEntry &&
    baseEntry.id !== undefined &&
    baseEntry.id === headEntry.id &&
    baseEntry.type === headEntry.type
  ) {
    return;
  }
  const baseIsTree = baseEntry?.type === 'tree';
  const headIsTree = headEntry?.type === 'tree';
  if (baseIsTree || headIsTree) {
    const [baseList, headList] = await Promise.all([
      baseIsTree ? base.list(path) : undefined,
      headIsTree ? head.list(path) : undefined,
    ]);
    const baseByName = new Map((baseList ?? []).map((e) => [e.name, e]));
    const headByName = new Map((headList ?? []).map((e) => [e.name, e]));
    const names = new Set([...baseByName.keys(), ...headByName.keys()]);
    await Promise.all(
      [...names].map((name) =>
        diffEntry(base, head, `${path}/${name}`, baseByName.get(name), headByName.get(name), out),
      ),
    );
    // A file replaced by a directory (or the reverse) also changes the file itself.
    if (baseEntry && !baseIsTree) out.push({ path, kind: 'deleted', headType: undefined });
    if (headEntry && !headIsTree) out.push({ path, kind: 'added', headType: headEntry.type });
    return;
  }
  if (!baseEntry) {
    out.push({ path, kind: 'added', headType: headEntry!.type });
    return;
  }
  if (!headEntry) {
    out.push({ path, kind: 'deleted', headType: undefined });
    return;
  }
  // Working-tree entries carry no id until asked for one.
  const baseId = baseEntry.id ?? (await base.entry(path))?.id;
  const headId = headEntry.id ?? (await head.entry(path))?.id;
  if (baseId !== headId || baseEntry.type !== headEntry.type) {
    out.push({ path, kind: 'modified', headType: headEntry.type });
  }
}
