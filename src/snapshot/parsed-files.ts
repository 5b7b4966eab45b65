/**
 * Parsed registry files by blob id, owned by whoever opens the snapshots that
 * share them (a Registry: its commits, its working tree, its history) and
 * carried by those snapshots' sources. Base and head of one validation, and
 * the commits of one history, then parse each blob once, while two registries
 * in one process keep their entries and their on-disk caches apart.
 */
import type { LoadedFile } from '../contract/entry-files.js';
import type { PersistentParseCache } from './persistent-parse-cache.js';
import { makeRoom } from '../domain/make-room.js';

/** Enough for a pull request's files and a history's recent blobs; a whole-registry pass streams through. */
const PARSED_FILES_LIMIT = 4_000;

export class ParsedFiles {
  private readonly parsed = new Map<string, LoadedFile<unknown>>();
  /** On-disk caches in use, latest last: the latest still in use is the one read and written. */
  private readonly inUse: PersistentParseCache[] = [];

  /**
   * Also keeps parsed files in `cache` (on disk) until the returned function
   * is called. Uses may nest or overlap: ending one never ends another.
   */
  usePersistent(cache: PersistentParseCache): () => void {
    this.inUse.push(cache);
    return () => {
      const at = this.inUse.lastIndexOf(cache);
      if (at >= 0) this.inUse.splice(at, 1);
    };
  }

  private get persistent(): PersistentParseCache | undefined {
    return this.inUse.at(-1);
  }

  /** Forgets every file parsed so far: for tests comparing two ways of reading the same blobs. */
  forget(): void {
    this.parsed.clear();
  }

  /**
   * The file `key` names (kind, path and blob id), from memory or the on-disk
   * cache; a hit on disk is kept in memory too.
   */
  get<T>(key: string, path: string, id: string): LoadedFile<T> | undefined {
    const inMemory = this.parsed.get(key);
    if (inMemory) return inMemory as LoadedFile<T>;
    const onDisk = this.persistent?.get<T>(key, path, id);
    if (onDisk) this.parsed.set(key, onDisk as LoadedFile<unknown>);
    return onDisk;
  }

  /** The file parsed now (or by an earlier call with the same key), kept in memory only. */
  parsedOnce<T>(key: string, parse: () => LoadedFile<T>): LoadedFile<T> {
    const hit = this.parsed.get(key);
    if (hit) return hit as LoadedFile<T>;
    makeRoom(this.parsed, PARSED_FILES_LIMIT);
    const value = parse();
    this.parsed.set(key, value as LoadedFile<unknown>);
    return value;
  }

  /** Records a freshly parsed file in the on-disk cache, when one is in use. */
  keep(key: string, file: LoadedFile<unknown>): void {
    this.persistent?.put(key, file);
  }
}
