/**
 * A registry read from the static read API that `catalog build` publishes
 * (GitHub Pages, any CDN), for deploy jobs that should not each clone the
 * registry. It answers `resolve`, `show` and the model list exactly as a clone
 * at the API's commit would, and refuses the same way (the rule is shared:
 * stage-holders.ts). The API lags the merge by the time the site takes to
 * deploy; `resolve` from git stays the source of truth.
 */
import type { ModelEntry } from '../contract/model-schema.js';
import type { VersionEntry } from '../contract/version-schema.js';
import { UserError } from '../domain/errors.js';
import { readApiPath, readApiUrl, READ_API_DIR, READ_API_FORMAT } from '../read-api/read-api-paths.js';
import {
  indexDocumentSchema,
  modelDocumentSchema,
  stageDocumentSchema,
  versionDocumentSchema,
  type IndexDocument,
} from './read-api-schemas.js';
import { defaultReadApiCacheDir } from '../read-api/http-etag-cache.js';
import { ReadApiHttp, refuseInsecureUrl } from '../read-api/read-api-http.js';
import { parseModelRef, type ModelRef } from '../domain/model-ref.js';
import { modelNotFound, requireModelName, unknownStage, versionNotFound } from '../domain/registry-errors.js';
import type { ResolutionJson } from './json-shapes.js';
import type { ModelDetails, Resolution, ResolvedArtifact, ResolveOptions } from './registry-view.js';
import { pickHolder } from '../domain/split-weights.js';
import { chooseStageHolder } from './stage-holders.js';

export interface OpenRemoteRegistryOptions {
  /** Where the catalog is published, e.g. https://acme.github.io/registry/ (its read API is under api/v1/). */
  readonly url: string;
  /** Where documents and their ETags are kept between runs (safe to delete); false for none. Default: defaultReadApiCacheDir(). */
  readonly cacheDir?: string | false;
  /** Per request attempt. Default 10 s. */
  readonly timeoutMs?: number;
  /** Further attempts after a network error, a timeout, 429 or 5xx. Default 2. */
  readonly retries?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** A resolution, and the registry commit the read API was built from. */
export interface RemoteResolution extends Resolution {
  readonly commit: string;
}

interface SchemaLike<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export class RemoteRegistry {
  private indexDocument: Promise<IndexDocument> | undefined;

  private constructor(
    /** The catalog's URL, ending in a slash. */
    readonly url: URL,
    readonly http: ReadApiHttp,
  ) {}

  static open(options: OpenRemoteRegistryOptions): RemoteRegistry {
    const env = options.env ?? process.env;
    const cacheDir = options.cacheDir ?? defaultReadApiCacheDir(env);
    return new RemoteRegistry(catalogBaseUrl(options.url, env), new ReadApiHttp({ ...options, cacheDir, env }));
  }

  /** The registry commit the API was built from (its index's). */
  async commit(): Promise<string> {
    return (await this.index()).commit;
  }

  async modelNames(): Promise<string[]> {
    return [...(await this.index()).models];
  }

  /** `show <model>`: model.yaml, its versions and the holders of each stage. */
  async model(name: string): Promise<ModelDetails> {
    requireModelName(name);
    const document = await this.read(readApiPath.model(name), modelDocumentSchema);
    if (!document) throw await this.modelNotFound(name);
    const { holders, versions, ...entry } = document.show;
    if (entry.name !== name) throw this.misplaced(readApiPath.model(name), `model ${entry.name}`);
    // Keys JSON drops when undefined are put back, so the value equals the one read from git.
    const summaries = versions.map((v) => ({ ...v, description: v.description }));
    return { name, entry: entry as ModelEntry, versions: summaries, holders: new Map(Object.entries(holders)) };
  }

  /** `show <model>@<version>`: the version file. */
  async version(model: string, version: string): Promise<VersionEntry> {
    const { show } = await this.versionDocument(model, version);
    const { model: _model, ...entry } = show;
    return entry as VersionEntry;
  }

