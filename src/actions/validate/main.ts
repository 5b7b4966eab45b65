/**
 * The validation action: parses the runner's environment once, runs the
 * check for the event, and reports through annotations, the job summary,
 * outputs and the exit code. `setFailed` is called only here.
 */
import * as core from '@actions/core';
import { UserError } from '../../domain/errors.js';
import { hasErrors, type Finding } from '../../domain/findings.js';
import { GitHubApiError } from '../../github/github-port.js';
import { OctokitGitHub } from '../../github/octokit-github.js';
import { renderReport } from '../../github/render-report.js';
import { classifyChange } from '../../governance/classify-change.js';
import { Registry } from '../../registry/registry.js';
import { failAction } from '../action-failure.js';
import { pullRequestOf, readActionEnvironment } from '../action-environment.js';
import { withModelregCache } from '../modelreg-cache.js';
import {
  verifyArtifactsMode,
  verifyPullRequestArtifacts,
  verifyReleasedArtifacts,
  withArtifactFindings,
} from '../../artifacts/verify-change.js';
import { checkPushContract, finishPush } from './check-push.js';
import { judgeCommits, rangeFindings } from './judge-range.js';
import { firstParentRange } from './push-range.js';
import { reviewPush } from './review-push.js';
import { checkPullRequest, checkPullRequestContract, contractOnlyReport } from './validate-pull-request.js';

/** GitHub shows at most 10 annotations of each level per step; the rest are in the summary. */
const ANNOTATIONS_PER_LEVEL = 10;

