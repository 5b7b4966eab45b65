/**
 * Computed histories kept on disk between runs, one file per path (and stage
 * order), with the head commit they were computed at: the history of a commit never changes, so a second run
 * at the same head reads the answer instead of walking git again, and a run at a descendant extends it
 * where that is provably the cold answer (history-window.ts). A missing, corrupt or outdated file is only
 * slower; the newest head computed replaces it.
 *
 * A file is named by its path alone (the stage order is inside, in the key), so that the CLI's warm
 * `history <model>` finds it knowing only the path and the head, before it loads git, YAML or the schemas
 * (src/cli/cached-history.ts). This module stays light for that reason.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { PARSE_CACHE_FORMAT } from '../snapshot/parse-cache-format.js';
import type { HistoryCache, HistoryEvent } from './read-history.js';

/**
 * Bump when the events computed from the same commits change; parsing changes bump PARSE_CACHE_FORMAT. Bump too
 * when what a key holds changes (read-history.ts's stageOrder) or what `history <model>` checks before it stores
 * an entry: checkedHistory answers from an entry of this format without recomputing the key or the checks.
 * 2: merges report only what no parent had, and a merge both sides of which changed a model is listed.
 * 3: the whole registry's history is each model's own (git log -- models/<m>), not git log -- models.
 * 7: files named by FNV-1a of the path instead of sha256 of the key; `modelChecked`.
 */
export const HISTORY_CACHE_FORMAT = `modelreg-history-7+${PARSE_CACHE_FORMAT}`;

/** Events per write when storing a history. */
const WRITE_BATCH = 2_000;

interface Stored {
  readonly format: string;
  readonly head: string;
  readonly key: string;
  readonly events: HistoryEvent[];
  /** Written by `history <model>` after it found the model at `head`: only such an entry answers checkedHistory. */
  readonly modelChecked?: true;
}

export interface HistoryCacheOptions {
  /** The caller has checked that the model whose history it stores exists at the head (the history command). */
  readonly modelChecked?: boolean;
}

export class HistoryCacheDirectory implements HistoryCache {
  constructor(
    private readonly dir: string,
    private readonly options: HistoryCacheOptions = {},
  ) {}

  async get(head: string, key: string): Promise<HistoryEvent[] | undefined> {
    const stored = await this.latest(key);
    return stored?.head === head ? stored.events : undefined;
  }

  /** The history last stored for `key`, at whichever head: read-history.ts extends it when the new head allows. */
  async latest(key: string): Promise<{ head: string; events: HistoryEvent[] } | undefined> {
    const stored = await this.read(pathOf(key));
    return stored?.key === key ? stored : undefined;
  }

  /**
   * The events `history <model>` stored for `path` (a repository path) at `head`, whatever the stage order:
   * the policy at `head` decided it when they were stored, and decides it again for any run at `head`.
   */
  async checkedHistory(path: string, head: string): Promise<HistoryEvent[] | undefined> {
    const stored = await this.read(path);
    return stored?.head === head && stored.modelChecked === true && pathOf(stored.key) === path
      ? stored.events
      : undefined;
  }

  /**
   * Writes exactly `JSON.stringify` of the stored history, a batch of events at a time: a whole registry's
   * history is ~40 MB of JSON at 10,000 models, which as one string (and its buffer) was a peak of its own.
   */
  async put(head: string, key: string, events: readonly HistoryEvent[]): Promise<void> {
    const file = this.file(pathOf(key));
    const temporary = `${file}.${process.pid}.tmp`;
    // The events last, so that the document is this text with the events written into its empty list.
    const start = JSON.stringify({
      format: HISTORY_CACHE_FORMAT,
      head,
      key,
      ...(this.options.modelChecked ? { modelChecked: true as const } : {}),
      events: [],
    } satisfies Stored);
    try {
      await mkdir(this.dir, { recursive: true });
      const handle = await open(temporary, 'w');
      try {
        await handle.write(start.slice(0, -2));
        for (let at = 0; at < events.length; at += WRITE_BATCH)
          await handle.write(
            `${at === 0 ? '' : ','}${events
              .slice(at, at + WRITE_BATCH)
              .map((event) => JSON.stringify(event))
              .join(',')}`,
          );
        await handle.write(start.slice(-2));
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    } catch {
      // A read-only repository still answers, only without the cache.
    }
  }

  private async read(path: string): Promise<Stored | undefined> {
    try {
      const stored = JSON.parse(await readFile(this.file(path), 'utf8')) as Stored;
      if (
        stored.format === HISTORY_CACHE_FORMAT &&
        typeof stored.key === 'string' &&
        typeof stored.head === 'string' &&
        Array.isArray(stored.events) &&
        stored.events.every((event) => typeof event === 'object' && event !== null && typeof event.commit === 'string')
      )
        return stored;
    } catch {
      // Not cached yet, or unreadable: compute it.
    }
    return undefined;
  }

  private file(path: string): string {
    return join(this.dir, `${fnv1a64(path)}.json`);
  }
}

/** The repository path a key names (read-history.ts: the path, NUL, the stage order). */
function pathOf(key: string): string {
  const end = key.indexOf('\0');
  return end === -1 ? key : key.slice(0, end);
}

/**
 * 64-bit FNV-1a of the path's UTF-8 bytes, in hex: a file name of fixed length for any path. Not for security: two
 * paths that collide share one file, and each reader checks the stored key, so a collision is only a miss.
 */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text))
    hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash.toString(16).padStart(16, '0');
}
