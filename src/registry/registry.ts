/** A registry repository: views at commits, the working tree, and validation between them. */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import { PersistentParseCache } from '../snapshot/persistent-parse-cache.js';
import { ParsedFiles } from '../snapshot/parsed-files.js';
import type { GitPort } from '../git/git-port.js';
import { discoverRepository, findRepositoryTop } from '../git/open-repository.js';
import { HistoryCacheDirectory, type HistoryCacheOptions } from '../history/history-cache.js';
import type { HistoryCache } from '../history/read-history.js';
import { treeAt, type RegistryRepository } from '../snapshot/registry-repository.js';
import { EMPTY_SOURCE, type SnapshotSource } from '../snapshot/snapshot-source.js';
import { WorktreeSource } from '../snapshot/worktree-source.js';
import { WorktreeOverCommit } from '../snapshot/worktree-over-commit.js';
import type { ProvenanceReader, ValidationReport } from '../validate/validate-change.js';
import { ModelResultFile } from '../snapshot/model-result-cache.js';
import type { Finding } from '../domain/findings.js';
import { RegistryView } from './registry-view.js';
import { SourceProvenanceReader, sourceTokenFrom } from './provenance-reader.js';
import type { OpenRemoteRegistryOptions, RemoteRegistry } from './remote-registry.js';
import { looksLikeDate, parseDateBound } from '../domain/dates.js';
import { ContractViolation, UserError } from '../domain/errors.js';
import { inRegistry, inRepository, MODELS_DIR, POLICY_PATH } from '../domain/layout.js';

export const WORKTREE = 'worktree';

export interface ValidateOptions {
  /** Default: HEAD. */
  readonly base?: string;
  /** A commit-ish, or undefined for the working tree (uncommitted edits included). */
  readonly head?: string;
  /** Validate every entry of head on its own instead of a change. */
  readonly all?: boolean;
  /** Token for fetching private provenance sources; default: MODELREG_SOURCE_TOKEN, GITHUB_TOKEN or GH_TOKEN. */
  readonly sourceToken?: string;
  /** Recognise rollbacks whose moves are all allowed too (validate-change.ts): the emergency rollback rule asks. */
  readonly historyForStageMoves?: boolean;
}

/**
 * A registry: the directory holding registry.yaml and models/, in a git
 * repository that may hold other things too. Paths inside modelreg are
 * registry-relative; what reaches git, annotations and messages is
 * repository-relative (`pathInRepository`).
 */
export class Registry implements RegistryRepository {
  /** Every snapshot this registry opens shares these (base and head of a validation, the commits of a history). */
  readonly parsedFiles = new ParsedFiles();

  constructor(
    /** The repository, through native git when it is on PATH (see open-repository.ts). */
    readonly git: GitPort,
    /** The registry's directory in the repository: '' at the top, else e.g. `registry` (forward slashes). */
    readonly root = '',
  ) {}

  /**
   * The registry in exactly `dir` (a directory of a git repository, not
   * necessarily its top); without `dir`, the nearest directory at or above the
   * current one that holds registry.yaml (see `discover`).
   */
  static async open(dir?: string): Promise<Registry> {
    if (dir === undefined) return Registry.discover(process.cwd());
    const registryDir = resolvePath(dir);
    const git = await discoverRepository(registryDir);
    return new Registry(git, relative(git.dir, registryDir).split(sep).join('/'));
  }

