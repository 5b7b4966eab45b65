/** History events as a table, JSON, CSV or Markdown. */
import type { HistoryEvent } from '../../history/read-history.js';
import { markdownCell } from '../../domain/markdown.js';
import { describeGuardrailEvidence } from '../../domain/commit-trailers.js';
import { renderCsv } from './csv.js';
import { renderTable } from './table.js';

export type HistoryFormat = 'table' | 'json' | 'csv' | 'md';

const COLUMNS = ['date', 'model', 'version', 'type', 'from', 'to', 'author', 'pr', 'commit'] as const;

export function renderHistory(events: readonly HistoryEvent[], format: HistoryFormat): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(
        events.map((e) => ({
          commit: e.commit,
          date: e.date,
          author: e.author,
          model: e.model,
          version: e.version,
          type: e.type,
          from: e.from,
          to: e.to,
          ...(e.weight ? { weight: e.weight } : {}),
          pr: e.pr,
          authored: e.authored,
          landedBy: e.landedBy,
          subject: e.subject,
          emergency: e.emergency,
          guardrail: e.guardrail,
        })),
        null,
        2,
      )}\n`;
    case 'csv':
      return renderCsv(COLUMNS, events);
    case 'md':
      return (
        `| Date (UTC) | Model | Version | Change | Author | PR | Commit |\n| --- | --- | --- | --- | --- | --- | --- |\n` +
        events
          .map(
            (e) =>
              `| ${e.date} | ${e.model} | ${e.version ?? '—'} | ${describe(e)} | ${markdownCell(e.author)} | ${e.pr !== null ? `#${e.pr}` : '—'} | \`${e.commit.slice(0, 7)}\` |`,
          )
          .join('\n') +
        '\n'
      );
    case 'table':
      if (events.length === 0) return 'no changes match\n';
      return renderTable(
        ['DATE', 'MODEL', 'VERSION', 'CHANGE', 'AUTHOR', 'PR', 'COMMIT'],
        events.map((e) => [
          e.date,
          e.model,
          e.version ?? '-',
          describe(e),
          e.author,
          e.pr !== null ? `#${e.pr}` : '-',
          e.commit.slice(0, 7),
        ]),
      );
  }
}

export function describe(event: HistoryEvent): string {
  // Within the stage, a holder without a weight line is its sole holder: 100%.
  if (event.weight && event.from === event.to)
    return `${event.type} in ${event.to}: ${event.weight.from ?? 100}% → ${event.weight.to ?? 100}%`;
  if (event.weight && event.from !== null && event.to !== null)
    return `${event.type} ${event.from} → ${event.to}${event.weight.to !== null ? ` at ${event.weight.to}%` : ''}`;
  if (event.from !== null && event.to !== null) {
    const change = `${event.type} ${event.from} → ${event.to}`;
    return event.guardrail && event.type === 'rollback'
      ? `${change} (guardrail: ${event.guardrail.map((e) => describeGuardrailEvidence(e, 'short')).join('; ')})`
      : change;
  }
  if (event.type === 'register') return event.version === null ? 'register model' : `register in ${event.to}`;
  return event.type;
}
