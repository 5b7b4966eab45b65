/**
 * The repository-settings routes of the fake GitHub (rulesets, branch
 * protection, Pages, secret names, file contents), for `modelreg github
 * setup/doctor`. Like every route of the fake, their paths, query
 * parameters and request bodies are checked against GitHub's OpenAPI
 * description and every response against the operation's schema
 * (fake-github.ts does that for all routes).
 */
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Component = (name: string, overrides: Json) => Json;

export interface FakeRepository {
  defaultBranch: string;
  /** false: GET/POST /rulesets answer 404, as on a GitHub Enterprise Server without rulesets. */
  rulesetsAvailable: boolean;
  /** id → the ruleset as created or updated (the request body). */
  readonly rulesets: Map<number, Json>;
  /** Rulesets of the organization, active on the default branch: read-only rules. */
  readonly organizationRules: Json[];
  /** branch → the last PUT body of its protection. */
  readonly protection: Map<string, Json>;
  pages: { build_type: 'legacy' | 'workflow' } | undefined;
  /** POST/PUT /pages answer 422 (a plan without Pages for private repositories). */
  pagesRefused: boolean;
  readonly secrets: Set<string>;
  readonly organizationSecrets: Set<string>;
  /** path → text on the default branch. */
  readonly files: Map<string, string>;
  /** Administration writes are refused (403 where GitHub documents it, else 404), as for a token without Administration: write. */
  administrationForbidden: boolean;
  /** GET /repos/{o}/{r} answers 403 (an organization's SAML single sign-on, say). */
  forbidden: boolean;
  /** Check name → the app that last reported it: a classic protection PUT pins a `contexts` entry to that app. */
  readonly reportedChecks: Map<string, number>;
}

export function newFakeRepository(overrides: Partial<FakeRepository> = {}): FakeRepository {
  return {
    defaultBranch: 'main',
    rulesetsAvailable: true,
    rulesets: new Map(),
    organizationRules: [],
    protection: new Map(),
    pages: undefined,
    pagesRefused: false,
    secrets: new Set(),
    organizationSecrets: new Set(),
    files: new Map(),
    administrationForbidden: false,
    forbidden: false,
    reportedChecks: new Map(),
    ...overrides,
  };
}

const SETTINGS_OPERATIONS = new Set([
  'repos/get',
  'repos/get-repo-rulesets',
  'repos/create-repo-ruleset',
  'repos/get-repo-ruleset',
  'repos/update-repo-ruleset',
  'repos/get-branch-rules',
  'repos/get-branch-protection',
  'repos/update-branch-protection',
  'repos/get-pages',
  'repos/create-pages-site',
  'repos/update-information-about-pages-site',
  'actions/list-repo-secrets',
  'actions/list-repo-organization-secrets',
  'repos/get-content',
  'apps/get-by-slug',
]);

/** The GitHub Actions app's id on github.com. */
export const GITHUB_ACTIONS_APP_ID = 15368;

let nextRulesetId = 1;

