/**
 * The compliance report: every change of who holds a governed stage (an
 * exclusive stage, one that needs approvals, or one a model gates), who
 * authored it, which pull request, and when it took effect. Pure renderers.
 */
import type { ModelEntry } from '../contract/model-schema.js';
import type { Policy } from '../contract/policy.js';
import { markdownCell, markdownCode, markdownText } from '../domain/markdown.js';
import type { HistoryEvent } from './read-history.js';
import type { RecordedEmergency } from './release-notes.js';
import type { WeightStep } from './events.js';
import { describeGuardrailEvidence, type GuardrailEvidence } from '../domain/commit-trailers.js';

export interface AuditInput {
  /** The registry's display name (registryDisplayName): the report's title. */
  readonly registryName: string;
  readonly branch: string;
  readonly commit: string;
  readonly generated: Date;
  readonly since: Date | undefined;
  readonly until: Date | undefined;
  readonly policy: Policy;
  /** model name → model.yaml at the audited commit (for owners and gates). */
  readonly models: ReadonlyMap<string, ModelEntry>;
  /** Newest first, as history returns them. */
  readonly events: readonly HistoryEvent[];
  /** Commit → the emergency release its note records (release-notes.ts), for commits that claim one. */
  readonly emergencies?: ReadonlyMap<string, RecordedEmergency>;
}

export interface AuditRow {
  readonly model: string;
  readonly version: string;
  readonly type: string;
  readonly from: string | null;
  readonly to: string | null;
  /** In a split stage: the weight before and after, when it changed. */
  readonly weight?: WeightStep;
  readonly effective: string;
  readonly authored: string;
  readonly author: string;
  readonly pr: number | null;
  readonly commit: string;
  readonly landedBy: string;
  /**
   * A push without review: the reason its `Modelreg-Emergency:` trailer gives, and who the push check let
   * through (`by`: null when no release record says it was let through).
   */
  readonly emergency: { readonly reason: string; readonly by: string | null } | null;
  /** A guardrail-triggered rollback: the breaches its commit records (`guard --rollback`); null otherwise. */
  readonly guardrail: readonly GuardrailEvidence[] | null;
}

export function governedStages(policy: Policy, model: ModelEntry | undefined): Set<string> {
  const stages = new Set<string>();
  for (const stage of policy.stages.values())
    if (stage.exclusive || stage.split || stage.approvals > 0) stages.add(stage.name);
  for (const stage of Object.keys(model?.acceptance ?? {})) stages.add(stage);
  return stages;
}

export function auditRows(input: AuditInput): AuditRow[] {
  const rows: AuditRow[] = [];
  for (const event of [...input.events].reverse()) {
    if (event.version === null || !['register', 'promote', 'demote', 'rollback'].includes(event.type)) continue;
    const governed = governedStages(input.policy, input.models.get(event.model));
    if (!(event.from !== null && governed.has(event.from)) && !(event.to !== null && governed.has(event.to))) continue;
    rows.push({
      model: event.model,
      version: event.version,
      type: event.type,
      from: event.from,
      to: event.to,
      ...(event.weight ? { weight: event.weight } : {}),
      effective: event.date,
      authored: event.authored,
      author: event.author,
      pr: event.pr,
      commit: event.commit,
      landedBy: event.landedBy,
      emergency:
        event.emergency === null
          ? null
          : { reason: event.emergency, by: input.emergencies?.get(event.commit)?.by ?? null },
      guardrail: event.type === 'rollback' ? (event.guardrail ?? null) : null,
    });
  }
  return rows;
}

