/**
 * What protects the default branch, in one shape whether it comes from
 * repository rulesets or from classic branch protection (pure). GitHub
 * enforces every active ruleset and the branch protection together, so the
 * branch is as safe as the strictest of them for each safeguard.
 */

export interface BranchSafeguards {
  readonly pullRequestRequired: boolean;
  readonly requiredApprovals: number;
  readonly dismissStaleApprovals: boolean;
  readonly codeOwnerReview: boolean;
  readonly requiredChecks: ReadonlySet<string>;
  /**
   * Required checks that only one GitHub App may satisfy (check name → app id). A check required by name alone
   * is satisfied by any commit status of that name, which anyone with write access can post.
   */
  readonly checkApps: ReadonlyMap<string, number>;
  readonly forcePushesBlocked: boolean;
  readonly deletionsBlocked: boolean;
}

export const NO_SAFEGUARDS: BranchSafeguards = {
  pullRequestRequired: false,
  requiredApprovals: 0,
  dismissStaleApprovals: false,
  codeOwnerReview: false,
  requiredChecks: new Set(),
  checkApps: new Map(),
  forcePushesBlocked: false,
  deletionsBlocked: false,
};

/** A rule as GitHub's rulesets API returns and takes it. */
export interface RulesetRule {
  readonly type: string;
  readonly parameters?: Record<string, unknown>;
}

/** The rules in a ruleset's body that modelreg writes; others are kept as they are. */
export const MANAGED_RULE_TYPES: ReadonlySet<string> = new Set([
  'pull_request',
  'required_status_checks',
  'non_fast_forward',
  'deletion',
]);

/** GitHub's ceilings on required approvals. */
export const MAX_RULESET_APPROVALS = 10;
export const MAX_PROTECTION_APPROVALS = 6;

export function safeguardsOfRules(rules: readonly RulesetRule[]): BranchSafeguards {
  let safeguards = NO_SAFEGUARDS;
  for (const rule of rules) {
    const p = rule.parameters ?? {};
    if (rule.type === 'pull_request') {
      safeguards = strictest(safeguards, {
        ...NO_SAFEGUARDS,
        pullRequestRequired: true,
        requiredApprovals: numberOr(p.required_approving_review_count, 0),
        dismissStaleApprovals: p.dismiss_stale_reviews_on_push === true,
        codeOwnerReview: p.require_code_owner_review === true,
      });
    } else if (rule.type === 'required_status_checks') {
      const checks: { context?: unknown; integration_id?: unknown }[] = Array.isArray(p.required_status_checks)
        ? p.required_status_checks
        : [];
      safeguards = strictest(safeguards, {
        ...NO_SAFEGUARDS,
        requiredChecks: new Set(checks.map((c) => String(c.context))),
        checkApps: appsOf(checks.map((c) => [c.context, c.integration_id])),
      });
    } else if (rule.type === 'non_fast_forward') {
      safeguards = strictest(safeguards, { ...NO_SAFEGUARDS, forcePushesBlocked: true });
    } else if (rule.type === 'deletion') {
      safeguards = strictest(safeguards, { ...NO_SAFEGUARDS, deletionsBlocked: true });
    }
  }
  return safeguards;
}

/** Classic branch protection as GET /repos/{o}/{r}/branches/{b}/protection returns it. */
export interface BranchProtection {
  readonly required_status_checks?: {
    strict?: boolean;
    contexts?: string[];
    checks?: { context: string; app_id?: number | null }[];
  } | null;
  readonly enforce_admins?: { enabled?: boolean } | null;
  readonly required_pull_request_reviews?: {
    dismiss_stale_reviews?: boolean;
    require_code_owner_reviews?: boolean;
    required_approving_review_count?: number;
    require_last_push_approval?: boolean;
  } | null;
  readonly restrictions?: {
    users?: { login?: string }[];
    teams?: { slug?: string }[];
    apps?: { slug?: string }[];
  } | null;
  readonly required_linear_history?: { enabled?: boolean };
  readonly allow_force_pushes?: { enabled?: boolean };
  readonly allow_deletions?: { enabled?: boolean };
  readonly block_creations?: { enabled?: boolean };
  readonly required_conversation_resolution?: { enabled?: boolean };
  readonly lock_branch?: { enabled?: boolean };
  readonly allow_fork_syncing?: { enabled?: boolean };
}