/** The answer to a settings operation, or undefined for the other operations. */
export function respondToSettings(
  repositories: Map<string, FakeRepository>,
  operation: string,
  params: Record<string, string>,
  body: Json,
  component: Component,
): [number, Json] | undefined {
  if (!SETTINGS_OPERATIONS.has(operation)) return undefined;
  if (operation === 'apps/get-by-slug')
    return params.app_slug === 'github-actions'
      ? [200, component('integration', { id: GITHUB_ACTIONS_APP_ID, slug: 'github-actions', name: 'GitHub Actions' })]
      : [404, component('basic-error', { message: 'Not Found' })];
  const fullName = `${params.owner}/${params.repo}`;
  const repository = repositories.get(fullName);
  const notFound: [number, Json] = [404, component('basic-error', { message: 'Not Found' })];
  if (!repository) return notFound;
  const rulesetOf = (id: number, ruleset: Json) =>
    component('repository-ruleset', {
      ...ruleset,
      id,
      source: fullName,
      source_type: 'Repository',
      target: ruleset.target ?? 'branch',
      bypass_actors: ruleset.bypass_actors ?? [],
      conditions: ruleset.conditions ?? null,
      rules: ruleset.rules ?? [],
    });
  switch (operation) {
    case 'repos/get':
      if (repository.forbidden)
        return [403, component('basic-error', { message: 'Resource protected by organization SAML enforcement' })];
      return [
        200,
        component('full-repository', {
          name: params.repo,
          full_name: fullName,
          default_branch: repository.defaultBranch,
          owner: component('simple-user', { login: params.owner }),
        }),
      ];
    case 'repos/get-repo-rulesets':
      if (!repository.rulesetsAvailable) return notFound;
      return [
        200,
        [...repository.rulesets].map(([id, r]) =>
          component('repository-ruleset', {
            id,
            name: r.name,
            source: fullName,
            source_type: 'Repository',
            enforcement: r.enforcement,
            target: r.target ?? 'branch',
          }),
        ),
      ];
    case 'repos/create-repo-ruleset': {
      if (!repository.rulesetsAvailable || repository.administrationForbidden) return notFound;
      const id = nextRulesetId++;
      repository.rulesets.set(id, body);
      return [201, rulesetOf(id, body)];
    }
    case 'repos/get-repo-ruleset': {
      const ruleset = repository.rulesets.get(Number(params.ruleset_id));
      return ruleset ? [200, rulesetOf(Number(params.ruleset_id), ruleset)] : notFound;
    }
    case 'repos/update-repo-ruleset': {
      const id = Number(params.ruleset_id);
      if (!repository.rulesets.has(id) || repository.administrationForbidden) return notFound;
      repository.rulesets.set(id, body);
      return [200, rulesetOf(id, body)];
    }
    case 'repos/get-branch-rules':
      return [200, branchRules(repository, fullName, params.branch!)];
    case 'repos/get-branch-protection': {
      const protection = repository.protection.get(params.branch!);
      if (!protection) return [404, component('basic-error', { message: 'Branch not protected' })];
      return [200, protectionResponse(protection, params.branch!, component)];
    }
    case 'repos/update-branch-protection':
      if (repository.administrationForbidden)
        return [403, component('basic-error', { message: 'Resource not accessible by personal access token' })];
      // GitHub pins each required context to the app that recently reported it, when the protection is written.
      repository.protection.set(params.branch!, {
        ...body,
        pinnedApps: Object.fromEntries(
          (body.required_status_checks?.contexts ?? []).flatMap((context: string) =>
            repository.reportedChecks.has(context) ? [[context, repository.reportedChecks.get(context)]] : [],
          ),
        ),
      });
      return [
        200,
        component('protected-branch', {
          url: `https://api.github.invalid/repos/${fullName}/branches/${params.branch}/protection`,
        }),
      ];
    case 'repos/get-pages':
      return repository.pages ? [200, pageOf(repository.pages.build_type, fullName, component)] : notFound;
    case 'repos/create-pages-site':
      if (repository.pages) return [409, component('basic-error', { message: 'GitHub Pages is already enabled.' })];
      if (repository.pagesRefused || repository.administrationForbidden)
        return [
          422,
          component('validation-error', {
            message: 'Your current plan does not support GitHub Pages for this repository.',
          }),
        ];
      repository.pages = { build_type: body.build_type };
      return [201, pageOf(body.build_type, fullName, component)];
    case 'repos/update-information-about-pages-site':
      if (!repository.pages) return [400, component('scim-error', { message: 'Pages is not enabled' })];
      if (repository.pagesRefused || repository.administrationForbidden)
        return [
          422,
          component('validation-error', {
            message: 'Your current plan does not support GitHub Pages for this repository.',
          }),
        ];
      repository.pages = { build_type: body.build_type };
      return [204, undefined];
    case 'actions/list-repo-secrets':
      return [200, secretList(repository.secrets, component)];
    case 'actions/list-repo-organization-secrets':
      return [200, secretList(repository.organizationSecrets, component)];
    case 'repos/get-content': {
      const text = repository.files.get(params.path!);
      if (text === undefined) return notFound;
      const content = Buffer.from(text).toString('base64');
      return [
        200,
        component('content-file', {
          type: 'file',
          encoding: 'base64',
          size: text.length,
          name: params.path!.split('/').pop(),
          path: params.path,
          content,
          sha: 'a'.repeat(40),
        }),
      ];
    }
  }
  return undefined;
}

