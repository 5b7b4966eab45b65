/** Findings as people (text), programs (json) and GitHub workflow commands (github) read them. */
import type { Finding } from '../../domain/findings.js';
import { countOf } from '../../domain/plural.js';

export type FindingsFormat = 'text' | 'json' | 'github';

export function renderFindings(findings: readonly Finding[], format: FindingsFormat, ok: boolean): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ ok, findings: findings.map(toJson) }, null, 2)}\n`;
    case 'github':
      return findings.map(toWorkflowCommand).join('');
    case 'text':
      return findings.map(toText).join('');
  }
}

export function toText(f: Finding): string {
  return `${f.file}:${f.line}:${f.column}: ${f.severity} ${f.code} ${f.message}\n    hint: ${f.hint}\n`;
}

export function summaryLine(findings: readonly Finding[], subject = 'the change'): string {
  const count = (severity: Finding['severity']) => findings.filter((f) => f.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  const files = new Set(findings.filter((f) => f.severity !== 'info').map((f) => f.file)).size;
  if (errors === 0 && warnings === 0) return `ok: ${subject} satisfies the registry contract\n`;
  return `${countOf(errors, 'error')}, ${countOf(warnings, 'warning')} in ${countOf(files, 'file')}\n`;
}

function toJson(f: Finding) {
  return {
    code: f.code,
    severity: f.severity,
    file: f.file,
    line: f.line,
    column: f.column,
    message: f.message,
    hint: f.hint,
  };
}

function toWorkflowCommand(f: Finding): string {
  const command = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
  const properties = `file=${escapeProperty(f.file)},line=${f.line},col=${f.column},title=${escapeProperty(f.code)}`;
  return `::${command} ${properties}::${escapeData(`${f.message}\nhint: ${f.hint}`)}\n`;
}

// Escaping as the runner's command parser expects (actions/toolkit command.ts).
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
