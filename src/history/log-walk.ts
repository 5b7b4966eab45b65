/**
 * The commits that changed a path, with git's default history
 * simplification (what `git log -- <path>` shows): a commit is shown when it
 * differs from every parent at the path; when it equals a parent there, only
 * that parent is followed. Each commit is compared with its own parents,
 * never with its neighbour in date order.
 */
import type { CommitInfo, GitPort } from '../git/git-port.js';
import { historyIncomplete, shallowCommits } from '../git/repository-checks.js';
import { GitTreeSource } from '../snapshot/git-tree-source.js';
import { MODELS_DIR } from '../domain/layout.js';
import { gitLogOrder } from './model-walks.js';
import { treeOf, type RegistryRepository } from '../snapshot/registry-repository.js';

export interface PathCommit {
  readonly commit: CommitInfo;
  /** The parent it is compared with for its changes (the first), or undefined for a root commit. */
  readonly parent: string | undefined;
}

/** The pure isomorphic-git walk; with native git, history reads the same commits from `git log` (native-log.ts). */
export async function commitsTouching(git: GitPort, from: string, path: string): Promise<PathCommit[]> {
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
export function memoizedPathId(git: GitPort, path: string): (commit: string) => Promise<string | undefined> {
  const ids = new Map<string, Promise<string | undefined>>();
  return (commit) => {
    let id = ids.get(commit);
    if (!id) {
      id = git
        .readCommit(commit)
        .then(async (info) => (await new GitTreeSource(git, info.tree, commit).entry(path))?.id);
      ids.set(commit, id);
    }
    return id;
  };
}

export interface CommitModels {
  readonly commit: CommitInfo;
  /** Its parents in the repository at hand: none for a shallow clone's oldest commits, as git's walk has them. */
  readonly parents: readonly string[];
  /** Model name → the id of its directory (models/<model>) in the commit. */
  readonly models: ReadonlyMap<string, string>;
}

/**
 * Every commit reachable from `head` with its model directories: what git's
 * simplification of each model's path decides by. The directories are read
 * oldest first, so that the tree caches end up holding the newest commits',
 * which history then reads first.
 */
export async function modelDirectories(
  repository: RegistryRepository,
  head: string,
): Promise<Map<string, CommitModels>> {
  const { git } = repository;
  const boundary = shallowCommits(git.dir);
  const graph = new Map<string, { commit: CommitInfo; parents: readonly string[]; timestamp: number }>();
  const pending = [head];
  const seen = new Set(pending);
  while (pending.length > 0) {
    const commit = await git.readCommit(pending.pop()!);
    const parents = boundary.has(commit.oid) ? [] : commit.parents;
    graph.set(commit.oid, { commit, parents, timestamp: commit.committer.timestamp });
    for (const parent of parents) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      pending.push(parent);
    }
  }
  const read = new Map<string, CommitModels>();
  for (const oid of gitLogOrder(graph, head).reverse()) {
    const { commit, parents } = graph.get(oid)!;
    const entries = (await treeOf(repository, commit.tree, oid.slice(0, 7)).list(MODELS_DIR)) ?? [];
    read.set(oid, {
      commit,
      parents,
      models: new Map(entries.filter((e) => e.type === 'tree' && e.id !== undefined).map((e) => [e.name, e.id!])),
    });
  }
  return read;
}