/** The rules of active rulesets that cover `branch`, as GET /rules/branches/{branch} lists them. */
function branchRules(repository: FakeRepository, fullName: string, branch: string): Json[] {
  const covers = (patterns: string[] | undefined) =>
    (patterns ?? []).some(
      (p) =>
        p === '~ALL' ||
        p === `refs/heads/${branch}` ||
        (p === '~DEFAULT_BRANCH' && branch === repository.defaultBranch),
    );
  const rules: Json[] = branch === repository.defaultBranch ? [...repository.organizationRules] : [];
  for (const [id, ruleset] of repository.rulesets) {
    if (ruleset.enforcement !== 'active' || (ruleset.target ?? 'branch') !== 'branch') continue;
    if (!covers(ruleset.conditions?.ref_name?.include) || covers(ruleset.conditions?.ref_name?.exclude)) continue;
    for (const rule of ruleset.rules ?? [])
      rules.push({ ...rule, ruleset_source_type: 'Repository', ruleset_source: fullName, ruleset_id: id });
  }
  return rules;
}

/** GET protection's answer for what PUT stored. */
function protectionResponse(put: Json, branch: string, component: Component): Json {
  const enabled = (value: unknown) => ({ enabled: value === true });
  return component('branch-protection', {
    url: `https://api.github.invalid/branches/${branch}/protection`,
    ...(put.required_status_checks
      ? {
          required_status_checks: {
            url: 'https://api.github.invalid/x',
            strict: put.required_status_checks.strict,
            contexts: put.required_status_checks.contexts ?? [],
            contexts_url: 'https://api.github.invalid/x',
            checks: (put.required_status_checks.contexts ?? []).map((context: string) => ({
              context,
              app_id: put.pinnedApps?.[context] ?? null,
            })),
          },
        }
      : {}),
    enforce_admins: { url: 'https://api.github.invalid/x', enabled: put.enforce_admins === true },
    ...(put.required_pull_request_reviews
      ? {
          required_pull_request_reviews: {
            url: 'https://api.github.invalid/x',
            dismiss_stale_reviews: put.required_pull_request_reviews.dismiss_stale_reviews === true,
            require_code_owner_reviews: put.required_pull_request_reviews.require_code_owner_reviews === true,
            required_approving_review_count: put.required_pull_request_reviews.required_approving_review_count ?? 0,
            require_last_push_approval: put.required_pull_request_reviews.require_last_push_approval === true,
          },
        }
      : {}),
    required_linear_history: enabled(put.required_linear_history),
    allow_force_pushes: enabled(put.allow_force_pushes),
    allow_deletions: enabled(put.allow_deletions),
    block_creations: enabled(put.block_creations),
    required_conversation_resolution: enabled(put.required_conversation_resolution),
    lock_branch: enabled(put.lock_branch),
    allow_fork_syncing: enabled(put.allow_fork_syncing),
  });
}

function pageOf(buildType: string, fullName: string, component: Component): Json {
  return component('page', {
    url: `https://api.github.invalid/repos/${fullName}/pages`,
    status: 'built',
    cname: null,
    custom_404: false,
    public: true,
    build_type: buildType,
  });
}

function secretList(names: Set<string>, component: Component): Json {
  return {
    total_count: names.size,
    secrets: [...names].map((name) =>
      component('actions-secret', { name, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' }),
    ),
  };
}
