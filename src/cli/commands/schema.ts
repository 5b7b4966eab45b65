/** modelreg schema [--out DIR]: the JSON Schemas editors use, generated from the validator's own schemas. */
import { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { generateJsonSchemas } from '../../contract/json-schemas.js';
import { EXIT, type Io } from '../io.js';
import type { Runner } from '../main.js';
import { choice } from '../options.js';

interface SchemaOptions {
  readonly out?: string;
  readonly kind?: 'registry' | 'model' | 'version';
}

export function schemaCommand(io: Io, run: Runner): Command {
  return new Command('schema')
    .description('print or write the JSON Schemas of registry.yaml, model.yaml and version files')
    .option('--out <dir>', 'write registry.schema.json, model.schema.json and version.schema.json into this directory')
    .addOption(choice('--kind <kind>', 'print only this schema', ['registry', 'model', 'version'] as const))
    .option('--registry <dir>', 'accepted for symmetry with other commands; schemas do not depend on the registry')
    .action((options: SchemaOptions) =>
      run(async () => {
        const schemas = generateJsonSchemas();
        if (options.out !== undefined) {
          const dir = resolve(io.cwd, options.out);
          await mkdir(dir, { recursive: true });
          for (const [name, text] of schemas) {
            await writeFile(join(dir, name), text);
            io.out(`wrote ${join(dir, name)}\n`);
          }
          return EXIT.ok;
        }
        if (options.kind !== undefined) {
          io.out(schemas.get(`${options.kind}.schema.json`)!);
          return EXIT.ok;
        }
        const all = Object.fromEntries([...schemas].map(([name, text]) => [name, JSON.parse(text) as unknown]));
        io.out(`${JSON.stringify(all, null, 2)}\n`);
        return EXIT.ok;
      }),
    );
}
