/**
 * The modelreg command line: declares the commands, runs one, and maps every
 * failure to a message and an exit code (0 ok, 1 rejected or not found, 2
 * usage or internal error). main.ts loads it when a run needs it.
 */
import { Command, CommanderError } from 'commander';
import { MODELREG_VERSION } from '../version.js';
import { EXIT, type Io, type Runner } from './io.js';
import { reportCommandFailure } from './report-failure.js';

type DefineCommand = (io: Io, run: Runner) => Command;

/**
 * Every command, in help order, loaded on demand: a run loads only the
 * command it runs (and what that command imports), so `resolve` does not pay
 * for the validation rules, the catalog or isomorphic-git.
 */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<DefineCommand>]> = [
  ['init', async () => (await import('./commands/init.js')).initCommand],
  ['register', async () => (await import('./commands/register.js')).registerCommand],
  ['promote', async () => (await import('./commands/promote.js')).promoteCommand],
  ['rollback', async () => (await import('./commands/rollback.js')).rollbackCommand],
  ['guard', async () => (await import('./commands/guard.js')).guardCommand],
  ['deprecate', async () => (await import('./commands/deprecate.js')).deprecateCommand],
  ['model', async () => (await import('./commands/model.js')).modelCommand],
  ['history', async () => (await import('./commands/history.js')).historyCommand],
  ['audit', async () => (await import('./commands/audit.js')).auditCommand],
  ['lineage', async () => (await import('./commands/lineage.js')).lineageCommand],
  ['compare', async () => (await import('./commands/compare.js')).compareCommand],
  ['docs', async () => (await import('./commands/docs.js')).docsCommand],
  ['catalog', async () => (await import('./commands/catalog.js')).catalogCommand],
  ['list', async () => (await import('./commands/list.js')).listCommand],
  ['show', async () => (await import('./commands/show.js')).showCommand],
  ['resolve', async () => (await import('./commands/resolve.js')).resolveCommand],
  ['pull', async () => (await import('./commands/pull.js')).pullCommand],
  ['validate', async () => (await import('./commands/validate.js')).validateCommand],
  ['verify', async () => (await import('./commands/verify.js')).verifyCommand],
  ['schema', async () => (await import('./commands/schema.js')).schemaCommand],
  ['github', async () => (await import('./commands/github.js')).githubCommand],
];

/** The command `argv` runs, none for --version, or all of them for help and mistakes (commander lists them). */
function commandsFor(argv: readonly string[]): Promise<DefineCommand[]> {
  // Commander answers --version before it looks at commands: loading all 21 took longer than the rest of the run.
  if (argv[0] === '--version' || argv[0] === '-V') return Promise.resolve([]);
  const named = COMMANDS.find(([name]) => name === argv[0]);
  return Promise.all((named ? [named] : COMMANDS).map(([, load]) => load()));
}

export async function runCommandLine(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const run: Runner = async (action) => {
    exitCode = await action();
  };
  const program = new Command('modelreg')
    .description('A GitOps model registry: model versions as YAML in git, promotions as pull requests.')
    .version(MODELREG_VERSION)
    // Without this, `register --version 1.2.0` would print modelreg's own version.
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  for (const define of await commandsFor(argv)) {
    const command = define(io, run);
    command
      .exitOverride()
      .configureOutput({ writeOut: io.out, writeErr: io.err })
      .showHelpAfterError('(run with --help for usage)');
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
  return reportCommandFailure(error, io);
}
