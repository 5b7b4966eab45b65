/**
 * What a registry needs from its GitHub repository, what is missing, and the
 * API calls that close what can be closed (pure): from the policy, the
 * models' owners and the workflows on one side and the repository's settings
 * as read from GitHub on the other. `modelreg github doctor` reports the
 * gaps; `modelreg github setup` makes the planned calls, then reads again.
 */
import {
  MAX_PROTECTION_APPROVALS,
  MAX_RULESET_APPROVALS,
  MODELREG_RULESET,
  NO_SAFEGUARDS,
  missingSafeguards,
  protectionBody,
  rulesetBody,
  safeguardsOfProtection,
  safeguardsOfRules,
  strictest,
  type BranchProtection,
  type BranchSafeguards,
  type RulesetBodyShape,
  type RulesetRule,
} from './branch-safeguards.js';
import { codeOwnersDifferences, withCodeOwners, type CodeOwnersWanted } from './codeowners.js';
import type { RepositoryRef } from './github-port.js';

/** The registry's side. */
export interface WantedSettings {
  readonly branch: BranchSafeguards;
  readonly codeOwners: CodeOwnersWanted;
  readonly pages: boolean;
  /** Secret name → the workflow files that pass it as a token. */
  readonly secrets: ReadonlyMap<string, readonly string[]>;
  /** Said alongside the gaps: things setup leaves to people on purpose. */
  readonly notes: readonly string[];
}

/** A setting read from GitHub, or why it could not be read. */
export type Reading<T> =
  { readonly read: T } | { readonly unreadable: { readonly status: number | undefined; readonly message: string } };

export interface ObservedRuleset {
  readonly id: number;
  readonly body: RulesetBodyShape;
}

/** The repository's side, as the adapter reads it. */
export interface ObservedSettings {
  readonly defaultBranch: string;
  /** 'unavailable': this GitHub has no rulesets (older GitHub Enterprise Server), so branch protection is used. */
  readonly rulesets: Reading<
    { readonly rules: readonly RulesetRule[]; readonly modelreg: ObservedRuleset | undefined } | 'unavailable'
  >;
  readonly protection: Reading<BranchProtection | 'none'>;
  readonly codeOwners: Reading<{ readonly path: string; readonly text: string } | 'none'>;
  readonly pages: Reading<{ readonly buildType: string | null } | 'none'> | 'not-needed';
  readonly secrets: Reading<ReadonlySet<string>> | 'not-needed';
  /** The id of the GitHub Actions app on this GitHub (15368 on github.com), which the required check must come from. */
  readonly actionsApp: Reading<number>;
}

/** One request setup would send. */
export interface PlannedCall {
  readonly method: 'POST' | 'PUT';
  readonly path: string;
  readonly body: unknown;
  /** What it does, e.g. "create the modelreg ruleset for main". */
  readonly purpose: string;
  /** The permission a fine-grained token needs for it. */
  readonly permission: string;
}

export type GapArea = 'branch' | 'codeowners' | 'pages' | 'secrets';

export interface Gap {
  readonly area: GapArea;
  readonly message: string;
  /** How to close it by hand, when setup cannot. */
  readonly fix?: string;
}

export interface SetupPlan {
  readonly gaps: readonly Gap[];
  readonly calls: readonly PlannedCall[];
  /** The gaps no planned call closes. */
  readonly leftOver: readonly Gap[];
  /** The CODEOWNERS file the registry needs, when the repository's differs. */
  readonly codeOwnersFile: string | undefined;
}

/** Which permission each read needs, for the message when it fails. */
export const READ_PERMISSION: Record<GapArea, string> = {
  branch: 'Administration: read',
  codeowners: 'Contents: read',
  pages: 'Pages: read',
  secrets: 'Secrets: read',
};

/** The required approvals a branch needs: every pull request is held to the most any of the registry's changes needs. */
export function requiredApprovals(stageApprovals: readonly number[], rollbackApprovals: number): number {
  return Math.max(0, rollbackApprovals, ...stageApprovals);
}

export function wantedBranchSafeguards(approvals: number, check: string): BranchSafeguards {
  return {
    ...NO_SAFEGUARDS,
    pullRequestRequired: true,
    requiredApprovals: approvals,
    dismissStaleApprovals: true,
    codeOwnerReview: true,
    requiredChecks: new Set([check]),
    forcePushesBlocked: true,
    deletionsBlocked: true,
  };
}

/** The branch's safeguards as GitHub enforces them: every active ruleset and the classic protection together. */
export function effectiveSafeguards(observed: ObservedSettings): BranchSafeguards {
  let safeguards = NO_SAFEGUARDS;
  if ('read' in observed.rulesets && observed.rulesets.read !== 'unavailable')
    safeguards = strictest(safeguards, safeguardsOfRules(observed.rulesets.read.rules));
  if ('read' in observed.protection && observed.protection.read !== 'none')
    safeguards = strictest(safeguards, safeguardsOfProtection(observed.protection.read));
  return safeguards;
}

