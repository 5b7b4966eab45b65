/** modelreg init [dir]: a new registry from the template, committed (into the enclosing repository when there is one). */
import { Command } from 'commander';
import { relative, resolve } from 'node:path';
import { UserError } from '../../domain/errors.js';
import { initRegistry } from '../../registry/init-registry.js';
import type { Io, Runner } from '../io.js';
import { EXIT } from '../io.js';
import { addRegistryOption, type RegistryOption } from '../options.js';

export function initCommand(io: Io, run: Runner): Command {
  return addRegistryOption(
    new Command('init')
      .description(
        'create a new registry (registry.yaml, schemas, docs, workflows) from the template and commit it; inside a git repository, in that repository',
      )
      .argument('[dir]', 'where to create it (the same as --registry)'),
  ).action((dirArgument: string | undefined, options: RegistryOption) =>
    run(async () => {
      if (
        dirArgument !== undefined &&
        options.registry !== undefined &&
        resolve(io.cwd, dirArgument) !== resolve(io.cwd, options.registry)
      ) {
        throw new UserError(
          'USAGE',
          `init got two places: ${dirArgument} and --registry ${options.registry}`,
          'Give the directory once, as the argument or as --registry.',
        );
      }
      const result = await initRegistry(resolve(io.cwd, dirArgument ?? options.registry ?? '.'), { now: io.now() });
      const root = relative(result.repository, result.dir);
      io.out(
        root === ''
          ? `Created a registry in ${result.dir} (commit ${result.commit.slice(0, 7)}):\n`
          : `Created a registry in ${result.dir}, directory ${root} of the repository ${result.repository} (commit ${result.commit.slice(0, 7)}):\n`,
      );
      for (const file of result.files) io.out(`  ${file}\n`);
      for (const file of result.skipped)
        io.out(
          `  left alone: ${file} (the repository has its own; merge in modelreg's, with registry-path: ${root})\n`,
        );
      const fromHere = relative(io.cwd, result.dir);
      const registryFlag = fromHere === '' ? '' : ` --registry ${fromHere}`;
      io.out(
        `Next: modelreg register <model>${registryFlag} --version 1.0.0 --owner <you> --artifact model=<uri> --file model=<path>\n`,
      );
      return EXIT.ok;
    }),
  );
}