  /** `fraud@production` or `fraud@1.2.0` → the version and its artifacts, as `resolve` from a clone at the API's commit. */
  async resolve(reference: string | ModelRef, options: ResolveOptions = {}): Promise<RemoteResolution> {
    const ref = typeof reference === 'string' ? parseModelRef(reference) : reference;
    if (ref.kind === 'model')
      throw new UserError(
        'INVALID_REFERENCE',
        `"${ref.model}" needs @<version> or @<stage>`,
        `e.g. ${ref.model}@production`,
      );
    if (ref.kind === 'version') {
      const document = await this.versionDocument(ref.model, ref.version);
      return remoteResolution(document.resolve, [], document.commit);
    }
    const path = readApiPath.stage(ref.model, ref.stage);
    const document = await this.read(path, stageDocumentSchema);
    if (!document) {
      const index = await this.index();
      // As from git: an undeclared stage is reported before an unknown model.
      if (!Object.hasOwn(index.stages, ref.stage)) throw unknownStage(ref.stage, Object.keys(index.stages));
      if (!index.models.includes(ref.model)) throw modelNotFound(ref.model, this.where(index.commit), index.models);
      throw this.incomplete(path);
    }
    const { model, stage, holders, resolve } = document;
    if (model !== ref.model || stage !== ref.stage) throw this.misplaced(path, `${model}@${stage}`);
    if (resolve?.holders) return this.resolveSplit(path, document.commit, resolve, holders, options.pick);
    if (
      (resolve?.version ?? null) !== (holders[0] ?? null) ||
      (resolve && (resolve.model !== model || resolve.stage !== stage))
    ) {
      throw this.invalid(
        path,
        `its resolve (${resolve ? `${resolve.model}@${resolve.version} in ${resolve.stage}` : 'null'}) is not the highest of its holders (${holders.join(', ') || 'none'})`,
      );
    }
    chooseStageHolder({
      model,
      stage,
      holders,
      exclusive: document.exclusive,
      where: this.where(document.commit),
      versions: document.versions,
    });
    return remoteResolution(resolve!, holders.slice(1), document.commit);
  }

  /** A split stage: its document resolves to the holder with the most weight; a key may pick another (pickHolder). */
  private async resolveSplit(
    path: string[],
    commit: string,
    resolve: ResolutionJson,
    holders: readonly string[],
    pick: string | undefined,
  ): Promise<RemoteResolution> {
    const split = resolve.holders!;
    const listed = split.map((h) => h.version);
    if (!listed.includes(resolve.version) || [...listed].sort().join() !== [...holders].sort().join())
      throw this.invalid(path, `its split holders (${listed.join(', ')}) are not its holders (${holders.join(', ')})`);
    const chosen = pick === undefined ? resolve.version : pickHolder(split, pick).version;
    const json = chosen === resolve.version ? resolve : (await this.versionDocument(resolve.model, chosen)).resolve;
    return { ...remoteResolution(json, [], commit), stage: resolve.stage, split };
  }

  private async versionDocument(model: string, version: string) {
    const path = readApiPath.version(model, version);
    const document = await this.read(path, versionDocumentSchema);
    if (!document) {
      const details = await this.model(model);
      throw versionNotFound(
        model,
        version,
        this.where(await this.commit()),
        details.versions.map((v) => v.version),
      );
    }
    const { show, resolve } = document;
    if (show.model !== model || show.version !== version) throw this.misplaced(path, `${show.model}@${show.version}`);
    if (resolve.model !== model || resolve.version !== version || resolve.stage !== show.stage) {
      throw this.invalid(
        path,
        `its resolve (${resolve.model}@${resolve.version} in ${resolve.stage}) differs from its show`,
      );
    }
    return document;
  }

