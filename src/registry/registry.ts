/** A registry repository: views at commits, the working tree, and validation between them. */
import { stat } from 'node:fs/promises';
import { join, resolve as resolvePath } from 'node:path';
import { PersistentParseCache } from '../snapshot/persistent-parse-cache.js';
import { usePersistentParseCache } from '../snapshot/registry-snapshot.js';
import type { GitPort } from '../git/git-port.js';
import { IsomorphicGitRepository } from '../git/isomorphic-git-repository.js';
import { GitStageHistory } from '../history/git-stage-history.js';
import { HistoryCacheDirectory } from '../history/history-cache.js';
import type { HistoryCache } from '../history/read-history.js';
import { GitTreeSource } from '../snapshot/git-tree-source.js';
import { EMPTY_SOURCE, type SnapshotSource } from '../snapshot/snapshot-source.js';
import { WorktreeSource } from '../snapshot/worktree-source.js';
import { validateChange, type ValidationReport } from '../validate/validate-change.js';
import { fullValidationCacheFormat, validateSnapshot } from '../validate/validate-snapshot.js';
import { ModelResultFile } from '../snapshot/model-result-cache.js';
import type { Finding } from '../findings.js';
import { RegistryView } from './registry-view.js';
import { looksLikeDate, parseDateBound } from '../dates.js';
import { UserError } from '../errors.js';
import { NativeGit } from '../git/native-git.js';
import { worktreeCandidates } from '../git/worktree-changes.js';
import { MODELS_DIR, POLICY_PATH } from '../snapshot/layout.js';

export const WORKTREE = 'worktree';

export interface ValidateOptions {
  /** Default: HEAD. */
  readonly base?: string;
  /** A commit-ish, or undefined for the working tree (uncommitted edits included). */
  readonly head?: string;
  /** Validate every entry of head on its own instead of a change. */
  readonly all?: boolean;
}

export class Registry {
  constructor(
    readonly git: GitPort,
    /** The native git binary, when available: a faster path for history questions. */
    readonly native?: NativeGit,
  ) {}

  static async open(dir: string = process.cwd()): Promise<Registry> {
    const git = await IsomorphicGitRepository.discover(resolvePath(dir));
    const native = await NativeGit.detect(git.dir);
    if (native) git.useNativeReads();
    return new Registry(git, native);
  }

  get dir(): string {
    return this.git.dir;
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
    usePersistentParseCache(cache);
    try {
      const result = await work();
      await cache.save().catch(() => undefined);
      return result;
    } finally {
      usePersistentParseCache(undefined);
    }
  }

  /** Per-model results of a whole-registry command in .git/modelreg/<name>.json (see model-result-cache.ts). */
  async modelResults<T>(name: string, format: string): Promise<ModelResultFile<T> | undefined> {
    const dir = await this.cacheDir();
    return dir ? ModelResultFile.load<T>(join(dir, `${name}.json`), format) : undefined;
  }

  /** Computed histories on disk in .git/modelreg/history/. */
  async historyCache(): Promise<HistoryCache | undefined> {
    const dir = await this.cacheDir();
    return dir ? new HistoryCacheDirectory(join(dir, 'history')) : undefined;
  }

  /** .git/modelreg, where every cache lives; none when .git is not a directory (a linked worktree). */
  private async cacheDir(): Promise<string | undefined> {
    const gitDir = join(this.dir, '.git');
    return (await stat(gitDir).then((s) => s.isDirectory(), () => false)) ? join(gitDir, 'modelreg') : undefined;
  }

  /**
   * The registry as committed at `ref` (default HEAD): a branch, tag or commit,
   * or a date (2024-01-15 means the end of that day, UTC), which reads the
   * branch as it was then.
   */
  async at(ref = 'HEAD'): Promise<RegistryView> {
    if (looksLikeDate(ref)) {
      const commit = await this.commitAt(parseDateBound(ref, '--at', true));
      return new RegistryView(await this.source(`HEAD as of ${ref}`, commit), commit);
    }
    const commit = await this.git.resolveCommit(ref);
    return new RegistryView(await this.source(ref, commit), commit);
  }

  /**
   * The newest commit of HEAD's first-parent line committed at or before
   * `when`: the state the branch was in then (a merged PR counts from its merge).
   */
  async commitAt(when: Date, from = 'HEAD'): Promise<string> {
    const limit = when.getTime() / 1000;
    if (this.native) {
      const [found] = await this.native.lines(['rev-list', '--first-parent', '-1', `--until=@${Math.floor(limit)}`, await this.git.resolveCommit(from)]);
      if (found) return found;
    }
    let oldest: string | undefined;
    for (let oid: string | undefined = await this.git.resolveCommit(from); oid !== undefined; ) {
      const commit = await this.git.readCommit(oid);
      if (commit.committer.timestamp <= limit) return oid;
      oldest = oid;
      oid = commit.parents[0];
    }
    const first = oldest ? new Date((await this.git.readCommit(oldest)).committer.timestamp * 1000).toISOString() : 'its first commit';
    throw new UserError('BEFORE_HISTORY', `the registry did not exist yet at ${when.toISOString()}`, `Its history starts at ${first}.`, 1);
  }

  /** The registry as it is on disk, uncommitted edits included. */
  worktree(): RegistryView {
    return new RegistryView(new WorktreeSource(this.dir), undefined);
  }

  async validate(options: ValidateOptions = {}): Promise<ValidationReport> {
    const head = options.head !== undefined ? await this.sourceAt(options.head) : new WorktreeSource(this.dir);
    if (options.all) {
      // Findings per model are kept for commits (tree ids); a working tree is always checked afresh.
      const cache = options.head !== undefined ? await this.modelResults<Finding[]>('full-validation', fullValidationCacheFormat()) : undefined;
      const report = await validateSnapshot(head, { cache });
      await cache?.save();
      return report;
    }
    const baseRef = options.base ?? 'HEAD';
    const hasCommits = (await this.git.head()) !== undefined;
    if (!hasCommits && options.base === undefined) return validateChange({ base: EMPTY_SOURCE, head });
    const baseCommit = await this.git.resolveCommit(baseRef);
    // The working tree against HEAD: git status says where to look.
    const worktreeVsHead = options.head === undefined && this.native !== undefined && baseCommit === (await this.git.head());
    return validateChange({
      base: await this.source(baseRef, baseCommit),
      head,
      history: new GitStageHistory(this.git, baseCommit, this.native),
      changedPaths: worktreeVsHead ? await worktreeCandidates(this.native!, [POLICY_PATH, MODELS_DIR]) : undefined,
    });
  }

  private async sourceAt(ref: string): Promise<SnapshotSource> {
    return this.source(ref, await this.git.resolveCommit(ref));
  }

  private async source(ref: string, commit: string): Promise<SnapshotSource> {
    const label = ref === commit ? commit.slice(0, 7) : `${ref} (${commit.slice(0, 7)})`;
    return GitTreeSource.atCommit(this.git, commit, label);
  }
}

export interface OpenRegistryOptions {
  /** A directory inside the registry's git repository. Default: the current directory. */
  readonly dir?: string;
  /** The commit to read: a branch, tag or commit id. Default: HEAD. */
  readonly ref?: string;
}

/**
 * Opens a registry for reading at a commit, e.g. for a deploy job:
 * `(await openRegistry({ dir })).resolve('fraud@production')`.
 */
export async function openRegistry(options: OpenRegistryOptions | string = {}): Promise<RegistryView> {
  const { dir, ref } = typeof options === 'string' ? { dir: options, ref: undefined } : options;
  return (await Registry.open(dir)).at(ref);
}
