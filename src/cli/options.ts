/** Options and argument parsers shared by several commands. */
import { Option, type Command } from 'commander';
import { isUserError, UserError } from '../domain/errors.js';
import { Registry } from '../registry/registry.js';
import type { RegistryView } from '../registry/registry-view.js';
import type { Io } from './io.js';
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

/** What --at (and --ref) take, for its help and for the hint of a name that is none of them. */
const AT_FORMS =
  'a branch, tag or commit id (~N and ^N suffixes work), a date (2026-01-15: the branch as it was at the end of that day, UTC) or an ISO date-time (2026-01-15T12:00:00Z, 2026-01-15T14:00+02:00)';

/** --at: read the registry as committed at a ref or a date (every read command takes it the same way). */
export function atOption(description = 'read the registry as committed at'): Option {
  return new Option('--at <ref>', `${description} ${AT_FORMS}`).default('HEAD');
}

/**
 * The registry at the commit `flag` names. A name that is no commit and no
 * date (\`--at yesterday\`, \`--at 2026-01\`) is told every form the flag takes.
 */
export async function viewAt(registry: Registry, ref: string | undefined, flag = '--at'): Promise<RegistryView> {
  try {
    return await registry.at(ref);
  } catch (error) {
    if (
      isUserError(error) &&
      (error.code === 'REF_NOT_FOUND' || error.code === 'NOT_A_COMMIT' || error.code === 'USAGE')
    ) {
      const message = error.message.startsWith(flag) ? error.message : `${flag}: ${error.message}`;
      throw new UserError(error.code, message, `${flag} takes ${AT_FORMS}.`);
    }
    throw error;
  }
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
