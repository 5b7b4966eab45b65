/**
 * The promote and rollback actions (for workflow_dispatch): the same planner
 * as the CLI makes the branch and commit, then the branch is pushed and a
 * pull request opened, whose checks and reviews decide the rest.
 */
import * as core from '@actions/core';
import { UserError } from '../../domain/errors.js';
import { pullRequestBody } from '../../github/pull-request-body.js';
import { GITHUB_TOKEN_WARNING, gitHubTargetOf, pushAndOpenPullRequest } from '../../github/pull-request-flow.js';
import { promote } from '../../lifecycle/promote.js';
import { rollback } from '../../lifecycle/rollback.js';
import { Registry } from '../../registry/registry.js';
import { failAction } from '../action-failure.js';
import { readActionEnvironment } from '../action-environment.js';

export async function runLifecycleAction(operation: 'promote' | 'rollback'): Promise<void> {
  try {
    const env = readActionEnvironment();
    const token = env.input('github-token');
    if (!token) throw new UserError('NO_GITHUB_TOKEN', 'the github-token input is required', GITHUB_TOKEN_WARNING);
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
    // The runner's checkout has no git identity; commits are made as the user who ran the workflow.
    const actor = process.env.GITHUB_ACTOR || 'github-actions[bot]';
    process.env.GIT_AUTHOR_NAME ??= actor;
    process.env.GIT_AUTHOR_EMAIL ??= `${actor}@users.noreply.github.com`;
    const registry = await Registry.open(env.registryDir);
    const target = await gitHubTargetOf(registry, {
      token,
      repository: `${env.repository.owner}/${env.repository.repo}`,
      apiUrl: env.apiUrl,
    });
    const note = env.input('message') || undefined;
    const branch = env.input('branch') || undefined;
    const result =
      operation === 'promote'
        ? await promote(registry, {
            reference: `${required('model')}@${required('version')}`,
            to: required('stage'),
            note,
            now: new Date(),
            ...(branch ? { target: { kind: 'branch', name: branch } } : {}),
          })
        : await rollback(registry, {
            model: required('model'),
            stage: env.input('stage') || undefined,
            to: env.input('to') || undefined,
            force: env.input('force') === 'true',
            note,
            now: new Date(),
            ...(branch ? { target: { kind: 'branch', name: branch } } : {}),
          });
    const base = (await registry.git.readCommit(result.applied.commit)).parents[0]!;
    const body = await pullRequestBody(registry, base, result.plan, note);
    const pr = await pushAndOpenPullRequest(registry, result.applied, { title: result.plan.subject, body }, target);
    core.setOutput('pull-request-url', pr.url);
    core.setOutput('pull-request-number', String(pr.number));
    core.setOutput('branch', result.applied.branch);
    core.warning(GITHUB_TOKEN_WARNING);
    if (process.env.GITHUB_STEP_SUMMARY) {
      await core.summary
        .addRaw(
          `## ${result.plan.subject}\n\nOpened ${pr.url} from \`${result.applied.branch}\`.\n\n> ${GITHUB_TOKEN_WARNING}\n\n${body}`,
        )
        .write();
    }
    core.info(`opened ${pr.url}`);
  } catch (error) {
    failAction(error);
  }
}
