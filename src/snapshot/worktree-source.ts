/** The working tree on disk, uncommitted edits included. */
import { readdirSync } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gitBlobId, type SnapshotSource, type TreeEntry } from './snapshot-source.js';
import { ParsedFiles } from './parsed-files.js';

export class WorktreeSource implements SnapshotSource {
  readonly label = 'the working tree';
  constructor(
    /** The registry's directory on disk. */
    readonly root: string,
    /** Shared with the other snapshots of the same registry. */
    readonly parsedFiles = new ParsedFiles(),
  ) {}

  async list(dir: string): Promise<readonly TreeEntry[] | undefined> {
    let names: import('node:fs').Dirent[];
    try {
      // Synchronous: a directory of a registry holds a handful of entries, and on L (20,000 directories read by a
      // full validation) fs/promises' readdir cost 50 µs of CPU a call against 10 µs for this one.
      names = readdirSync(join(this.root, dir), { withFileTypes: true });
    } catch {
      return undefined;
    }
    return names
      .filter((d) => !(dir === '' && d.name === '.git'))
      .map((d) => ({
        name: d.name,
        type: d.isDirectory() ? 'tree' : d.isSymbolicLink() ? 'symlink' : d.isFile() ? 'blob' : 'other',
        id: undefined,
      }));
  }

  async entry(path: string): Promise<TreeEntry | undefined> {
    const full = join(this.root, path);
    let stats;
    try {
      stats = await lstat(full);
    } catch {
      return undefined;
    }
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (stats.isDirectory()) return { name, type: 'tree', id: undefined };
    if (stats.isSymbolicLink()) return { name, type: 'symlink', id: undefined };
    if (!stats.isFile()) return { name, type: 'other', id: undefined };
    return { name, type: 'blob', id: gitBlobId(await readFile(full)) };
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    const full = join(this.root, path);
    try {
      const stats = await lstat(full);
      if (!stats.isFile()) return undefined;
      return await readFile(full);
    } catch {
      return undefined;
    }
  }
}
