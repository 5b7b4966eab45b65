/**
 * The emergency pull request `guard --rollback --pr` opens: the stage-change
 * body, the evidence of every breach, and the label that asks the check for
 * the emergency approval rule (which it grants only to a pure rollback).
 */
import { EMERGENCY_ROLLBACK_LABEL } from '../contract/guardrail-policy.js';
import { markdownCell, markdownCode } from '../domain/markdown.js';
import type { GuardrailVerdict } from '../guard/guardrail-verdicts.js';
import type { AppliedChange } from '../lifecycle/apply-change.js';
import type { StageChangePlan } from '../lifecycle/plan-promotion.js';
import type { Registry } from '../registry/registry.js';
import { pullRequestBody, type PullRequestContent } from './pull-request-body.js';

export async function emergencyRollbackPullRequest(
  registry: Registry,
  change: { readonly plan: StageChangePlan; readonly applied: AppliedChange },
  breaches: readonly GuardrailVerdict[],
  note?: string,
): Promise<PullRequestContent & { labels: readonly string[] }> {
  const body = await pullRequestBody(registry, change.applied.parent, change.plan, note);
  return {
    title: `Emergency ${change.plan.subject}`,
    body: `${emergencyEvidenceSection(breaches)}\n${body}`,
    labels: [EMERGENCY_ROLLBACK_LABEL],
  };
}

/** The breaches as a table: what was observed, the bound, the window, the query, when. */
export function emergencyEvidenceSection(breaches: readonly GuardrailVerdict[]): string {
  return [
    `### 🚨 Emergency rollback: ${breaches.length === 1 ? 'a guardrail was' : `${breaches.length} guardrails were`} breached`,
    '',
    `Labelled \`${EMERGENCY_ROLLBACK_LABEL}\`: the modelreg check applies registry.yaml's \`emergency_rollback\` approvals, as long as this pull request only rolls the stage back.`,
    '',
    '| Metric | Observed | Bound | Window | Source | Query | Time |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...breaches.map((b) => {
      const e = b.evidence;
      const bound =
        e.bound === 'max_drop' ? `max_drop ${e.limit} (registered ${e.registered})` : `${e.bound} ${e.limit}`;
      return `| ${markdownCell(e.metric)} | ${e.observed} | ${markdownCell(bound)} | ${e.window} | ${markdownCell(e.source)} | ${e.query !== undefined ? markdownCode(e.query) : '—'} | ${e.time} |`;
    }),
    '',
  ].join('\n');
}
