/**
 * Bringing the working tree and the index up to a commit that was just made,
 * for exactly the paths it changed. Files are replaced atomically, then the
 * index: under git's own `index.lock`, renamed into place once complete, so
 * that a process killed half-way leaves the old index, never a torn one.
 */
import fs from 'node:fs';
import { execFile } from 'node:child_process';
import { open, rename, rm, stat, unlink } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { UserError } from '../domain/errors.js';
import { writeFileAtomically } from './atomic-file.js';
import type { GitDirectories } from './git-directories.js';
import { isomorphicGit } from './isomorphic-git.js';

/** Refuses to start while `index.lock` exists: git would refuse the index update after the branch had moved. */
export async function refuseHeldIndexLock(dirs: GitDirectories): Promise<void> {
  const lock = join(dirs.gitDir, 'index.lock');
  if (
    await stat(lock).then(
      () => true,
      () => false,
    )
  )
    throw indexLocked(lock);
}

/** Temporary copies of working-tree files: in the git directory, out of `git status`'s sight. */
export const WORKTREE_TEMP_PREFIX = 'modelreg-tmp-';

/** Writes (or deletes, for null) each file, each replaced whole. */
export async function writeWorktreeFiles(
  dirs: GitDirectories,
  edits: ReadonlyMap<string, Uint8Array | null>,
): Promise<void> {
  for (const [path, content] of edits) {
    const full = join(dirs.workTree, path);
    if (content === null) await rm(full, { force: true });
    else {
      await writeFileAtomically(full, content, { tempDir: dirs.gitDir, tempPrefix: WORKTREE_TEMP_PREFIX }).catch(
        (error: NodeJS.ErrnoException) => {
          // A git directory on another file system cannot take the temporary file.
          if (error.code === 'EXDEV') return writeFileAtomically(full, content);
          throw error;
        },
      );
    }
  }
}

/** Stages exactly `paths` as they are in the working tree (deleted files leave the index). */
export async function stagePaths(
  dirs: GitDirectories,
  paths: readonly string[],
  native: boolean,
  beforeRename: () => void,
): Promise<void> {
  if (paths.length === 0) return;
  if (native) {
    // git add takes index.lock and renames it into place itself.
    beforeRename();
    await runGit(dirs.workTree, ['--literal-pathspecs', 'add', '--all', '--', ...paths]).catch(async (error: Error) => {
      await refuseHeldIndexLock(dirs);
      throw error;
    });
    return;
  }
  const index = join(dirs.gitDir, 'index');
  const lock = `${index}.lock`;
  const handle = await open(lock, 'wx').catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EEXIST' ? indexLocked(lock) : error;
  });
  try {
    try {
      const current = await fs.promises.readFile(index).catch(() => Buffer.alloc(0));
      await handle.writeFile(current);
    } finally {
      await handle.close();
    }
    const git = await isomorphicGit();
    const redirected = indexRedirectedTo(index, lock);
    for (const filepath of paths) {
      const present = await stat(join(dirs.workTree, filepath)).then(
        () => true,
        () => false,
      );
      await git.updateIndex({
        fs: redirected,
        dir: dirs.workTree,
        gitdir: dirs.gitDir,
        filepath,
        cache: {},
        ...(present ? { add: true } : { remove: true, force: true }),
      });
    }
    const written = await open(lock, 'r+');
    await written.sync().finally(() => written.close());
    beforeRename();
    await rename(lock, index);
  } catch (error) {
    await unlink(lock).catch(() => undefined);
    throw error;
  }
}

/**
 * The file system as isomorphic-git sees it while modelreg holds index.lock:
 * the index is read from and written to the lock file, which is renamed over
 * the index only when every path is staged.
 */
function indexRedirectedTo(index: string, lock: string): { promises: typeof fs.promises } {
  const p = fs.promises;
  const to = (path: string): string => (normalize(path) === index ? lock : path);
  const promises = {
    ...p,
    readFile: async (path: string, options?: unknown) => {
      if (to(path) !== lock) return p.readFile(path, options as undefined);
      const content = await p.readFile(lock);
      // An empty lock stands for a repository without an index yet.
      if (content.length === 0) throw Object.assign(new Error(`ENOENT: ${index}`), { code: 'ENOENT' });
      return content;
    },
    writeFile: (path: string, data: Uint8Array, options?: unknown) => p.writeFile(to(path), data, options as undefined),
    stat: (path: string) => p.stat(to(path)),
    lstat: (path: string) => p.lstat(to(path)),
    unlink: (path: string) => p.unlink(to(path)),
  };
  return { promises: promises as unknown as typeof fs.promises };
}

function runGit(dir: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('git', ['-C', dir, ...args], (error, _stdout, stderr) =>
      error ? reject(new Error(`git ${args.join(' ')} failed: ${stderr || error.message}`)) : resolve(),
    );
  });
}

function indexLocked(lock: string): UserError {
  return new UserError(
    'INDEX_LOCKED',
    `the git index is locked by ${lock}: another git command is running, or one was killed`,
    `Wait for the other git command to finish. If none is running, delete ${lock} and run the command again.`,
  );
}
