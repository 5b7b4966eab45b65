/**
 * modelreg schema [--out DIR]: the JSON Schemas editors use, generated from
 * the validator's own schemas. In a registry they are that registry's: its
 * stage names, artifact schemes and extensions (validate warns when the
 * committed copies fall behind registry.yaml).
 */
import { Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { generateJsonSchemas, type JsonSchemaOptions } from '../../contract/json-schemas.js';
import { UserError } from '../../domain/errors.js';
import { EXIT, type Io, type Runner } from '../io.js';
import { choice, openRegistryFrom } from '../options.js';

interface SchemaOptions {
  readonly out?: string;
  readonly kind?: 'registry' | 'model' | 'version';
  readonly registry?: string;
  readonly generic?: boolean;
}

export function schemaCommand(io: Io, run: Runner): Command {
  return new Command('schema')
    .description(
      'print or write the JSON Schemas of registry.yaml, model.yaml and version files (in a registry: for its stages, schemes and extensions)',
    )
    .option(
      '--out <dir>',
      'write registry.schema.json, model.schema.json and version.schema.json into this directory (in a registry: schemas)',
    )
    .addOption(choice('--kind <kind>', 'print only this schema', ['registry', 'model', 'version'] as const))
    .option(
      '--registry <dir>',
      'the registry whose registry.yaml the schemas follow (default: the nearest one at or above the current directory)',
    )
    .option('--generic', "schemas for any registry, ignoring this one's registry.yaml")
    .action((options: SchemaOptions) =>
      run(async () => {
        const out = options.out === undefined ? undefined : resolve(io.cwd, options.out);
        const schemas = generateJsonSchemas(options.generic ? {} : await registrySchemaOptions(options, io, out));
        if (out !== undefined) {
          await mkdir(out, { recursive: true });
          for (const [name, text] of schemas) {
            await writeFile(join(out, name), text);
            io.out(`wrote ${join(out, name)}\n`);
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

/** The working tree's registry.yaml, when there is a registry here; none outside one (unless --registry names it). */
async function registrySchemaOptions(
  options: SchemaOptions,
  io: Io,
  out: string | undefined,
): Promise<JsonSchemaOptions> {
  const registry = await openRegistryFrom(options, io).catch((error: unknown) => {
    if (options.registry !== undefined) throw error;
    return undefined;
  });
  if (!registry) return {};
  const policy = await registry.worktree().snapshot.policy();
  if (!policy.file) {
    if (options.registry !== undefined) await registry.requireInWorktree();
    return {};
  }
  if (!policy.valid) {
    const first = policy.file.findings.find((f) => f.severity === 'error');
    throw new UserError(
      'INVALID_POLICY',
      `${registry.pathInRepository(policy.file.path)} is invalid${first ? `: ${first.line}:${first.column}: ${first.message}` : ''}, so its schemas cannot be generated`,
      'Fix it first (modelreg validate lists every problem), or pass --generic for schemas of no registry in particular.',
    );
  }
  const root = out === undefined ? '..' : relative(out, registry.dir).split(sep).join('/') || '.';
  return { policy: policy.policy, registryRoot: root };
}
