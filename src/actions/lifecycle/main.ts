/**
 * The promote and rollback actions (for workflow_dispatch): the same planner
 * as the CLI makes the branch and commit, then the branch is pushed and a
 * pull request opened, whose checks and reviews decide the rest.
 */
import * as core from '@actions/core';
import { UserError } from '../../domain/errors.js';
import { stageChangePullRequest } from '../../github/pull-request-body.js';
import { GITHUB_TOKEN_WARNING, gitHubTargetOf, pushAndOpenPullRequest } from '../../github/pull-request-flow.js';
import type { CommitTarget } from '../../lifecycle/apply-change.js';
import { promote, type PromoteRequest } from '../../lifecycle/promote.js';
import { rollback, type RollbackRequest } from '../../lifecycle/rollback.js';
import type { ActionEnvironment } from '../action-environment.js';
import { setOutputs, writeSummary } from '../job-report.js';
import { runAction, type ActionContext } from '../run-action.js';

type LifecycleInputs =
  | { readonly operation: 'promote'; readonly request: Omit<PromoteRequest, 'now'> }
  | { readonly operation: 'rollback'; readonly request: Omit<RollbackRequest, 'now'> };

export function runLifecycleAction(operation: 'promote' | 'rollback'): Promise<void> {
  return runAction((context) => openStageChange(context, operation));
}

async function openStageChange(
  { env, registry, token }: ActionContext,
  operation: 'promote' | 'rollback',
): Promise<void> {
  if (!token) throw new UserError('NO_GITHUB_TOKEN', 'the github-token input is required', GITHUB_TOKEN_WARNING);
  const inputs = lifecycleInputsOf(env, operation);
  // The runner's checkout has no git identity; commits are made as the user who ran the workflow.
  const actor = process.env.GITHUB_ACTOR || 'github-actions[bot]';
  process.env.GIT_AUTHOR_NAME ??= actor;
  process.env.GIT_AUTHOR_EMAIL ??= `${actor}@users.noreply.github.com`;
  const target = await gitHubTargetOf(registry, {
    token,
    repository: `${env.repository.owner}/${env.repository.repo}`,
    apiUrl: env.apiUrl,
  });
  const now = new Date();
  const change =
    inputs.operation === 'promote'
      ? await promote(registry, { ...inputs.request, now })
      : await rollback(registry, { ...inputs.request, now });
  const content = await stageChangePullRequest(registry, change, inputs.request.note);
  const pr = await pushAndOpenPullRequest(registry, change.applied, content, target);
  setOutputs({
    'pull-request-url': pr.url,
    'pull-request-number': String(pr.number),
    branch: change.applied.branch,
  });
  core.warning(GITHUB_TOKEN_WARNING);
  await writeSummary(
    `## ${content.title}\n\nOpened ${pr.url} from \`${change.applied.branch}\`.\n\n> ${GITHUB_TOKEN_WARNING}\n\n${content.body}`,
  );
  core.info(`opened ${pr.url}`);
}

function lifecycleInputsOf(env: ActionEnvironment, operation: 'promote' | 'rollback'): LifecycleInputs {
  const required = (name: string) => {
    const value = env.input(name);
    if (!value)
      throw new UserError(
        'ACTION_INPUT',
        `the ${name} input is required`,
        `Set "${name}" in the workflow's with: block.`,
      );
    return value;
  };
  const optional = (name: string) => env.input(name) || undefined;
  const branch = optional('branch');
  const target: CommitTarget | undefined = branch ? { kind: 'branch', name: branch } : undefined;
  const note = optional('message');
  if (operation === 'promote')
    return {
      operation,
      request: {
        reference: `${required('model')}@${required('version')}`,
        to: required('stage'),
        note,
        ...(target ? { target } : {}),
      },
    };
  return {
    operation,
    request: {
      model: required('model'),
      stage: optional('stage'),
      to: optional('to'),
      force: env.input('force') === 'true',
      note,
      ...(target ? { target } : {}),
    },
  };
}
