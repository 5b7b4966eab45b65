/**
 * .git/modelreg between workflow runs. Every run starts on a fresh runner, so
 * without this the push re-validation and the catalog build always run cold.
 * The caches inside are keyed by content (a model's tree id, a file's blob
 * id), so the nearest earlier entry is still useful after new commits: a run
 * restores the newest entry of its registry and job, and saves its own under
 * its commit. The cache only ever saves time: an unavailable service, a
 * failed download or a refused upload is logged and the run goes on cold.
 */
import * as core from '@actions/core';
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { MODELREG_VERSION } from '../version.js';

/** What a run keeps between runners: the Actions cache, or a stand-in in tests. */
export interface CacheService {
  /** False when the runner gave no cache service (e.g. run outside GitHub Actions). */
  available(): Promise<boolean>;
  /** The key restored (the exact key, or the newest entry under a prefix), or undefined. */
  restore(paths: string[], key: string, restoreKeys: string[]): Promise<string | undefined>;
  /** False when the entry could not be saved (the service said why in the log). */
  save(paths: string[], key: string): Promise<boolean>;
}

/** @actions/cache, loaded only when a run uses it (it brings the Azure storage client). */
export const actionsCache: CacheService = {
  // Without either URL there is nothing to ask the library (and no need to load it).
  available: async () =>
    Boolean(process.env.ACTIONS_RESULTS_URL || process.env.ACTIONS_CACHE_URL) &&
    (await import('@actions/cache')).isFeatureAvailable(),
  restore: async (paths, key, restoreKeys) => (await import('@actions/cache')).restoreCache(paths, key, restoreKeys),
  // saveCache logs why it failed and answers -1.
  save: async (paths, key) => (await (await import('@actions/cache')).saveCache(paths, key)) !== -1,
};

export interface CacheKeys {
  /** This run's entry. */
  readonly key: string;
  /** Prefixes tried in order when the exact key is missing; the service picks the newest entry under one. */
  readonly restoreKeys: string[];
}

/**
 * `modelreg-<version>-<registry path>:<job>-<commit>`. The registry path ends
 * at a colon it cannot contain (`%`, `,` and `:` are escaped: the service
 * refuses commas), so the prefix of `registry` never matches `registry-2`.
 * Jobs keep different caches (the push check per-model findings, the catalog
 * parsed files and histories): each restores only its own.
 */
export function modelregCacheKeys(
  registryPath: string,
  job: string,
  commit: string,
  version = MODELREG_VERSION,
): CacheKeys {
  const path = (registryPath === '' ? '.' : registryPath).replace(
    /[%,:]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  const registry = `modelreg-${version}-${path}:`;
  return { key: `${registry}${job}-${commit}`, restoreKeys: [`${registry}${job}-`] };
}

export interface ModelregCacheRun {
  readonly enabled: boolean;
  readonly workspace: string;
  /** The repository's top directory (its .git holds modelreg/). */
  readonly repositoryDir: string;
  readonly registryDir: string;
  readonly job: string;
  readonly commit: string;
  /** The results files (.git/modelreg/<name>.json) this job reads, for the log line counting what the restored cache served. */
  readonly results: readonly string[];
}

/** Runs `work` between a restore and a save of .git/modelreg; whatever the cache does, `work`'s result or error stands. */
export async function withModelregCache<T>(
  run: ModelregCacheRun,
  work: () => Promise<T>,
  service: CacheService = actionsCache,
): Promise<T> {
  const cacheDir = join(run.repositoryDir, '.git', 'modelreg');
  const inWorkspace = relative(run.workspace, cacheDir);
  if (!run.enabled) return work();
  if (inWorkspace.startsWith(`..${sep}`) || isAbsolute(inWorkspace)) {
    core.info(`modelreg cache: ${cacheDir} is outside the workspace; running cold.`);
    return work();
  }
  if (!(await attempt('reach the cache service', () => service.available()))) {
    core.info(
      'modelreg cache: no Actions cache service here (ACTIONS_RESULTS_URL or ACTIONS_CACHE_URL is not set); running cold.',
    );
    return work();
  }
  // @actions/cache resolves paths against the workspace, and hashes them into the entry's version: keep them relative.
  const paths = [inWorkspace.split(sep).join('/')];
  const keys = modelregCacheKeys(relative(run.workspace, run.registryDir).split(sep).join('/'), run.job, run.commit);
  const restored = await attempt('restore', () => service.restore(paths, keys.key, keys.restoreKeys));
  core.info(
    restored
      ? `modelreg cache: restored ${paths[0]} from ${restored}`
      : `modelreg cache: nothing to restore under ${keys.restoreKeys[0]}*; running cold.`,
  );
  const before = restored ? await resultKeys(cacheDir, run.results) : new Map<string, Set<string>>();
  try {
    return await work();
  } finally {
    if (restored)
      for (const line of reuseLines(before, await resultKeys(cacheDir, run.results)))
        core.info(`modelreg cache: ${line}`);
    if (restored === keys.key) {
      // A re-run of the same commit: entries are immutable, and the stored one is as good.
      core.info(`modelreg cache: ${keys.key} is already saved.`);
    } else if (
      await readdir(cacheDir).then(
        (names) => names.length > 0,
        () => false,
      )
    ) {
      if (await attempt('save', () => service.save(paths, keys.key)))
        core.info(`modelreg cache: saved ${paths[0]} as ${keys.key}`);
    }
  }
}

/** Never throws: a cache failure is one log line, never the check's failure. */
async function attempt<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    core.info(`modelreg cache: could not ${what} (${(error as Error).message}); running on without it.`);
    return undefined;
  }
}

const ENTRIES_OF: Record<string, string> = {
  'full-validation': "models' findings",
  list: "models' list rows",
  'parse-cache': 'parsed files',
};

/**
 * The keys of each named results file in .git/modelreg (`{format, entries}`),
 * by name and format (entries of another format were not served). A run writes back exactly the entries it used, so the keys found both
 * after the restore and after the run are those served from the restored
 * cache.
 */
async function resultKeys(dir: string, names: readonly string[]): Promise<Map<string, Set<string>>> {
  const keys = new Map<string, Set<string>>();
  for (const name of names) {
    try {
      const data = JSON.parse(await readFile(join(dir, `${name}.json`), 'utf8')) as {
        format?: unknown;
        entries?: unknown;
      };
      if (typeof data.format === 'string' && data.entries && typeof data.entries === 'object')
        keys.set(`${name}\0${data.format}`, new Set(Object.keys(data.entries)));
    } catch {
      // Not a results file, or unreadable: nothing to count.
    }
  }
  return keys;
}

/** "full-validation: 29 of 30 models' findings from the restored cache", per results file the run used. */
export function reuseLines(
  restored: ReadonlyMap<string, ReadonlySet<string>>,
  used: ReadonlyMap<string, ReadonlySet<string>>,
): string[] {
  const lines: string[] = [];
  for (const [id, keys] of used) {
    const name = id.split('\0')[0]!;
    const before = restored.get(id) ?? new Set<string>();
    const reused = [...keys].filter((k) => before.has(k)).length;
    lines.push(`${name}: ${reused} of ${keys.size} ${ENTRIES_OF[name] ?? 'entries'} from the restored cache`);
  }
  return lines.sort();
}
