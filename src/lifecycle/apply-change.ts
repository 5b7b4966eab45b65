/**
 * Applying a planned change: refuse a detached HEAD and uncommitted edits in
 * the way, validate the proposed snapshot exactly as CI will, then commit it
 * on the current branch (`here`) or on a new branch ready for a pull request.
 * Nothing is written unless every check passes.
 */
import { UserError } from '../domain/errors.js';
import { requireIdentity } from '../git/require-identity.js';
import { GitStageHistory } from '../history/git-stage-history.js';
import { plannedModelPages } from '../model-docs/planned-pages.js';
import type { Registry } from '../registry/registry.js';
import type { RegistryView } from '../registry/registry-view.js';
import { OverlaySource } from '../snapshot/overlay-source.js';
import { WorktreeSource } from '../snapshot/worktree-source.js';
import { modelDir, POLICY_PATH } from '../domain/layout.js';
import { diffSnapshots } from '../validate/change-set.js';
import { validateChange, type ValidationReport } from '../validate/validate-change.js';

export type CommitTarget = { readonly kind: 'here' } | { readonly kind: 'branch'; readonly name: string };

export interface ProposedChange {
  /** path → new text, or null to delete. */
  readonly edits: ReadonlyMap<string, string | null>;
  readonly message: string;
  /** Paths whose uncommitted edits the change would overwrite or leave behind. */
  readonly guardedPaths: readonly string[];
}

export interface AppliedChange {
  readonly commit: string;
  /** The commit the change was made on: the new commit's parent, the base a pull request of it is compared with. */
  readonly parent: string;
  /** Short branch name the commit is on. */
  readonly branch: string;
  /** The branch that was checked out when the change was made. */
  readonly baseBranch: string;
  readonly report: ValidationReport;
  /** What was done to finish an earlier write that had been interrupted, if anything. */
  readonly finished?: string;
  /** The model pages committed with the change (registry paths), when the registry keeps pages. */
  readonly pages: readonly string[];
}

/** A planned stage change of one model (promote, rollback): uncommitted edits to that model or the policy are in its way. */
export function applyStageChange(
  registry: Registry,
  base: { branch: string; view: RegistryView; finished?: string },
  plan: Pick<ProposedChange, 'edits' | 'message'>,
  model: string,
  target: CommitTarget,
  now: Date,
): Promise<AppliedChange> {
  return applyChange(
    registry,
    base,
    { edits: plan.edits, message: plan.message, guardedPaths: [modelDir(model), POLICY_PATH] },
    target,
    now,
  );
}

/**
 * The branch HEAD is on and the view of its commit; refuses a detached HEAD.
 * An earlier write stopped between moving the branch and updating the
 * working tree is finished first, so the change is planned on what is there.
 */
export async function checkedOutBranch(
  registry: Registry,
): Promise<{ branch: string; view: RegistryView; finished?: string }> {
  const finished = await registry.git.finishInterruptedWrite();
  const branch = await registry.git.currentBranch();
  if (!branch) {
    throw new UserError(
      'DETACHED_HEAD',
      'HEAD is detached: there is no branch to build the change on',
      'Check out the registry branch first, e.g. git switch main.',
    );
  }
  const head = await registry.git.head();
  if (!head)
    throw new UserError(
      'EMPTY_REPOSITORY',
      'the repository has no commits',
      'Create the registry with `modelreg init` first.',
    );
  return { branch, view: await registry.at(head), ...(finished ? { finished } : {}) };
}

export async function applyChange(
  registry: Registry,
  base: { branch: string; view: RegistryView; finished?: string },
  change: ProposedChange,
  target: CommitTarget,
  now: Date,
): Promise<AppliedChange> {
  const headCommit = base.view.commit!;
  const branch = target.kind === 'here' ? base.branch : target.name;
  await registry.git.prepareWrite(`refs/heads/${branch}`, target.kind === 'here');
  await refuseUncommittedEdits(registry, base.view, change.guardedPaths);

  const encoder = new TextEncoder();
  const edits = new Map(
    [...change.edits].map(([path, text]) => [path, text === null ? null : (encoder.encode(text) as Uint8Array)]),
  );
  // The pages go into the same commit and are validated with it, so `modelreg docs --check` passes wherever the commit lands.
  const pages = await plannedModelPages(registry, base.view, edits, change.message);
  for (const [path, bytes] of pages) edits.set(path, bytes);
  const report = await validateChange({
    base: base.view.source,
    head: new OverlaySource(base.view.source, edits),
    history: new GitStageHistory(registry, headCommit),
    provenance: registry.provenanceReader(),
    now,
  });
  if (!report.ok)
    throw registry.contractViolation('the change would break the registry contract; nothing was written', report);

  const author = await requireIdentity(registry.git);
  if (target.kind === 'branch') await refuseExistingBranch(registry, target.name);
  const commit = await registry.git.commitFiles({
    ref: `refs/heads/${branch}`,
    parent: headCommit,
    createsRef: target.kind === 'branch',
    // The plan names registry paths; git, repository paths.
    edits: new Map([...edits].map(([path, bytes]) => [registry.pathInRepository(path), bytes])),
    message: change.message,
    author,
    when: now,
    updateWorktree: target.kind === 'here',
  });
  return {
    commit,
    parent: headCommit,
    branch,
    baseBranch: base.branch,
    report,
    pages: [...pages.keys()],
    ...(base.finished ? { finished: base.finished } : {}),
  };
}

async function refuseUncommittedEdits(registry: Registry, view: RegistryView, paths: readonly string[]): Promise<void> {
  if (paths.length === 0) return;
  const dirty = await diffSnapshots(view.source, new WorktreeSource(registry.dir), paths);
  if (dirty.length > 0) {
    throw new UserError(
      'DIRTY_WORKTREE',
      `uncommitted changes in ${dirty.map((c) => registry.pathInRepository(c.path)).join(', ')}`,
      'Commit or stash them first (git stash), so that the change is made on exactly what is committed.',
    );
  }
}

/** Branch names modelreg creates or accepts: git's rules, kept simple. */
const BRANCH_NAME = /^(?!\/|.*\/\/|.*\.\.|.*\/$|.*\.lock$|.*@\{)[A-Za-z0-9._/-]+$/;

async function refuseExistingBranch(registry: Registry, name: string): Promise<void> {
  if (!BRANCH_NAME.test(name) || name.startsWith('-')) {
    throw new UserError(
      'INVALID_BRANCH_NAME',
      `"${name}" is not a valid branch name`,
      'Use letters, digits, ".", "_", "-" and "/" (no "..", no trailing "/").',
    );
  }
  const exists = await registry.git.resolveCommit(`refs/heads/${name}`).then(
    () => true,
    () => false,
  );
  if (exists) {
    throw new UserError(
      'BRANCH_EXISTS',
      `branch ${name} already exists`,
      'Pass --branch <another name>, or delete the old branch (git branch -D) if it is stale.',
    );
  }
}
