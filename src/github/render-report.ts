/**
 * The validation report a pull request shows: one comment (updated in place,
 * found again by its marker) and the job summary. Pure; stays under GitHub's
 * 65,536-character limit by cutting the findings list, never the verdict.
 */
import type { Finding } from '../domain/findings.js';
import type { ApprovalStatus } from '../governance/approvals.js';
import type { ClassifiedChange } from '../governance/classify-change.js';
import type { Comparison } from '../lifecycle/compare-versions.js';
import { markdownCell, markdownCode, markdownLinkPath, markdownText } from '../domain/markdown.js';

export const REPORT_MARKER = '<!-- modelreg:validation -->';
export const GITHUB_BODY_LIMIT = 65_536;

export interface ValidationReportView {
  readonly verdict: 'pass' | 'fail';
  readonly changes: readonly ClassifiedChange[];
  readonly findings: readonly Finding[];
  /** undefined where approvals are not evaluated (merge queue, push). */
  readonly approvals: readonly ApprovalStatus[] | undefined;
  readonly comparisons: readonly Comparison[];
  readonly notes: readonly string[];
  /** Links findings to lines: `${blobUrl}/${file}#L${line}`. */
  readonly blobUrl: string | undefined;
}

export function renderReport(view: ValidationReportView, limit = GITHUB_BODY_LIMIT): string {
  const errors = view.findings.filter((f) => f.severity === 'error').length;
  const missing = (view.approvals ?? []).filter((a) => a.missing > 0).length;
  const head =
    view.verdict === 'pass'
      ? '## ✅ modelreg: this change satisfies the registry contract'
      : `## ❌ modelreg: not ready to merge (${[errors ? `${errors} contract error${errors > 1 ? 's' : ''}` : '', missing ? `${missing} approval requirement${missing > 1 ? 's' : ''} unmet` : ''].filter(Boolean).join(', ')})`;
  const parts = [
    REPORT_MARKER,
    head,
    '',
    ...view.notes.map((n) => `> ${n}`),
    view.notes.length ? '' : undefined,
    changesSection(view.changes),
    changeDiagram(view.changes),
  ];
  if (view.approvals) parts.push(approvalsSection(view.approvals));
  for (const c of view.comparisons) parts.push(comparisonSection(c));
  const fixed = parts.filter((p): p is string => p !== undefined).join('\n');
  return `${fixed}\n${findingsSection(view.findings, view.blobUrl, limit - fixed.length - 200)}`.slice(0, limit);
}

