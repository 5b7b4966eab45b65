/**
 * Running the git binary: one command, its output. The native adapter
 * (native-git-repository.ts) asks its history questions through this.
 */
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { repositoryDamaged } from './repository-checks.js';

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
          if (error) reject(gitFailure(this.dir, args, stderr || error.message));
          else resolve(stdout);
        },
      );
    });
  }

  async lines(args: readonly string[]): Promise<string[]> {
    return (await this.run(args)).split('\n').filter((line) => line.length > 0);
  }

  /**
   * Hands each line of the output to `take` as git writes it, for outputs too large to hold whole (a
   * whole registry's `git log --raw` is ~40 MB at 10,000 models: as one string, split, it was a peak of its own).
   */
  async eachLine(args: readonly string[], take: (line: string) => void): Promise<void> {
    const child = spawn('git', ['-C', this.dir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const exited = new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    try {
      // Lines end at "\n" only, as `run` splits them: readline also ends one at a lone "\r", and a commit subject
      // may hold one, which would let a message's text read as a change line of git's output.
      const decoder = new StringDecoder('utf8');
      let partial = '';
      for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
        const lines = (partial + decoder.write(chunk)).split('\n');
        partial = lines.pop()!;
        for (const line of lines) take(line);
      }
      partial += decoder.end();
      if (partial !== '') take(partial);
    } catch (error) {
      child.kill();
      await exited.catch(() => undefined);
      throw error;
    }
    const code = await exited;
    if (code !== 0) throw gitFailure(this.dir, args, stderr || `exit code ${code}`);
  }
}

/**
 * What git says when an object the repository names cannot be read (deleted, truncated or corrupt, in history
 * as much as at the tip): a damaged repository, told as one, not a bug of modelreg's.
 */
const DAMAGE =
  /^(?:fatal|error): (?:Could not read|unable to read|bad object|loose object \S+ .*is corrupt|packfile .* cannot be accessed|.*object file .* is empty).*$/im;

function gitFailure(dir: string, args: readonly string[], message: string): Error {
  const damage = DAMAGE.exec(message);
  if (damage) return repositoryDamaged(dir, `git ${args[0]}: ${damage[0].replace(/^(?:fatal|error): /i, '')}`);
  return new Error(`git ${args.join(' ')} failed: ${message}`);
}
