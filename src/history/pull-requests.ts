/**
 * Which pull request brought a commit onto the branch, read from commit
 * messages GitHub writes: merge commits ("Merge pull request #12 from …")
 * and squash merges ("Subject (#12)").
 */
import type { CommitInfo, GitPort } from '../git/git-port.js';

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

/**
 * For every commit reachable from `head`: the first-parent commit that landed
 * it. Commits of a merged branch are found by walking the merge's other
 * parents until the walk reaches the first-parent line.
 */
export async function landings(git: GitPort, head: string): Promise<Map<string, Landing>> {
  const mainLine: CommitInfo[] = [];
  for (let oid: string | undefined = head; oid !== undefined; ) {
    const commit = await git.readCommit(oid);
    mainLine.push(commit);
    oid = commit.parents[0];
  }
  const result = new Map<string, Landing>();
  for (const commit of mainLine) result.set(commit.oid, { via: commit, pr: pullRequestNumber(commit.message) });
  // Oldest merges first, so a commit merged twice is attributed to its first landing.
  for (const merge of [...mainLine].reverse()) {
    if (merge.parents.length < 2) continue;
    const landing = result.get(merge.oid)!;
    const stack = merge.parents.slice(1);
    while (stack.length > 0) {
      const oid = stack.pop()!;
      if (result.has(oid)) continue;
      const commit = await git.readCommit(oid);
      const pr = landing.pr ?? pullRequestNumber(commit.message);
      result.set(oid, { via: merge, pr });
      stack.push(...commit.parents);
    }
  }
  return result;
}
