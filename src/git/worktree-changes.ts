/**
 * Which paths below `roots` may differ between HEAD and the working tree,
 * from `git status`: git answers from the index's file stamps instead of
 * reading every file, so checking an edit in a registry of 100,000 files
 * costs what the edit costs. The caller compares each path itself, so a
 * path git lists without a real change (staged, then edited back) is
 * harmless. Undefined when git's answer could miss a change: entries marked
 * assume-unchanged or skip-worktree (sparse checkouts) are not compared.
 */
import type { NativeGit } from './native-git.js';

export async function worktreeCandidates(native: NativeGit, roots: readonly string[]): Promise<string[] | undefined> {
  const [status, flags] = await Promise.all([
    // Ignored files too, one by one: the working tree as modelreg reads it has no ignore rules.
    native.run([
      '--literal-pathspecs',
      'status',
      '--porcelain=v1',
      '-z',
      '--untracked-files=all',
      '--ignored=traditional',
      '--no-renames',
      '--',
      ...roots,
    ]),
    native.run(['--literal-pathspecs', 'ls-files', '-v', '-z', '--', ...roots]),
  ]);
  // `ls-files -v` tags an entry "S" for skip-worktree and in lower case for assume-unchanged.
  for (const entry of flags.split('\0')) {
    if (entry !== '' && (entry[0] === 'S' || (entry[0]! >= 'a' && entry[0]! <= 'z'))) return undefined;
  }
  const paths: string[] = [];
  for (const entry of status.split('\0')) {
    // "XY path"; an untracked directory (a nested repository) ends with "/".
    if (entry.length > 3) paths.push(entry.slice(3).replace(/\/$/, ''));
  }
  return paths;
}