function unreadableGap(
  area: GapArea,
  what: string,
  reading: { unreadable: { status: number | undefined; message: string } },
): Gap {
  const status = reading.unreadable.status;
  return {
    area,
    message: `could not read ${what}${status ? ` (GitHub answered ${status}: ${reading.unreadable.message})` : `: ${reading.unreadable.message}`}`,
    fix: `Use a token that may read it (a fine-grained token needs ${READ_PERMISSION[area]}).`,
  };
}

/** The wanted safeguards with the required checks pinned to GitHub Actions, once its app id is known. */
function pinnedToActions(wanted: BranchSafeguards, observed: ObservedSettings): BranchSafeguards {
  if (!('read' in observed.actionsApp)) return wanted;
  const app = observed.actionsApp.read;
  return { ...wanted, checkApps: new Map([...wanted.requiredChecks].map((check) => [check, app])) };
}

/** Every way the repository falls short of `wanted`. */
export function gapsOf(wanted: WantedSettings, observed: ObservedSettings): Gap[] {
  return branchGaps(wanted, observed).concat(
    codeOwnersGaps(wanted, observed),
    pagesGaps(observed),
    secretGaps(wanted, observed),
  );
}

function branchGaps(wanted: WantedSettings, observed: ObservedSettings): Gap[] {
  const branch = observed.defaultBranch;
  const gaps: Gap[] = [];
  const usesRulesets = 'read' in observed.rulesets && observed.rulesets.read !== 'unavailable';
  // Without rulesets, the classic protection is all there is, and not being able to read it leaves nothing known.
  if ('unreadable' in observed.protection && !usesRulesets)
    gaps.push(unreadableGap('branch', `the branch protection of ${branch}`, observed.protection));
  if ('unreadable' in observed.rulesets)
    gaps.push(unreadableGap('branch', `the rulesets of ${branch}`, observed.rulesets));
  const ceiling = usesRulesets ? MAX_RULESET_APPROVALS : MAX_PROTECTION_APPROVALS;
  // Nothing read, nothing to compare: the unreadable setting is the gap, not a list of guesses.
  const known = usesRulesets || 'read' in observed.protection;
  if (known)
    for (const missing of missingSafeguards(effectiveSafeguards(observed), pinnedToActions(wanted.branch, observed)))
      gaps.push({
        area: 'branch',
        message: `${branch}: ${missing}`,
        // Classic protection pins a check to the app that last reported it: the check must have run once.
        ...(missing.includes('not required to come from') && !usesRulesets
          ? { fix: 'Let the validation workflow run once (open a pull request), then run modelreg github setup again.' }
          : {}),
      });
  if ('unreadable' in observed.actionsApp)
    gaps.push({
      area: 'branch',
      message: `could not look up the GitHub Actions app (GitHub answered ${observed.actionsApp.unreadable.status ?? 'nothing'}: ${observed.actionsApp.unreadable.message}): the required check cannot be pinned to it`,
      fix: 'Run modelreg github setup again with a token GitHub accepts for GET /apps/github-actions.',
    });
  if (wanted.branch.requiredApprovals > ceiling) {
    gaps.push({
      area: 'branch',
      message: `${branch}: the policy needs ${wanted.branch.requiredApprovals} approvals, and GitHub requires at most ${ceiling}`,
      fix:
        'The modelreg check still counts every approval the policy asks for; GitHub enforces the first ' +
        ceiling +
        '.',
    });
  }
  return gaps;
}

function codeOwnersGaps(wanted: WantedSettings, observed: ObservedSettings): Gap[] {
  const gaps: Gap[] = wanted.codeOwners.problems.map((problem) => ({
    area: 'codeowners' as const,
    message: `CODEOWNERS: ${problem}`,
    fix: 'Fix registry.yaml, then run modelreg github setup again.',
  }));
  if ('unreadable' in observed.codeOwners)
    return [...gaps, unreadableGap('codeowners', 'CODEOWNERS', observed.codeOwners)];
  const file = observed.codeOwners.read === 'none' ? undefined : observed.codeOwners.read;
  const differences = codeOwnersDifferences(file?.text, wanted.codeOwners);
  const where = file ? file.path : `.github/CODEOWNERS (there is none on ${observed.defaultBranch})`;
  for (const difference of differences) {
    gaps.push({
      area: 'codeowners',
      message: `${where}: ${difference}`,
      fix: 'Commit the CODEOWNERS setup prints as .github/CODEOWNERS on a branch and merge it through a pull request.',
    });
  }
  return gaps;
}

