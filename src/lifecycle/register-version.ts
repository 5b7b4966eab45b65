/**
 * Registering a version: plan the files (pure), validate the proposed
 * change exactly as CI will, then write and commit. Nothing is written when
 * anything fails.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import semver from 'semver';
import type { ModelEntry } from '../contract/model-schema.js';
import type { Artifact, Signature, VersionEntry } from '../contract/version-schema.js';
import { UserError } from '../domain/errors.js';
import { isValidVersionName, modelDir, modelFilePath, versionFilePath } from '../domain/layout.js';
import { writeFileAtomically } from '../git/atomic-file.js';
import { requireIdentity } from '../git/require-identity.js';
import { applyChange, checkedOutBranch, type AppliedChange, type CommitTarget } from './apply-change.js';
import { plannedModelPages } from '../model-docs/planned-pages.js';
import { OverlaySource } from '../snapshot/overlay-source.js';
import { validateChange, type ValidationReport } from '../validate/validate-change.js';
import { editDistance } from '../domain/near-miss.js';
import { commitMessage } from '../domain/commit-trailers.js';
import type { Registry } from '../registry/registry.js';
import { renderModelFile, renderVersionFile } from './render-entry.js';

export interface RegistrationRequest {
  readonly model: string;
  /** Exactly one of version and bump. */
  readonly version?: string;
  readonly bump?: 'major' | 'minor' | 'patch';
  readonly artifacts: Readonly<Record<string, Artifact>>;
  readonly stage?: string;
  readonly description?: string;
  readonly metrics?: Readonly<Record<string, number>>;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly signature?: Signature;
  readonly parent?: string;
  readonly data?: readonly { uri: string; digest?: string }[];
  readonly code?: { repo: string; commit: string };
  readonly run?: string;
  readonly tags?: readonly string[];
  /** Required when the model does not exist yet; refused otherwise. */
  readonly owners?: readonly string[];
  /** Model-level fields of a model this registration creates (`--task`, `--goal`); refused for an existing model. */
  readonly modelFields?: { readonly task?: string; readonly goals?: ReadonlyMap<string, 'maximize' | 'minimize'> };
  /** Creates the model even though its name is one edit away from an existing one (`--new-model`); refused when it exists. */
  readonly confirmNewModel?: boolean;
  readonly createdBy?: string;
  readonly now: Date;
}

export interface RegistrationPlan {
  readonly model: string;
  readonly version: string;
  readonly stage: string;
  readonly newModel: boolean;
  /** path → content of each file to add. */
  readonly files: ReadonlyMap<string, string>;
  readonly message: string;
}

export interface RegistrationResult {
  readonly plan: RegistrationPlan;
  readonly report: ValidationReport;
  /** The new commit, or undefined with `commit: false`. */
  readonly commit: string | undefined;
  readonly applied?: AppliedChange;
  /** The model page written or committed with the version, when the registry keeps pages. */
  readonly pages: readonly string[];
}

