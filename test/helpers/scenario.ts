/** A change between two real commits, validated exactly as `modelreg validate --base --head` does. */
import { Registry } from '../../src/registry/registry.js';
import type { ValidationReport } from '../../src/validate/validate-change.js';
import type { Finding } from '../../src/domain/findings.js';
import { commit, createRepo, type Files } from './temp-repo.js';
import { templatePolicy } from './fixtures.js';

export async function validateChangeBetween(
  base: Files,
  change: Files,
  policy = templatePolicy(),
): Promise<ValidationReport> {
  const dir = createRepo({ 'registry.yaml': policy, ...base });
  commit(dir, change);
  return (await Registry.open(dir)).validate({ base: 'HEAD~1', head: 'HEAD' });
}

/** `CODE file:line:col` for each finding of the given severities: compact and exact. */
export function summarize(
  report: ValidationReport,
  severities: Finding['severity'][] = ['error', 'warning'],
): string[] {
  return report.findings
    .filter((f) => severities.includes(f.severity))
    .map((f) => `${f.code} ${f.file}:${f.line}:${f.column}`);
}
