/**
 * Registry content of one snapshot, read on demand. Parsed files are cached
 * by blob id across the snapshots of one owner (parsed-files.ts), so base and
 * head share unchanged entries and nothing is parsed that a command does not
 * ask for.
 */
import semver from 'semver';
import { parseModelFile, parsePolicyFile, parseVersionFile, type LoadedFile } from '../contract/entry-files.js';
import type { ModelEntry } from '../contract/model-schema.js';
import { DEFAULT_POLICY, normalizePolicy, type Policy } from '../contract/policy.js';
import type { PolicyInput } from '../contract/policy-schema.js';
import type { VersionEntry } from '../contract/version-schema.js';
import {
  MODELS_DIR,
  POLICY_PATH,
  VERSION_SUFFIX,
  isValidVersionName,
  modelFilePath,
  versionFilePath,
  versionsDir,
} from '../domain/layout.js';
import { gitBlobId, type SnapshotSource } from './snapshot-source.js';
import { ParsedFiles } from './parsed-files.js';
import { UserError } from '../domain/errors.js';
import { requireModelName } from '../domain/registry-errors.js';

export interface ModelState {
  readonly name: string;
  readonly model: LoadedFile<ModelEntry> | undefined;
  /** Keyed by version, in ascending semver order. */
  readonly versions: ReadonlyMap<string, LoadedFile<VersionEntry>>;
}

export interface PolicyState {
  readonly file: LoadedFile<PolicyInput> | undefined;
  /** Defaults when there is no registry.yaml or it is invalid. */
  readonly policy: Policy;
  readonly valid: boolean;
}

/**
 * A version file by blob id, parsed once per owner of `parsed` (and per
 * on-disk cache): for history, which knows the blob ids of each change
 * without walking trees.
 */
export async function parsedVersionBlob(
  parsed: ParsedFiles,
  path: string,
  version: string,
  id: string,
  read: () => Promise<Uint8Array>,
): Promise<LoadedFile<VersionEntry>> {
  const key = `version\0${path}\0${id}`;
  const hit = parsed.get<VersionEntry>(key, path, id);
  if (hit) return hit;
  const bytes = await read();
  const file = parsed.parsedOnce(key, () => parseVersionFile(path, id, bytes, version));
  parsed.keep(key, file as LoadedFile<unknown>);
  return file;
}

export class RegistrySnapshot {
  private policyState: Promise<PolicyState> | undefined;
  private readonly models = new Map<string, Promise<ModelState>>();

  constructor(
    readonly source: SnapshotSource,
    /** Shared with other snapshots of the same owner; a source that carries none gets its own per snapshot. */
    private readonly parsed: ParsedFiles = source.parsedFiles ?? new ParsedFiles(),
  ) {}

  policy(): Promise<PolicyState> {
    this.policyState ??= this.loadPolicy();
    return this.policyState;
  }

  private async loadPolicy(): Promise<PolicyState> {
    const file = await this.readParsed(POLICY_PATH, (id, bytes) => parsePolicyFile(POLICY_PATH, id, bytes), 'policy');
    if (!file) return { file: undefined, policy: DEFAULT_POLICY, valid: true };
    const valid = file.value !== undefined && !file.findings.some((f) => f.severity === 'error');
    return { file, policy: file.value && valid ? normalizePolicy(file.value) : DEFAULT_POLICY, valid };
  }

  /** Directory names under models/, sorted. */
  async modelNames(): Promise<string[]> {
    const entries = await this.source.list(MODELS_DIR);
    return (entries ?? [])
      .filter((e) => e.type === 'tree')
      .map((e) => e.name)
      .sort();
  }

  async hasModel(name: string): Promise<boolean> {
    requireModelName(name);
    return (await this.source.entry(`${MODELS_DIR}/${name}`))?.type === 'tree';
  }

  /** Version names with a well-named file, ascending by semver. */
  async versionNames(model: string): Promise<string[]> {
    requireModelName(model);
    const entries = await this.source.list(versionsDir(model));
    return (entries ?? [])
      .filter((e) => e.type === 'blob' && e.name.endsWith(VERSION_SUFFIX))
      .map((e) => e.name.slice(0, -VERSION_SUFFIX.length))
      .filter(isValidVersionName)
      .sort(semver.compare);
  }

  async modelFile(model: string): Promise<LoadedFile<ModelEntry> | undefined> {
    requireModelName(model);
    const path = modelFilePath(model);
    return this.readParsed(path, (id, bytes) => parseModelFile(path, id, bytes, model), 'model');
  }

  async versionFile(model: string, version: string): Promise<LoadedFile<VersionEntry> | undefined> {
    requireModelName(model);
    if (!isValidVersionName(version)) {
      throw new UserError(
        'INVALID_VERSION',
        `"${version}" is not a semantic version`,
        'Use MAJOR.MINOR.PATCH such as 1.2.0 (no "v" prefix).',
      );
    }
    const path = versionFilePath(model, version);
    return this.readParsed(path, (id, bytes) => parseVersionFile(path, id, bytes, version), 'version');
  }

  /** A model with all its versions: what the per-model rules need. */
  modelState(name: string): Promise<ModelState> {
    requireModelName(name);
    let state = this.models.get(name);
    if (!state) {
      state = this.loadModelState(name);
      this.models.set(name, state);
    }
    return state;
  }

  /** Lets go of a model's parsed files (a whole-registry pass that is done with it). */
  forget(name: string): void {
    this.models.delete(name);
  }

  /**
   * A model's version files, keyed and ordered as in modelState, without
   * parsing its model.yaml: `list` and `resolve` read only the versions (on
   * a whole registry, model.yaml is one file in eleven).
   */
  async versionFiles(name: string): Promise<ReadonlyMap<string, LoadedFile<VersionEntry>>> {
    requireModelName(name);
    const loaded = this.models.get(name);
    return loaded ? (await loaded).versions : this.loadVersions(name, await this.versionNames(name));
  }

  private async loadModelState(name: string): Promise<ModelState> {
    const [model, names] = await Promise.all([this.modelFile(name), this.versionNames(name)]);
    return { name, model, versions: await this.loadVersions(name, names) };
  }

  private async loadVersions(name: string, names: readonly string[]): Promise<Map<string, LoadedFile<VersionEntry>>> {
    const versions = new Map<string, LoadedFile<VersionEntry>>();
    const files = await Promise.all(names.map((v) => this.versionFile(name, v)));
    names.forEach((v, i) => {
      const file = files[i];
      if (file) versions.set(v, file);
    });
    return versions;
  }

  private async readParsed<T>(
    path: string,
    parse: (id: string, bytes: Uint8Array) => LoadedFile<T>,
    kind: string,
  ): Promise<LoadedFile<T> | undefined> {
    const entry = await this.source.entry(path);
    if (entry?.type !== 'blob') return undefined;
    const key = entry.id ? `${kind}\0${path}\0${entry.id}` : undefined;
    if (key) {
      const hit = this.parsed.get<T>(key, path, entry.id!);
      if (hit) return hit;
    }
    const bytes = await this.source.read(path);
    if (!bytes) return undefined;
    const id = entry.id ?? gitBlobId(bytes);
    const file = this.parsed.parsedOnce(`${kind}\0${path}\0${id}`, () => parse(id, bytes));
    if (key) this.parsed.keep(key, file as LoadedFile<unknown>);
    return file;
  }
}
