/**
 * `modelreg github doctor` and `setup`: read what the registry needs and what
 * the repository has, report the gaps, and (setup) make the planned calls,
 * then read again so the report says what is still missing.
 */
import { UserError } from '../domain/errors.js';
import type { Registry } from '../registry/registry.js';
import { GitHubApiError, type RepositoryRef } from './github-port.js';
import { messageOf, OctokitRepositorySettings, type RepositorySettingsPort } from './octokit-repository-settings.js';
import { gitHubTargetOf, type GitHubTarget } from './pull-request-flow.js';
import { registryNeeds } from './registry-needs.js';
import {
  renderCodeOwnersFile,
  renderGaps,
  renderOutcomes,
  renderPlannedCalls,
  type CallOutcome,
} from './render-setup.js';
import { gapsOf, planSetup, type WantedSettings } from './repository-setup.js';

export interface RepositorySetupOptions {
  readonly token?: string;
  readonly repo?: string;
  readonly githubApiUrl?: string;
  readonly check: string;
  readonly dryRun?: boolean;
}

/** What a run prints and whether the repository is ready (exit 0) or has gaps left (exit 1). */
export interface RepositorySetupResult {
  readonly text: string;
  readonly ready: boolean;
}

const TOKEN_PURPOSE = {
  doing: 'reading the repository settings',
  allowed: 'may read the repository administration, Pages and secret names; setup also changes rulesets and Pages',
};

export async function repositoryTargetOf(registry: Registry, options: RepositorySetupOptions): Promise<GitHubTarget> {
  return gitHubTargetOf(registry, {
    token: options.token,
    repository: options.repo,
    apiUrl: options.githubApiUrl,
    purpose: TOKEN_PURPOSE,
    apiOnly: true,
  });
}

function defaultPort(target: GitHubTarget): RepositorySettingsPort {
  return new OctokitRepositorySettings(target.repository, { token: target.token, baseUrl: target.apiUrl });
}

export async function doctorRepository(
  registry: Registry,
  options: RepositorySetupOptions,
  port?: RepositorySettingsPort,
): Promise<RepositorySetupResult> {
  const target = await repositoryTargetOf(registry, options);
  const settings = port ?? defaultPort(target);
  const wanted = await registryNeeds(registry, options.check);
  const observed = await readOrExplain(settings, wanted, target);
  const plan = planSetup(target.repository, wanted, observed);
  let text = renderGaps(target.repository, observed.defaultBranch, plan.gaps, wanted.notes);
  if (plan.codeOwnersFile) text += renderCodeOwnersFile(plan.codeOwnersFile);
  if (plan.gaps.length > 0)
    text += `\n${plan.calls.length > 0 ? 'modelreg github setup closes the gaps it can; ' : ''}modelreg github doctor exits 0 once there are none.\n`;
  return { text, ready: plan.gaps.length === 0 };
}

export async function setUpRepository(
  registry: Registry,
  options: RepositorySetupOptions,
  port?: RepositorySettingsPort,
): Promise<RepositorySetupResult> {
  const target = await repositoryTargetOf(registry, options);
  const settings = port ?? defaultPort(target);
  const wanted = await registryNeeds(registry, options.check);
  const observed = await readOrExplain(settings, wanted, target);
  const plan = planSetup(target.repository, wanted, observed);
  if (options.dryRun) {
    let text = renderPlannedCalls(plan.calls);
    text += `\nleft for you after these calls:\n${renderGaps(target.repository, observed.defaultBranch, plan.leftOver, wanted.notes)}`;
    if (plan.codeOwnersFile) text += renderCodeOwnersFile(plan.codeOwnersFile);
    return { text, ready: plan.leftOver.length === 0 };
  }
  const outcomes: CallOutcome[] = [];
  for (const call of plan.calls) {
    try {
      await settings.send(call);
      outcomes.push({ call });
    } catch (error) {
      if (!(error instanceof GitHubApiError)) throw error;
      if (error.status === 401) throw unauthorized(target, error);
      outcomes.push({ call, failure: { status: error.status, message: messageOf(error) } });
    }
  }
  // Read again: the report is what the repository has now, not what the calls were meant to do.
  const after = plan.calls.length > 0 ? await readOrExplain(settings, wanted, target) : observed;
  const remaining = gapsOf(wanted, after);
  let text = plan.calls.length > 0 ? renderOutcomes(outcomes) : 'nothing to change through the API.\n';
  text += renderGaps(target.repository, after.defaultBranch, remaining, wanted.notes);
  const codeOwnersFile = planSetup(target.repository, wanted, after).codeOwnersFile;
  if (codeOwnersFile) text += renderCodeOwnersFile(codeOwnersFile);
  return { text, ready: remaining.length === 0 };
}

async function readOrExplain(settings: RepositorySettingsPort, wanted: WantedSettings, target: GitHubTarget) {
  try {
    return await settings.read({ pages: wanted.pages, secrets: wanted.secrets.size > 0 });
  } catch (error) {
    if (!(error instanceof GitHubApiError)) throw error;
    throw explainRepositoryError(error, target);
  }
}

function nameOf(repository: RepositoryRef): string {
  return `${repository.owner}/${repository.repo}`;
}

function unauthorized(target: GitHubTarget, error: GitHubApiError): UserError {
  return new UserError(
    'GITHUB_UNAUTHORIZED',
    `GitHub at ${target.apiUrl} did not accept the token (${error.call}: ${messageOf(error)})`,
    'Set GITHUB_TOKEN or pass --token with a valid token for this GitHub (for GitHub Enterprise Server, --github-api-url https://HOST/api/v3).',
  );
}

/** The failures of reading that the user fixes: the token, the repository name, its access. */
function explainRepositoryError(error: GitHubApiError, target: GitHubTarget): Error {
  const name = nameOf(target.repository);
  if (error.status === 401) return unauthorized(target, error);
  if (error.status === 404 && error.call === 'repos.get') {
    return new UserError(
      'GITHUB_REPOSITORY_NOT_FOUND',
      `GitHub at ${target.apiUrl} shows no repository ${name} to this token`,
      'Check --repo (or the origin URL), and that the token may see the repository (a fine-grained token must include it, with Metadata: read).',
    );
  }
  if (error.status === 403 && error.call === 'repos.get') {
    return new UserError(
      'GITHUB_FORBIDDEN',
      `GitHub refused to show ${name} to this token: ${messageOf(error)}`,
      'The token needs Metadata: read on the repository; in an organization with SAML single sign-on, authorize the token for it.',
    );
  }
  return error;
}
