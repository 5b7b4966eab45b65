/** The body of a pull request modelreg opens: what moves where, and how the candidate compares. */
import type { AppliedChange } from '../lifecycle/apply-change.js';
import type { StageChangePlan } from '../lifecycle/plan-promotion.js';
import { compareVersions } from '../lifecycle/compare-versions.js';
import type { Registry } from '../registry/registry.js';
import { markdownBlock, markdownCell, markdownCode } from '../domain/markdown.js';
import type { CopyPlan } from '../lifecycle/promote-to-registry.js';
import { comparisonSection } from './render-report.js';

export interface PullRequestContent {
  readonly title: string;
  readonly body: string;
}

/**
 * The pull request of a committed stage change (promote, rollback), for the
 * CLI's --pr and the actions alike: the plan's subject, and the body compared
 * against the commit the change was made on.
 */
export async function stageChangePullRequest(
  registry: Registry,
  change: { readonly plan: StageChangePlan; readonly applied: AppliedChange },
  note?: string,
): Promise<PullRequestContent> {
  return {
    title: change.plan.subject,
    body: await pullRequestBody(registry, change.applied.parent, change.plan, note),
  };
}

export async function pullRequestBody(
  registry: Registry,
  baseCommit: string,
  plan: StageChangePlan,
  note?: string,
): Promise<string> {
  const lines = [
    'Opened by modelreg. Merging this pull request makes the change; the modelreg check and the reviews decide whether it may merge.',
    '',
    // The note is whatever the user typed (--message, the workflow input): text, never markup or @mentions.
    ...(note ? [markdownBlock(note), ''] : []),
    '| Model | Version | Change |',
    '| --- | --- | --- |',
    ...(plan.weights
      ? splitRows(plan)
      : plan.moves.map((m) => `| ${plan.model} | ${m.version} | ${m.from} → ${m.to} |`)),
    '',
  ];
  const [entering, ...leaving] = plan.moves;
  // Into a split stage the candidate is the requested version (listed first) and it is compared with the holder giving weight.
  const candidate = plan.weights ? plan.weights[0]!.version : entering?.version;
  const replaced = plan.weights
    ? plan.weights.find((w) => w.version !== candidate && w.to < w.from)?.version
    : leaving.find((m) => m.from === entering?.to)?.version;
  if (candidate && replaced) {
    const comparison = await compareVersions(await registry.at(baseCommit), plan.model, replaced, candidate);
    lines.push(comparisonSection(comparison));
  }
  return lines.join('\n');
}

/** One row per holder of the split stage: its stage move, if any, and its weight before and after. */
function splitRows(plan: StageChangePlan): string[] {
  return plan.weights!.map((w) => {
    const move = plan.moves.find((m) => m.version === w.version);
    return `| ${plan.model} | ${w.version} | ${move ? `${move.from} → ${move.to}, ` : ''}weight ${w.from}% → ${w.to}% |`;
  });
}

export function registrationBody(model: string, version: string, stage: string, files: readonly string[]): string {
  return [
    'Opened by modelreg. Merging this pull request registers the version.',
    '',
    `| Model | Version | Stage |`,
    '| --- | --- | --- |',
    `| ${model} | ${version} | ${stage} |`,
    '',
    ...files.map((f) => `- \`${f}\``),
    '',
  ].join('\n');
}

/**
 * The pull request of a version copied from another registry: what arrives in
 * which stage, and the provenance the target's check verifies against the
 * source, so reviewers see where it came from before the check has run.
 */
export function copyPullRequest(plan: CopyPlan, note?: string): PullRequestContent {
  const { provenance } = plan;
  const lines = [
    'Opened by modelreg. Merging this pull request registers a version copied from another registry; the modelreg check verifies its provenance against the source, and the reviews decide whether it may merge.',
    '',
    ...(note ? [markdownBlock(note), ''] : []),
    '| Model | Version | Stage here | From | Stage there |',
    '| --- | --- | --- | --- | --- |',
    `| ${markdownCell(plan.model)} | ${markdownCell(plan.version)} | ${markdownCell(plan.stage)} | ${markdownCell(plan.source.name)} | ${markdownCell(provenance.stage ?? '—')} |`,
    '',
    '| Provenance | |',
    '| --- | --- |',
    `| Repository | ${markdownCode(provenance.repository)} |`,
    `| Branch | ${markdownCode(plan.source.branch)} |`,
    `| Commit | ${markdownCode(provenance.commit)} |`,
    `| Entry (blob) | ${markdownCode(provenance.entry)} |`,
    ...Object.entries(provenance.artifacts).map(
      ([role, digest]) => `| Artifact ${markdownCode(role)} | ${markdownCode(digest)} |`,
    ),
    '',
    ...[...plan.edits.keys()].map((path) => `- ${markdownCode(path)}`),
    '',
  ];
  return { title: plan.subject, body: lines.join('\n') };
}
