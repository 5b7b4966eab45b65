/**
 * Names that differ only in case (or Unicode normalization) are two entries
 * to git and to Linux, but one to the default file systems of macOS and
 * Windows: checking such a commit out there silently drops or mixes files.
 * Read on whatever file system, a registry must not hold two such names.
 */
import type { SnapshotSource } from './snapshot-source.js';

export interface CaseCollision {
  /** The entry (file or directory) that collides, repository-relative. */
  readonly path: string;
  /** The entry of the same directory it collides with. */
  readonly other: string;
}

/** The name case-insensitive file systems see. */
export function foldedName(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * Collisions of every component of `paths` (those that exist) with its siblings. `fromDepth`
 * skips the first components (a full validation checks the top directories
 * once, not once per model).
 */
export async function findCaseCollisions(
  source: SnapshotSource,
  paths: readonly string[],
  fromDepth = 0,
): Promise<CaseCollision[]> {
  const listings = new Map<string, Promise<Map<string, string[]>>>();
  const found = new Map<string, CaseCollision>();
  for (const path of paths) {
    const parts = path.split('/');
    for (let depth = fromDepth; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/');
      const entry = parts.slice(0, depth + 1).join('/');
      if (found.has(entry)) continue;
      let listing = listings.get(dir);
      if (!listing) {
        listing = foldedListing(source, dir);
        listings.set(dir, listing);
      }
      const same = (await listing).get(foldedName(parts[depth]!)) ?? [];
      const others = same.filter((name) => name !== parts[depth]);
      if (same.includes(parts[depth]!) && others.length > 0)
        found.set(entry, { path: entry, other: join(dir, others[0]!) });
    }
  }
  return [...found.values()];
}

/** Every collision among the entries of `dirs` themselves (both sides of each pair). */
export async function caseCollisionsIn(source: SnapshotSource, dirs: readonly string[]): Promise<CaseCollision[]> {
  const collisions: CaseCollision[] = [];
  for (const dir of dirs) {
    for (const names of (await foldedListing(source, dir)).values()) {
      if (names.length < 2) continue;
      for (const name of names)
        collisions.push({
          path: join(dir, name),
          other: join(
            dir,
            names.find((n) => n !== name)!,
          ),
        });
    }
  }
  return collisions;
}

async function foldedListing(source: SnapshotSource, dir: string): Promise<Map<string, string[]>> {
  const byFolded = new Map<string, string[]>();
  for (const entry of (await source.list(dir)) ?? []) {
    const key = foldedName(entry.name);
    byFolded.set(key, [...(byFolded.get(key) ?? []), entry.name]);
  }
  return byFolded;
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
