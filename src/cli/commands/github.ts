/** modelreg github setup | doctor: the GitHub repository settings a registry relies on. */
import { Command } from 'commander';
import { EXIT, type Io, type Runner } from '../io.js';
import { addRegistryOption, openRegistryFrom, type RegistryOption } from '../options.js';

interface GitHubOptions extends RegistryOption {
  readonly repo?: string;
  readonly token?: string;
  readonly githubApiUrl?: string;
  readonly check: string;
  readonly dryRun?: boolean;
}

function withTargetOptions(command: Command): Command {
  return addRegistryOption(
    command
      .option('--repo <owner/name>', 'the GitHub repository (default: from the origin URL)')
      .option('--token <token>', 'a GitHub token (default: GITHUB_TOKEN or GH_TOKEN)')
      .option(
        '--github-api-url <url>',
        'the GitHub API, e.g. https://github.example.com/api/v3 (default: from the origin host or GITHUB_API_URL)',
      )
      .option(
        '--check <name>',
        'the status check that must pass: the name GitHub shows for the validation job',
        'validate',
      ),
  );
}

export function githubCommand(io: Io, run: Runner): Command {
  const group = new Command('github').description(
    'the GitHub repository settings a registry relies on: branch rules, CODEOWNERS, Pages, the token secret',
  );
  group.addCommand(
    withTargetOptions(
      new Command('setup')
        .description(
          'make the repository ready: rules for the default branch, GitHub Pages from Actions; prints the CODEOWNERS to commit and what it could not do',
        )
        .option('--dry-run', 'print the exact API calls (method, path, body) without sending any'),
    ).action((options: GitHubOptions) => runWith(io, run, options, 'setup')),
  );
  group.addCommand(
    withTargetOptions(
      new Command('doctor').description(
        'check the same without changing anything: exit 1 and the list of gaps, 0 when ready',
      ),
    ).action((options: GitHubOptions) => runWith(io, run, options, 'doctor')),
  );
  return group;
}

function runWith(io: Io, run: Runner, options: GitHubOptions, what: 'setup' | 'doctor'): Promise<void> {
  return run(async () => {
    const registry = await openRegistryFrom(options, io);
    // Loaded on demand: Octokit is not needed by any other command.
    const flow = await import('../../github/repository-setup-flow.js');
    const result = await (what === 'setup' ? flow.setUpRepository : flow.doctorRepository)(registry, options);
    io.out(result.text);
    return result.ready ? EXIT.ok : EXIT.rejected;
  });
}
