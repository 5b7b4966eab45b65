/** modelreg history [model]: every change to the registry, from git. */
import { Command } from 'commander';
import { readHistory } from '../../history/read-history.js';
import { parseDateBound } from '../../dates.js';
import { EXIT, type Io } from '../io.js';
import type { Runner } from '../main.js';
import { addRegistryOption, choice, openRegistryFrom, type RegistryOption } from '../options.js';
import { renderHistory, type HistoryFormat } from '../render/history.js';
import { UserError } from '../../errors.js';
import { isValidModelName } from '../../snapshot/layout.js';

interface HistoryOptions extends RegistryOption {
  readonly stage?: string;
  readonly since?: string;
  readonly until?: string;
  readonly ref: string;
  readonly format: HistoryFormat;
}

export function historyCommand(io: Io, run: Runner): Command {
  return addRegistryOption(
    new Command('history')
      .description('every registration, stage change, rollback, deprecation and metadata change, newest first')
      .argument('[model]', 'only this model')
      .option('--stage <stage>', 'only changes into or out of this stage')
      .option('--since <date>', 'only changes that landed on or after this date')
      .option('--until <date>', 'only changes that landed on or before this date')
      .option('--ref <ref>', 'the branch whose history to read', 'HEAD')
      .addOption(choice('--format <format>', 'output format', ['table', 'json', 'csv', 'md'] as const, 'table')),
  ).action((model: string | undefined, options: HistoryOptions) =>
    run(async () => {
      if (model !== undefined && !isValidModelName(model)) {
        throw new UserError('INVALID_MODEL_NAME', `"${model}" is not a valid model name`, 'Model names are lowercase letters, digits, ".", "_", "-".');
      }
      const registry = await openRegistryFrom(options, io);
      const view = await registry.at(options.ref);
      const policy = await view.policy();
      if (options.stage !== undefined && !policy.stages.has(options.stage)) {
        throw new UserError('UNKNOWN_STAGE', `stage "${options.stage}" is not declared in registry.yaml`, `Stages of this registry: ${[...policy.stages.keys()].join(', ')}.`);
      }
      if (model !== undefined && !(await view.snapshot.hasModel(model))) {
        throw new UserError('MODEL_NOT_FOUND', `model "${model}" does not exist in ${view.label}`, 'Run `modelreg list` to see the registered models.', 1);
      }
      const events = await readHistory(
        registry.git,
        view.commit!,
        policy,
        {
          model,
          stage: options.stage,
          since: options.since !== undefined ? parseDateBound(options.since, '--since', false) : undefined,
          until: options.until !== undefined ? parseDateBound(options.until, '--until', true) : undefined,
        },
        registry.native,
      );
      io.out(renderHistory(events, options.format));
      return EXIT.ok;
    }),
  );
}