function pagesGaps(observed: ObservedSettings): Gap[] {
  const pages = observed.pages;
  if (pages === 'not-needed') return [];
  if ('unreadable' in pages) return [unreadableGap('pages', 'the GitHub Pages settings', pages)];
  if (pages.read === 'none')
    return [{ area: 'pages', message: 'GitHub Pages is not enabled: the catalog workflow has nowhere to publish' }];
  if (pages.read.buildType !== 'workflow')
    return [
      {
        area: 'pages',
        message: `GitHub Pages builds from a branch (${pages.read.buildType ?? 'legacy'}), not from GitHub Actions: the catalog workflow cannot deploy`,
      },
    ];
  return [];
}

function secretGaps(wanted: WantedSettings, observed: ObservedSettings): Gap[] {
  const secrets = observed.secrets;
  if (secrets === 'not-needed' || wanted.secrets.size === 0) return [];
  if ('unreadable' in secrets) return [unreadableGap('secrets', 'the names of the Actions secrets', secrets)];
  const gaps: Gap[] = [];
  for (const [name, files] of wanted.secrets) {
    if (secrets.read.has(name)) continue;
    gaps.push({
      area: 'secrets',
      message: `the Actions secret ${name} (the token ${files.join(', ')} open pull requests with) does not exist`,
      fix: `Create it with a GitHub App token or a fine-grained token (Contents: write, Pull requests: write): gh secret set ${name}. modelreg never handles secret values.`,
    });
  }
  return gaps;
}

function repositoryPath(repository: RepositoryRef, rest: string): string {
  return `/repos/${encodeURIComponent(repository.owner)}/${encodeURIComponent(repository.repo)}${rest}`;
}

/** The gaps, and the calls that close what setup can close. */
export function planSetup(repository: RepositoryRef, wanted: WantedSettings, observed: ObservedSettings): SetupPlan {
  const gaps = gapsOf(wanted, observed);
  const calls: PlannedCall[] = [];
  const closed = new Set<GapArea>();
  const branch = observed.defaultBranch;
  const wantedBranch = pinnedToActions(wanted.branch, observed);
  const branchSafeguardsMissing = missingSafeguards(effectiveSafeguards(observed), wantedBranch).length > 0;
  if (branchSafeguardsMissing && 'read' in observed.rulesets && observed.rulesets.read !== 'unavailable') {
    const existing = observed.rulesets.read.modelreg;
    const body = rulesetBody(wantedBranch, existing?.body);
    calls.push(
      existing
        ? {
            method: 'PUT',
            path: repositoryPath(repository, `/rulesets/${existing.id}`),
            body,
            purpose: `update the ${existing.body.name} ruleset for ${branch}`,
            permission: 'Administration: write',
          }
        : {
            method: 'POST',
            path: repositoryPath(repository, '/rulesets'),
            body,
            purpose: `create the ${MODELREG_RULESET} ruleset for ${branch}`,
            permission: 'Administration: write',
          },
    );
    closed.add('branch');
  } else if (branchSafeguardsMissing && 'read' in observed.protection) {
    const existing = observed.protection.read === 'none' ? undefined : observed.protection.read;
    calls.push({
      method: 'PUT',
      path: repositoryPath(repository, `/branches/${encodeURIComponent(branch)}/protection`),
      body: protectionBody(wantedBranch, existing),
      purpose: `protect ${branch} (this GitHub has no rulesets)`,
      permission: 'Administration: write',
    });
    closed.add('branch');
  }
  if (observed.pages !== 'not-needed' && 'read' in observed.pages) {
    const pages = observed.pages.read;
    const purpose = 'publish GitHub Pages from GitHub Actions (the catalog workflow)';
    if (pages === 'none')
      calls.push({
        method: 'POST',
        path: repositoryPath(repository, '/pages'),
        body: { build_type: 'workflow' },
        purpose,
        permission: 'Pages: write and Administration: write',
      });
    else if (pages.buildType !== 'workflow')
      calls.push({
        method: 'PUT',
        path: repositoryPath(repository, '/pages'),
        body: { build_type: 'workflow' },
        purpose,
        permission: 'Pages: write and Administration: write',
      });
    closed.add('pages');
  }
  const closes = (gap: Gap) =>
    closed.has(gap.area) && !gap.message.startsWith('could not read') && gap.fix === undefined;
  const current =
    'read' in observed.codeOwners
      ? observed.codeOwners.read === 'none'
        ? ''
        : observed.codeOwners.read.text
      : undefined;
  const codeOwnersFile =
    current !== undefined && codeOwnersDifferences(current, wanted.codeOwners).length > 0
      ? withCodeOwners(current, wanted.codeOwners)
      : undefined;
  return { gaps, calls, leftOver: gaps.filter((g) => !closes(g)), codeOwnersFile };
}
