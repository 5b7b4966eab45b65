/**
 * The pull request check: the contract (policy from the base commit), the
 * approvals each stage entered needs, and one comment that explains it all.
 */
import { sortFindings, type Finding } from '../domain/findings.js';
import {
  approvalRequirements,
  countableApprovals,
  evaluateApprovals,
  type ApprovalStatus,
  type Membership,
} from '../governance/approvals.js';
import { classifyChange, type ClassifiedChange } from '../governance/classify-change.js';
import { emergencyRollbackDecision } from '../governance/emergency-rollback.js';
import { EMERGENCY_ROLLBACK_LABEL } from '../contract/guardrail-policy.js';
import { GitHubApiError, type GitHubPort } from './github-port.js';
import { REPORT_MARKER, renderReport } from './render-report.js';
import { compareVersions, type Comparison } from '../lifecycle/compare-versions.js';
import { outdatedSchemas } from '../registry/outdated-schemas.js';
import type { Registry } from '../registry/registry.js';
import type { ValidationReport } from '../validate/validate-change.js';

/** The fields of a pull_request / pull_request_review event the check uses. */
export interface PullRequestEvent {
  readonly number: number;
  readonly author: string;
  readonly headSha: string;
  readonly baseSha: string;
  readonly baseRef: string;
  readonly isFork: boolean;
  /** Label names at the event; absent: none. */
  readonly labels?: readonly string[];
}

export interface CheckResult {
  readonly verdict: 'pass' | 'fail';
  readonly changes: readonly ClassifiedChange[];
  readonly findings: readonly Finding[];
  readonly approvals: readonly ApprovalStatus[] | undefined;
  readonly markdown: string;
  readonly notes: readonly string[];
}

export interface PullRequestCheckOptions {
  readonly comment: boolean;
  readonly blobUrl: string | undefined;
}

/** The contract part of the check: git only, so it can be shown before GitHub's API is asked anything. */
export interface PullRequestContract {
  readonly base: string;
  readonly report: ValidationReport;
  readonly changes: readonly ClassifiedChange[];
}

export async function checkPullRequestContract(registry: Registry, pr: PullRequestEvent): Promise<PullRequestContract> {
  const base = await baseOf(registry, pr);
  // Asked for the emergency rule, the check must recognise any rollback, also one whose moves are all allowed.
  const validated = await registry.validate({
    base,
    head: 'HEAD',
    historyForStageMoves: (pr.labels ?? []).includes(EMERGENCY_ROLLBACK_LABEL),
  });
  // As `modelreg validate` says: editors would check files against schemas/ that no longer match registry.yaml.
  const outdated = await outdatedSchemas(registry, 'HEAD');
  const report = { ...validated, findings: sortFindings([...validated.findings, ...outdated]) };
  return { base, report, changes: classifyChange(report.input) };
}

/** The report without approvals, for a run whose API calls failed. */
export function contractOnlyReport(contract: PullRequestContract, note: string, blobUrl: string | undefined): string {
  return renderReport({
    verdict: 'fail',
    changes: contract.changes,
    findings: contract.report.findings,
    approvals: undefined,
    comparisons: [],
    notes: [note],
    blobUrl,
  });
}

export async function checkPullRequest(
  registry: Registry,
  github: GitHubPort,
  pr: PullRequestEvent,
  contract: PullRequestContract,
  options: PullRequestCheckOptions,
): Promise<CheckResult> {
  const { base, report, changes } = contract;
  const notes: string[] = [];
  const emergency = emergencyRollbackDecision(report.input, pr.labels ?? []);
  if (emergency.requested && emergency.granted) {
    notes.push(
      `Emergency rollback (\`${EMERGENCY_ROLLBACK_LABEL}\`): this pull request only rolls stages back, so the emergency_rollback rule of the base registry.yaml sets its approvals.`,
    );
  } else if (emergency.requested) {
    notes.push(
      `Labelled \`${EMERGENCY_ROLLBACK_LABEL}\`, but ${emergency.reason}: only a pure rollback gets the emergency rule, so the normal rules apply.`,
    );
  }
  const requirements = approvalRequirements(report.input, {
    emergency: emergency.requested && emergency.granted,
  });
  const reviews = await github.listReviews(pr.number);
  const memberships = new Map<string, Promise<Membership>>();
  const lookup = (team: string, user: string) => {
    const key = `${team}\0${user}`;
    if (!memberships.has(key)) memberships.set(key, github.teamMembership(team, user));
    return memberships.get(key)!;
  };
  const approvals = await evaluateApprovals(requirements, countableApprovals(reviews, pr.author, pr.headSha), lookup);
  if (approvals.some((a) => a.notCounted.some((n) => n.reason.startsWith('team membership could not be read')))) {
    notes.push(
      'Team membership could not be read with this token, so approvals by team members were not counted. Give the action a token that can read organization members, or list owners by user name.',
    );
  }
  const verdict = !report.ok || approvals.some((a) => a.missing > 0) ? 'fail' : 'pass';
  if (pr.isFork)
    notes.push(
      'This pull request comes from a fork: its token is read-only, so the report is in the job summary and annotations instead of a comment.',
    );
  const comparisons = await promotionComparisons(registry, base, report, changes);
  const view = {
    verdict,
    changes,
    findings: report.findings,
    approvals,
    comparisons,
    notes: [...notes],
    blobUrl: options.blobUrl,
  } as const;
  const markdown = renderReport(view);
  if (options.comment && !pr.isFork) {
    try {
      const existing = await github.findComment(pr.number, REPORT_MARKER);
      if (existing) await github.updateComment(existing.id, markdown);
      else await github.createComment(pr.number, markdown);
    } catch (error) {
      if (!(error instanceof GitHubApiError) || (error.status !== 403 && error.status !== 401)) throw error;
      notes.push(`Could not write the pull request comment (${error.message}); the report is in the job summary.`);
    }
  }
  // The job summary also says when the comment could not be written.
  const summary = notes.length > view.notes.length ? renderReport({ ...view, notes }) : markdown;
  return { verdict, changes, findings: report.findings, approvals, markdown: summary, notes };
}

/**
 * The state the PR is merged into. On `pull_request` the checkout is GitHub's
 * merge commit, whose first parent is the base branch as it is now.
 */
async function baseOf(registry: Registry, pr: PullRequestEvent): Promise<string> {
  const head = await registry.git.readCommit(await registry.git.resolveCommit('HEAD'));
  if (head.parents.length === 2 && head.parents[1] === pr.headSha) return head.parents[0]!;
  return pr.baseSha;
}

/** For each promotion into a stage another version leaves, candidate vs the version it replaces, on the base side. */
async function promotionComparisons(
  registry: Registry,
  base: string,
  report: ValidationReport,
  changes: readonly ClassifiedChange[],
): Promise<Comparison[]> {
  const view = await registry.at(base);
  const comparisons: Comparison[] = [];
  for (const entering of changes.filter((c) => c.type === 'promote' && c.version && c.model)) {
    const replaced = changes.find(
      (c) => c.model === entering.model && c.from === entering.to && c.version !== entering.version,
    );
    if (!replaced?.version || !report.input.models.get(entering.model!)?.base.versions.has(entering.version!)) continue;
    comparisons.push(await compareVersions(view, entering.model!, replaced.version, entering.version!));
  }
  return comparisons;
}
