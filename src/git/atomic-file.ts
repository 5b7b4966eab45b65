/**
 * Writing a file so that a reader (or a process killed half-way) sees either
 * the old content or the new, never a mix: the content goes to a temporary
 * file, is flushed to disk, and is then renamed over the target, as git does
 * for objects, refs and the index.
 */
import { nodeCrypto } from '../domain/lazy-crypto.js';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Where the temporary file goes (default: beside the target); must be on the target's file system. */
  readonly tempDir?: string;
  /** The temporary file's name prefix; git's gc removes leftover `tmp_obj_*` files from the object store. */
  readonly tempPrefix?: string;
  readonly mode?: number;
}

export async function writeFileAtomically(
  path: string,
  content: Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = options.tempDir ?? dirname(path);
  await mkdir(dirname(path), { recursive: true });
  const temp = join(
    dir,
    `${options.tempPrefix ?? `.${basename(path)}.tmp-`}${nodeCrypto().randomBytes(6).toString('hex')}`,
  );
  await writeDurably(temp, content, options.mode ?? 0o666, 'wx');
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Writes and fsyncs `path`; flag 'wx' refuses an existing file (how lock files are taken). */
export async function writeDurably(path: string, content: Uint8Array, mode: number, flag: 'w' | 'wx'): Promise<void> {
  const handle = await open(path, flag, mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