  /**
   * The registry around `from`, as git finds its repository: the nearest
   * directory at or above it, within its repository, whose working tree holds
   * registry.yaml; `from` itself when there is none (every read then says so).
   */
  static async discover(from: string): Promise<Registry> {
    const start = resolvePath(from);
    const top = findRepositoryTop(start);
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, POLICY_PATH))) return Registry.open(dir);
      if (dir === top || dirname(dir) === dir) break;
    }
    return Registry.open(start);
  }

  /** The registry's directory on disk. */
  get dir(): string {
    return join(this.git.dir, this.root);
  }

  /** A registry-relative path as the repository names it. */
  pathInRepository(path: string): string {
    return inRepository(this.root, path);
  }

  /** Findings name files as the repository does, so annotations and links land on the right file. */
  findingsInRepository(findings: readonly Finding[]): Finding[] {
    return findings.map((f) => ({ ...f, file: this.pathInRepository(f.file) }));
  }

  /** A report whose findings name repository paths (its change set and input stay registry-relative). */
  reportInRepository(report: ValidationReport): ValidationReport {
    return this.root === '' ? report : { ...report, findings: this.findingsInRepository(report.findings) };
  }

  /** A refusal to write, its findings naming repository paths. */
  contractViolation(message: string, report: ValidationReport): ContractViolation {
    return new ContractViolation(message, this.findingsInRepository(report.findings));
  }

  /**
   * Runs `work` with parsed files cached on disk in .git/modelreg/, for
   * commands that read the whole registry. The cache only ever saves work:
   * entries are keyed by blob id and a missing or corrupt file is ignored.
   */
  async withParseCache<T>(work: () => Promise<T>): Promise<T> {
    const dir = await this.cacheDir();
    if (!dir) return work();
    const cache = await PersistentParseCache.load(join(dir, 'parse-cache.json'));
    const stopUsing = this.parsedFiles.usePersistent(cache);
    try {
      const result = await work();
      await cache.save().catch(() => undefined);
      return result;
    } finally {
      stopUsing();
    }
  }

  /** Per-model results of a whole-registry command in .git/modelreg/<name>.json (see model-result-cache.ts). */
  async modelResults<T>(name: string, format: string): Promise<ModelResultFile<T> | undefined> {
    const dir = await this.cacheDir();
    return dir ? ModelResultFile.load<T>(join(dir, `${name}.json`), format) : undefined;
  }

  /** Computed histories on disk in .git/modelreg/history/ (options: history-cache.ts). */
  async historyCache(options: HistoryCacheOptions = {}): Promise<HistoryCache | undefined> {
    const dir = await this.cacheDir();
    return dir ? new HistoryCacheDirectory(join(dir, 'history'), options) : undefined;
  }

  /** .git/modelreg, where every cache lives; none when .git is not a directory (a linked worktree). */
  private async cacheDir(): Promise<string | undefined> {
    const gitDir = join(this.git.dir, '.git');
    return (await stat(gitDir).then(
      (s) => s.isDirectory(),
      () => false,
    ))
      ? join(gitDir, 'modelreg')
      : undefined;
  }

  /**
   * The registry as committed at `ref` (default HEAD): a branch, tag or commit,
   * or a date (2024-01-15 means the end of that day, UTC), which reads the
   * branch as it was then.
   */
  async at(ref = 'HEAD'): Promise<RegistryView> {
    if (looksLikeDate(ref)) {
      const commit = await this.commitAt(parseDateBound(ref, '--at', true));
      return new RegistryView(
        await this.requireRegistry(await this.source(`HEAD as of ${ref}`, commit), `at ${ref}`),
        commit,
      );
    }
    const commit = await this.git.resolveCommit(ref);
    return new RegistryView(await this.requireRegistry(await this.source(ref, commit), `at ${ref}`), commit);
  }

  /** Refuses unless registry.yaml is in the working tree: checked first by commands that write there. */
  async requireInWorktree(): Promise<void> {
    await this.requireRegistry(new WorktreeSource(this.dir, this.parsedFiles), 'in the working tree');
  }

  /**
   * Refuses to read or write where there is no registry: without registry.yaml
   * a command would answer "nothing found" or commit into an unrelated repository.
   */
  private async requireRegistry<S extends SnapshotSource>(
    source: S,
    where: string,
    other?: SnapshotSource,
  ): Promise<S> {
    if ((await source.entry(POLICY_PATH))?.type === 'blob') return source;
    if (other && (await other.entry(POLICY_PATH))?.type === 'blob') return source;
    throw new UserError(
      'NOT_A_REGISTRY',
      `not a modelreg registry: no ${POLICY_PATH} in ${this.dir} (${where}); run \`modelreg init\``,
      'Pass --registry DIR (in the actions: registry-path) naming the directory that holds registry.yaml, or create a registry there with `modelreg init`.',
    );
  }

  /**
   * The newest commit of HEAD's first-parent line committed at or before
   * `when`: the state the branch was in then (a merged PR counts from its merge).
   */
  async commitAt(when: Date, from = 'HEAD'): Promise<string> {
    const start = await this.git.resolveCommit(from);
    const found = await this.git.firstParentCommitAt(start, when);
    if (found) return found;
    // None: say where history starts (past a shallow clone's boundary, reading it says that instead).
    let oldest: string | undefined;
    for (let oid: string | undefined = start; oid !== undefined;) {
      oldest = oid;
      oid = (await this.git.readCommit(oid)).parents[0];
    }
    const first = oldest
      ? new Date((await this.git.readCommit(oldest)).committer.timestamp * 1000).toISOString()
      : 'its first commit';
    throw new UserError(
      'BEFORE_HISTORY',
      `the registry did not exist yet at ${when.toISOString()}`,
      `Its history starts at ${first}.`,
    );
  }

  /** The registry as it is on disk, uncommitted edits included. */
  worktree(): RegistryView {
    return new RegistryView(new WorktreeSource(this.dir, this.parsedFiles), undefined);
  }

  /** Findings name repository paths (see reportInRepository). */
  async validate(options: ValidateOptions = {}): Promise<ValidationReport> {
    return this.reportInRepository(await this.validateRegistry(options));
  }

  private async validateRegistry(options: ValidateOptions): Promise<ValidationReport> {
    // Loaded here, not at the top: read commands (resolve, history) never validate and start faster without the rules.
    const [{ validateChange }, { fullValidationCacheFormat, validateSnapshot }, { GitStageHistory }] =
      await Promise.all([
        import('../validate/validate-change.js'),
        import('../validate/validate-snapshot.js'),
        import('../history/git-stage-history.js'),
      ]);
    const headWhere = options.head !== undefined ? `at ${options.head}` : 'in the working tree';
    const head =
      options.head !== undefined ? await this.sourceAt(options.head) : new WorktreeSource(this.dir, this.parsedFiles);
    if (options.all) {
      await this.requireRegistry(head, headWhere);
      // Findings per model are kept by tree id; in the working tree, models git status finds unchanged have HEAD's.
      const source = options.head === undefined ? ((await this.worktreeOverHead()) ?? head) : head;
      const cache =
        source !== head || options.head !== undefined
          ? await this.modelResults<Finding[]>('full-validation', fullValidationCacheFormat())
          : undefined;
      const report = await validateSnapshot(source, { cache });
      await cache?.save();
      return report;
    }
    const baseRef = options.base ?? 'HEAD';
    const hasCommits = (await this.git.head()) !== undefined;
    if (!hasCommits && options.base === undefined)
      return validateChange({ base: EMPTY_SOURCE, head: await this.requireRegistry(head, headWhere) });
    const baseCommit = await this.git.resolveCommit(baseRef);
    const base = await this.source(baseRef, baseCommit);
    // A change that creates the registry or deletes registry.yaml is judged; one with neither side a registry is refused.
    await this.requireRegistry(head, `${headWhere} nor at ${baseRef}`, base);
    // The working tree against HEAD: git status says where to look.
    const worktreeVsHead = options.head === undefined && baseCommit === (await this.git.head());
    return validateChange({
      base,
      head,
      history: new GitStageHistory(this, baseCommit),
      changedPaths: worktreeVsHead ? await this.worktreeCandidates() : undefined,
      provenance: this.provenanceReader(options.sourceToken),
      historyForStageMoves: options.historyForStageMoves ?? false,
    });
  }

  /** Reads the provenance sources registry.yaml declares (separate registries per environment). */
  provenanceReader(token: string | undefined = sourceTokenFrom(process.env)): ProvenanceReader {
    return new SourceProvenanceReader({ dir: this.dir, repositoryDir: this.git.dir }, token);
  }

  /** The working tree with HEAD's ids wherever git status finds no change; undefined without git status or a HEAD. */
  private async worktreeOverHead(): Promise<WorktreeOverCommit | undefined> {
    const commit = await this.git.head();
    const changed = commit === undefined ? undefined : await this.worktreeCandidates();
    if (commit === undefined || changed === undefined) return undefined;
    return new WorktreeOverCommit(
      new WorktreeSource(this.dir, this.parsedFiles),
      await this.source('HEAD', commit),
      changed,
    );
  }

  /** Registry paths that may differ between HEAD and the working tree, from git status (see worktree-changes.ts). */
  private async worktreeCandidates(): Promise<string[] | undefined> {
    const paths = await this.git.worktreeChanges([POLICY_PATH, MODELS_DIR].map((p) => this.pathInRepository(p)));
    return paths?.flatMap((p) => inRegistry(this.root, p) ?? []);
  }

  private async sourceAt(ref: string): Promise<SnapshotSource> {
    return this.source(ref, await this.git.resolveCommit(ref));
  }

  private async source(ref: string, commit: string): Promise<SnapshotSource> {
    const label = ref === commit ? commit.slice(0, 7) : `${ref} (${commit.slice(0, 7)})`;
    return treeAt(this, commit, label);
  }
}