function changesSection(changes: readonly ClassifiedChange[]): string {
  if (changes.length === 0) return '### What this pull request changes\n\nNothing in the catalog.\n';
  const rows = changes.map(
    (c) =>
      `| ${c.model === null ? '*registry*' : markdownCell(c.model)} | ${markdownCell(c.version ?? '—')} | ${describeChange(c)} |`,
  );
  return [
    '### What this pull request changes',
    '',
    '| Model | Version | Change |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/** Which version moves where, as a Mermaid flowchart GitHub draws in the comment. */
export function changeDiagram(changes: readonly ClassifiedChange[]): string | undefined {
  const moves = changes.filter(
    (c) =>
      c.model !== null &&
      c.version !== null &&
      c.to !== null &&
      (c.from !== null || c.type === 'register') &&
      // A ramp step stays in its stage: the table says it, an arrow to itself would not.
      c.from !== c.to,
  );
  if (moves.length === 0) return undefined;
  const node = (model: string, stage: string) =>
    `${model.replace(/[^A-Za-z0-9]/g, '_')}_${stage.replace(/[^A-Za-z0-9]/g, '_')}`;
  const lines = ['```mermaid', 'flowchart LR'];
  for (const model of [...new Set(moves.map((m) => m.model!))]) {
    lines.push(`  subgraph ${model.replace(/[^A-Za-z0-9]/g, '_')}["${model}"]`);
    for (const m of moves.filter((x) => x.model === model)) {
      const from = m.from === null ? `${node(model, 'new')}(("new"))` : `${node(model, m.from)}(["${m.from}"])`;
      lines.push(`    ${from} -->|"${m.version} ${m.type}"| ${node(model, m.to!)}(["${m.to}"])`);
    }
    lines.push('  end');
  }
  lines.push('```', '');
  return lines.join('\n');
}

export function describeChange(c: ClassifiedChange): string {
  if (c.type === 'policy') return 'registry.yaml (policy) changes';
  // A ramp step in a split stage; a holder without a weight line is the stage's sole holder (100%).
  if (c.weight && c.from !== null && c.from === c.to)
    return `**${c.type}** in ${markdownCell(c.to)}: ${c.weight.from ?? 100}% → ${c.weight.to ?? 100}%`;
  if (c.weight?.to != null && c.from !== null && c.to !== null)
    return `**${c.type}** ${markdownCell(c.from)} → ${markdownCell(c.to)} at ${c.weight.to}%`;
  if (c.from !== null && c.to !== null) return `**${c.type}** ${markdownCell(c.from)} → ${markdownCell(c.to)}`;
  if (c.type === 'register') return c.version === null ? 'new model' : `**register** in ${markdownCell(c.to ?? '—')}`;
  return `**${c.type}**`;
}

function approvalsSection(statuses: readonly ApprovalStatus[]): string {
  if (statuses.length === 0) return '### Approvals\n\nNo stage this change enters requires approval.\n';
  const rows = statuses.map((s) => {
    // Owners and reviewers (base model.yaml, checked against the owner pattern, and GitHub logins) are named on purpose,
    // here and in the reasons an approval does not count, which governance writes from the same names.
    const who =
      s.requirement.eligible.length > 0
        ? s.requirement.eligible.map(markdownHandle).join(', ')
        : 'any reviewer but the author';
    const state = s.missing === 0 ? '✅ approved' : `❌ needs ${s.missing} more from ${who}`;
    return `| ${markdownCell(s.requirement.reason)} | ${s.requirement.required} from ${who} | ${s.approvedBy.map(markdownHandle).join(', ') || '—'} | ${state} |`;
  });
  const ignored = [...new Map(statuses.flatMap((s) => s.notCounted).map((i) => [`${i.user}:${i.reason}`, i])).values()];
  return [
    '### Approvals',
    '',
    '| Requirement | Needs | Approved by | Status |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    ...(ignored.length > 0
      ? ['Approvals that do not count:', ...ignored.map((i) => `- @${markdownHandle(i.user)} ${i.reason}`), '']
      : []),
  ].join('\n');
}

const VERDICT = { better: '🟢 better', worse: '🔴 worse', same: '⚪ same', unknown: '—' } as const;

export function comparisonSection(c: Comparison): string {
  const num = (n: number | null) => (n === null ? '—' : String(n));
  const rows = c.metrics.map(
    (m) =>
      `| ${markdownCell(m.name)}${m.goal ? ` (${m.goal})` : ''} | ${num(m.a)} | ${num(m.b)} | ${m.delta === null ? '—' : `${m.delta > 0 ? '+' : ''}${m.delta}`} | ${VERDICT[m.verdict]} |`,
  );
  return [
    `### ${markdownText(c.model)} ${markdownText(c.b.version)} compared with ${markdownText(c.a.version)} (the version it replaces in ${markdownText(c.a.stage)})`,
    '',
    `| Metric | ${markdownCell(c.a.version)} | ${markdownCell(c.b.version)} | Δ | |`,
    '| --- | ---: | ---: | ---: | --- |',
    ...rows,
    '',
    `Signature: ${c.signature === null ? 'not recorded on both' : c.signature.compatible ? 'compatible' : `**breaking** (${markdownText(c.signature.breaking.join('; '))})`}.` +
      (c.gate ? ` Gate of ${markdownText(c.gate.stage)}: ${c.gate.passes ? 'passes' : '**fails**'}.` : ''),
    '',
  ].join('\n');
}

function findingsSection(findings: readonly Finding[], blobUrl: string | undefined, budget: number): string {
  if (findings.length === 0) return '### Contract findings\n\nNone.\n';
  const lines = [
    '### Contract findings',
    '',
    '| | Where | Code | Problem | How to fix |',
    '| --- | --- | --- | --- | --- |',
  ];
  let used = lines.join('\n').length;
  let shown = 0;
  for (const f of findings) {
    const where = `${f.file}:${f.line}:${f.column}`;
    const link = blobUrl
      ? `[${markdownText(where)}](${blobUrl}/${markdownLinkPath(f.file)}#L${f.line})`
      : markdownCode(where);
    const icon = f.severity === 'error' ? '❌' : f.severity === 'warning' ? '⚠️' : 'ℹ️';
    const row = `| ${icon} | ${link} | ${markdownCode(f.code)} | ${markdownCell(f.message)} | ${markdownCell(f.hint)} |`;
    if (used + row.length + 200 > budget) break;
    lines.push(row);
    used += row.length + 1;
    shown++;
  }
  if (shown < findings.length)
    lines.push(
      '',
      `…and ${findings.length - shown} more: run \`modelreg validate --format json\` for the complete list.`,
    );
  return `${lines.join('\n')}\n`;
}

/** A GitHub login or @org/team, kept as a mention only when it looks like one; anything else is text. */
function markdownHandle(handle: string): string {
  return /^@?[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:\/[A-Za-z0-9._-]+)?$/.test(handle) ? handle : markdownText(handle);
}
