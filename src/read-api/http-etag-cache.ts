/**
 * The on-disk cache of read API documents: per URL, the last body and its
 * ETag, so that a revalidation answered 304 costs no transfer. It only ever
 * saves work: a missing, unreadable or foreign file is a miss, writes that
 * fail are ignored, and the whole directory is always safe to delete.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

const CACHE_FORMAT = 'modelreg-http-cache/1';

export interface CachedDocument {
  readonly etag: string;
  readonly text: string;
}

/** The user's cache directory for the read API: $XDG_CACHE_HOME/modelreg/read-api (~/.cache/…), ~/Library/Caches/… on macOS, %LOCALAPPDATA%\… on Windows. */
export function defaultReadApiCacheDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32')
    return join(env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local'), 'modelreg', 'cache', 'read-api');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'modelreg', 'read-api');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'modelreg', 'read-api');
}

export class HttpEtagCache {
  constructor(readonly dir: string) {}

  async get(url: string): Promise<CachedDocument | undefined> {
    try {
      const stored: unknown = JSON.parse(await readFile(this.fileOf(url), 'utf8'));
      if (typeof stored !== 'object' || stored === null) return undefined;
      const { format, url: storedUrl, etag, text } = stored as Record<string, unknown>;
      // The name is a hash of the URL; the URL inside guards against a file copied or written under another name.
      if (
        format !== CACHE_FORMAT ||
        storedUrl !== url ||
        typeof etag !== 'string' ||
        etag === '' ||
        typeof text !== 'string'
      )
        return undefined;
      return { etag, text };
    } catch {
      return undefined;
    }
  }

  async put(url: string, document: CachedDocument): Promise<void> {
    const file = this.fileOf(url);
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      // Renamed into place: a reader never sees half a file, and two jobs sharing the directory each write whole ones.
      await writeFile(temporary, JSON.stringify({ format: CACHE_FORMAT, url, ...document }));
      await rename(temporary, file);
    } catch {
      // A read-only or full disk costs the next run a download, nothing more.
    }
  }

  private fileOf(url: string): string {
    return join(this.dir, `${createHash('sha256').update(url).digest('hex')}.json`);
  }
}
