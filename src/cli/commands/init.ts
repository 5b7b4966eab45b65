/** modelreg init [dir]: a new registry from the template, committed. */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { initRegistry } from '../../registry/init-registry.js';
import type { Io } from '../io.js';
import { EXIT } from '../io.js';
import type { Runner } from '../main.js';

export function initCommand(io: Io, run: Runner): Command {
  return new Command('init')
    .description('create a new registry (a git repository with registry.yaml, schemas and docs) from the template')
    .argument('[dir]', 'where to create it', '.')
    .action((dir: string) =>
      run(async () => {
        const result = await initRegistry(resolve(io.cwd, dir), { now: io.now() });
        io.out(`Created a registry in ${result.dir} (commit ${result.commit.slice(0, 7)}):\n`);
        for (const file of result.files) io.out(`  ${file}\n`);
        io.out(`Next: modelreg register <model> --version 1.0.0 --owner <you> --artifact model=<uri> --file model=<path>\n`);
        return EXIT.ok;
      }),
    );
}
