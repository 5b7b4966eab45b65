/**
 * The validation action: the event's payload and the inputs parsed into
 * typed values, the check for the event (src/github/), and its result shown
 * through annotations, the job summary and outputs. It fails through
 * runAction only.
 */
import * as core from '@actions/core';
import {
  verifyArtifactsMode,
  verifyPullRequestArtifacts,
  verifyReleasedArtifacts,
  withArtifactFindings,
  type VerifyArtifactsMode,
} from '../../artifacts/verify-change.js';
import { UserError } from '../../domain/errors.js';
import { GitHubApiError, type GitHubPort } from '../../github/github-port.js';
import { checkMergeGroup } from '../../github/merge-group-check.js';
import { OctokitGitHub } from '../../github/octokit-github.js';
import { checkPullRequest, checkPullRequestContract, contractOnlyReport } from '../../github/pull-request-check.js';
import { checkPushContract, finishPush } from '../../github/push-check.js';
import { mergeGroupOf, pullRequestOf, pushOf, type ActionEnvironment } from '../action-environment.js';
import { Annotations, setOutputs, writeSummary } from '../job-report.js';
import { runAction, type ActionContext, type ActionOutcome } from '../run-action.js';

const NOT_READY = 'modelreg: the change is not ready; see the annotations and the job summary';

export function run(): Promise<void> {
  return runAction(validate, { outputsWhenStopped: { verdict: 'fail', released: '[]' } });
}

interface ValidationInputs {
  /** Write the report as a pull request comment (else only the job summary has it). */
  readonly comment: boolean;
  /** Push the release tags and notes a push check writes. */
  readonly record: boolean;
  /** Read the artifacts of what the change adds, promotes or releases, and compare their bytes. */
  readonly verifyArtifacts: VerifyArtifactsMode;
  /** Reads private provenance sources (separate registries per environment); undefined when empty. */
  readonly sourceToken: string | undefined;
}

function validationInputsOf(env: ActionEnvironment): ValidationInputs {
  return {
    comment: env.input('comment') !== 'false',
    record: env.input('record') !== 'false',
    verifyArtifacts: verifyArtifactsMode(env.input('verify-artifacts')),
    sourceToken: env.input('source-token') || undefined,
  };
}

async function validate(context: ActionContext): Promise<ActionOutcome> {
  const { env } = context;
  const inputs = validationInputsOf(env);
  if (inputs.sourceToken) {
    core.setSecret(inputs.sourceToken);
    // Where every read of a provenance source looks for its token (registry/provenance-reader.ts).
    process.env.MODELREG_SOURCE_TOKEN = inputs.sourceToken;
  }
  // Made first, so a token about to go over plain http is refused before anything else happens.
  const github = context.token
    ? new OctokitGitHub(env.repository, { token: context.token, baseUrl: env.apiUrl })
    : undefined;
  const annotations = new Annotations();
  switch (env.eventName) {
    case 'pull_request':
    case 'pull_request_target':
    case 'pull_request_review':
      if (env.eventName === 'pull_request_target')
        core.warning('modelreg does not check out code under pull_request_target; use pull_request.');
      return validatePullRequest(context, github, inputs, annotations);
    case 'merge_group': {
      const result = await checkMergeGroup(context.registry, mergeGroupOf(env.event));
      annotations.add(result.findings);
      return finish(result.verdict, result.markdown, {
        changes: JSON.stringify(result.changes),
        verdict: result.verdict,
      });
    }
    case 'push':
      return validatePush(context, github, inputs, annotations);
    default:
      throw new UserError(
        'UNSUPPORTED_EVENT',
        `modelreg validates pull_request, pull_request_review, merge_group and push events, not ${env.eventName}`,
        'Run the action from a workflow triggered by one of those events.',
      );
  }
}

async function validatePullRequest(
  { env, registry }: ActionContext,
  github: GitHubPort | undefined,
  inputs: ValidationInputs,
  annotations: Annotations,
): Promise<ActionOutcome> {
  if (!github)
    throw new UserError(
      'NO_GITHUB_TOKEN',
      'the github-token input is empty',
      'Pass ${{ github.token }} (the default) or a token that may read reviews and write the comment.',
    );
  const pr = pullRequestOf(env.event);
  const blobUrl = `${env.serverUrl}/${env.repository.owner}/${env.repository.repo}/blob/${pr.headSha}`;
  let contract = await checkPullRequestContract(registry, pr);
  if (inputs.verifyArtifacts === 'changed') {
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
      comment: inputs.comment,
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
  return finish(result.verdict, result.markdown, { changes: JSON.stringify(result.changes), verdict: result.verdict });
}

async function validatePush(
  { env, registry, token, cached }: ActionContext,
  github: GitHubPort | undefined,
  inputs: ValidationInputs,
  annotations: Annotations,
): Promise<ActionOutcome> {
  const push = pushOf(env.event, env.sha);
  if (push.ref.startsWith('refs/tags/')) {
    core.notice(`modelreg checks pushes to branches; ${push.ref} is a tag.`);
    return undefined;
  }
  // Re-validating the whole registry is the cold part of a push: its per-model results are kept between runners.
  let contract = await cached('validate', push.after, ['full-validation'], () =>
    checkPushContract(registry, { before: push.before, after: push.after }),
  );
  if (inputs.verifyArtifacts === 'changed') {
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
  const result = await finishPush(
    registry,
    contract,
    { github, pusher: push.pusher, branch: push.ref.replace(/^refs\/heads\//, '') },
    new Date(),
  );
  annotations.add(result.findings);
  if (inputs.record && result.recordedRefs.length > 0) {
    await registry.git.push('origin', result.recordedRefs, token);
    core.info(`recorded ${result.recordedRefs.join(', ')}`);
  }
  return finish(result.verdict, result.markdown, {
    released: JSON.stringify(result.released),
    verdict: result.verdict,
    changes: JSON.stringify(result.released),
  });
}

async function finish(
  verdict: 'pass' | 'fail',
  markdown: string,
  outputs: Record<string, string>,
): Promise<ActionOutcome> {
  setOutputs(outputs);
  await writeSummary(markdown);
  return verdict === 'fail' ? { failure: NOT_READY } : undefined;
}
