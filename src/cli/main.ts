/**
 * The modelreg command line: declares the commands, runs one, and maps every
 * failure to a message and an exit code (0 ok, 1 rejected or not found, 2
 * usage or internal error).
 */
import { Command, CommanderError } from 'commander';
import { ContractViolation, isUserError } from '../errors.js';
import { initCommand } from './commands/init.js';
import { listCommand } from './commands/list.js';
import { promoteCommand } from './commands/promote.js';
import { rollbackCommand } from './commands/rollback.js';
import { deprecateCommand } from './commands/deprecate.js';
import { historyCommand } from './commands/history.js';
import { auditCommand } from './commands/audit.js';
import { lineageCommand } from './commands/lineage.js';
import { compareCommand } from './commands/compare.js';
import { docsCommand } from './commands/docs.js';
import { catalogCommand } from './commands/catalog.js';
import { registerCommand } from './commands/register.js';
import { resolveCommand } from './commands/resolve.js';
import { schemaCommand } from './commands/schema.js';
import { showCommand } from './commands/show.js';
import { validateCommand } from './commands/validate.js';
import { EXIT, processIo, type Io } from './io.js';
import { renderFindings, summaryLine } from './render/findings.js';

/** A command's action: does its work and returns the exit code. */
export type CommandAction = () => Promise<number>;
/** Runs a command's action and records its exit code. */
export type Runner = (action: CommandAction) => Promise<void>;

const COMMANDS = [
  initCommand,
  registerCommand,
  promoteCommand,
  rollbackCommand,
  deprecateCommand,
  historyCommand,
  auditCommand,
  lineageCommand,
  compareCommand,
  docsCommand,
  catalogCommand,
  listCommand,
  showCommand,
  resolveCommand,
  validateCommand,
  schemaCommand,
];

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const run: Runner = async (action) => {
    exitCode = await action();
  };
  const program = new Command('modelreg')
    .description('A GitOps model registry: model versions as YAML in git, promotions as pull requests.')
    .version(PACKAGE_VERSION)
    // Without this, `register --version 1.2.0` would print modelreg's own version.
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  for (const define of COMMANDS) {
    const command = define(io, run);
    command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err }).showHelpAfterError('(run with --help for usage)');
    program.addCommand(command);
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportFailure(error, io);
  }
}

function reportFailure(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    // Commander already printed the message (or the help / version text).
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version'
      ? EXIT.ok
      : EXIT.usage;
  }
  if (error instanceof ContractViolation) {
    io.err(renderFindings(error.findings, 'text', false));
    io.err(summaryLine(error.findings));
    io.err(`error: ${error.message}\n`);
    return error.exitCode;
  }
  if (isUserError(error)) {
    io.err(`error: ${error.message}\n`);
    if (error.hint) io.err(`hint: ${error.hint}\n`);
    return error.exitCode;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.err(`internal error: ${detail}\nThis is a bug in modelreg; please report it with the command you ran and this output.\n`);
  return EXIT.usage;
}

const PACKAGE_VERSION = '0.1.0';
