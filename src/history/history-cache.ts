/**
 * Computed histories kept on disk between runs, one file per path (and stage
 * order), with the head commit they were computed at: the history of a commit never changes, so a second run
 * at the same head reads the answer instead of walking git again, and a run at a descendant extends it
 * where that is provably the cold answer (history-window.ts). A missing, corrupt or outdated file is only
 * slower; the newest head computed replaces it.
 */
import { nodeCrypto } from '../domain/lazy-crypto.js';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { PARSE_CACHE_FORMAT } from '../snapshot/persistent-parse-cache.js';
import type { HistoryCache, HistoryEvent } from './read-history.js';

/**
 * Bump when the events computed from the same commits change; parsing changes bump PARSE_CACHE_FORMAT.
 * 2: merges report only what no parent had, and a merge both sides of which changed a model is listed.
 * 3: the whole registry's history is each model's own (git log -- models/<m>), not git log -- models.
 */
export const HISTORY_CACHE_FORMAT = `modelreg-history-6+${PARSE_CACHE_FORMAT}`;

/** Events per write when storing a history. */
const WRITE_BATCH = 2_000;

interface Stored {
  readonly format: string;
  readonly head: string;
  readonly key: string;
  readonly events: HistoryEvent[];
}

export class HistoryCacheDirectory implements HistoryCache {
  constructor(private readonly dir: string) {}

  async get(head: string, key: string): Promise<HistoryEvent[] | undefined> {
    const stored = await this.latest(key);
    return stored?.head === head ? stored.events : undefined;
  }

  /** The history last stored for `key`, at whichever head: read-history.ts extends it when the new head allows. */
  async latest(key: string): Promise<{ head: string; events: HistoryEvent[] } | undefined> {
    try {
      const stored = JSON.parse(await readFile(this.file(key), 'utf8')) as Stored;
      if (
        stored.format === HISTORY_CACHE_FORMAT &&
        stored.key === key &&
        typeof stored.head === 'string' &&
        Array.isArray(stored.events)
      )
        return stored;
    } catch {
      // Not cached yet, or unreadable: compute it.
    }
    return undefined;
  }

  /**
   * Writes exactly `JSON.stringify` of the stored history, a batch of events at a time: a whole registry's
   * history is ~40 MB of JSON at 10,000 models, which as one string (and its buffer) was a peak of its own.
   */
  async put(head: string, key: string, events: readonly HistoryEvent[]): Promise<void> {
    const file = this.file(key);
    const temporary = `${file}.${process.pid}.tmp`;
    const start = JSON.stringify({ format: HISTORY_CACHE_FORMAT, head, key, events: [] } satisfies Stored);
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

  private file(key: string): string {
    return join(this.dir, `${nodeCrypto().createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
  }
}
