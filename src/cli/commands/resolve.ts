/** modelreg resolve <model>@<stage|version>: what a deploy job calls. */
import { Command } from 'commander';
import { countOf } from '../../plural.js';
import { EXIT, type Io } from '../io.js';
import type { Runner } from '../main.js';
import { addRegistryOption, atOption, openRegistryFrom, viewAt, type RegistryOption } from '../options.js';

interface ResolveOptions extends RegistryOption {
  readonly json?: boolean;
  readonly at?: string;
}

export function resolveCommand(io: Io, run: Runner): Command {
  return addRegistryOption(
    new Command('resolve')
      .description('resolve <model>@<stage> or <model>@<version> to a version and its artifacts (exit 1 when nothing holds the stage)')
      .argument('<reference>', 'e.g. fraud-detection@production or fraud-detection@1.2.0')
      .addOption(atOption())
      .option('--json', 'print {"model","version","stage","artifacts":{role:{uri,digest,size}}}'),
  ).action((reference: string, options: ResolveOptions) =>
    run(async () => {
      const view = await viewAt(await openRegistryFrom(options, io), options.at);
      const resolved = await view.resolve(reference);
      if (resolved.otherHolders.length > 0) {
        io.err(
          `note: ${resolved.stage} is not exclusive and also held by ${resolved.otherHolders.join(', ')}; ` +
            `resolved to the highest version, ${resolved.version}\n`,
        );
      }
      if (options.json) {
        const { model, version, stage, artifacts } = resolved;
        io.out(`${JSON.stringify({ model, version, stage, artifacts }, null, 2)}\n`);
        return EXIT.ok;
      }
      io.out(`${resolved.model}@${resolved.version} (${resolved.stage})\n`);
      for (const [role, artifact] of Object.entries(resolved.artifacts)) {
        const size = artifact.size !== undefined ? `  ${countOf(artifact.size, 'byte')}` : '';
        io.out(`  ${role}: ${artifact.uri}\n    ${artifact.digest}${size}\n`);
      }
      return EXIT.ok;
    }),
  );
}
