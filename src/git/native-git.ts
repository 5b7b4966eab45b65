/**
 * The native git binary as an optional fast path for history questions
 * (which commits touched a path, first-parent states, a commit by date).
 * isomorphic-git answers the same questions; tests prove both give the same
 * answers. Off when `git` is missing or MODELREG_NATIVE_GIT=0.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { refuseUntrustedRepository } from './repository-checks.js';

let found: boolean | undefined;

/** Whether an executable `git` is on PATH: looked up, not run (a spawn costs a short command 5 to 10 ms). */
function gitOnPath(env: NodeJS.ProcessEnv): boolean {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, 'git'), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

export class NativeGit {
  constructor(readonly dir: string) {}

  /** A NativeGit for `dir` when the binary works, else undefined. */
  static async detect(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<NativeGit | undefined> {
    if (env.MODELREG_NATIVE_GIT === '0') return undefined;
    found ??= gitOnPath(env);
    if (!found) return undefined;
    await refuseUntrustedRepository(dir);
    return new NativeGit(dir);
  }

  run(args: readonly string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(
        'git',
        ['-C', this.dir, ...args],
        { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`git ${args.join(' ')} failed: ${stderr || error.message}`));
          else resolve(stdout);
        },
      );
    });
  }

  async lines(args: readonly string[]): Promise<string[]> {
    return (await this.run(args)).split('\n').filter((line) => line.length > 0);
  }
}