export function renderAuditMarkdown(input: AuditInput): string {
  const rows = auditRows(input);
  const emergencies = rows.filter((r) => r.emergency !== null);
  const guarded = rows.filter((r, i) => r.guardrail !== null && rows.findIndex((o) => o.commit === r.commit) === i);
  const day = (d: Date | undefined) => (d ? d.toISOString().slice(0, 10) : undefined);
  const period =
    input.since || input.until
      ? `${day(input.since) ?? 'the beginning'} to ${day(input.until) ?? 'now'}`
      : 'the whole history';
  const stageNotes = [...input.policy.stages.values()]
    .filter((s) => s.exclusive || s.approvals > 0)
    .map(
      (s) =>
        `${s.name} (${[s.exclusive ? 'exclusive' : '', s.approvals > 0 ? `${s.approvals} approval${s.approvals > 1 ? 's' : ''}` : ''].filter(Boolean).join(', ')})`,
    );
  const lines = [
    `# Model registry audit report: ${markdownText(input.registryName)}`,
    '',
    `- Branch: ${markdownCode(input.branch)} at ${markdownCode(input.commit.slice(0, 12))}`,
    `- Period: ${period}`,
    `- Generated: ${input.generated.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
    `- Governed stages: ${stageNotes.join('; ') || 'none declared'}, plus any stage a model's acceptance gates`,
    `- Changes: ${rows.length}`,
    ...(emergencies.length > 0 ? [`- **Emergency pushes (no review): ${emergencies.length}**`] : []),
    ...(guarded.length > 0 ? [`- **Guardrail-triggered rollbacks: ${guarded.length}**`] : []),
    '',
    'Every change of which version holds a governed stage, read from the git history of the registry. ' +
      '"Effective" is when the change landed on the branch (for a pull request, its merge); ' +
      '"Authored" is when the change was written. Approvals live on the linked pull requests.',
    '',
  ];
  if (emergencies.length > 0) {
    lines.push(
      '## 🚨 Emergency pushes',
      '',
      'Stage changes pushed without a reviewed pull request under `Modelreg-Emergency:`. Each needs a follow-up review.',
      '',
    );
    for (const row of emergencies) {
      const who =
        row.emergency!.by !== null
          ? `released by the push check as an emergency push of ${markdownCode(row.emergency!.by)}`
          : '**no release record**: the push check did not let it through (or its record in refs/notes/modelreg is missing)';
      lines.push(
        `- ${markdownText(row.effective)} ${markdownText(row.model)} ${markdownText(row.version)} ${markdownText(describeRow(row))}, commit ${markdownCode(row.commit.slice(0, 7))}: ${markdownText(row.emergency!.reason)}; ${who}`,
      );
    }
    lines.push('');
  }
  if (guarded.length > 0) {
    lines.push(
      '## 🛡️ Guardrail-triggered rollbacks',
      '',
      'Rollbacks `modelreg guard --rollback` prepared when live metrics breached a guardrail, with the evidence in their commits.',
      '',
    );
    for (const row of guarded) {
      const how =
        row.pr !== null ? `pull request #${row.pr}` : row.emergency !== null ? 'emergency push' : 'direct commit';
      lines.push(
        `- ${markdownText(row.effective)} ${markdownText(row.model)}, commit ${markdownCode(row.commit.slice(0, 7))} (${how}):`,
        ...row.guardrail!.map(
          (e) =>
            `  - ${markdownText(describeGuardrailEvidence(e))}${e.query !== undefined ? `; query ${markdownCode(e.query)}` : ''}`,
        ),
      );
    }
    lines.push('');
  }
  const models = [...new Set(rows.map((r) => r.model))].sort();
  if (models.length === 0) {
    lines.push('No governed stage changed in this period.', '');
    return lines.join('\n');
  }
  lines.push(
    '## Summary',
    '',
    '| Model | Changes | Promotions | Demotions | Rollbacks | Owners |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
  );
  for (const model of models) {
    const own = rows.filter((r) => r.model === model);
    const count = (type: string) => own.filter((r) => r.type === type).length;
    // One rollback moves two versions (the holder out, the earlier one back): an auditor counts rollbacks, not moves.
    const rollbacks = new Set(own.filter((r) => r.type === 'rollback').map((r) => r.commit)).size;
    // Code spans: the report is posted in issues and pull requests, where a bare @team would notify.
    const owners = input.models.get(model)?.owners.map(markdownCode).join(', ') ?? '—';
    lines.push(
      `| ${markdownCell(model)} | ${own.length} | ${count('promote') + count('register')} | ${count('demote')} | ${rollbacks} | ${owners} |`,
    );
  }
  for (const model of models) {
    lines.push(
      '',
      `## ${markdownText(model)}`,
      '',
      '| Effective (UTC) | Version | Change | Author | Authored (UTC) | PR | Commit |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const row of rows.filter((r) => r.model === model)) {
      const change = describeRow(row);
      lines.push(
        `| ${markdownCell(row.effective)} | ${markdownCell(row.version)} | ${markdownCell(change)} | ${markdownCell(row.author)} | ${markdownCell(row.authored)} | ${row.pr !== null ? `#${row.pr}` : row.emergency !== null ? '🚨 emergency push' : 'direct commit'} | ${markdownCode(row.commit.slice(0, 7))} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function describeRow(row: AuditRow): string {
  // A ramp step: within the stage, a holder without a weight line is its sole holder (100%).
  if (row.weight && row.from === row.to)
    return `${row.type} in ${row.to}: ${row.weight.from ?? 100}% → ${row.weight.to ?? 100}%`;
  const at = row.weight?.to != null ? ` at ${row.weight.to}%` : '';
  const change = row.from === null ? `${row.type} into ${row.to}${at}` : `${row.type} ${row.from} → ${row.to}${at}`;
  return row.guardrail !== null ? `${change} (guardrail: ${row.guardrail.map((e) => e.metric).join(', ')})` : change;
}
