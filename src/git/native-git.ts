/**
 * Running the git binary: one command, its output. The native adapter
 * (native-git-repository.ts) asks its history questions through this.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

let found: boolean | undefined;

/** Whether an executable `git` is on PATH: looked up once, not run (a spawn costs a short command 5 to 10 ms). */
export function gitOnPath(env: NodeJS.ProcessEnv): boolean {
  found ??= lookUp(env);
  return found;
}

function lookUp(env: NodeJS.ProcessEnv): boolean {
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
