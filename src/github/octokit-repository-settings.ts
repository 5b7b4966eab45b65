/**
 * Reads a repository's settings for `modelreg github setup/doctor` and sends
 * the calls setup planned, over the same Octokit as the rest of modelreg.
 * Secrets are listed by name only; no value is ever asked for.
 */
import {
  MODELREG_RULESET,
  type BranchProtection,
  type RulesetBodyShape,
  type RulesetRule,
} from './branch-safeguards.js';
import { CODEOWNERS_PATHS } from './codeowners.js';
import type { GitHubApiError, RepositoryRef } from './github-port.js';
import { createOctokit, gitHubApiErrorOf, type ModelregOctokit, type OctokitOptions } from './octokit-github.js';
import type { ObservedRuleset, ObservedSettings, PlannedCall, Reading } from './repository-setup.js';

export interface RepositorySettingsPort {
  /** Throws GitHubApiError when the repository itself cannot be read (or the token is refused). */
  read(needs: { readonly pages: boolean; readonly secrets: boolean }): Promise<ObservedSettings>;
  send(call: PlannedCall): Promise<void>;
}

export class OctokitRepositorySettings implements RepositorySettingsPort {
  private readonly octokit: ModelregOctokit;

  constructor(
    private readonly repository: RepositoryRef,
    options: OctokitOptions,
  ) {
    this.octokit = createOctokit(options);
  }

  async read(needs: { readonly pages: boolean; readonly secrets: boolean }): Promise<ObservedSettings> {
    const { data: repository } = await this.call('repos.get', () =>
      this.octokit.rest.repos.get({ ...this.repository }),
    );
    const defaultBranch = repository.default_branch;
    const [rulesets, protection, codeOwners, pages, secrets, actionsApp] = await Promise.all([
      this.readRulesets(defaultBranch),
      this.reading(
        'repos.getBranchProtection',
        async () => {
          const { data } = await this.octokit.rest.repos.getBranchProtection({
            ...this.repository,
            branch: defaultBranch,
          });
          return data as BranchProtection;
        },
        { 404: 'none' as const },
      ),
      this.readCodeOwners(defaultBranch),
      needs.pages
        ? this.reading(
            'repos.getPages',
            async () => ({
              buildType: (await this.octokit.rest.repos.getPages({ ...this.repository })).data.build_type ?? null,
            }),
            { 404: 'none' as const },
          )
        : ('not-needed' as const),
      needs.secrets ? this.readSecretNames() : ('not-needed' as const),
      this.reading('apps.getBySlug', async () => {
        const { data } = await this.octokit.rest.apps.getBySlug({ app_slug: 'github-actions' });
        if (!data) throw new Error('GitHub answered GET /apps/github-actions without an app');
        return data.id;
      }),
    ]);
    return { defaultBranch, rulesets, protection, codeOwners, pages, secrets, actionsApp };
  }

  async send(call: PlannedCall): Promise<void> {
    // The planned body is sent as it is, so what --dry-run prints is exactly what goes out.
    await this.call(`${call.method} ${call.path}`, () =>
      this.octokit.request({ method: call.method, url: call.path, data: call.body }),
    );
  }

  /**
   * The rules GitHub applies to the branch (every active ruleset, the
   * organization's included), and modelreg's own ruleset in full so that
   * an update keeps its other rules. 404 here means no rulesets on this
   * GitHub (older Enterprise Server), and so does a 403 that is not about
   * the token: protection is used instead.
   */
  private async readRulesets(branch: string): Promise<ObservedSettings['rulesets']> {
    const list = await this.reading(
      'repos.getRepoRulesets',
      () =>
        this.octokit.paginate(this.octokit.rest.repos.getRepoRulesets, {
          ...this.repository,
          targets: 'branch',
          per_page: 100,
        }),
      { 404: 'unavailable' as const, 403: 'unavailable' as const },
    );
    if ('unreadable' in list) return list;
    if (list.read === 'unavailable') return { read: 'unavailable' };
    const own = list.read.find((r) => r.name === MODELREG_RULESET && r.source_type === 'Repository');
    const [rules, modelreg] = await Promise.all([
      this.reading('repos.getBranchRules', () =>
        this.octokit.paginate(this.octokit.rest.repos.getBranchRules, { ...this.repository, branch, per_page: 100 }),
      ),
      own
        ? this.reading('repos.getRepoRuleset', async () => {
            const { data } = await this.octokit.rest.repos.getRepoRuleset({ ...this.repository, ruleset_id: own.id });
            return { id: data.id, body: data as unknown as RulesetBodyShape } satisfies ObservedRuleset;
          })
        : { read: undefined },
    ]);
    if ('unreadable' in rules) return rules;
    if ('unreadable' in modelreg) return modelreg;
    return { read: { rules: rules.read as unknown as RulesetRule[], modelreg: modelreg.read } };
  }

  /** CODEOWNERS where GitHub takes it from: the first of .github/, the top, docs/ on the default branch. */
  private async readCodeOwners(branch: string): Promise<ObservedSettings['codeOwners']> {
    for (const path of CODEOWNERS_PATHS) {
      const file = await this.reading(
        'repos.getContent',
        async () => {
          const { data } = await this.octokit.rest.repos.getContent({ ...this.repository, path, ref: branch });
          if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return 'none' as const;
          return { path, text: Buffer.from(data.content, 'base64').toString('utf8') };
        },
        { 404: 'none' as const },
      );
      if (!('read' in file) || file.read !== 'none') return file;
    }
    return { read: 'none' };
  }

  /** Names of the repository's secrets and of the organization's secrets shared with it. */
  private async readSecretNames(): Promise<Reading<ReadonlySet<string>>> {
    const own = await this.reading('actions.listRepoSecrets', async () =>
      (
        await this.octokit.paginate(this.octokit.rest.actions.listRepoSecrets, { ...this.repository, per_page: 100 })
      ).map((s) => s.name),
    );
    if ('unreadable' in own) return own;
    // A user's repository has no organization: its 404 (or a token that may not see them) just adds nothing.
    const shared = await this.reading('actions.listRepoOrganizationSecrets', async () =>
      (
        await this.octokit.paginate(this.octokit.rest.actions.listRepoOrganizationSecrets, {
          ...this.repository,
          per_page: 100,
        })
      ).map((s) => s.name),
    );
    return { read: new Set([...own.read, ...('read' in shared ? shared.read : [])]) };
  }

  /**
   * A read that may fail without failing the command: the failure becomes
   * part of the report. A refused token (401) fails the command.
   */
  private async reading<T, A = never>(
    call: string,
    run: () => Promise<T>,
    answers: Partial<Record<number, A>> = {},
  ): Promise<Reading<T | A>> {
    try {
      return { read: await run() };
    } catch (error) {
      const wrapped = gitHubApiErrorOf(call, error);
      if (wrapped.status !== undefined && wrapped.status in answers) return { read: answers[wrapped.status]! };
      if (wrapped.status === 401 || wrapped.status === undefined || wrapped.status >= 500) throw wrapped;
      return { unreadable: { status: wrapped.status, message: messageOf(wrapped) } };
    }
  }

  private async call<T>(name: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw gitHubApiErrorOf(name, error);
    }
  }
}

/** GitHub's own words from a GitHubApiError. */
export function messageOf(error: GitHubApiError): string {
  return error.message.replace(/^GitHub API .*? failed(?: with \d+)?: /, '');
}
