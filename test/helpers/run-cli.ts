/** Runs the CLI in-process with captured output, as a user in `cwd` would. */
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(cwd: string, args: string[], now = new Date('2026-03-01T12:00:00Z')): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    cwd,
    now: () => now,
  });
  return { code, stdout, stderr };
}

/** An Io that keeps what a run writes, for code that takes one directly (the CLI's plain paths, the command line). */
export function captureIo(cwd: string): { io: Io; output: () => { stdout: string; stderr: string } } {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    out: (text) => void (stdout += text),
    err: (text) => void (stderr += text),
    cwd,
    now: () => new Date('2026-03-01T12:00:00Z'),
  };
  return { io, output: () => ({ stdout, stderr }) };
}
