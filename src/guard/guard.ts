/**
 * `guard <model>@<stage>`: observe the stage's guardrail metrics for the
 * version holding it, judge them, and on a breach prepare the rollback of
 * the stage with the evidence in its commit message. The policy and the
 * serving version are read from the checked-out branch's commit.
 */
import type { Guardrail } from '../contract/guardrail-policy.js';
import { ownValue } from '../contract/own-key.js';
import { UserError } from '../domain/errors.js';
import { parseModelRef } from '../domain/model-ref.js';
import { modelDir } from '../domain/layout.js';
import { withGuardrailTrailers, type GuardrailEvidence } from '../domain/commit-trailers.js';
import type { SplitHolder } from '../domain/split-weights.js';
import type { RegistryView } from '../registry/registry-view.js';
import type { Registry } from '../registry/registry.js';
import type { CommitTarget } from '../lifecycle/apply-change.js';
import { rollback } from '../lifecycle/rollback.js';
import type { LifecycleResult } from '../lifecycle/promote.js';
import { guardrailVerdicts, type GuardrailVerdict } from './guardrail-verdicts.js';
import type { MetricRequest, MetricsSource } from './metrics-source.js';

export interface GuardRequest {
  /** `model@stage`. */
  readonly reference: string;
  readonly source: MetricsSource;
  readonly now: Date;
}

export interface GuardResult {
  readonly model: string;
  readonly stage: string;
  readonly version: string;
  /** The commit whose policy and holder were judged. */
  readonly commit: string | undefined;
  readonly verdicts: readonly GuardrailVerdict[];
  readonly breaches: readonly GuardrailVerdict[];
  /**
   * In a split stage during a canary: the holder with the most weight among the others, to whom a rollback gives
   * the stage back whole (the canary out entirely, not one ramp step back).
   */
  readonly restore?: string;
}

export async function evaluateGuardrails(view: RegistryView, request: GuardRequest): Promise<GuardResult> {
  const ref = parseModelRef(request.reference);
  if (ref.kind !== 'stage') {
    throw new UserError(
      'INVALID_REFERENCE',
      `guard needs <model>@<stage>, got "${request.reference}"`,
      'Guardrails watch whichever version holds a stage: e.g. modelreg guard fraud-detection@production.',
    );
  }
  const policy = await view.requireStage(ref.stage);
  const guardrails = policy.guardrails.get(ref.stage) ?? [];
  if (guardrails.length === 0) {
    throw new UserError(
      'GUARD_NO_GUARDRAILS',
      `registry.yaml declares no guardrails for ${ref.stage}`,
      `Declare them under guardrails.${ref.stage} (docs/lifecycle.md#guardrails); stages with guardrails: ${[...policy.guardrails.keys()].join(', ') || 'none'}.`,
    );
  }
  const resolved = await view.resolve(ref);
  const { judged, restore } = judgedHolder(resolved.version, resolved.split);
  const [model, entry] = await Promise.all([view.model(ref.model), view.version(ref.model, judged)]);
  const requests = guardrails.map((g) =>
    metricRequest(g, ownValue(model.entry.guardrails?.queries ?? {}, g.metric), ref.model, judged),
  );
  const observed = await request.source.observe(requests, request.now);
  const goals = new Map(Object.entries(model.entry.metrics ?? {}).map(([name, m]) => [name, m.goal] as const));
  const verdicts = guardrailVerdicts(
    guardrails,
    { model: ref.model, version: judged, registered: entry.metrics ?? {}, goals, now: request.now },
    observed,
  );
  return {
    model: ref.model,
    stage: ref.stage,
    version: judged,
    commit: view.commit,
    verdicts,
    breaches: verdicts.filter((v) => v.breached),
    ...(restore !== undefined ? { restore } : {}),
  };
}

/**
 * Which version the guardrails watch. In a split stage with several holders that is the newest, the canary: it is
 * what a ramp puts at risk, and its `$version` is what the queries select; a breach gives the stage back to the
 * holder with the most weight among the others.
 */
function judgedHolder(
  resolved: string,
  split: readonly SplitHolder[] | undefined,
): { judged: string; restore?: string } {
  if (!split || split.length < 2) return { judged: resolved };
  const canary = split[split.length - 1]!; // lowest version first
  const others = split.slice(0, -1);
  const restore = others.reduce((best, h) => (h.weight > best.weight ? h : best), others[0]!);
  return { judged: canary.version, restore: restore.version };
}

/** The query for one guardrail: the model's own (model.yaml) over the policy's, placeholders filled in. */
function metricRequest(
  guardrail: Guardrail,
  modelQuery: string | undefined,
  model: string,
  version: string,
): MetricRequest {
  const query = modelQuery ?? guardrail.query;
  return {
    metric: guardrail.metric,
    query:
      query === undefined
        ? undefined
        : fillQuery(query, { model, version, stage: guardrail.stage, window: guardrail.window }),
    window: guardrail.window,
    windowSeconds: guardrail.windowSeconds,
  };
}

/** Names and versions are plain (no quotes or backslashes by their patterns), so they go into label values as they are. */
export function fillQuery(
  query: string,
  values: { model: string; version: string; stage: string; window: string },
): string {
  return query.replace(/\$(model|version|stage|window)\b/g, (_, name: keyof typeof values) => values[name]);
}

export interface GuardRollbackRequest {
  readonly target?: CommitTarget;
  readonly note?: string;
  readonly now: Date;
}

/**
 * The rollback of the guarded stage, as `modelreg rollback` prepares it, with
 * one Modelreg-Guardrail trailer per breach. Refuses when the branch moved
 * since the guard judged it: the evidence must be about the version rolled back.
 */
export async function rollbackOnBreach(
  registry: Registry,
  result: GuardResult,
  request: GuardRollbackRequest,
): Promise<LifecycleResult & { reverted?: string }> {
  const evidence: GuardrailEvidence[] = result.breaches.map((b) => b.evidence);
  const summary = result.breaches
    .map(
      (b) =>
        `Guardrail breached: ${b.guardrail.metric} observed ${b.observed} (bound ${b.bound} ${b.limit}) over ${b.guardrail.window}`,
    )
    .join('\n');
  const rolledBack = await rollback(registry, {
    model: result.model,
    stage: result.stage,
    target: request.target ?? {
      kind: 'branch',
      name: `modelreg/guard-rollback-${result.model}-${result.stage}-${request.now.getTime().toString(36)}`,
    },
    note: [request.note, summary].filter(Boolean).join('\n\n'),
    now: request.now,
    ...(result.restore !== undefined ? { to: result.restore } : {}),
    // Checked before anything is written: the evidence must be about the version this change takes out.
    finishPlan: (plan, baseCommit) => {
      if (
        baseCommit !== result.commit ||
        !plan.moves.some((m) => m.version === result.version && m.from === result.stage)
      ) {
        throw new UserError(
          'GUARD_ROLLBACK_MISMATCH',
          `the rollback of ${modelDir(result.model)}/ would not take ${result.model}@${result.version}, which the guardrails judged, out of ${result.stage}`,
          `Nothing was changed. Check \`modelreg history ${result.model}\`, then roll back by hand: modelreg rollback ${result.model} --stage ${result.stage} --to <version>.`,
        );
      }
      return { ...plan, message: withGuardrailTrailers(plan.message, evidence) };
    },
  });
  return rolledBack;
}
