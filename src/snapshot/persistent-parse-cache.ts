/**
 * Parsed registry files kept on disk between runs, keyed by blob id (a blob
 * never changes, so an entry never goes stale). The catalog action and
 * `lineage --uses` use it (list and validate --all keep per-model results
 * instead, `catalog build` its output's pages); a command that reads a handful
 * of files parses them faster than it could load the cache.
 */
import type { LoadedFile } from '../contract/entry-files.js';
import type { Finding } from '../domain/findings.js';
import { parseYamlText, type YamlFile } from '../yaml/yaml-file.js';
import { MODELREG_VERSION } from '../version.js';
import { ModelResultFile } from './model-result-cache.js';

/**
 * Bump when reading or checking a file can give another value or other
 * findings: src/yaml/, src/contract/, src/validate/ (rules included),
 * src/snapshot/registry-snapshot.ts, src/domain/findings.ts, src/domain/names.ts. test/cache-format.test.ts
 * keeps a digest of those sources per number and fails when they change
 * without a bump (cached findings would otherwise outlive the code that made them).
 */
export const PARSE_CODE_VERSION = 13;

/** Every cache built on parsed files includes this in its key; it also changes with each release. */
export const PARSE_CACHE_FORMAT = `modelreg-${MODELREG_VERSION}-parse-${PARSE_CODE_VERSION}`;

type Stored = [text: string, value: unknown, findings: Finding[]];

export class PersistentParseCache {
  private constructor(private readonly entries: ModelResultFile<Stored>) {}

  /** Loads the cache, or starts an empty one when it is missing, corrupt or of another format. */
  static async load(file: string): Promise<PersistentParseCache> {
    return new PersistentParseCache(await ModelResultFile.load<Stored>(file, PARSE_CACHE_FORMAT));
  }

  get<T>(key: string, path: string, id: string): LoadedFile<T> | undefined {
    const stored = this.entries.get(key);
    if (!stored) return undefined;
    const [text, value, findings] = stored;
    let yaml: YamlFile | undefined;
    // Positions are needed only when a rule reports something: parse then.
    return {
      path,
      id,
      get yaml() {
        return (yaml ??= parseYamlText(path, text));
      },
      value: value as T | undefined,
      findings,
    };
  }

  put(key: string, file: LoadedFile<unknown>): void {
    this.entries.put(key, [file.yaml.text, file.value, [...file.findings]]);
  }

  /** Writes the entries this run used (so the file tracks the registry's size), atomically. */
  save(): Promise<void> {
    return this.entries.save();
  }
}
