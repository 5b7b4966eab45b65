/**
 * Read access to a registry at one snapshot (a commit, or the working
 * tree): models, versions, stage holders, and `model@stage` resolution.
 */
import type { LoadedFile } from '../contract/entry-files.js';
import type { ModelEntry } from '../contract/model-schema.js';
import type { Policy } from '../contract/policy.js';
import type { VersionEntry } from '../contract/version-schema.js';
import { UserError } from '../domain/errors.js';
import type { Finding } from '../domain/findings.js';
import { RegistrySnapshot } from '../snapshot/registry-snapshot.js';
import type { SnapshotSource } from '../snapshot/snapshot-source.js';
import { formatModelRef, parseModelRef, type ModelRef } from '../domain/model-ref.js';
import { chooseSplitHolder, chooseStageHolder, holdersByStage, holdersOf } from './stage-holders.js';
import { splitHolders, type SplitHolder } from '../domain/split-weights.js';
import { modelNotFound, requireModelName, requireStage, versionNotFound } from '../domain/registry-errors.js';
import { nodeCrypto } from '../domain/lazy-crypto.js';
import { modelDir } from '../domain/layout.js';
import type { ModelResultCache } from '../snapshot/model-result-cache.js';
import { PARSE_CACHE_FORMAT } from '../snapshot/persistent-parse-cache.js';

export interface VersionSummary {
  readonly model: string;
  readonly version: string;
  readonly stage: string;
  /** In a split stage: the weight written in the entry (a sole holder may have none: 100). */
  readonly weight?: number;
  readonly created: string;
  readonly createdBy: string;
  readonly description: string | undefined;
  readonly deprecated: boolean;
  readonly metrics: Readonly<Record<string, number>>;
}

export interface ResolvedArtifact {
  readonly uri: string;
  readonly digest: string;
  readonly size: number | undefined;
}

/** What a deploy job needs: which version, and where its artifacts are. */
export interface Resolution {
  readonly model: string;
  readonly version: string;
  readonly stage: string;
  readonly artifacts: Readonly<Record<string, ResolvedArtifact>>;
  /** Set when a non-exclusive stage has several holders and the highest version was chosen. */
  readonly otherHolders: readonly string[];
  /** For a split stage: every holder with its weight (percent), lowest version first. */
  readonly split?: readonly SplitHolder[];
}

export interface ResolveOptions {
  /**
   * For a split stage: choose the holder for this key (a user or request id)
   * deterministically by the weights (pickHolder in domain/split-weights.ts).
   * Without it a split stage resolves to the holder with the most weight.
   */
  readonly pick?: string;
}

export interface ModelDetails {
  readonly name: string;
  readonly entry: ModelEntry;
  readonly versions: readonly VersionSummary[];
  /** Stage → versions holding it, highest first. */
  readonly holders: ReadonlyMap<string, readonly string[]>;
}

export interface ListFilter {
  readonly model?: string;
  readonly stage?: string;
}

export class RegistryView {
  readonly snapshot: RegistrySnapshot;

  constructor(
    readonly source: SnapshotSource,
    /** The commit this view shows, or undefined for the working tree. */
    readonly commit: string | undefined,
  ) {
    this.snapshot = new RegistrySnapshot(source);
  }

  get label(): string {
    return this.source.label;
  }

  async policy(): Promise<Policy> {
    const state = await this.snapshot.policy();
    if (!state.valid) throw invalidFile(state.file!.findings);
    return state.policy;
  }

  async modelNames(): Promise<string[]> {
    return this.snapshot.modelNames();
  }

  async model(name: string): Promise<ModelDetails> {
    const file = await this.snapshot.modelFile(name);
    if (!file) throw await this.modelNotFound(name);
    if (!file.value) throw invalidFile(file.findings);
    const versions = await this.versions(name);
    return { name, entry: file.value, versions, holders: holdersByStage(versions) };
  }

  /** Every version of a model, ascending; refuses to guess when an entry is invalid. */
  async versions(model: string): Promise<VersionSummary[]> {
    const versions = await this.snapshot.versionFiles(model);
    // model.yaml is read only to tell a model without versions from no model at all.
    if (versions.size === 0 && !(await this.snapshot.modelFile(model))) throw await this.modelNotFound(model);
    return [...versions.values()].map((file) => summarize(model, requireValid(file)));
  }

  async version(model: string, version: string): Promise<VersionEntry> {
    const file = await this.snapshot.versionFile(model, version);
    if (!file) {
      const known = await this.snapshot.versionNames(model);
      if (known.length === 0 && !(await this.snapshot.hasModel(model))) throw await this.modelNotFound(model);
      throw versionNotFound(model, version, this.label, known);
    }
    return requireValid(file);
  }

  /**
   * Versions of every model (or one), in model order. With a cache, a
   * model's rows are kept by its tree id; either way each model's parsed
   * files are let go once summarized.
   */
  async list(filter: ListFilter = {}, cache?: ModelResultCache<VersionSummary[]>): Promise<VersionSummary[]> {
    const all: VersionSummary[] = [];
    for await (const rows of this.listInBatches(filter, cache)) all.push(...rows);
    return all;
  }

  /** The rows of list(), a batch of models at a time: a caller that prints as it goes never holds the whole registry. */
  async *listInBatches(
    filter: ListFilter = {},
    cache?: ModelResultCache<VersionSummary[]>,
  ): AsyncGenerator<VersionSummary[]> {
    if (filter.stage !== undefined) await this.requireStage(filter.stage);
    const names = filter.model !== undefined ? [filter.model] : await this.modelNames();
    for (let start = 0; start < names.length; start += LIST_BATCH_SIZE) {
      const settled = await Promise.allSettled(
        names.slice(start, start + LIST_BATCH_SIZE).map((name) => this.summaries(name, cache)),
      );
      // The first failing model in name order, not the first to fail in time: the same error on every run.
      const failed = settled.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      yield settled
        .flatMap((s) => (s.status === 'fulfilled' ? s.value : []))
        .filter((v) => filter.stage === undefined || v.stage === filter.stage);
    }
  }

