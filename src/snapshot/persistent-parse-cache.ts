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
import { ModelResultFile } from './model-result-cache.js';
import { PARSE_CACHE_FORMAT } from './parse-cache-format.js';

export { PARSE_CACHE_FORMAT, PARSE_CODE_VERSION } from './parse-cache-format.js';

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
