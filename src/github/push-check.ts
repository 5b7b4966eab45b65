/**
 * After a push to the default branch: the push is held to what a pull
 * request is held to. In two steps, so that the contract's findings are
 * shown before GitHub's API is asked anything:
 *
 * 1. `checkPushContract` (git only): every first-parent commit of
 *    `before..after` against its first parent with the change rules, and the
 *    whole registry at `after` (two PRs that each passed can still collide).
 * 2. `finishPush`: the review of each commit (push-review.ts), then the
 *    stage changes a deploy job may act on (`released`: nothing unreviewed,
 *    nothing the contract refused), and their record in git (release-record.ts).
 */
import { hasErrors, type Finding } from '../domain/findings.js';
import type { ClassifiedChange } from '../governance/classify-change.js';
import { classifyChange } from '../governance/classify-change.js';
import { describeChange } from './render-report.js';
import type { Registry } from '../registry/registry.js';
import type { ResolvedArtifact } from '../registry/registry-view.js';
import { modelFilePath, POLICY_PATH, versionFilePath } from '../domain/layout.js';
import { judgeCommits, rangeFindings, subjectOf, type JudgedCommit } from './judge-range.js';
import { firstParentRange } from './push-range.js';
import { recordRelease, type RegisteredVersion, type ReleaseNote } from './release-record.js';
import { reviewPush, type CommitReview, type PushReviewContext } from './push-review.js';
import { markdownCode, markdownText } from '../domain/markdown.js';

const RELEASING = new Set(['register', 'promote', 'demote', 'rollback']);

export interface ReleasedChange {
  readonly model: string;
  readonly version: string;
  readonly type: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly artifacts: Readonly<Record<string, ResolvedArtifact>>;
}

export interface PushContract {
  readonly before: string;
  readonly after: string;
  readonly commits: readonly JudgedCommit[];
  /** The change rules on each commit, then the whole registry at `after`. */
  readonly findings: readonly Finding[];
  readonly healthOk: boolean;
  /** What the whole push changes, before review decides what may be released. */
  readonly candidates: readonly ReleasedChange[];
  /** Job summary, first part. */
  readonly markdown: string;
}

export async function checkPushContract(
  registry: Registry,
  push: { before: string | undefined; after: string },
): Promise<PushContract> {
  const commits = await judgeCommits(registry, await firstParentRange(registry.git, push.before, push.after));
  const before = push.before!;
  const health = await registry.validate({ head: push.after, all: true });
  const findings = [...rangeFindings(commits), ...health.findings];
  const combined = await registry.validate({ base: before, head: push.after });
  const view = await registry.at(push.after);
  const candidates: ReleasedChange[] = [];
  for (const c of classifyChange(combined.input)) {
    if (!c.model || !c.version || c.to === null || !RELEASING.has(c.type)) continue;
    const resolved = await view.resolve(`${c.model}@${c.version}`);
    candidates.push({
      model: c.model,
      version: c.version,
      type: c.type,
      from: c.from,
      to: c.to,
      artifacts: resolved.artifacts,
    });
  }
  const markdown = renderContract({ before, after: push.after, commits, findings, healthOk: health.ok });
  return { before, after: push.after, commits, findings, healthOk: health.ok, candidates, markdown };
}

export interface PushResult {
  readonly verdict: 'pass' | 'fail';
  /** Found after the contract: review, emergency pushes, forged records. */
  readonly findings: readonly Finding[];
  readonly released: readonly ReleasedChange[];
  /** Refs written locally for the record (tags and the notes ref). */
  readonly recordedRefs: readonly string[];
  /** Job summary, second part. */
  readonly markdown: string;
}

export async function finishPush(
  registry: Registry,
  contract: PushContract,
  review: PushReviewContext,
  now: Date,
): Promise<PushResult> {
  const reviews = await reviewPush(registry, contract.commits, review);
  const reviewFindings = reviews.flatMap((r) => r.findings);
  const refused = (findings: readonly Finding[]) =>
    new Set(findings.filter((f) => f.severity === 'error').map((f) => f.file));
  const refusedFiles = refused([...contract.findings, ...reviewFindings]);
  const releasable = (c: { model: string; version: string }, files: Set<string>) =>
    ![versionFilePath(c.model, c.version), modelFilePath(c.model), POLICY_PATH].some((p) =>
      files.has(registry.pathInRepository(p)),
    );
  let released = contract.candidates.filter((c) => releasable(c, refusedFiles));

  const reviewOf = new Map(reviews.map((r) => [r.commit, r]));
  const registered: RegisteredVersion[] = [];
  const notes: ReleaseNote[] = [];
  for (const judged of contract.commits) {
    const review = reviewOf.get(judged.commit.oid);
    const changes = judged.changes.filter(
      (c): c is ClassifiedChange & { model: string; version: string } =>
        c.model !== null && c.version !== null && c.to !== null && RELEASING.has(c.type),
    );
    const kept = changes.filter((c) => released.some((r) => r.model === c.model && r.version === c.version));
    if (kept.length === 0) continue;
    notes.push({
      commit: judged.commit.oid,
      pr: review?.pr ?? null,
      approvers: review?.approvers ?? [],
      emergency: review?.emergency ?? null,
      changes: kept,
    });
    for (const c of kept.filter((k) => k.type === 'register')) {
      const candidate = released.find((r) => r.model === c.model && r.version === c.version)!;
      registered.push({
        model: c.model,
        version: c.version,
        stage: c.to!,
        commit: judged.commit.oid,
        pr: review?.pr ?? null,
        artifacts: candidate.artifacts,
      });
    }
  }
  const record = await recordRelease(registry, registered, notes, now);
  released = released.filter((r) => !record.forged.has(`${r.model}@${r.version}`));
  const findings = [...reviewFindings, ...record.findings];
  const verdict = hasErrors([...contract.findings, ...findings]) ? 'fail' : 'pass';
  const markdown = renderRelease({
    verdict,
    reviews,
    released,
    findings: record.findings,
    refused: contract.candidates.filter((c) => !released.includes(c)),
  });
  return { verdict, findings, released, recordedRefs: record.refs, markdown };
}

