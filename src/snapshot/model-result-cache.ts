/**
 * Per-model results of whole-registry commands (the findings of a full
 * validation, the rows of `list`), kept on disk and keyed by the model's
 * tree id: a tree id names the model's exact content, so an entry never goes
 * stale, and a warm run reads one models/ tree instead of every file. Only
 * the entries a run used are written back, so the file tracks the registry.
 * The parse cache (keyed by blob id) is stored the same way.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Entries are written in key order: the file is the same whichever order a run (or its worker threads) filled it in. */
const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

export interface ModelResultCache<T> {
  get(key: string): T | undefined;
  put(key: string, value: T): void;
}

export class ModelResultFile<T> implements ModelResultCache<T> {
  private readonly used = new Map<string, T>();
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly format: string,
    private readonly stored: Map<string, T>,
  ) {}

  /** Loads the file, or starts empty when it is missing, corrupt or of another format. */
  static async load<T>(file: string, format: string): Promise<ModelResultFile<T>> {
    try {
      const data = JSON.parse(await readFile(file, 'utf8')) as { format?: string; entries?: Record<string, T> };
      if (data.format === format && data.entries)
        return new ModelResultFile(file, format, new Map(Object.entries(data.entries)));
    } catch {
      // A missing or unreadable cache is only slower.
    }
    return new ModelResultFile(file, format, new Map());
  }

  get(key: string): T | undefined {
    const value = this.stored.get(key);
    if (value !== undefined) this.used.set(key, value);
    return value;
  }

  put(key: string, value: T): void {
    this.used.set(key, value);
    this.dirty = true;
  }

  /** Writes the entries this run used, atomically; a failure to write only costs the next run time. */
  async save(): Promise<void> {
    if (!this.dirty && this.used.size === this.stored.size) return;
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(this.file), { recursive: true });
      await writeFile(
        temporary,
        JSON.stringify({ format: this.format, entries: Object.fromEntries([...this.used].sort(byKey)) }),
      );
      await rename(temporary, this.file);
    } catch {
      // read-only repository
    }
  }
}
