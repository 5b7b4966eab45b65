/**
 * The change rules of a pull request, applied to every commit of a pushed
 * range (or a merge group) against its first parent: immutability,
 * transitions, gates, the policy of the parent. A merge commit is judged
 * by everything it brings, its own additions included.
 */
import type { Finding } from '../domain/findings.js';
import type { CommitInfo } from '../git/git-port.js';
import { approvalRequirements, type ApprovalRequirement } from '../governance/approvals.js';
import { classifyChange, type ClassifiedChange } from '../governance/classify-change.js';
import { governedChanges, type GovernedChange } from '../governance/governed-changes.js';
import type { Registry } from '../registry/registry.js';
import type { ValidationReport } from '../validate/validate-change.js';

export interface JudgedCommit {
  readonly commit: CommitInfo;
  /** Its first parent, whose policy and owners judge it. */
  readonly parent: string;
  readonly report: ValidationReport;
  readonly changes: readonly ClassifiedChange[];
  readonly requirements: readonly ApprovalRequirement[];
  /** What only a reviewed pull request (or an allowed emergency push) may bring; files are repository paths. */
  readonly governed: readonly GovernedChange[];
}

export async function judgeCommits(registry: Registry, commits: readonly CommitInfo[]): Promise<JudgedCommit[]> {
  const judged: JudgedCommit[] = [];
  for (const commit of commits) {
    const parent = commit.parents[0]!;
    // As the pull request check without the emergency label: history is read where a finding could be a rollback's.
    // The review asks again with every stage move's history for a commit its labelled pull request brought.
    const report = await registry.validate({ base: parent, head: commit.oid });
    const governed = governedChanges(report.input).map((g) => ({ ...g, file: registry.pathInRepository(g.file) }));
    judged.push({
      commit,
      parent,
      report,
      changes: classifyChange(report.input),
      requirements: approvalRequirements(report.input),
      governed,
    });
  }
  return judged;
}

/**
 * The findings of every judged commit, each naming its commit; a finding
 * repeated by later commits (a file that stays wrong) is reported once, at
 * the first commit that shows it.
 */
export function rangeFindings(judged: readonly JudgedCommit[], combined: readonly Finding[] = []): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  const keyOf = (f: Finding) => `${f.code}\0${f.file}\0${f.line}\0${f.column}\0${f.message}`;
  for (const { commit, report } of judged) {
    for (const f of report.findings) {
      if (seen.has(keyOf(f))) continue;
      seen.add(keyOf(f));
      findings.push({ ...f, message: `${f.message} (in commit ${commit.oid.slice(0, 7)}${subjectOf(commit)})` });
    }
  }
  // The whole range at once (a merge group's combined change): only what no single commit showed.
  for (const f of combined) if (!seen.has(keyOf(f))) findings.push(f);
  return findings;
}

export function subjectOf(commit: CommitInfo): string {
  const subject = commit.message.split('\n')[0]!.trim();
  return subject ? ` "${subject.length > 60 ? `${subject.slice(0, 57)}…` : subject}"` : '';
}
