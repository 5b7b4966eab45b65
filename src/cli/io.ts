/** What a CLI command may touch besides the registry: output streams, cwd, clock. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly cwd: string;
  now(): Date;
}

export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    now: () => new Date(),
  };
}

/** The exit codes every command uses. */
export const EXIT = { ok: 0, rejected: 1, usage: 2 } as const;

/** A command's action: does its work and returns the exit code. */
export type CommandAction = () => Promise<number>;
/** Runs a command's action and records its exit code (main.ts's, so that commands need not import main.ts). */
export type Runner = (action: CommandAction) => Promise<void>;
