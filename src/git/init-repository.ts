/**
 * A new repository for `modelreg init`, with isomorphic-git (loaded here, on
 * first use). isomorphic-git's init writes filemode = false, symlinks = false
 * and ignorecase = true on every file system. On a case-sensitive one, git
 * then folds names that differ in case and ignores mode and symlink changes,
 * so the working tree it reports is not what a commit will hold. Probe as
 * `git init` does and write only what is true: filemode as measured, and
 * symlinks/ignorecase only when they differ from git's defaults.
 */
import { chmod, lstat, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fs, isomorphicGit } from './isomorphic-git.js';

/** Creates an empty repository for the work tree `dir` in `gitdir`, on branch main, its config true to the file system. */
export async function initRepository(dir: string, gitdir: string): Promise<void> {
  const git = await isomorphicGit();
  await git.init({ fs, dir, gitdir, defaultBranch: 'main' });
  const probe = join(gitdir, `modelreg-probe-${process.pid}`);
  let filemode: boolean;
  try {
    await writeFile(probe, '');
    const before = (await lstat(probe)).mode;
    await chmod(probe, before ^ 0o100);
    filemode = (await lstat(probe)).mode !== before;
  } finally {
    await rm(probe, { force: true });
  }
  let symlinks = false;
  try {
    await symlink('target', probe);
    symlinks = true;
  } catch {
    // No symlinks here (Windows without the privilege, some network file systems).
  } finally {
    await rm(probe, { force: true });
  }
  // git's own test: does the config file answer to another spelling?
  const ignorecase = fs.existsSync(join(gitdir, 'CoNfIg'));
  await git.setConfig({ fs, dir, gitdir, path: 'core.filemode', value: filemode });
  await git.setConfig({ fs, dir, gitdir, path: 'core.symlinks', value: symlinks ? undefined : false });
  await git.setConfig({ fs, dir, gitdir, path: 'core.ignorecase', value: ignorecase ? true : undefined });
}
