/**
 * The port every reader of registry content goes through: one snapshot of the
 * repository's files (a commit's tree, the working tree, or either with
 * in-memory edits laid over it).
 */
import { nodeCrypto } from '../domain/lazy-crypto.js';
import type { ParsedFiles } from './parsed-files.js';

export type EntryType = 'tree' | 'blob' | 'symlink' | 'other';

export interface TreeEntry {
  readonly name: string;
  readonly type: EntryType;
  /** Git object id when known cheaply; equal ids mean equal content. */
  readonly id: string | undefined;
}

export type ChangeKind = 'added' | 'modified' | 'deleted';

/** One file that differs between two snapshots (validate/change-set.ts finds them). */
export interface FileChange {
  readonly path: string;
  readonly kind: ChangeKind;
  /** The entry's type on the head side (undefined when deleted). */
  readonly headType: EntryType | undefined;
}

export interface SnapshotSource {
  /** For messages: "HEAD (1a2b3c4)", "the working tree". */
  readonly label: string;
  /** The parsed files this snapshot shares with the others of its owner (see parsed-files.ts); none: each reader parses its own. */
  readonly parsedFiles?: ParsedFiles;
  /** The entries of a directory, or undefined when there is no directory there. */
  list(dir: string): Promise<readonly TreeEntry[] | undefined>;
  /** The entry at a path, or undefined. `id` is always set for blobs. */
  entry(path: string): Promise<TreeEntry | undefined>;
  /** A regular file's bytes, or undefined when there is no regular file there. */
  read(path: string): Promise<Uint8Array | undefined>;
}

/** Git's blob id for content, so working-tree files compare with committed ones. */
export function gitBlobId(bytes: Uint8Array): string {
  return nodeCrypto().createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}

export function parentDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A snapshot with no files: the base side of a registry's first commit. */
export const EMPTY_SOURCE: SnapshotSource = {
  label: 'an empty registry',
  list: async () => undefined,
  entry: async () => undefined,
  read: async () => undefined,
};
