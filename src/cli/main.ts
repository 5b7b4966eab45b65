/**
 * The CLI's entry: `main(argv)` runs one modelreg command and returns its
 * exit code. It loads as little as it can before it knows what to run: a plain
 * `resolve <ref> [--json]` runs without the command-line parser
 * (plain-resolve.ts), a warm `history <model>` is answered from the cache
 * (cached-history.ts), anything else loads the command line (command-line.ts)
 * and the one command it runs.
 */
import { processIo, type Io } from './io.js';

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  // What a deploy job runs, without loading the command-line parser (commander) and every command's options.
  if (argv[0] === 'resolve') {
    const answered = await (await import('./plain-resolve.js')).resolvePlainly(argv, io);
    if (answered !== undefined) return answered;
  }
  if (argv[0] === 'history') {
    const answered = await (await import('./cached-history.js')).historyFromCache(argv, io);
    if (answered !== undefined) return answered;
  }
  return (await import('./command-line.js')).runCommandLine(argv, io);
}