export interface OpenRegistryOptions {
  /**
   * The registry's directory: the one holding registry.yaml, at the top of its
   * git repository or in a directory of it. Default: the nearest such directory
   * at or above the current one.
   */
  readonly dir?: string;
  /** The commit to read: a branch, tag or commit id. Default: HEAD. */
  readonly ref?: string;
}

/**
 * Opens a registry for reading at a commit, e.g. for a deploy job:
 * `(await openRegistry({ dir })).resolve('fraud@production')`. With `url`,
 * reads the read API a published catalog serves instead of a clone
 * (docs/read-api.md): the same answers at the commit it was built from.
 */
export async function openRegistry(options: OpenRemoteRegistryOptions): Promise<RemoteRegistry>;
export async function openRegistry(options?: OpenRegistryOptions | string): Promise<RegistryView>;
export async function openRegistry(
  options: OpenRegistryOptions | OpenRemoteRegistryOptions | string = {},
): Promise<RegistryView | RemoteRegistry> {
  if (typeof options !== 'string' && 'url' in options && options.url !== undefined) {
    const { dir, ref } = options as OpenRegistryOptions;
    if (dir !== undefined || ref !== undefined) {
      throw new UserError(
        'USAGE',
        'openRegistry takes url, or dir and ref, not both',
        'The read API answers for the commit it was built from; open a clone with { dir, ref } to choose them.',
      );
    }
    const { RemoteRegistry } = await import('./remote-registry.js');
    return RemoteRegistry.open(options);
  }
  const { dir, ref } =
    typeof options === 'string' ? { dir: options, ref: undefined } : (options as OpenRegistryOptions);
  return (await Registry.open(dir)).at(ref);
}
