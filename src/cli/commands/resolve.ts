/** modelreg resolve <model>@<stage|version>: what a deploy job calls. */
import { Command, Option } from 'commander';
import { resolve as resolvePath } from 'node:path';
import { UserError } from '../../domain/errors.js';
import type { Resolution } from '../../registry/registry-view.js';
import type { Io, Runner } from '../io.js';
import { printResolution } from '../render/resolution.js';
import { addRegistryOption, atOption, openRegistryFrom, viewAt, type RegistryOption } from '../options.js';

interface ResolveOptions extends RegistryOption {
  readonly json?: boolean;
  readonly at?: string;
  readonly fromUrl?: string;
  readonly cacheDir?: string;
  readonly pick?: string;
}

export function resolveCommand(io: Io, run: Runner): Command {
  const command = addRegistryOption(
    new Command('resolve')
      .description(
        'resolve <model>@<stage> or <model>@<version> to a version and its artifacts (exit 1 when nothing holds the stage)',
      )
      .argument('<reference>', 'e.g. fraud-detection@production or fraud-detection@1.2.0')
      .addOption(atOption())
      .option(
        '--json',
        'print {"model","version","stage","artifacts":{role:{uri,digest,size}}}; for a split stage also "weight" and "holders":[{version,weight}]',
      )
      .option(
        '--pick <key>',
        'for a split stage: the holder this key (e.g. a user id) is routed to, by sha256 of the key and the weights',
      )
      .option(
        '--from-url <url>',
        'read the read API `catalog build` publishes (e.g. https://acme.github.io/registry/) instead of a clone; it lags the merge by the site deploy',
      )
      .addOption(
        new Option(
          '--cache-dir <dir>',
          'with --from-url: keep documents and ETags here (default: the user cache directory, modelreg/read-api; safe to delete)',
        ),
      ),
  );
  return command.action((reference: string, options: ResolveOptions) =>
    run(async () => {
      const resolved =
        options.fromUrl !== undefined
          ? await resolveFromUrl(command, reference, options, io)
          : await resolveFromGit(reference, options, io);
      return printResolution(resolved, options, io);
    }),
  );
}

async function resolveFromGit(reference: string, options: ResolveOptions, io: Io): Promise<Resolution> {
  if (options.cacheDir !== undefined)
    throw new UserError(
      'USAGE',
      '--cache-dir is for --from-url',
      'Reading from git uses no download cache; drop --cache-dir.',
    );
  const view = await viewAt(await openRegistryFrom(options, io), options.at);
  return view.resolve(reference, options.pick !== undefined ? { pick: options.pick } : {});
}

/** The read API is one commit of one registry: --registry and --at would be silently ignored, so they are refused. */
async function resolveFromUrl(
  command: Command,
  reference: string,
  options: ResolveOptions,
  io: Io,
): Promise<Resolution> {
  for (const [flag, name] of [
    ['--registry', 'registry'],
    ['--at', 'at'],
  ] as const) {
    if (command.getOptionValueSource(name) === 'cli') {
      throw new UserError(
        'USAGE',
        `--from-url cannot be combined with ${flag}`,
        'The read API answers for the commit it was built from; resolve from a clone (without --from-url) to choose the registry or the commit.',
      );
    }
  }
  const { RemoteRegistry } = await import('../../registry/remote-registry.js');
  const registry = RemoteRegistry.open({
    url: options.fromUrl!,
    cacheDir: options.cacheDir === undefined ? undefined : resolvePath(io.cwd, options.cacheDir),
  });
  return registry.resolve(reference, options.pick !== undefined ? { pick: options.pick } : {});
}