  private index(): Promise<IndexDocument> {
    this.indexDocument ??= this.read(readApiPath.index(), indexDocumentSchema).then((document) => {
      if (document) return document;
      throw new UserError(
        'READ_API_NOT_FOUND',
        `no read API at ${this.url.href}: ${readApiUrl(this.url, readApiPath.index()).href} does not exist`,
        `Give the URL the catalog is published at (the directory holding index.html and ${READ_API_DIR}/). A catalog built by a modelreg without the read API has none: rebuild it with \`modelreg catalog build\`.`,
      );
    });
    this.indexDocument.catch(() => (this.indexDocument = undefined));
    return this.indexDocument;
  }

  /** A document checked against its shape; undefined when the server has none (404). */
  private async read<T>(segments: string[], schema: SchemaLike<T>): Promise<T | undefined> {
    const fetched = await this.http.get(readApiUrl(this.url, segments));
    if (fetched.kind === 'not-found') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(fetched.text);
    } catch (error) {
      throw this.invalid(segments, `it is not JSON (${(error as Error).message})`);
    }
    const format = typeof value === 'object' && value !== null ? (value as { format?: unknown }).format : undefined;
    if (format !== READ_API_FORMAT) {
      throw this.invalid(
        segments,
        `its format is ${JSON.stringify(format) ?? 'missing'}, not ${JSON.stringify(READ_API_FORMAT)}`,
      );
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw this.invalid(segments, `${issue.path.map(String).join('.') || 'the document'}: ${issue.message}`);
    }
    return parsed.data;
  }

  private where(commit: string): string {
    return `${this.url.href} (${commit.slice(0, 7)})`;
  }

  private modelNotFound = async (name: string): Promise<UserError> => {
    const index = await this.index();
    return index.models.includes(name)
      ? this.incomplete(readApiPath.model(name))
      : modelNotFound(name, this.where(index.commit), index.models);
  };

  private invalid(segments: string[], why: string): UserError {
    return new UserError(
      'READ_API_INVALID',
      `${readApiUrl(this.url, segments).href} is not a valid read API document: ${why}`,
      'It was changed after `modelreg catalog build` wrote it, or is not from modelreg: rebuild and republish the catalog, and resolve from a clone of the registry meanwhile.',
    );
  }

  private misplaced(segments: string[], names: string): UserError {
    return this.invalid(segments, `it is the document of ${names}`);
  }

  private incomplete(segments: string[]): UserError {
    return new UserError(
      'READ_API_NOT_FOUND',
      `the read API at ${this.url.href} lists the model and the stage but has no ${readApiUrl(this.url, segments).href}`,
      'The catalog was published incompletely, or is being replaced right now: try again, or rebuild and republish it.',
    );
  }
}

function remoteResolution(json: ResolutionJson, otherHolders: string[], commit: string): RemoteResolution {
  const artifacts: Record<string, ResolvedArtifact> = {};
  for (const [role, a] of Object.entries(json.artifacts))
    artifacts[role] = { uri: a.uri, digest: a.digest, size: a.size };
  return { model: json.model, version: json.version, stage: json.stage, artifacts, otherHolders, commit };
}

/**
 * The catalog's URL, checked: http(s) only (http only to this machine in
 * tests), no credentials (they would be written to logs and caches), no query
 * or fragment. A URL ending in api/v1 names the same catalog.
 */
export function catalogBaseUrl(text: string, env: NodeJS.ProcessEnv = process.env): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(
      'READ_API_URL',
      `"${text}" is not a URL`,
      'Give the https:// URL the catalog is published at, e.g. https://acme.github.io/registry/.',
    );
  }
  if (url.username || url.password) {
    // The origin only: the URL's credentials must not reach the terminal or a CI log.
    throw new UserError(
      'READ_API_URL',
      `the read API URL for ${url.protocol}//${url.host} carries credentials`,
      'The read API is public and static: give its URL without a user name or password.',
    );
  }
  if (url.search || url.hash)
    throw new UserError(
      'READ_API_URL',
      `the read API URL ${url.href} has a query or a fragment`,
      'Give the URL the catalog is published at, without ? or #.',
    );
  refuseInsecureUrl(url, env);
  const path = url.pathname.replace(/\/api\/v1\/?$/, '/');
  url.pathname = path.endsWith('/') ? path : `${path}/`;
  return url;
}