export async function registerVersion(
  registry: Registry,
  request: RegistrationRequest,
  options: { commit: boolean; branch?: string | 'auto' },
): Promise<RegistrationResult> {
  if (options.commit) {
    const base = await checkedOutBranch(registry);
    const plan = await planRegistration(registry, base.view, request);
    const guardedPaths = [modelDir(plan.model)];
    const target: CommitTarget =
      options.branch === undefined
        ? { kind: 'here' }
        : {
            kind: 'branch',
            name: options.branch === 'auto' ? `modelreg/register-${plan.model}-${plan.version}` : options.branch,
          };
    const applied = await applyChange(
      registry,
      base,
      { edits: plan.files, message: plan.message, guardedPaths },
      target,
      request.now,
    );
    return { plan, report: applied.report, commit: applied.commit, applied, pages: applied.pages };
  }
  const headCommit = await registry.git.head();
  if (!headCommit)
    throw new UserError(
      'EMPTY_REPOSITORY',
      'the repository has no commits',
      'Create the registry with `modelreg init` first.',
    );
  const view = await registry.at(headCommit);
  const plan = await planRegistration(registry, view, request);
  for (const path of plan.files.keys()) {
    if (await exists(join(registry.dir, path))) throw uncommittedFileInTheWay(registry, path);
  }
  const edits = new Map(
    [...plan.files].map(([path, text]) => [path, new TextEncoder().encode(text) as Uint8Array | null]),
  );
  // The model's page is written beside the files, so committing what was written keeps `modelreg docs --check` passing.
  const pages = await plannedModelPages(registry, view, edits, plan.message);
  for (const [path, bytes] of pages) {
    const committed = await view.source.read(path);
    const onDisk = await readFile(join(registry.dir, path)).catch(() => undefined);
    if (onDisk !== undefined && (committed === undefined || !Buffer.from(committed).equals(onDisk)))
      throw uncommittedFileInTheWay(registry, path, committed !== undefined);
    edits.set(path, bytes);
  }
  const report = await validateChange({ base: view.source, head: new OverlaySource(view.source, edits) });
  if (!report.ok) {
    throw registry.contractViolation(
      `${plan.model}@${plan.version} would break the registry contract; nothing was written`,
      report,
    );
  }
  // Whole files or none: a run stopped half-way must not leave a truncated entry behind.
  for (const [path, bytes] of edits) await writeFileAtomically(join(registry.dir, path), Buffer.from(bytes!));
  return { plan, report, commit: undefined, pages: [...pages.keys()] };
}

/**
 * A new model one edit away from an existing one is far more often a typo
 * (`fraud-detecton`) than a new model: it would start a second model with a
 * single version. Created only when the user confirms with --new-model.
 */
async function refuseLikelyTypo(
  view: import('../registry/registry-view.js').RegistryView,
  request: RegistrationRequest,
): Promise<void> {
  if (request.confirmNewModel) return;
  const near = (await view.modelNames()).filter((name) => editDistance(name, request.model) <= 1);
  if (near.length === 0) return;
  throw new UserError(
    'NEW_MODEL_UNCONFIRMED',
    `model "${request.model}" does not exist, and its name is one edit away from ${near.map((n) => `"${n}"`).join(', ')}`,
    `Did you mean ${near[0]}? Register under that name; or, to create the new model "${request.model}", run the command again with --new-model.`,
  );
}

function uncommittedFileInTheWay(registry: Registry, path: string, edited = false): UserError {
  return new UserError(
    'WORKTREE_CONFLICT',
    `${registry.pathInRepository(path)} ${edited ? 'has uncommitted edits' : 'already exists in the working tree but is not committed'}`,
    'Commit, move or delete the uncommitted file first; modelreg never overwrites uncommitted work.',
  );
}

