/**
 * After a merge to the default branch: re-validate the whole registry (two
 * PRs that each passed can still collide), list what changed stage for a
 * deploy job, and record the release durably in git: an annotated tag per
 * registered version and a note on the commit with the PR and its approvers.
 */
import type { Finding } from '../../findings.js';
import { countableApprovals } from '../../governance/approvals.js';
import { classifyChange } from '../../governance/classify-change.js';
import type { GitHubPort } from '../../github/github-port.js';
import { describeChange } from '../../github/render-report.js';
import type { Registry } from '../../registry/registry.js';
import type { ResolvedArtifact } from '../../registry/registry-view.js';
import { GitTreeSource } from '../../snapshot/git-tree-source.js';
import { EMPTY_SOURCE } from '../../snapshot/snapshot-source.js';
import { validateChange } from '../../validate/validate-change.js';
import { validateSnapshot } from '../../validate/validate-snapshot.js';

export const NOTES_REF = 'refs/notes/modelreg';

export interface ReleasedChange {
  readonly model: string;
  readonly version: string;
  readonly type: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly artifacts: Readonly<Record<string, ResolvedArtifact>>;
}

export interface PushResult {
  readonly verdict: 'pass' | 'fail';
  readonly findings: readonly Finding[];
  readonly released: readonly ReleasedChange[];
  readonly pr: number | null;
  readonly approvers: readonly string[];
  readonly markdown: string;
  /** Refs written locally for the record (tags and the notes ref). */
  readonly recordedRefs: readonly string[];
}

export async function checkPush(
  registry: Registry,
  github: GitHubPort | undefined,
  push: { before: string | undefined; after: string },
  now: Date,
): Promise<PushResult> {
  const afterSource = await GitTreeSource.atCommit(registry.git, push.after);
  const health = await validateSnapshot(afterSource);
  const beforeCommit = push.before ?? (await registry.git.readCommit(push.after)).parents[0];
  const beforeSource = beforeCommit ? await GitTreeSource.atCommit(registry.git, beforeCommit) : EMPTY_SOURCE;
  const change = await validateChange({ base: beforeSource, head: afterSource });
  const view = await registry.at(push.after);
  const released: ReleasedChange[] = [];
  for (const c of classifyChange(change.input)) {
    if (!c.model || !c.version || c.to === null || !['register', 'promote', 'demote', 'rollback'].includes(c.type)) continue;
    const resolved = await view.resolve(`${c.model}@${c.version}`);
    released.push({ model: c.model, version: c.version, type: c.type, from: c.from, to: c.to, artifacts: resolved.artifacts });
  }
  let pr: number | null = null;
  let approvers: string[] = [];
  if (github) {
    const merged = (await github.pullRequestsOfCommit(push.after)).find((p) => p.merged) ?? undefined;
    if (merged) {
      pr = merged.number;
      approvers = countableApprovals(await github.listReviews(merged.number), merged.author, merged.headSha).approvers;
    }
  }
  const verdict = health.ok ? 'pass' : 'fail';
  const lines = [
    verdict === 'pass'
      ? '## ✅ modelreg: the registry is consistent after this push'
      : '## ❌ modelreg: the registry is INCONSISTENT after this push\n\nEach pull request may have passed on its own and still collided after merge (for example two promotions into the same exclusive stage). Fix it with a pull request now: deploy jobs must not trust this state.',
    '',
    released.length === 0 ? 'No stage changed.' : '| Model | Version | Change |\n| --- | --- | --- |',
    ...released.map((r) => `| ${r.model} | ${r.version} | ${describeChange({ ...r, type: r.type as never })} |`),
    '',
    ...health.findings.filter((f) => f.severity === 'error').map((f) => `- \`${f.file}:${f.line}:${f.column}\` ${f.code}: ${f.message}`),
  ];
  return { verdict, findings: health.findings, released, pr, approvers, markdown: `${lines.join('\n')}\n`, recordedRefs: await record(registry, push.after, released, pr, approvers, now) };
}

async function record(registry: Registry, commit: string, released: readonly ReleasedChange[], pr: number | null, approvers: readonly string[], now: Date): Promise<string[]> {
  if (released.length === 0) return [];
  const bot = { name: 'modelreg', email: 'modelreg@users.noreply.github.com' };
  const refs: string[] = [];
  for (const r of released.filter((x) => x.type === 'register')) {
    const name = `modelreg/${r.model}/${r.version}`;
    const exists = await registry.git.resolveCommit(`refs/tags/${name}`).then(() => true, () => false);
    if (exists) continue;
    const message = `${r.model}@${r.version} registered in ${r.to}${pr !== null ? ` (#${pr})` : ''}\n\n${Object.entries(r.artifacts).map(([role, a]) => `${role}: ${a.uri} ${a.digest}`).join('\n')}\n`;
    await registry.git.createAnnotatedTag(name, commit, message, bot, now);
    refs.push(`refs/tags/${name}`);
  }
  const note = { pr, approvers, changes: released.map(({ artifacts: _a, ...rest }) => rest) };
  await registry.git.addNote(NOTES_REF, commit, `${JSON.stringify(note, null, 2)}\n`, bot, now);
  refs.push(NOTES_REF);
  return refs;
}
