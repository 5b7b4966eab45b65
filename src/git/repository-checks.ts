/**
 * What the machine can get wrong about a repository, told as one line with
 * the fix: a repository git will not read (owned by another user), one this
 * user may not write, a shallow clone whose history stops early. Without
 * these, each showed up as a misleading answer ("no commits") or a stack trace.
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UserError } from '../domain/errors.js';

/** The directory holding objects, refs and `shallow` (the main repository's, for a linked worktree). */
function commonGitDir(workTree: string): string | undefined {
  const dotGit = join(workTree, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const gitDir = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
    if (!gitDir) return undefined;
    const absolute = isAbsolute(gitDir) ? gitDir : resolve(workTree, gitDir);
    const common = readFileSync(join(absolute, 'commondir'), 'utf8').trim();
    return isAbsolute(common) ? common : resolve(absolute, common);
  } catch {
    return undefined;
  }
}

/**
 * git refuses a repository owned by another user unless safe.directory
 * names it, and then every read fails: modelreg said "cannot resolve HEAD"
 * or validated every file as new. Asking git costs a process, so it is asked
 * only when the owner differs, which is when it can refuse.
 */
export async function refuseUntrustedRepository(workTree: string): Promise<void> {
  const uid = process.geteuid?.();
  if (uid === undefined) return;
  const owners = [workTree, join(workTree, '.git')].map((path) => statSync(path, { throwIfNoEntry: false })?.uid);
  if (owners.every((owner) => owner === undefined || owner === uid)) return;
  const stderr = await new Promise<string>((done) => {
    execFile('git', ['-C', workTree, 'rev-parse', '--git-dir'], { encoding: 'utf8' }, (error, _stdout, err) =>
      done(error ? err : ''),
    );
  });
  const refused = /detected dubious ownership in repository at '([^']+)'/.exec(stderr);
  if (refused) throw untrustedRepository(refused[1]!);
}

function untrustedRepository(path: string): UserError {
  return new UserError(
    'UNSAFE_REPOSITORY',
    `git refuses to read ${path}: it belongs to another user (git's "dubious ownership" check)`,
    `If you trust that repository: git config --global --add safe.directory ${path} (or run modelreg as the user who owns it).`,
  );
}

/** An object the repository does not have: isomorphic-git's NotFoundError, or `missing` from git cat-file. */
export function isAbsent(error: unknown): boolean {
  return (error as { code?: string } | undefined)?.code === 'NotFoundError';
}

/**
 * An object that is there but cannot be read: isomorphic-git's failed SHA check (InternalError), a zlib stream
 * that does not inflate (Z_DATA_ERROR, Z_BUF_ERROR).
 */
export function isDamage(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  return code === 'InternalError' || code.startsWith('Z_');
}

const DAMAGED_HINT =
  'An object is missing or damaged (an interrupted copy, a disk fault). `git fsck` lists what is wrong; fetch the objects again from a remote that has them (git fetch), or clone the repository again.';

/** A damaged repository as git itself reported it (`reason`: git's words), with `git fsck` as the next step. */
export function repositoryDamaged(workTree: string, reason: string): UserError {
  return new UserError(
    'REPOSITORY_DAMAGED',
    `the repository at ${workTree} has an object git cannot read (${reason})`,
    DAMAGED_HINT,
  );
}

/** An object read by id that could not be read, told as a damaged repository (or a partial clone read without git). */
export function unreadableObject(workTree: string, kind: string, oid: string, cause: unknown): UserError {
  // isomorphic-git's InternalError wraps the cause ("SHA check failed! …") in a paragraph addressed to developers.
  const detail = (cause as { data?: { message?: unknown } } | undefined)?.data?.message;
  const reason = isAbsent(cause)
    ? 'it is missing or unreadable'
    : typeof detail === 'string'
      ? detail
      : cause instanceof Error
        ? cause.message.split('\n')[0]!
        : String(cause);
  const what = `the repository at ${workTree} cannot read ${kind} ${oid}: ${reason}`;
  if (isPartialClone(workTree))
    return new UserError(
      'REPOSITORY_DAMAGED',
      `${what}; it is a partial clone (--filter), whose missing objects only git can fetch`,
      'Clone without --filter (actions/checkout: the default filter), or let modelreg use git: install git on PATH and unset MODELREG_NATIVE_GIT=0.',
    );
  return new UserError('REPOSITORY_DAMAGED', what, DAMAGED_HINT);
}

/** A clone made with --filter: objects are missing on purpose, and git fetches them when it needs them. */
function isPartialClone(workTree: string): boolean {
  const gitDir = commonGitDir(workTree);
  if (!gitDir) return false;
  try {
    // extensions.partialClone (older git), remote.<name>.promisor and partialclonefilter (newer).
    return /^\s*(?:partialclone\w*|promisor)\s*=/im.test(readFileSync(join(gitDir, 'config'), 'utf8'));
  } catch {
    return false;
  }
}

/** The commits whose parents a shallow clone left out (`.git/shallow`); empty for a complete clone. */
export function shallowCommits(workTree: string): ReadonlySet<string> {
  const gitDir = commonGitDir(workTree);
  if (!gitDir) return new Set();
  try {
    return new Set(
      readFileSync(join(gitDir, 'shallow'), 'utf8')
        .split('\n')
        .filter((line) => /^[0-9a-f]{40,64}$/.test(line)),
    );
  } catch {
    return new Set();
  }
}

export function isShallow(workTree: string): boolean {
  return shallowCommits(workTree).size > 0;
}

/**
 * Refuses to go on from any of `commits` that is a shallow clone's boundary:
 * what came before it is not in the clone, and treating it as the first
 * commit would invent a registration there.
 */
export function refuseShallowBoundary(workTree: string, commits: Iterable<string>): void {
  const boundary = shallowCommits(workTree);
  if (boundary.size === 0) return;
  for (const commit of commits) if (boundary.has(commit)) throw historyIncomplete(commit);
}

/** The error for an answer that needs commits a shallow clone does not have. */
export function historyIncomplete(boundary?: string): UserError {
  return new UserError(
    'SHALLOW_CLONE',
    `the history is incomplete: this is a shallow clone${boundary ? ` and it ends at ${boundary.slice(0, 7)}` : ''}, so modelreg cannot tell what came before`,
    'Fetch the whole history: git fetch --unshallow (in GitHub Actions: actions/checkout with fetch-depth: 0).',
  );
}

const FS_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
};

/**
 * A file system refusal (permissions, a read-only mount, a full disk) as a
 * user error naming the path; undefined for anything else.
 */
export function explainEnvironmentError(error: unknown): UserError | undefined {
  const { code, path, syscall } = (error ?? {}) as { code?: unknown; path?: unknown; syscall?: unknown };
  if (typeof code !== 'string' || typeof path !== 'string' || !(code in FS_REASONS)) return undefined;
  const reason = FS_REASONS[code]!;
  const gitDir = /^(.*?[\\/]\.git)(?:[\\/]|$)/.exec(path)?.[1];
  const hint =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? `Free some space on the device that holds ${dirname(path)}, then run the command again.`
      : gitDir
        ? `modelreg writes commits into ${gitDir}: run it as a user who may write there (ls -ld ${gitDir}), or work in a clone of your own.`
        : `Check who may write ${dirname(path)} (ls -ld ${dirname(path)}), or choose another place.`;
  return new UserError(
    'FILE_SYSTEM',
    `cannot ${typeof syscall === 'string' ? syscall : 'write'} ${path}: ${reason}`,
    hint,
  );
}