export async function planRegistration(
  registry: Registry,
  view: import('../registry/registry-view.js').RegistryView,
  request: RegistrationRequest,
): Promise<RegistrationPlan> {
  const policy = await view.policy();
  const existing = await view.snapshot.versionNames(request.model);
  const modelFile = await view.snapshot.modelFile(request.model);
  const newModel = modelFile === undefined;
  if (newModel) await refuseLikelyTypo(view, request);
  else if (request.confirmNewModel) {
    throw new UserError(
      'MODEL_EXISTS',
      `--new-model: model "${request.model}" already exists`,
      `Drop --new-model to register a version of ${request.model}, or choose another name for a new model.`,
    );
  }
  if (newModel && (!request.owners || request.owners.length === 0)) {
    throw new UserError(
      'OWNER_REQUIRED',
      `model "${request.model}" does not exist yet, so it needs owners`,
      `Pass --owner <github-user> or --owner @org/team (repeatable) to create models/${request.model}/model.yaml.`,
    );
  }
  if (!newModel && request.owners && request.owners.length > 0) {
    throw new UserError(
      'OWNER_NOT_APPLICABLE',
      `model "${request.model}" already exists; --owner only applies when a model is created`,
      `Change owners in their own change: modelreg model set ${request.model} --owner <owner> / --remove-owner <owner>.`,
    );
  }
  if (!newModel && (request.modelFields?.task !== undefined || (request.modelFields?.goals?.size ?? 0) > 0)) {
    throw new UserError(
      'MODEL_FIELD_NOT_APPLICABLE',
      `model "${request.model}" already exists; --task and --goal only apply when a model is created`,
      `Change them in their own change: modelreg model set ${request.model} --task <task> --goal <metric>=maximize.`,
    );
  }
  const version = chooseVersion(request, existing);
  if (existing.includes(version)) {
    throw new UserError(
      'VERSION_EXISTS',
      `${request.model}@${version} is already registered`,
      `Registered versions are immutable. Use --bump patch (→ ${semver.inc(existing[existing.length - 1]!, 'patch')}) or another --version.`,
    );
  }
  const stage = request.stage ?? policy.initialStages[0]!;
  const createdBy = request.createdBy ?? (await requireIdentity(registry.git)).email;
  const entry: VersionEntry = {
    version,
    stage,
    created: request.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    created_by: createdBy,
    ...(request.description !== undefined ? { description: request.description } : {}),
    artifacts: { ...request.artifacts },
    ...(request.metrics ? { metrics: { ...request.metrics } } : {}),
    ...(request.params ? { params: { ...request.params } } : {}),
    ...(request.signature ? { signature: request.signature } : {}),
    ...(lineageOf(request) ? { lineage: lineageOf(request)! } : {}),
    ...(request.tags && request.tags.length > 0 ? { tags: [...request.tags] } : {}),
  };
  const files = new Map<string, string>();
  if (newModel) {
    const { task, goals } = request.modelFields ?? {};
    const model: ModelEntry = {
      name: request.model,
      owners: [...request.owners!],
      ...(task !== undefined ? { task } : {}),
      ...(goals && goals.size > 0
        ? { metrics: Object.fromEntries([...goals].map(([metric, goal]) => [metric, { goal }])) }
        : {}),
    };
    files.set(modelFilePath(request.model), renderModelFile(model));
  }
  files.set(versionFilePath(request.model, version), renderVersionFile(entry));
  const roles = Object.entries(request.artifacts)
    .map(([role, a]) => `${role}: ${a.uri} (${a.digest})`)
    .join('\n');
  const message = commitMessage(
    `register(${request.model}): ${version} in ${stage}`,
    `Registers ${request.model}@${version}${newModel ? ' (new model)' : ''} with artifacts:\n${roles}`,
    { action: 'register', model: request.model, version, to: stage },
  );
  return { model: request.model, version, stage, newModel, files, message };
}

function chooseVersion(request: RegistrationRequest, existing: readonly string[]): string {
  if ((request.version === undefined) === (request.bump === undefined)) {
    throw new UserError(
      'VERSION_REQUIRED',
      'give exactly one of --version and --bump',
      'e.g. --version 1.2.0, or --bump minor to go from the highest registered version.',
    );
  }
  if (request.version !== undefined) {
    if (!isValidVersionName(request.version)) {
      throw new UserError(
        'INVALID_VERSION',
        `"${request.version}" is not a semantic version`,
        'Use MAJOR.MINOR.PATCH such as 1.2.0 (no "v" prefix).',
      );
    }
    return request.version;
  }
  const highest = existing[existing.length - 1];
  if (!highest) return request.bump === 'major' ? '1.0.0' : request.bump === 'minor' ? '0.1.0' : '0.0.1';
  return semver.inc(highest, request.bump!)!;
}

function lineageOf(request: RegistrationRequest): VersionEntry['lineage'] | undefined {
  const lineage: NonNullable<VersionEntry['lineage']> = {};
  if (request.parent !== undefined) lineage.parent = request.parent;
  if (request.data && request.data.length > 0) lineage.data = request.data.map((d) => ({ ...d }));
  if (request.code) lineage.code = { ...request.code };
  if (request.run !== undefined) lineage.run = request.run;
  return Object.keys(lineage).length > 0 ? lineage : undefined;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
