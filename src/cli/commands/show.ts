/** modelreg show <model>|<model>@<version>|<model>@<stage>. */
import { Command } from 'commander';
import { stringify } from 'yaml';
import { modelJson, versionJson } from '../../registry/json-shapes.js';
import { parseModelRef } from '../../domain/model-ref.js';
import { EXIT, type Io, type Runner } from '../io.js';
import { addRegistryOption, atOption, openRegistryFrom, viewAt, type RegistryOption } from '../options.js';
import { renderTable } from '../render/table.js';

interface ShowOptions extends RegistryOption {
  readonly json?: boolean;
  readonly at?: string;
}

export function showCommand(io: Io, run: Runner): Command {
  return addRegistryOption(
    new Command('show')
      .description('show a model (owners, stage holders, versions) or one version in full')
      .argument('<reference>', 'a model, <model>@<version> or <model>@<stage>')
      .addOption(atOption())
      .option('--json', 'print JSON'),
  ).action((reference: string, options: ShowOptions) =>
    run(async () => {
      const ref = parseModelRef(reference, { model: true });
      const view = await viewAt(await openRegistryFrom(options, io), options.at);
      if (ref.kind === 'model') {
        const details = await view.model(ref.model);
        if (options.json) {
          io.out(`${JSON.stringify(modelJson(details), null, 2)}\n`);
          return EXIT.ok;
        }
        const { entry } = details;
        io.out(`${entry.name}${entry.description ? ` — ${entry.description}` : ''}\n`);
        io.out(`owners: ${entry.owners.join(', ')}\n`);
        if (entry.task) io.out(`task: ${entry.task}\n`);
        if (entry.tags?.length) io.out(`tags: ${entry.tags.join(', ')}\n`);
        const policy = await view.policy();
        io.out('stages:\n');
        const weights = new Map(details.versions.map((v) => [v.version, v.weight]));
        for (const [stage, { split }] of policy.stages) {
          // A split stage shows each holder's share; a sole holder without a weight line takes 100%.
          const holders = details.holders
            .get(stage)
            ?.map((v, _i, all) => (split ? `${v} (${weights.get(v) ?? (all.length === 1 ? 100 : '?')}%)` : v));
          io.out(`  ${stage}: ${holders?.join(', ') ?? '-'}\n`);
        }
        io.out('\n');
        io.out(
          renderTable(
            ['VERSION', 'STAGE', 'CREATED', 'METRICS'],
            details.versions.map((v) => [
              v.version,
              v.stage + (v.weight !== undefined ? ` ${v.weight}%` : '') + (v.deprecated ? ' (deprecated)' : ''),
              v.created,
              Object.entries(v.metrics)
                .map(([k, n]) => `${k}=${n}`)
                .join(' '),
            ]),
          ),
        );
        return EXIT.ok;
      }
      const version = ref.kind === 'version' ? ref.version : (await view.resolve(ref)).version;
      const entry = await view.version(ref.model, version);
      if (options.json) {
        io.out(`${JSON.stringify(versionJson(ref.model, entry), null, 2)}\n`);
        return EXIT.ok;
      }
      io.out(`# ${ref.model}@${version}\n${stringify(entry, { lineWidth: 0 })}`);
      return EXIT.ok;
    }),
  );
}
