/**
 * Which pull request brought a commit onto the branch, read from commit
 * messages GitHub writes: merge commits ("Merge pull request #12 from …")
 * and squash merges ("Subject (#12)").
 */
import type { CommitInfo } from '../git/git-port.js';

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
 * For each of `commits`: the first-parent commit of `head` that landed it
 * (the oldest first-parent descendant), with its pull request. Commits of a
 * merged branch are found by walking the merge's other parents until the
 * walk reaches the first-parent line; oldest merges first, so a commit merged
 * twice is attributed to its first landing.
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
