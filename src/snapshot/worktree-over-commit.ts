/**
 * The working tree, read from a commit wherever git status says the two
 * agree. A path git status does not name (nor anything below or above it)
 * holds the commit's content, so its entries carry the commit's ids: a
 * whole-registry command can then serve an unchanged model from results kept
 * by tree id, and reads it through git instead of hashing every file. Only
 * the paths git status names are read from disk.
 *
 * Directory listings always come from disk, with the commit's ids where the
 * entry agrees: git does not track empty directories, and a listing must
 * show what is on disk (a new, still empty model directory included).
 */
import { parentDir, type SnapshotSource, type TreeEntry } from './snapshot-source.js';
import type { ParsedFiles } from './parsed-files.js';
import { makeRoom } from '../domain/make-room.js';

/** Directory listings kept: a few batches of models' directories. */
const LISTINGS_LIMIT = 1_024;

export class WorktreeOverCommit implements SnapshotSource {
  readonly label: string;
  readonly parsedFiles: ParsedFiles | undefined;
  /** The paths git status named. */
  private readonly changed: ReadonlySet<string>;
  /** Their directories, up to the top: these differ from the commit somewhere below. */
  private readonly holdingChanges = new Set<string>();
  /**
   * Listings already merged: a whole-registry pass lists each model's two
   * directories several times (its change set, its versions, its case
   * collisions), and every listing is a readdir on disk. Bounded like the
   * parsed files: a pass works a batch of models at a time.
   */
  private readonly listings = new Map<string, Promise<readonly TreeEntry[] | undefined>>();

  constructor(
    readonly worktree: SnapshotSource,
    readonly commit: SnapshotSource,
    /** From git status (src/git/worktree-changes.ts), registry-relative. */
    readonly changedPaths: readonly string[],
  ) {
    this.label = worktree.label;
    this.parsedFiles = worktree.parsedFiles ?? commit.parsedFiles;
    this.changed = new Set(changedPaths);
    for (const path of changedPaths) {
      for (let dir = parentDir(path); !this.holdingChanges.has(dir); dir = parentDir(dir)) {
        this.holdingChanges.add(dir);
        if (dir === '') break;
      }
    }
  }

  list(dir: string): Promise<readonly TreeEntry[] | undefined> {
    let listing = this.listings.get(dir);
    if (!listing) {
      makeRoom(this.listings, LISTINGS_LIMIT);
      listing = this.merged(dir);
      this.listings.set(dir, listing);
    }
    return listing;
  }

  private async merged(dir: string): Promise<readonly TreeEntry[] | undefined> {
    const [onDisk, committed] = await Promise.all([this.worktree.list(dir), this.commit.list(dir)]);
    if (!onDisk) return undefined;
    const byName = new Map((committed ?? []).map((entry) => [entry.name, entry]));
    return onDisk.map((entry) => {
      const known = byName.get(entry.name);
      return known && known.type === entry.type && this.agrees(dir === '' ? entry.name : `${dir}/${entry.name}`)
        ? known
        : entry;
    });
  }

  async entry(path: string): Promise<TreeEntry | undefined> {
    if (this.agrees(path)) {
      const known = await this.commit.entry(path);
      if (known) return known;
    }
    return this.worktree.entry(path);
  }

  async read(path: string): Promise<Uint8Array | undefined> {
    if (this.agrees(path)) {
      const known = await this.commit.read(path);
      if (known) return known;
    }
    return this.worktree.read(path);
  }

  /** Nothing at, below or above `path` is named by git status. */
  private agrees(path: string): boolean {
    if (this.holdingChanges.has(path)) return false;
    for (let at = path; ; at = parentDir(at)) {
      if (this.changed.has(at)) return false;
      if (at === '') return true;
    }
  }
}
