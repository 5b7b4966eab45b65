/**
 * What a new head adds to a history already computed at one of its
 * ancestors, when that is all it changes. git's default simplification can
 * drop earlier commits from a path's history (a merge that kept the other
 * side's copy follows only that side) and its date order can interleave new
 * commits with old ones (a long-lived branch, equal commit times), so the
 * extension is taken only where it is provably the cold answer:
 *
 * - every path from the new head to older history passes through the known
 *   head (no other commit of its ancestry is reachable past it), so every
 *   walk reaches the known head's history only through it;
 * - the date-ordered walk takes the known head after every new commit, so
 *   the known list follows the new commits unchanged;
 * - so the known head is on the new head's first-parent line, and every
 *   known commit keeps the pull request and landing date it had.
 *
 * Anything else (a merge of an older branch, a head that moved back or
 * sideways, a shallow clone) returns undefined, and history is recomputed.
 */
import type { CommitInfo, GitPort } from '../git/git-port.js';
import { shallowCommits } from '../git/repository-checks.js';
import { MODELS_DIR } from '../domain/layout.js';
import { treeOf, type RegistryRepository } from '../snapshot/registry-repository.js';
import { insertByDate, treesameParent } from '../git/path-walk.js';
import { gitLogOrder, walkEveryModel, type GraphCommit } from './model-walks.js';

/** Past this many new commits a cold computation is about as cheap: don't extend. */
const MAX_NEW_COMMITS = 500;

export interface HistoryWindow {
  /** The commits the new head has and the known head lacks. */
  readonly commits: ReadonlyMap<string, CommitInfo>;
  readonly known: CommitInfo;
}

/** The new commits between `known` and `head`, if the history at `head` is theirs followed by the one at `known` (see above). */
export async function historyWindow(git: GitPort, known: string, head: string): Promise<HistoryWindow | undefined> {
  if (known === head || shallowCommits(git.dir).size > 0) return undefined;
  const commits = new Map<string, CommitInfo>();
  const pending = [head];
  const seen = new Set(pending);
  while (pending.length > 0) {
    const oid = pending.pop()!;
    if (oid === known) continue;
    const commit = await git.readCommit(oid);
    // A root past the known head: another line of history (or the known head is not an ancestor at all).
    if (commit.parents.length === 0 || commits.size >= MAX_NEW_COMMITS) return undefined;
    commits.set(oid, commit);
    for (const parent of commit.parents) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      pending.push(parent);
    }
  }
  if (!seen.has(known)) return undefined;
  // No root among the new commits, so every path from the head, the first-parent line too, leaves them through the known head.
  const knownCommit = await git.readCommit(known);
  const graph = new Map<string, Pick<GraphCommit, 'parents' | 'timestamp'>>([
    [known, { parents: [], timestamp: knownCommit.committer.timestamp }],
  ]);
  for (const [oid, commit] of commits)
    graph.set(oid, { parents: commit.parents, timestamp: commit.committer.timestamp });
  const order = gitLogOrder(graph, head);
  return order[order.length - 1] === known ? { commits, known: knownCommit } : undefined;
}

export interface ListedCommit {
  readonly commit: CommitInfo;
  /** The models whose history lists it. */
  readonly models: readonly string[];
}

/**
 * The new commits `git log -- <path>` lists, in its order: the same walk as
 * path-walk.ts's, stopped at the known head, which must come last (equal
 * commit times can put it before a new commit the walk reaches later).
 */
export async function listedForPath(
  repository: RegistryRepository,
  window: HistoryWindow,
  head: string,
  path: string,
  model: string,
): Promise<ListedCommit[] | undefined> {
  const { commits, known } = window;
  const ids = new Map<string, Promise<string | undefined>>();
  const idAt = (oid: string) => {
    let id = ids.get(oid);
    if (!id) {
      const commit = commits.get(oid) ?? known;
      id = treeOf(repository, commit.tree, oid.slice(0, 7))
        .entry(path)
        .then((entry) => entry?.id);
      ids.set(oid, id);
    }
    return id;
  };
  const listed: ListedCommit[] = [];
  const seen = new Set([head]);
  const queue: CommitInfo[] = [commits.get(head)!];
  while (queue.length > 0) {
    const commit = queue.shift()!;
    if (commit.oid === known.oid) return queue.length === 0 ? listed : undefined;
    const own = await idAt(commit.oid);
    const same = await treesameParent(commit.parents, own, idAt);
    const follow = same === undefined ? commit.parents : [same];
    const treesame = same !== undefined;
    if (!treesame) listed.push({ commit, models: [model] });
    for (const parent of follow) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      insertByDate(queue, commits.get(parent) ?? known);
    }
  }
  // Every walk ends at the known head (no new commit is a root): not reaching it is a bug, not a history.
  return undefined;
}

/** The new commits the whole registry's history lists (each model's own walk, as read-history.ts), in its order. */
export async function listedForRegistry(
  repository: RegistryRepository,
  window: HistoryWindow,
  head: string,
): Promise<ListedCommit[]> {
  const { commits, known } = window;
  const models = new Map<string, ReadonlyMap<string, string>>();
  for (const commit of [known, ...commits.values()]) {
    const entries = (await treeOf(repository, commit.tree, commit.oid.slice(0, 7)).list(MODELS_DIR)) ?? [];
    models.set(
      commit.oid,
      new Map(entries.filter((e) => e.type === 'tree' && e.id !== undefined).map((e) => [e.name, e.id!])),
    );
  }
  const graph = new Map<string, GraphCommit>();
  for (const [oid, commit] of commits) {
    const mine = models.get(oid)!;
    const differs = commit.parents.map((p) => {
      const theirs = models.get(p)!;
      return new Set([...mine.keys(), ...theirs.keys()].filter((m) => mine.get(m) !== theirs.get(m)));
    });
    graph.set(oid, { oid, parents: commit.parents, timestamp: commit.committer.timestamp, differs });
  }
  // Every model's walk reaches the known head (it is the only way past the new commits), so the known part is unchanged.
  const { order, shown } = walkEveryModel(graph, head);
  return order
    .filter((oid) => shown.has(oid))
    .map((oid) => ({ commit: commits.get(oid)!, models: [...shown.get(oid)!] }));
}