function renderContract(view: {
  before: string;
  after: string;
  commits: readonly JudgedCommit[];
  findings: readonly Finding[];
  healthOk: boolean;
}): string {
  const errors = view.findings.filter((f) => f.severity === 'error');
  const lines = [
    !view.healthOk
      ? '## ❌ modelreg: the registry is INCONSISTENT after this push\n\nEach pull request may have passed on its own and still collided after merge (for example two promotions into the same exclusive stage). Fix it with a pull request now: deploy jobs must not trust this state.'
      : errors.length > 0
        ? '## ❌ modelreg: this push breaks the registry contract'
        : '## ✅ modelreg: the registry is consistent after this push',
    '',
    `Push \`${view.before.slice(0, 7)}..${view.after.slice(0, 7)}\`: ${view.commits.length} commit${view.commits.length === 1 ? '' : 's'} on the branch, each checked against its first parent with the rules a pull request is checked by.`,
    '',
  ];
  const touching = view.commits.filter((c) => c.governed.length > 0);
  if (touching.length > 0) {
    lines.push('| Commit | Changes |', '| --- | --- |');
    for (const c of touching)
      lines.push(
        `| \`${c.commit.oid.slice(0, 7)}\`${cell(subjectOf(c.commit))} | ${cell(c.governed.map((g) => g.description).join('; '))} |`,
      );
    lines.push('');
  }
  if (errors.length > 0)
    lines.push(
      '### Contract findings',
      '',
      ...errors.map((f) => `- ${markdownCode(`${f.file}:${f.line}:${f.column}`)} ${f.code}: ${cell(f.message)}`),
      '',
    );
  return `${lines.join('\n')}\n`;
}

function renderRelease(view: {
  verdict: 'pass' | 'fail';
  reviews: readonly CommitReview[];
  released: readonly ReleasedChange[];
  findings: readonly Finding[];
  refused: readonly ReleasedChange[];
}): string {
  const lines: string[] = [];
  const emergencies = view.reviews.filter((r) => r.emergency !== null);
  if (emergencies.length > 0) {
    lines.push('## 🚨 EMERGENCY PUSH: released without review', '');
    for (const r of emergencies) {
      lines.push(
        `- \`${r.commit.slice(0, 7)}\` by **@${r.emergency!.by}**: ${cell(r.emergency!.reason)} (${cell(r.governed.map((g) => g.description).join('; '))})`,
      );
    }
    lines.push(
      '',
      'Recorded in the release note of each commit. Follow up with a pull request that reviews the change, or roll it back.',
      '',
    );
  }
  if (view.reviews.length > 0) {
    lines.push(
      '### Review of each commit that changes the registry',
      '',
      '| Commit | Review | Approved by |',
      '| --- | --- | --- |',
    );
    for (const r of view.reviews)
      lines.push(`| \`${r.commit.slice(0, 7)}\` | ${cell(r.status)} | ${r.approvers.join(', ') || '—'} |`);
    lines.push('');
    const refusals = view.reviews.flatMap((r) => r.findings.filter((f) => f.severity === 'error'));
    if (refusals.length > 0)
      lines.push(
        ...refusals.map((f) => `- ${markdownCode(`${f.file}:${f.line}:${f.column}`)} ${f.code}: ${cell(f.message)}`),
        '',
      );
  }
  if (view.findings.length > 0)
    lines.push('### Release records', '', ...view.findings.map((f) => `- ${f.code}: ${cell(f.message)}`), '');
  lines.push('### Released', '');
  if (view.released.length === 0) lines.push('No stage change is released to deploy jobs.');
  else
    lines.push(
      '| Model | Version | Change |',
      '| --- | --- | --- |',
      ...view.released.map(
        (r) => `| ${r.model} | ${r.version} | ${describeChange({ ...r, type: r.type as ClassifiedChange['type'] })} |`,
      ),
    );
  if (view.refused.length > 0)
    lines.push('', `Not released (refused above): ${view.refused.map((r) => `${r.model}@${r.version}`).join(', ')}.`);
  lines.push(
    '',
    view.verdict === 'pass'
      ? '**Verdict: pass.**'
      : '**Verdict: fail.** Deploy jobs must not act on what this push refused.',
  );
  return `${lines.join('\n')}\n`;
}

/** Commit subjects, emergency reasons and finding messages are typed by people: shown as text, never as Markdown. */
function cell(text: string): string {
  return markdownText(text);
}
