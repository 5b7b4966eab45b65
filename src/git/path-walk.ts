/**
 * The commits that changed a path, with git's default history
 * simplification (what `git log -- <path>` shows): a commit is shown when it
 * differs from every parent at the path; when it equals a parent there, only
 * that parent is followed. Each commit is compared with its own parents,
 * never with its neighbour in date order.
 */
import type { CommitInfo, RawTreeEntry } from './git-port.js';
import { historyIncomplete, shallowCommits } from './repository-checks.js';

/** The reads a walk needs. */
export interface WalkReads {
  readonly dir: string;
  readCommit(oid: string): Promise<CommitInfo>;
  readTreeIndex(oid: string): Promise<ReadonlyMap<string, RawTreeEntry>>;
}

export interface PathCommit {
  readonly commit: CommitInfo;
  /** The parent it is compared with for its changes (the first), or undefined for a root commit. */
  readonly parent: string | undefined;
}

/** The walk isomorphic-git's adapter answers `git log -- <path>` with. */
export async function commitsTouching(git: WalkReads, from: string, path: string): Promise<PathCommit[]> {
  const idAt = memoizedPathId(git, path);
  const boundary = shallowCommits(git.dir);
  const shown: PathCommit[] = [];
  const seen = new Set<string>([from]);
  // Newest first by committer date, as git log orders; ties keep discovery order.
  const queue: CommitInfo[] = [await git.readCommit(from)];
  while (queue.length > 0) {
    const commit = queue.shift()!;
    const own = await idAt(commit.oid);
    // A shallow clone's oldest commits: as native git log, the path's history ends here when it did not exist yet, and is cut off when it did.
    if (boundary.has(commit.oid)) {
      if (own !== undefined) throw historyIncomplete(commit.oid);
      continue;
    }
    const same = await treesameParent(commit.parents, own, idAt);
    const follow = same === undefined ? commit.parents : [same];
    const treesame = same !== undefined;
    if (commit.parents.length === 0 ? own !== undefined : !treesame) {
      shown.push({ commit, parent: commit.parents[0] });
    }
    for (const parent of follow) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      insertByDate(queue, await git.readCommit(parent));
    }
  }
  return shown;
}

/**
 * Git's default history simplification at one commit: the first parent whose
 * copy of the path is the commit's (TREESAME), which alone is followed; undefined
 * when it differs from every parent, and the commit is listed.
 */
export async function treesameParent(
  parents: readonly string[],
  own: string | undefined,
  idAt: (commit: string) => Promise<string | undefined>,
): Promise<string | undefined> {
  for (const parent of parents) if ((await idAt(parent)) === own) return parent;
  return undefined;
}

/** Inserts `commit` into a queue kept newest first by committer date, after commits of the same date (git log's order). */
export function insertByDate(queue: CommitInfo[], commit: CommitInfo): void {
  const t = commit.committer.timestamp;
  let i = queue.length;
  while (i > 0 && queue[i - 1]!.committer.timestamp < t) i--;
  queue.splice(i, 0, commit);
}

/** The object id at `path` in a commit's tree (undefined when absent), each commit read once. */
export function memoizedPathId(git: WalkReads, path: string): (commit: string) => Promise<string | undefined> {
  const ids = new Map<string, Promise<string | undefined>>();
  return (commit) => {
    let id = ids.get(commit);
    if (!id) {
      id = git.readCommit(commit).then(async (info) => (await entryAt(git, info.tree, path))?.oid);
      ids.set(commit, id);
    }
    return id;
  };
}

/** The entry at `path` (repository-relative, '' for none) below `tree`, or undefined. */
export async function entryAt(git: WalkReads, tree: string, path: string): Promise<RawTreeEntry | undefined> {
  let entry: RawTreeEntry | undefined = { name: '', mode: '040000', oid: tree, type: 'tree' };
  for (const part of path === '' ? [] : path.split('/')) {
    if (entry?.type !== 'tree') return undefined;
    entry = (await git.readTreeIndex(entry.oid)).get(part);
  }
  return entry;
}