export function safeguardsOfProtection(protection: BranchProtection): BranchSafeguards {
  const reviews = protection.required_pull_request_reviews;
  const checks = protection.required_status_checks;
  return {
    pullRequestRequired: Boolean(reviews),
    requiredApprovals: numberOr(reviews?.required_approving_review_count, 0),
    dismissStaleApprovals: reviews?.dismiss_stale_reviews === true,
    codeOwnerReview: reviews?.require_code_owner_reviews === true,
    requiredChecks: new Set([...(checks?.contexts ?? []), ...(checks?.checks ?? []).map((c) => c.context)]),
    checkApps: appsOf((checks?.checks ?? []).map((c) => [c.context, c.app_id])),
    // A protected branch refuses force pushes and deletions unless they are allowed.
    forcePushesBlocked: protection.allow_force_pushes?.enabled !== true,
    deletionsBlocked: protection.allow_deletions?.enabled !== true,
  };
}

export function strictest(a: BranchSafeguards, b: BranchSafeguards): BranchSafeguards {
  return {
    pullRequestRequired: a.pullRequestRequired || b.pullRequestRequired,
    requiredApprovals: Math.max(a.requiredApprovals, b.requiredApprovals),
    dismissStaleApprovals: a.dismissStaleApprovals || b.dismissStaleApprovals,
    codeOwnerReview: a.codeOwnerReview || b.codeOwnerReview,
    requiredChecks: new Set([...a.requiredChecks, ...b.requiredChecks]),
    // GitHub enforces both: a check pinned by either must come from that app.
    checkApps: new Map([...b.checkApps, ...a.checkApps]),
    forcePushesBlocked: a.forcePushesBlocked || b.forcePushesBlocked,
    deletionsBlocked: a.deletionsBlocked || b.deletionsBlocked,
  };
}

/** What `have` lacks of `want`, one sentence each. */
export function missingSafeguards(have: BranchSafeguards, want: BranchSafeguards): string[] {
  const missing: string[] = [];
  if (want.pullRequestRequired && !have.pullRequestRequired) missing.push('pull requests are not required');
  if (have.requiredApprovals < want.requiredApprovals)
    missing.push(
      `${have.requiredApprovals} approvals are required, the policy needs at least ${want.requiredApprovals}`,
    );
  if (want.dismissStaleApprovals && !have.dismissStaleApprovals)
    missing.push('stale approvals are not dismissed when new commits are pushed');
  if (want.codeOwnerReview && !have.codeOwnerReview) missing.push('review from code owners is not required');
  for (const check of want.requiredChecks)
    if (!have.requiredChecks.has(check)) missing.push(`the "${check}" check is not required`);
    else if (want.checkApps.has(check) && have.checkApps.get(check) !== want.checkApps.get(check))
      missing.push(
        `the "${check}" check is not required to come from GitHub Actions: any commit status named "${check}" satisfies it`,
      );
  if (want.forcePushesBlocked && !have.forcePushesBlocked) missing.push('force pushes are allowed');
  if (want.deletionsBlocked && !have.deletionsBlocked) missing.push('the branch may be deleted');
  return missing;
}

