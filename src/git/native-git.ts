/**
 * Running the git binary: one command, its output. The native adapter
 * (native-git-repository.ts) asks its history questions through this.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** PATH → whether it holds git: the answer depends on its key alone, so callers with other environments never share one. */
const gitOnPaths = new Map<string, boolean>();

/** Whether an executable `git` is on PATH: looked up once per PATH, not run (a spawn costs a short command 5 to 10 ms). */
export function gitOnPath(env: NodeJS.ProcessEnv): boolean {
  const path = env.PATH ?? '';
  let found = gitOnPaths.get(path);
  if (found === undefined) {
    found = lookUp(path);
    gitOnPaths.set(path, found);
  }
  return found;
}

function lookUp(path: string): boolean {
  for (const dir of path.split(delimiter)) {
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
