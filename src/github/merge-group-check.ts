/**
 * The merge queue's check (merge_group): the group's commits are pull
 * requests already approved one by one, so what is left to check is the
 * contract, on each commit of the group against its first parent and on the
 * combined change (two pull requests that each passed can still collide).
 */
import { hasErrors, type Finding } from '../domain/findings.js';
import { classifyChange, type ClassifiedChange } from '../governance/classify-change.js';
import type { Registry } from '../registry/registry.js';
import { judgeCommits, rangeFindings } from './judge-range.js';
import { firstParentRange } from './push-range.js';
import { renderReport } from './render-report.js';

/** The commits a merge_group event asks about: the queue's base, and the group's head on top of it. */
export interface MergeGroupEvent {
  readonly baseSha: string;
  readonly headSha: string;
}

export interface MergeGroupResult {
  readonly verdict: 'pass' | 'fail';
  readonly changes: readonly ClassifiedChange[];
  readonly findings: readonly Finding[];
  /** The job summary. */
  readonly markdown: string;
}

export async function checkMergeGroup(registry: Registry, group: MergeGroupEvent): Promise<MergeGroupResult> {
  const commits = await judgeCommits(registry, await firstParentRange(registry.git, group.baseSha, group.headSha));
  const combined = await registry.validate({ base: group.baseSha, head: group.headSha });
  const findings = rangeFindings(commits, combined.findings);
  const changes = classifyChange(combined.input);
  const verdict = hasErrors(findings) ? 'fail' : 'pass';
  const note = `Merge queue: the contract is checked on each of the ${commits.length} commits of the group against its first parent, and on the combined change; approvals were checked on each pull request.`;
  const markdown = renderReport({
    verdict,
    changes,
    findings,
    approvals: undefined,
    comparisons: [],
    notes: [note],
    blobUrl: undefined,
  });
  return { verdict, changes, findings, markdown };
}
