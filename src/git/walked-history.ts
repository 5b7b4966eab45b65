/**
 * The history questions answered by walking commits and comparing trees,
 * for the adapter without native git. Each answer is the one git gives
 * (test/git-port-conformance.test.ts): the same commits, in the same order,
 * with the same changes, and a shallow clone's oldest commits as roots.
 */
import type { CommitAgainstParents, CommitInfo, LoggedCommit, RawChange, RawTreeEntry } from './git-port.js';
import { commitsTouching, entryAt, insertByDate, type WalkReads } from './path-walk.js';
import { refuseShallowBoundary, shallowCommits } from './repository-checks.js';

/** `git log --raw -c -- <path>`: the listed commits with their own changes (for a merge, what differs from every parent). */
export async function logWithChanges(git: WalkReads, head: string, path: string): Promise<LoggedCommit[]> {
  const logged: LoggedCommit[] = [];
  for (const { commit } of await commitsTouching(git, head, path)) {
    const parents = await Promise.all(commit.parents.map(async (p) => (await git.readCommit(p)).tree));
    const [first, ...others] = parents;
    const changes: RawChange[] = [];
    for (const change of await diffBelow(git, first, commit.tree, path)) {
      const otherIds = await Promise.all(others.map(async (tree) => (await entryAt(git, tree, change.path))?.oid));
      const parentIds = [change.oldId, ...otherIds];
      if (parentIds.length < 2 || !parentIds.includes(change.newId)) changes.push({ ...change, parentIds });
    }
    logged.push({ commit, changes });
  }
  refuseShallowBoundary(
    git.dir,
    logged.map(({ commit }) => commit.oid),
  );
  return logged;
}

/** Every commit reachable from `head` in git log's order, each diffed below `path` against each parent. */
export async function logAgainstEveryParent(
  git: WalkReads,
  head: string,
  path: string,
): Promise<CommitAgainstParents[]> {
  const result: CommitAgainstParents[] = [];
  for (const commit of await reachable(git, head)) {
    const parents = await Promise.all(commit.parents.map(async (p) => (await git.readCommit(p)).tree));
    const against = async (tree: string | undefined) =>
      (await diffBelow(git, tree, commit.tree, path)).map((c) => ({ ...c, parentIds: [c.oldId] }));
    result.push({
      commit,
      againstParents: parents.length < 2 ? [await against(parents[0])] : await Promise.all(parents.map(against)),
    });
  }
  return result;
}

/** Every commit reachable from `head` with its parents, a shallow clone's boundary having none. */
export async function parentGraph(git: WalkReads, head: string): Promise<Map<string, string[]>> {
  return new Map((await reachable(git, head)).map((commit) => [commit.oid, [...commit.parents]]));
}

/** `git log --first-parent -- <path>`, walked one commit at a time as the caller asks. */
export async function* firstParentLog(git: WalkReads, from: string, path: string): AsyncGenerator<string> {
  const boundary = shallowCommits(git.dir);
  let commit = await git.readCommit(from);
  let id = (await entryAt(git, commit.tree, path))?.oid;
  for (;;) {
    const parent = boundary.has(commit.oid) ? undefined : commit.parents[0];
    if (parent === undefined) {
      if (id !== undefined) yield commit.oid;
      return;
    }
    const older = await git.readCommit(parent);
    const olderId = (await entryAt(git, older.tree, path))?.oid;
    if (olderId !== id) yield commit.oid;
    commit = older;
    id = olderId;
  }
}

/** The newest first-parent commit committed at or before `when`, walked back from `from`. */
export async function firstParentCommitAt(git: WalkReads, from: string, when: Date): Promise<string | undefined> {
  const limit = when.getTime() / 1000;
  const boundary = shallowCommits(git.dir);
  for (let oid: string | undefined = from; oid !== undefined;) {
    const commit = await git.readCommit(oid);
    if (commit.committer.timestamp <= limit) return oid;
    oid = boundary.has(oid) ? undefined : commit.parents[0];
  }
  return undefined;
}

/** Every commit reachable from `head`, newest first by committer date as git log orders them, parents cut at a shallow boundary. */
async function reachable(git: WalkReads, head: string): Promise<CommitInfo[]> {
  const boundary = shallowCommits(git.dir);
  const asWalked = async (oid: string): Promise<CommitInfo> => {
    const commit = await git.readCommit(oid);
    return boundary.has(oid) ? { ...commit, parents: [] } : commit;
  };
  const order: CommitInfo[] = [];
  const seen = new Set([head]);
  const queue = [await asWalked(head)];
  while (queue.length > 0) {
    const commit = queue.shift()!;
    order.push(commit);
    for (const parent of commit.parents) {
      if (seen.has(parent)) continue;
      seen.add(parent);
      insertByDate(queue, await asWalked(parent));
    }
  }
  return order;
}

type TreeChange = Omit<RawChange, 'parentIds'>;

/** The files below `path` that differ between two trees, recursively and in git's order, as `git diff-tree -r` lists them. */
async function diffBelow(git: WalkReads, base: string | undefined, head: string, path: string): Promise<TreeChange[]> {
  const changes: TreeChange[] = [];
  const [before, after] = await Promise.all([
    base === undefined ? undefined : entryAt(git, base, path),
    entryAt(git, head, path),
  ]);
  await diffEntries(git, path, before, after, changes);
  // A full path sorts as git sorts trees (a directory as its name and a slash).
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function diffEntries(
  git: WalkReads,
  path: string,
  before: RawTreeEntry | undefined,
  after: RawTreeEntry | undefined,
  changes: TreeChange[],
): Promise<void> {
  if (before?.oid === after?.oid && before?.mode === after?.mode) return;
  const beforeTree = before?.type === 'tree' ? before : undefined;
  const afterTree = after?.type === 'tree' ? after : undefined;
  const beforeFile = beforeTree ? undefined : before;
  const afterFile = afterTree ? undefined : after;
  if (beforeFile || afterFile) changes.push(fileChange(path, beforeFile, afterFile));
  if (!beforeTree && !afterTree) return;
  const [old, now] = await Promise.all([
    beforeTree ? git.readTreeIndex(beforeTree.oid) : new Map<string, RawTreeEntry>(),
    afterTree ? git.readTreeIndex(afterTree.oid) : new Map<string, RawTreeEntry>(),
  ]);
  for (const name of new Set([...old.keys(), ...now.keys()])) {
    await diffEntries(git, path === '' ? name : `${path}/${name}`, old.get(name), now.get(name), changes);
  }
}

function fileChange(path: string, before: RawTreeEntry | undefined, after: RawTreeEntry | undefined): TreeChange {
  return {
    path,
    kind: before === undefined ? 'added' : after === undefined ? 'deleted' : 'modified',
    headType: after === undefined ? undefined : after.mode === '120000' ? 'symlink' : 'blob',
    oldId: before?.oid,
    newId: after?.oid,
  };
}
