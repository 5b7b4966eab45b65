/** modelreg history [model]: every change to the registry, from git. */
import { Command } from 'commander';
import { readHistory } from '../../history/read-history.js';
import { parseDateBound } from '../../domain/dates.js';
import { EXIT, type Io, type Runner } from '../io.js';
import { addRegistryOption, choice, openRegistryFrom, viewAt, type RegistryOption } from '../options.js';
import { renderHistory, type HistoryFormat } from '../render/history.js';

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
      .option(
        '--ref <ref>',
        'the branch whose history to read (or a commit, or a date: the branch as it was then)',
        'HEAD',
      )
      .addOption(choice('--format <format>', 'output format', ['table', 'json', 'csv', 'md'] as const, 'table')),
  ).action((model: string | undefined, options: HistoryOptions) =>
    run(async () => {
      const registry = await openRegistryFrom(options, io);
      const view = await viewAt(registry, options.ref, '--ref');
      const policy = options.stage !== undefined ? await view.requireStage(options.stage) : await view.policy();
      if (model !== undefined) await view.requireModel(model);
      const events = await readHistory(
        registry,
        view.commit!,
        policy,
        {
          model,
          stage: options.stage,
          since: options.since !== undefined ? parseDateBound(options.since, '--since', false) : undefined,
          until: options.until !== undefined ? parseDateBound(options.until, '--until', true) : undefined,
        },
        // With a model: checked above, which lets the next run at this head answer from the cache alone (cached-history.ts).
        await registry.historyCache({ modelChecked: model !== undefined }),
      );
      io.out(renderHistory(events, options.format));
      return events.length === 0 ? EXIT.rejected : EXIT.ok;
    }),
  );
}
