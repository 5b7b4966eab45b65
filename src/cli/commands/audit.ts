/** modelreg audit: the compliance report of governed stage changes. */
import { Command } from 'commander';
import { describeGuardrailEvidence } from '../../domain/commit-trailers.js';
import { parseDateBound } from '../../domain/dates.js';
import { auditRows, renderAuditMarkdown, type AuditInput } from '../../history/audit-report.js';
import { readHistory } from '../../history/read-history.js';
import { recordedEmergency, type RecordedEmergency } from '../../history/release-notes.js';
import { registryDisplayName } from '../../registry/registry-display-name.js';
import type { ModelEntry } from '../../contract/model-schema.js';
import { EXIT, type Io, type Runner } from '../io.js';
import { renderCsv } from '../render/csv.js';
import { addRegistryOption, choice, openRegistryFrom, viewAt, type RegistryOption } from '../options.js';

interface AuditOptions extends RegistryOption {
  readonly since?: string;
  readonly until?: string;
  readonly ref: string;
  readonly format: 'md' | 'csv' | 'json';
}

export function auditCommand(io: Io, run: Runner): Command {
  return addRegistryOption(
    new Command('audit')
      .description(
        'the compliance report: every change of an exclusive or gated stage, who authored it, which PR, when it took effect',
      )
      .option('--since <date>', 'changes that took effect on or after this date')
      .option('--until <date>', 'changes that took effect on or before this date')
      .option('--ref <ref>', 'the branch to audit', 'HEAD')
      .addOption(choice('--format <format>', 'output format', ['md', 'csv', 'json'] as const, 'md')),
  ).action((options: AuditOptions) =>
    run(async () => {
      const registry = await openRegistryFrom(options, io);
      const view = await viewAt(registry, options.ref, '--ref');
      const policy = await view.policy();
      const since = options.since !== undefined ? parseDateBound(options.since, '--since', false) : undefined;
      const until = options.until !== undefined ? parseDateBound(options.until, '--until', true) : undefined;
      const events = await readHistory(registry, view.commit!, policy, { since, until }, await registry.historyCache());
      const models = new Map<string, ModelEntry>();
      for (const name of await view.modelNames()) {
        const file = await view.snapshot.modelFile(name);
        if (file?.value) models.set(name, file.value);
      }
      // A trailer is only a claim: the release note the push check wrote says whether it let the push through.
      const emergencies = new Map<string, RecordedEmergency>();
      for (const commit of new Set(events.filter((e) => e.emergency !== null).map((e) => e.commit))) {
        const recorded = await recordedEmergency(registry.git, commit);
        if (recorded) emergencies.set(commit, recorded);
      }
      const input: AuditInput = {
        registryName: registryDisplayName(policy, registry.git.dir),
        branch: options.ref === 'HEAD' ? ((await registry.git.currentBranch()) ?? 'HEAD') : options.ref,
        commit: view.commit!,
        generated: io.now(),
        since,
        until,
        policy,
        models,
        events,
        emergencies,
      };
      if (options.format === 'md') io.out(renderAuditMarkdown(input));
      else if (options.format === 'json') io.out(`${JSON.stringify(auditRows(input), null, 2)}\n`);
      else
        io.out(
          renderCsv(
            [
              'model',
              'version',
              'type',
              'from',
              'to',
              'effective',
              'authored',
              'author',
              'pr',
              'commit',
              'landedBy',
              'emergency',
              'guardrail',
            ],
            auditRows(input).map((r) => ({
              ...r,
              emergency: r.emergency ? `${r.emergency.reason} (${r.emergency.by ?? 'no release record'})` : '',
              guardrail: r.guardrail ? r.guardrail.map((e) => describeGuardrailEvidence(e)).join('; ') : '',
            })),
          ),
        );
      return EXIT.ok;
    }),
  );
}