/** A full ruleset body for POST/PUT: `existing`'s other rules and settings kept, the managed rules at least as strict as `want`. */
export function rulesetBody(want: BranchSafeguards, existing: RulesetBodyShape | undefined): RulesetBodyShape {
  const previous = new Map((existing?.rules ?? []).map((r) => [r.type, r] as const));
  const pullRequest = previous.get('pull_request')?.parameters ?? {};
  const statusChecks = previous.get('required_status_checks')?.parameters ?? {};
  const checks = Array.isArray(statusChecks.required_status_checks)
    ? (statusChecks.required_status_checks as { context: string; integration_id?: number }[])
    : [];
  const pinned = (context: string) => {
    const app = want.checkApps.get(context);
    return app === undefined ? {} : { integration_id: app };
  };
  const include = existing?.conditions?.ref_name?.include ?? [];
  const managed: RulesetRule[] = [
    {
      type: 'pull_request',
      parameters: {
        ...pullRequest,
        required_approving_review_count: Math.min(
          MAX_RULESET_APPROVALS,
          Math.max(want.requiredApprovals, numberOr(pullRequest.required_approving_review_count, 0)),
        ),
        dismiss_stale_reviews_on_push: true,
        require_code_owner_review: true,
        require_last_push_approval: pullRequest.require_last_push_approval === true,
        required_review_thread_resolution: pullRequest.required_review_thread_resolution === true,
      },
    },
    {
      type: 'required_status_checks',
      parameters: {
        ...statusChecks,
        strict_required_status_checks_policy: statusChecks.strict_required_status_checks_policy === true,
        required_status_checks: [
          ...checks.map((check) => ({ ...check, ...pinned(check.context) })),
          ...[...want.requiredChecks]
            .filter((c) => !checks.some((k) => k.context === c))
            .map((context) => ({ context, ...pinned(context) })),
        ],
      },
    },
    { type: 'non_fast_forward' },
    { type: 'deletion' },
  ];
  return {
    name: existing?.name ?? MODELREG_RULESET,
    target: 'branch',
    enforcement: 'active',
    ...(existing?.bypass_actors ? { bypass_actors: existing.bypass_actors } : {}),
    conditions: {
      ref_name: {
        include:
          include.includes('~DEFAULT_BRANCH') || include.includes('~ALL') ? include : [...include, '~DEFAULT_BRANCH'],
        // An exclusion of the default branch would switch the ruleset off where it matters.
        exclude: (existing?.conditions?.ref_name?.exclude ?? []).filter((e) => e !== '~DEFAULT_BRANCH'),
      },
    },
    rules: [...(existing?.rules ?? []).filter((r) => !MANAGED_RULE_TYPES.has(r.type)), ...managed],
  };
}

export const MODELREG_RULESET = 'modelreg';

export interface RulesetBodyShape {
  readonly name: string;
  readonly target?: string;
  readonly enforcement: string;
  readonly bypass_actors?: readonly unknown[];
  readonly conditions?: {
    readonly ref_name?: { readonly include?: readonly string[]; readonly exclude?: readonly string[] };
  } | null;
  readonly rules?: readonly RulesetRule[];
}

/** A full PUT body for classic branch protection: `existing`'s settings kept, the safeguards at least as strict as `want`. */
export function protectionBody(
  want: BranchSafeguards,
  existing: BranchProtection | undefined,
): Record<string, unknown> {
  const reviews = existing?.required_pull_request_reviews;
  const checks = existing?.required_status_checks;
  // GitHub pins each of these to the app that last reported a check of that name (there is no way to name the app
  // in this form that GitHub's description accepts): a check that never ran stays unpinned, and doctor says so.
  const contexts = [
    ...new Set([...(checks?.contexts ?? []), ...(checks?.checks ?? []).map((c) => c.context), ...want.requiredChecks]),
  ];
  const restrictions = existing?.restrictions;
  return {
    required_status_checks: { strict: checks?.strict === true, contexts },
    enforce_admins: existing?.enforce_admins?.enabled === true,
    required_pull_request_reviews: {
      dismiss_stale_reviews: true,
      require_code_owner_reviews: true,
      required_approving_review_count: Math.min(
        MAX_PROTECTION_APPROVALS,
        Math.max(want.requiredApprovals, numberOr(reviews?.required_approving_review_count, 0)),
      ),
      require_last_push_approval: reviews?.require_last_push_approval === true,
    },
    restrictions: restrictions
      ? {
          users: (restrictions.users ?? []).flatMap((u) => (u.login ? [u.login] : [])),
          teams: (restrictions.teams ?? []).flatMap((t) => (t.slug ? [t.slug] : [])),
          apps: (restrictions.apps ?? []).flatMap((a) => (a.slug ? [a.slug] : [])),
        }
      : null,
    required_linear_history: existing?.required_linear_history?.enabled === true,
    allow_force_pushes: false,
    allow_deletions: false,
    block_creations: existing?.block_creations?.enabled === true,
    required_conversation_resolution: existing?.required_conversation_resolution?.enabled === true,
    lock_branch: existing?.lock_branch?.enabled === true,
    allow_fork_syncing: existing?.allow_fork_syncing?.enabled === true,
  };
}

/** The checks pinned to an app; GitHub's -1 (any app) and a missing id pin nothing. */
function appsOf(checks: readonly (readonly [unknown, unknown])[]): Map<string, number> {
  const apps = new Map<string, number>();
  for (const [context, app] of checks) if (typeof app === 'number' && app > 0) apps.set(String(context), app);
  return apps;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
