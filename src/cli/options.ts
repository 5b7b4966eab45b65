/** Options and argument parsers shared by several commands. */
import { Option, type Command } from 'commander';
import { UserError } from '../domain/errors.js';
import { Registry } from '../registry/registry.js';
import type { Io } from './io.js';
import { AT_FORMS } from './view-at.js';

export { viewAt } from './view-at.js';
import { resolve } from 'node:path';

export interface RegistryOption {
  readonly registry?: string;
}

export function addRegistryOption(command: Command): Command {
  return command.option(
    '--registry <dir>',
    'the directory holding registry.yaml, at the top of a git repository or inside one (default: the nearest one at or above the current directory)',
  );
}

/** --at: read the registry as committed at a ref or a date (every read command takes it the same way). */
export function atOption(description = 'read the registry as committed at'): Option {
  return new Option('--at <ref>', `${description} ${AT_FORMS}`).default('HEAD');
}

/** --registry is exactly where the registry is; without it, the nearest registry.yaml at or above the current directory. */
export async function openRegistryFrom(options: RegistryOption, io: Io): Promise<Registry> {
  return options.registry !== undefined ? Registry.open(resolve(io.cwd, options.registry)) : Registry.discover(io.cwd);
}

/** For commands that commit or write files: the working tree must hold the registry before anything else is looked at. */
export async function openRegistryToWrite(options: RegistryOption, io: Io): Promise<Registry> {
  const registry = await openRegistryFrom(options, io);
  // A write stopped between moving the branch and updating the working tree is finished first (commit-writer.ts).
  const finished = await registry.git.finishInterruptedWrite();
  if (finished) io.err(`note: ${finished}\n`);
  await registry.requireInWorktree();
  return registry;
}

export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function choice<T extends string>(
  flags: string,
  description: string,
  choices: readonly T[],
  fallback?: T,
): Option {
  const option = new Option(flags, description).choices(choices);
  return fallback === undefined ? option : option.default(fallback);
}

/** `role=value` pairs as given to --artifact, --digest and --file. */
export function parseAssignments(values: readonly string[] | undefined, flag: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const value of values ?? []) {
    const eq = value.indexOf('=');
    if (eq <= 0 || eq === value.length - 1) {
      throw new UserError(
        'USAGE',
        `${flag} takes <role>=<value>, got "${value}"`,
        `e.g. ${flag} model=s3://bucket/model.onnx`,
      );
    }
    const role = value.slice(0, eq);
    if (result.has(role)) throw new UserError('USAGE', `${flag} names role "${role}" twice`, 'Give each role once.');
    result.set(role, value.slice(eq + 1));
  }
  return result;
}
