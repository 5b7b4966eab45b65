/**
 * The note a write leaves in the git directory between moving the branch and
 * bringing the working tree and index up to it. A process killed in that
 * window leaves the branch ahead of the index, where `git commit -a` would
 * quietly undo the change; the note lets the next write command finish it.
 */
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from './atomic-file.js';
import type { GitDirectories } from './git-directories.js';

export interface PendingWrite {
  /** The process that was writing. */
  readonly pid: number;
  readonly ref: string;
  /** The commit the ref held before (undefined: the ref was created). */
  readonly parent: string | undefined;
  readonly commit: string;
  /** The paths to bring up to `commit` in the working tree and index. */
  readonly paths: readonly string[];
}

export function pendingWritePath(dirs: GitDirectories): string {
  return join(dirs.gitDir, 'modelreg-pending-write.json');
}

export async function recordPendingWrite(dirs: GitDirectories, pending: PendingWrite): Promise<void> {
  await writeFileAtomically(pendingWritePath(dirs), Buffer.from(`${JSON.stringify(pending, null, 2)}\n`));
}

export async function readPendingWrite(dirs: GitDirectories): Promise<PendingWrite | undefined> {
  const text = await readFile(pendingWritePath(dirs), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<PendingWrite>;
    if (
      typeof value.ref === 'string' &&
      typeof value.commit === 'string' &&
      Array.isArray(value.paths) &&
      typeof value.pid === 'number'
    ) {
      return value as PendingWrite;
    }
  } catch {
    // Written atomically, so never torn; anything unreadable is not ours to act on.
  }
  return undefined;
}

export async function clearPendingWrite(dirs: GitDirectories): Promise<void> {
  await unlink(pendingWritePath(dirs)).catch(() => undefined);
}

/** Whether process `pid` is running (a process we may not signal is running too). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
