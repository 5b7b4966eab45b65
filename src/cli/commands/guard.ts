/** modelreg guard <model>@<stage>: judge live metrics against the stage's guardrails; on a breach, optionally roll back. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { UserError } from '../../domain/errors.js';
import { checkedOutBranch } from '../../lifecycle/apply-change.js';
import { evaluateGuardrails, rollbackOnBreach } from '../../guard/guard.js';
import { renderVerdictLine } from '../../guard/guardrail-verdicts.js';
import type { MetricsSource } from '../../guard/metrics-source.js';
import { documentMetricsSource } from '../../guard/observation-document.js';
import { PrometheusMetricsSource } from '../../guard/prometheus-source.js';
import {
  addCommitTargetOptions,
  commitTargetFrom,
  gitHubTargetIfAsked,
  openPullRequestIfAsked,
  reportApplied,
  type CommitTargetOptions,
} from '../commit-target.js';
import { EXIT, type Io, type Runner } from '../io.js';
import { addRegistryOption, openRegistryFrom, openRegistryToWrite, type RegistryOption } from '../options.js';

interface GuardOptions extends RegistryOption, CommitTargetOptions {
  readonly input?: string;
  readonly prometheus?: string;
  readonly rollback?: boolean;
  readonly message?: string;
}

export function guardCommand(io: Io, run: Runner): Command {
  return addRegistryOption(
    addCommitTargetOptions(
      new Command('guard')
        .description(
          "judge the live metrics of the version holding a stage against registry.yaml's guardrails; exits 1 on a breach",
        )
        .argument('<model@stage>', 'the stage to guard, e.g. fraud-detection@production')
        .option('--input <file>', 'observed metrics as a JSON document ("-" for standard input)')
        .option('--prometheus <url>', "observe through this Prometheus server's query API, with the declared queries")
        .option('--rollback', "on a breach, prepare the stage's rollback (as modelreg rollback) with the evidence")
        .option('-m, --message <text>', 'with --rollback: why, added to the commit message'),
    ),
  ).action((reference: string, options: GuardOptions) =>
    run(async () => {
      if ((options.input === undefined) === (options.prometheus === undefined)) {
        throw new UserError(
          'USAGE',
          options.input === undefined
            ? 'guard needs observations: --input <file> or --prometheus <url>'
            : '--input and --prometheus contradict each other',
          'Give one: --input metrics.json (or - for standard input), or --prometheus http://prometheus:9090.',
        );
      }
      const wantsChange = options.here || options.branch !== undefined || options.pr || options.message !== undefined;
      if (wantsChange && !options.rollback) {
        throw new UserError(
          'USAGE',
          '--here, --branch, --pr and --message shape the rollback: they need --rollback',
          'Add --rollback, or drop them to only judge the guardrails.',
        );
      }
      // Everything the rollback needs is checked before anything is observed or written.
      const target = commitTargetFrom(options);
      const registry = options.rollback ? await openRegistryToWrite(options, io) : await openRegistryFrom(options, io);
      const github = options.rollback ? await gitHubTargetIfAsked(registry, options) : undefined;
      const now = io.now();
      const source = await metricsSource(options, io, now);
      const view = options.rollback ? (await checkedOutBranch(registry)).view : await registry.at();
      const result = await evaluateGuardrails(view, { reference, source, now });
      io.out(
        result.restore !== undefined
          ? `${result.model}@${result.stage} is split: judging the canary ${result.model}@${result.version} (a breach gives ${result.stage} back to ${result.restore})\n`
          : `${result.model}@${result.stage} is ${result.model}@${result.version}\n`,
      );
      for (const verdict of result.verdicts) io.out(`${renderVerdictLine(verdict)}\n`);
      if (result.breaches.length === 0) return EXIT.ok;
      if (options.rollback) {
        const rolledBack = await rollbackOnBreach(registry, result, { target, note: options.message, now });
        io.out(`${rolledBack.plan.subject}\n`);
        for (const move of rolledBack.plan.moves)
          io.out(`  ${result.model}@${move.version}: ${move.from} → ${move.to}\n`);
        const { emergencyRollbackPullRequest } = await import('../../github/emergency-rollback.js');
        const url = await openPullRequestIfAsked(registry, github, rolledBack.applied, () =>
          emergencyRollbackPullRequest(registry, rolledBack, result.breaches, options.message),
        );
        reportApplied(io, rolledBack.applied, url);
      }
      return EXIT.rejected;
    }),
  );
}

async function metricsSource(options: GuardOptions, io: Io, now: Date): Promise<MetricsSource> {
  if (options.prometheus !== undefined) return new PrometheusMetricsSource(options.prometheus);
  const file = options.input!;
  let text: string;
  try {
    text = file === '-' ? await readStandardInput() : await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    throw new UserError(
      'GUARD_INPUT_INVALID',
      `cannot read ${file}: ${(error as Error).message}`,
      'Give the path of a JSON document of observed metrics, or - to read it from standard input.',
    );
  }
  return documentMetricsSource(text, file === '-' ? '-' : file, now);
}

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