  /** One model's rows of list() (kept in `cache` by its tree id); lets go of its parsed files. */
  async summaries(name: string, cache: ModelResultCache<VersionSummary[]> | undefined): Promise<VersionSummary[]> {
    requireModelName(name);
    const treeId = cache ? (await this.source.entry(modelDir(name)))?.id : undefined;
    const key = treeId === undefined ? undefined : listCacheKey(name, treeId);
    const known = key === undefined ? undefined : cache!.get(key);
    if (known) return known;
    try {
      const versions = await this.versions(name);
      if (key !== undefined) cache!.put(key, versions);
      return versions;
    } finally {
      this.snapshot.forget(name);
    }
  }

  /** `fraud@production` or `fraud@1.2.0` → the version and its artifacts. */
  async resolve(reference: string | ModelRef, options: ResolveOptions = {}): Promise<Resolution> {
    const ref = typeof reference === 'string' ? parseModelRef(reference) : reference;
    if (options.pick !== undefined && ref.kind === 'version')
      throw new UserError(
        'USAGE',
        `--pick chooses among the holders of a stage; "${formatModelRef(ref)}" names one version`,
        `Resolve ${ref.model}@<stage> --pick <key>.`,
      );
    if (ref.kind === 'model')
      throw new UserError(
        'INVALID_REFERENCE',
        `"${ref.model}" needs @<version> or @<stage>`,
        `e.g. ${ref.model}@production`,
      );
    if (ref.kind === 'version') {
      const entry = await this.version(ref.model, ref.version);
      return resolution(ref.model, entry, []);
    }
    // Read the model while the policy is checked; an unknown stage is still the error reported first.
    const reading = this.versions(ref.model);
    reading.catch(() => undefined);
    const policy = await this.requireStage(ref.stage);
    const versions = await reading;
    const holders = holdersOf(versions, ref.stage);
    const exclusive = policy.stages.get(ref.stage)?.exclusive ?? false;
    const question = { model: ref.model, stage: ref.stage, holders, exclusive, where: this.label, versions };
    if (policy.stages.get(ref.stage)?.split) {
      const entries = await Promise.all(holders.map((v) => this.version(ref.model, v)));
      const split = chooseSplitHolder(question, splitHolders(entries, ref.stage), options.pick);
      const entry = entries.find((e) => e.version === split.chosen.version)!;
      return { ...resolution(ref.model, entry, []), split: split.holders };
    }
    const chosen = chooseStageHolder(question);
    const entry = await this.version(ref.model, chosen);
    return resolution(ref.model, entry, holders.slice(1));
  }

  /** The policy, after checking that it declares `stage`. */
  async requireStage(stage: string): Promise<Policy> {
    const policy = await this.policy();
    requireStage(policy, stage);
    return policy;
  }

  /** Refuses a model this snapshot does not have, suggesting near misses. */
  async requireModel(name: string): Promise<void> {
    if (!(await this.snapshot.hasModel(name))) throw await this.modelNotFound(name);
  }

  private async modelNotFound(name: string): Promise<UserError> {
    return modelNotFound(name, this.label, await this.modelNames());
  }
}

/** Models read at once by list: enough to overlap git reads, few enough to keep memory flat (measured on L: 64 in flight peaked at 430 MB, 8 at 295 MB). */
export const LIST_BATCH_SIZE = 8;

/** Where list keeps a model's rows: its name and tree id. */
export function listCacheKey(model: string, treeId: string): string {
  return `${model}:${treeId}`;
}

/** Cached rows depend on the parser and on summarize(); its source is part of the key (computed when first needed, not at start-up). */
export function listCacheFormat(): string {
  return `modelreg-list-1+${PARSE_CACHE_FORMAT}+${nodeCrypto().createHash('sha256').update(String(summarize)).digest('hex').slice(0, 16)}`;
}

/** A version's row in `list` and `show <model>` (exported for the read API, which writes the same rows). */
export function summarize(model: string, entry: VersionEntry): VersionSummary {
  return {
    model,
    version: entry.version,
    stage: entry.stage,
    ...(entry.weight !== undefined ? { weight: entry.weight } : {}),
    created: entry.created,
    createdBy: entry.created_by,
    description: entry.description,
    deprecated: entry.deprecation !== undefined,
    metrics: entry.metrics ?? {},
  };
}

/** What `resolve` answers for `entry`; `otherHolders`: the other versions holding its stage, highest first. */
export function resolution(model: string, entry: VersionEntry, otherHolders: string[]): Resolution {
  const artifacts: Record<string, ResolvedArtifact> = {};
  for (const [role, a] of Object.entries(entry.artifacts))
    artifacts[role] = { uri: a.uri, digest: a.digest, size: a.size };
  return { model, version: entry.version, stage: entry.stage, artifacts, otherHolders };
}

function requireValid<T>(file: LoadedFile<T>): T {
  if (file.value === undefined) throw invalidFile(file.findings);
  return file.value;
}

function invalidFile(findings: readonly Finding[]): UserError {
  const first = findings.find((f) => f.severity === 'error');
  const where = first ? `${first.file}:${first.line}:${first.column}: ${first.message}` : 'an invalid registry file';
  return new UserError(
    'INVALID_ENTRY',
    `cannot read the registry: ${where}`,
    'Run `modelreg validate --all` to see every problem, fix the file, and try again.',
  );
}
