/**
 * Which pull request brought a commit onto the branch, read from commit
 * messages GitHub writes: merge commits ("Merge pull request #12 from …")
 * and squash merges ("Subject (#12)").
 */
import type { CommitInfo, GitPort } from '../git/git-port.js';
import type { NativeGit } from '../git/native-git.js';
import { shallowCommits } from '../git/repository-checks.js';

export function pullRequestNumber(message: string): number | undefined {
  const subject = message.split('\n')[0] ?? '';
  const merge = /^Merge pull request #(\d+)\b/.exec(subject);
  if (merge) return Number(merge[1]);
  const squash = /\(#(\d+)\)\s*$/.exec(subject);
  return squash ? Number(squash[1]) : undefined;
}

export interface Landing {
  /** The commit on the branch's first-parent line that brought it in. */
  readonly via: CommitInfo;
  readonly pr: number | undefined;
}

/** Every commit reachable from `head` with its parents, from one `git rev-list --parents`. */
export async function parentGraph(native: NativeGit, head: string): Promise<Map<string, string[]>> {
  const parents = new Map<string, string[]>();
  for (const line of await native.lines(['rev-list', '--parents', head])) {
    const [oid, ...rest] = line.split(' ');
    parents.set(oid!, rest);
  }
  return parents;
}

/**
 * For each of `commits`: the first-parent commit of `head` that landed it
 * (the oldest first-parent descendant), with its pull request; the same walk
 * as landings() below, over a graph already in memory.
 */
export async function landingsIn(
  parents: ReadonlyMap<string, readonly string[]>,
  head: string,
  commits: readonly string[],
  readCommit: (oid: string) => Promise<CommitInfo>,
): Promise<Map<string, Landing>> {
  const mainLine: string[] = [];
  for (let oid: string | undefined = head; oid !== undefined; oid = parents.get(oid)?.[0]) mainLine.push(oid);
  const via = new Map<string, string>(mainLine.map((oid) => [oid, oid]));
  for (const merge of [...mainLine].reverse()) {
    const stack = (parents.get(merge) ?? []).slice(1);
    while (stack.length > 0) {
      const oid = stack.pop()!;
      if (via.has(oid)) continue;
      via.set(oid, merge);
      stack.push(...(parents.get(oid) ?? []));
    }
  }
  const result = new Map<string, Landing>();
  for (const oid of new Set(commits)) {
    const landedBy = via.get(oid);
    if (!landedBy) continue;
    const landing = await readCommit(landedBy);
    const pr =
      pullRequestNumber(landing.message) ??
      (landedBy === oid ? undefined : pullRequestNumber((await readCommit(oid)).message));
    result.set(oid, { via: landing, pr });
  }
  return result;
}

/**
 * For every commit reachable from `head`: the first-parent commit that landed
 * it. Commits of a merged branch are found by walking the merge's other
 * parents until the walk reaches the first-parent line.
 */
export async function landings(git: GitPort, head: string): Promise<Map<string, Landing>> {
  // As `git rev-list` does, a shallow clone's walk ends at its oldest commits; their parents are not there.
  const boundary = shallowCommits(git.dir);
  const parentsOf = (commit: CommitInfo) => (boundary.has(commit.oid) ? [] : commit.parents);
  const mainLine: CommitInfo[] = [];
  for (let oid: string | undefined = head; oid !== undefined;) {
    const commit = await git.readCommit(oid);
    mainLine.push(commit);
    oid = parentsOf(commit)[0];
  }
  const result = new Map<string, Landing>();
  for (const commit of mainLine) result.set(commit.oid, { via: commit, pr: pullRequestNumber(commit.message) });
  // Oldest merges first, so a commit merged twice is attributed to its first landing.
  for (const merge of [...mainLine].reverse()) {
    if (parentsOf(merge).length < 2) continue;
    const landing = result.get(merge.oid)!;
    const stack = parentsOf(merge).slice(1);
    while (stack.length > 0) {
      const oid = stack.pop()!;
      if (result.has(oid)) continue;
      const commit = await git.readCommit(oid);
      const pr = landing.pr ?? pullRequestNumber(commit.message);
      result.set(oid, { via: merge, pr });
      stack.push(...parentsOf(commit));
    }
  }
  return result;
}
