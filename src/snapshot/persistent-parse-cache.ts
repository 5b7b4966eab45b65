/**
 * Parsed registry files kept on disk between runs, keyed by blob id (a blob
 * never changes, so an entry never goes stale). Commands that read the whole
 * registry (list, validate --all, lineage --uses) use it; a command that
 * reads a handful of files parses them faster than it could load the cache.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LoadedFile } from '../contract/entry-files.js';
import type { Finding } from '../findings.js';
import { parseYamlText, type YamlFile } from '../yaml/yaml-file.js';
import { MODELREG_VERSION } from '../version.js';

/**
 * Every cache built on parsed files includes this in its key. It changes with
 * each release; within one, bump the number when parsing or schema checks
 * change what a file parses to.
 */
export const PARSE_CACHE_FORMAT = `modelreg-${MODELREG_VERSION}-parse-1`;

type Stored = [text: string, value: unknown, findings: Finding[]];

export class PersistentParseCache {
  private readonly used = new Map<string, Stored>();
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly stored: Map<string, Stored>,
  ) {}

  /** Loads the cache, or starts an empty one when it is missing, corrupt or of another format. */
  static async load(file: string): Promise<PersistentParseCache> {
    try {
      const data = JSON.parse(await readFile(file, 'utf8')) as { format?: string; entries?: Record<string, Stored> };
      if (data.format === PARSE_CACHE_FORMAT && data.entries) return new PersistentParseCache(file, new Map(Object.entries(data.entries)));
    } catch {
      // A missing or unreadable cache is only slower.
    }
    return new PersistentParseCache(file, new Map());
  }

  get<T>(key: string, path: string, id: string): LoadedFile<T> | undefined {
    const stored = this.stored.get(key);
    if (!stored) return undefined;
    this.used.set(key, stored);
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
    this.used.set(key, [file.yaml.text, file.value, [...file.findings]]);
    this.dirty = true;
  }

  /** Writes the entries this run used (so the file tracks the registry's size), atomically. */
  async save(): Promise<void> {
    if (!this.dirty && this.used.size === this.stored.size) return;
    await mkdir(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify({ format: PARSE_CACHE_FORMAT, entries: Object.fromEntries(this.used) }));
    await rename(temporary, this.file);
  }
}
