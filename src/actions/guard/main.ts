/**
 * The guard action (on a schedule, or on repository_dispatch from an
 * alerting system): the same evaluation as `modelreg guard`, and on a breach
 * the same emergency rollback pull request as `guard --rollback --pr`.
 */
import * as core from '@actions/core';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '../../domain/errors.js';
import { emergencyRollbackPullRequest } from '../../github/emergency-rollback.js';
import { GITHUB_TOKEN_WARNING, gitHubTargetOf, pushAndOpenPullRequest } from '../../github/pull-request-flow.js';
import { evaluateGuardrails, rollbackOnBreach } from '../../guard/guard.js';
import { renderVerdictLine } from '../../guard/guardrail-verdicts.js';
import type { MetricsSource } from '../../guard/metrics-source.js';
import { documentMetricsSource } from '../../guard/observation-document.js';
import { PrometheusMetricsSource } from '../../guard/prometheus-source.js';
import { checkedOutBranch } from '../../lifecycle/apply-change.js';
import type { ActionEnvironment } from '../action-environment.js';
import { setOutputs, writeSummary } from '../job-report.js';
import { runAction, type ActionContext, type ActionOutcome } from '../run-action.js';

export function runGuardAction(): Promise<void> {
  return runAction(guard, { outputsWhenStopped: { verdict: 'error', breaches: '[]' } });
}

async function guard({ env, registry, token }: ActionContext): Promise<ActionOutcome> {
  const model = env.input('model');
  if (!model) throw new UserError('ACTION_INPUT', 'the model input is required', 'Set "model" in the with: block.');
  const reference = `${model}@${env.input('stage') || 'production'}`;
  const rollback = env.input('rollback') !== 'false';
  if (rollback && !token)
    throw new UserError(
      'NO_GITHUB_TOKEN',
      'rolling back on a breach needs the github-token input',
      `${GITHUB_TOKEN_WARNING} Or set rollback: 'false' to only judge.`,
    );
  const now = new Date();
  const source = await metricsSource(env, now);
  const target = rollback
    ? await gitHubTargetOf(registry, {
        token,
        repository: `${env.repository.owner}/${env.repository.repo}`,
        apiUrl: env.apiUrl,
      })
    : undefined;
  const view = rollback ? (await checkedOutBranch(registry)).view : await registry.at();
  const result = await evaluateGuardrails(view, { reference, source, now });
  const lines = result.verdicts.map(renderVerdictLine);
  for (const line of lines) core.info(line);
  setOutputs({
    verdict: result.breaches.length > 0 ? 'breach' : 'pass',
    breaches: JSON.stringify(result.breaches.map((b) => b.evidence)),
  });
  const report = `## modelreg guard: ${reference} (${result.model}@${result.version})\n\n\`\`\`\n${lines.join('\n')}\n\`\`\`\n`;
  if (result.breaches.length === 0) {
    await writeSummary(report);
    return undefined;
  }
  if (!target) {
    await writeSummary(report);
    return { failure: `${result.breaches.length} guardrail(s) of ${reference} breached; rollback is off` };
  }
  // The runner's checkout has no git identity; commits are made as the workflow's actor.
  const actor = process.env.GITHUB_ACTOR || 'github-actions[bot]';
  process.env.GIT_AUTHOR_NAME ??= actor;
  process.env.GIT_AUTHOR_EMAIL ??= `${actor}@users.noreply.github.com`;
  const note = env.input('message') || undefined;
  const branch = env.input('branch') || undefined;
  const change = await rollbackOnBreach(registry, result, {
    ...(branch ? { target: { kind: 'branch', name: branch } } : {}),
    note,
    now,
  });
  const content = await emergencyRollbackPullRequest(registry, change, result.breaches, note);
  const pr = await pushAndOpenPullRequest(registry, change.applied, content, target);
  setOutputs({ 'pull-request-url': pr.url, 'pull-request-number': String(pr.number), branch: change.applied.branch });
  await writeSummary(`${report}\nOpened ${pr.url} from \`${change.applied.branch}\`.\n\n${content.body}`);
  return { failure: `${result.breaches.length} guardrail(s) of ${reference} breached: opened ${pr.url}` };
}

/** Exactly one of prometheus-url, observations (a file) and observations-json (the document itself). */
async function metricsSource(env: ActionEnvironment, now: Date): Promise<MetricsSource> {
  const given = (['prometheus-url', 'observations', 'observations-json'] as const).filter((name) => env.input(name));
  if (given.length !== 1) {
    throw new UserError(
      'ACTION_INPUT',
      given.length === 0
        ? 'guard needs observations: prometheus-url, observations or observations-json'
        : `${given.join(' and ')} contradict each other`,
      'Set one of them in the with: block.',
    );
  }
  const [name] = given as [(typeof given)[number]];
  if (name === 'prometheus-url') return new PrometheusMetricsSource(env.input(name));
  if (name === 'observations-json') return documentMetricsSource(env.input(name), 'observations-json input', now);
  const file = resolve(env.workspace, env.input(name));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError(
      'GUARD_INPUT_INVALID',
      `cannot read the observations file ${env.input(name)}: ${(error as Error).message}`,
      'Give the path of a JSON document of observed metrics, relative to the workspace.',
    );
  }
  return documentMetricsSource(text, env.input(name), now);
}