export async function run(): Promise<void> {
  const annotations = new Annotations();
  try {
    const env = readActionEnvironment();
    const registry = await Registry.open(env.registryDir);
    const token = env.input('github-token');
    const github = token ? new OctokitGitHub(env.repository, { token, baseUrl: env.apiUrl }) : undefined;
    switch (env.eventName) {
      case 'pull_request':
      case 'pull_request_target':
      case 'pull_request_review': {
        if (env.eventName === 'pull_request_target')
          core.warning('modelreg does not check out code under pull_request_target; use pull_request.');
        if (!github)
          throw new UserError(
            'NO_GITHUB_TOKEN',
            'the github-token input is empty',
            'Pass ${{ github.token }} (the default) or a token that may read reviews and write the comment.',
          );
        const pr = pullRequestOf(env.event);
        const blobUrl = `${env.serverUrl}/${env.repository.owner}/${env.repository.repo}/blob/${pr.headSha}`;
        let contract = await checkPullRequestContract(registry, pr);
        if (verifyArtifactsMode(env.input('verify-artifacts')) === 'changed') {
          const artifacts = await verifyPullRequestArtifacts(
            registry,
            contract.base,
            contract.report,
            contract.changes,
            process.env,
          );
          contract = { ...contract, report: withArtifactFindings(contract.report, artifacts.findings) };
          await writeSummary(artifacts.markdown);
        }
        annotations.add(contract.report.findings);
        let result;
        try {
          result = await checkPullRequest(registry, github, pr, contract, {
            comment: env.input('comment') !== 'false',
            blobUrl,
          });
        } catch (error) {
          if (!(error instanceof GitHubApiError)) throw error;
          await writeSummary(
            contractOnlyReport(
              contract,
              `Approvals could not be checked: ${error.message}. The contract findings below stand; re-run the job when GitHub answers.`,
              blobUrl,
            ),
          );
          throw error;
        }
        await finish(result.verdict, result.markdown, {
          changes: JSON.stringify(result.changes),
          verdict: result.verdict,
        });
        return;
      }
      case 'merge_group': {
        const group = env.event.merge_group as { base_sha: string; head_sha: string };
        const commits = await judgeCommits(
          registry,
          await firstParentRange(registry.git, group.base_sha, group.head_sha),
        );
        const combined = await registry.validate({ base: group.base_sha, head: group.head_sha });
        const findings = rangeFindings(commits, combined.findings);
        const changes = classifyChange(combined.input);
        const verdict = hasErrors(findings) ? 'fail' : 'pass';
        annotations.add(findings);
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
        await finish(verdict, markdown, { changes: JSON.stringify(changes), verdict });
        return;
      }
      case 'push': {
        const ref = typeof env.event.ref === 'string' ? env.event.ref : '';
        if (ref.startsWith('refs/tags/')) {
          core.notice(`modelreg checks pushes to branches; ${ref} is a tag.`);
          return;
        }
        const before = env.event.before as string | undefined;
        const after = (env.event.after as string | undefined) ?? env.sha;
        // Re-validating the whole registry is the cold part of a push: its per-model results are kept between runners.
        const cache = {
          enabled: env.input('cache') !== 'false',
          workspace: env.workspace,
          repositoryDir: registry.git.dir,
          registryDir: env.registryDir,
          job: 'validate',
          commit: after,
          results: ['full-validation'],
        };
        let contract = await withModelregCache(cache, () =>
          checkPushContract(registry, { before: before && !/^0+$/.test(before) ? before : undefined, after }),
        );
        if (verifyArtifactsMode(env.input('verify-artifacts')) === 'changed') {
          const artifacts = await verifyReleasedArtifacts(registry, contract, contract.candidates, process.env);
          contract = {
            ...contract,
            findings: [...contract.findings, ...artifacts.findings],
            markdown: contract.markdown + artifacts.markdown,
          };
        }
        // The contract is shown before GitHub is asked anything, so an API failure cannot hide it.
        annotations.add(contract.findings);
        await writeSummary(contract.markdown);
        const sender =
          (env.event.sender as { login?: string } | undefined)?.login ??
          (env.event.pusher as { name?: string } | undefined)?.name;
        const reviews = await reviewPush(registry, contract.commits, {
          github,
          pusher: sender,
          branch: ref.replace(/^refs\/heads\//, ''),
        });
        const result = await finishPush(registry, contract, reviews, new Date());
        annotations.add(result.findings);
        if (env.input('record') !== 'false' && result.recordedRefs.length > 0) {
          await registry.git.push('origin', result.recordedRefs, token || undefined);
          core.info(`recorded ${result.recordedRefs.join(', ')}`);
        }
        await finish(result.verdict, result.markdown, {
          released: JSON.stringify(result.released),
          verdict: result.verdict,
          changes: JSON.stringify(result.released),
        });
        return;
      }
      default:
        throw new UserError(
          'UNSUPPORTED_EVENT',
          `modelreg validates pull_request, pull_request_review, merge_group and push events, not ${env.eventName}`,
          'Run the action from a workflow triggered by one of those events.',
        );
    }
  } catch (error) {
    // A deploy job reading the outputs must never see a pass, or anything to release, from a run that stopped
    // (the last value of an output wins).
    core.setOutput('verdict', 'fail');
    core.setOutput('released', '[]');
    failAction(error);
  }
}

/** Annotations of one run: GitHub shows 10 of each level per step, counted across every call. */
class Annotations {
  private readonly counts = { error: 0, warning: 0, info: 0 };

  add(findings: readonly Finding[]): void {
    for (const f of findings) {
      if (this.counts[f.severity]++ >= ANNOTATIONS_PER_LEVEL) continue;
      const properties = { title: f.code, file: f.file, startLine: f.line, startColumn: f.column };
      const message = `${f.message}\nhint: ${f.hint}`;
      if (f.severity === 'error') core.error(message, properties);
      else if (f.severity === 'warning') core.warning(message, properties);
      else core.notice(message, properties);
    }
  }
}

/** Appends to the job summary (a run may write it in parts). */
async function writeSummary(markdown: string): Promise<void> {
  if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write();
}

async function finish(verdict: 'pass' | 'fail', markdown: string, outputs: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
  await writeSummary(markdown);
  if (verdict === 'fail') core.setFailed('modelreg: the change is not ready; see the annotations and the job summary');
}
