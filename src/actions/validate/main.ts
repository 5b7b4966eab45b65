/**
 * The validation action: parses the runner's environment once, runs the
 * check for the event, and reports through annotations, the job summary,
 * outputs and the exit code. `setFailed` is called only here.
 */
import * as core from '@actions/core';
import { resolve } from 'node:path';
import { isUserError } from '../../errors.js';
import type { Finding } from '../../findings.js';
import { OctokitGitHub } from '../../github/octokit-github.js';
import { renderReport } from '../../github/render-report.js';
import { classifyChange } from '../../governance/classify-change.js';
import { Registry } from '../../registry/registry.js';
import { pullRequestOf, readActionEnvironment } from '../action-environment.js';
import { checkPullRequest } from './validate-pull-request.js';
import { checkPush } from './check-push.js';

/** GitHub shows at most 10 annotations of each level per step; the rest are in the summary. */
const ANNOTATIONS_PER_LEVEL = 10;

export async function run(): Promise<void> {
  try {
    const env = readActionEnvironment();
    const registry = await Registry.open(resolve(env.workspace, env.input('registry-path') || '.'));
    const token = env.input('github-token');
    const github = token ? new OctokitGitHub(env.repository, { token, baseUrl: env.apiUrl }) : undefined;
    switch (env.eventName) {
      case 'pull_request':
      case 'pull_request_target':
      case 'pull_request_review': {
        if (env.eventName === 'pull_request_target') core.warning('modelreg does not check out code under pull_request_target; use pull_request.');
        if (!github) throw new Error('the github-token input is empty; pass ${{ github.token }} (the default)');
        const pr = pullRequestOf(env.event);
        const result = await checkPullRequest(registry, github, pr, {
          comment: env.input('comment') !== 'false',
          blobUrl: `${env.serverUrl}/${env.repository.owner}/${env.repository.repo}/blob/${pr.headSha}`,
        });
        annotate(result.findings);
        await finish(result.verdict, result.markdown, { changes: JSON.stringify(result.changes), verdict: result.verdict });
        return;
      }
      case 'merge_group': {
        const group = env.event.merge_group as { base_sha: string; head_sha: string };
        const report = await registry.validate({ base: group.base_sha, head: group.head_sha });
        const changes = classifyChange(report.input);
        const verdict = report.ok ? 'pass' : 'fail';
        annotate(report.findings);
        const markdown = renderReport({ verdict, changes, findings: report.findings, approvals: undefined, comparisons: [], notes: ['Merge queue: the contract is checked on the combined change; approvals were checked on each pull request.'], blobUrl: undefined });
        await finish(verdict, markdown, { changes: JSON.stringify(changes), verdict });
        return;
      }
      case 'push': {
        const before = env.event.before as string | undefined;
        const after = (env.event.after as string | undefined) ?? env.sha;
        const result = await checkPush(registry, github, { before: before && !/^0+$/.test(before) ? before : undefined, after }, new Date());
        if (env.input('record') !== 'false' && result.recordedRefs.length > 0) {
          await registry.git.push('origin', result.recordedRefs, token || undefined);
          core.info(`recorded ${result.recordedRefs.join(', ')}`);
        }
        annotate(result.findings);
        await finish(result.verdict, result.markdown, { released: JSON.stringify(result.released), verdict: result.verdict, changes: JSON.stringify(result.released) });
        return;
      }
      default:
        throw new Error(`modelreg validates pull_request, pull_request_review, merge_group and push events, not ${env.eventName}`);
    }
  } catch (error) {
    const hint = isUserError(error) && error.hint ? ` (${error.hint})` : '';
    core.setFailed(`${(error as Error).message}${hint}`);
  }
}

function annotate(findings: readonly Finding[]): void {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) {
    if (counts[f.severity]++ >= ANNOTATIONS_PER_LEVEL) continue;
    const properties = { title: f.code, file: f.file, startLine: f.line, startColumn: f.column };
    const message = `${f.message}\nhint: ${f.hint}`;
    if (f.severity === 'error') core.error(message, properties);
    else if (f.severity === 'warning') core.warning(message, properties);
    else core.notice(message, properties);
  }
}

async function finish(verdict: 'pass' | 'fail', markdown: string, outputs: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write();
  if (verdict === 'fail') core.setFailed('modelreg: the change is not ready; see the annotations and the job summary');
}
