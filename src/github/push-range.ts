/**
 * The commits a push (or a merge group) brought onto a branch: the
 * first-parent line from `after` back to `before`, oldest first. Each is
 * judged against its first parent, so a merge that adds content of its own
 * and a change undone later in the same push are both seen. Anything that
 * makes the line unknowable fails closed: judging less than was pushed
 * would let the rest through unchecked.
 */
import { UserError } from '../domain/errors.js';
import type { CommitInfo, GitPort } from '../git/git-port.js';

const FULL_HISTORY_HINT = 'Check out the full history: actions/checkout with `fetch-depth: 0`.';

/** The commits after `before` up to `after` on `after`'s first-parent line, oldest first. */
export async function firstParentRange(git: GitPort, before: string | undefined, after: string): Promise<CommitInfo[]> {
  if (before === undefined) {
    throw new UserError(
      'PUSH_WITHOUT_BEFORE',
      'this push names no earlier commit (a new branch, or a push event without `before`), so what it changed cannot be checked',
      'Run the check on pushes to an existing default branch and bring changes in through pull requests; a new registry branch is checked once it has a pull request.',
    );
  }
  const line: CommitInfo[] = [];
  for (let oid = after; oid !== before;) {
    const commit = await readOrRefuse(
      git,
      oid,
      `commit ${oid.slice(0, 12)} of the pushed history is not in the checkout`,
    );
    line.push(commit);
    const parent = commit.parents[0];
    if (parent === undefined) throw await notOnFirstParentLine(git, before, after);
    oid = parent;
  }
  // The base every commit is judged against must be readable too.
  await readOrRefuse(git, before, `the commit before the push (${before.slice(0, 12)}) is not in the checkout`);
  return line.reverse();
}

async function readOrRefuse(git: GitPort, oid: string, message: string): Promise<CommitInfo> {
  try {
    return await git.readCommit(oid);
  } catch {
    throw new UserError('PUSH_HISTORY_MISSING', `${message} (a shallow checkout?)`, FULL_HISTORY_HINT);
  }
}

/** A force push (before is gone from history), or a fast-forward of a branch that merged the default branch in. */
async function notOnFirstParentLine(git: GitPort, before: string, after: string): Promise<UserError> {
  const known = await git.readCommit(before).then(
    () => true,
    () => false,
  );
  const seen = new Set<string>();
  const stack = [after];
  while (stack.length > 0) {
    const oid = stack.pop()!;
    if (known && oid === before) {
      return new UserError(
        'PUSH_NOT_FIRST_PARENT',
        `the commit before the push (${before.slice(0, 12)}) is an ancestor of ${after.slice(0, 12)} only through a merge's second parent, so the commits the push adds to the branch cannot be told from the ones it merged`,
        'Bring the change in through a pull request (GitHub merges with the default branch as the first parent), or merge the branch into the default branch instead of fast-forwarding to it.',
      );
    }
    if (seen.has(oid)) continue;
    seen.add(oid);
    const commit = await readOrRefuse(
      git,
      oid,
      `commit ${oid.slice(0, 12)} of the pushed history is not in the checkout`,
    );
    stack.push(...commit.parents);
  }
  return new UserError(
    'PUSH_FORCED',
    `a force push: the commit before the push (${before.slice(0, 12)}) is not an ancestor of ${after.slice(0, 12)}${known ? '' : ' (it is not even in the checkout any more)'}, so history the registry had released was rewritten`,
    'Restore the branch (push the previous commit back) and bring the change in through a pull request; protect the default branch against force pushes.',
  );
}
