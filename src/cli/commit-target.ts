/** --here / --branch, shared by the commands that change stages, and how their result is told. */
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import type { AppliedChange, CommitTarget } from '../lifecycle/apply-change.js';
import type { Io } from './io.js';

export interface CommitTargetOptions {
  readonly here?: boolean;
  readonly branch?: string;
}

export function addCommitTargetOptions(command: Command): Command {
  return command
    .option('--here', 'commit on the current branch (a registry used without pull requests)')
    .option('--branch <name>', 'the new branch to commit on (default: named after the change)');
}

export function commitTargetFrom(options: CommitTargetOptions): CommitTarget | undefined {
  if (options.here && options.branch !== undefined) {
    throw new UserError('USAGE', '--here and --branch contradict each other', 'Use --here to commit on the current branch, or --branch NAME for a new branch.');
  }
  if (options.here) return { kind: 'here' };
  if (options.branch !== undefined) return { kind: 'branch', name: options.branch };
  return undefined;
}

export function reportApplied(io: Io, applied: AppliedChange): void {
  io.out(`committed ${applied.commit.slice(0, 7)} on ${applied.branch}\n`);
  if (applied.branch !== applied.baseBranch) {
    io.out(
      `next steps:\n` +
        `  git push -u origin ${applied.branch}\n` +
        `  open a pull request from ${applied.branch} into ${applied.baseBranch}; merging it makes the change\n`,
    );
  }
}
