/** file:// artifacts and plain paths, which are relative to the registry's directory. */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { accessDenied, notFound, unreachable, type ArtifactStore, type StoreOptions } from './artifact-store.js';

export function createFileStore(options: StoreOptions): ArtifactStore {
  const pathOf = (uri: string) =>
    uri.startsWith('file:') ? fileURLToPath(uri) : isAbsolute(uri) ? uri : resolve(options.registryDir, uri);
  return {
    supportsRanges: true,
    async stat(uri) {
      const info = await stat(pathOf(uri)).catch((error: NodeJS.ErrnoException) => {
        throw fileFailure(uri, error);
      });
      if (!info.isFile()) throw notFound(uri, 'not a regular file');
      return { size: info.size, etag: undefined };
    },
    async read(uri, offset = 0) {
      await this.stat(uri);
      const stream = createReadStream(pathOf(uri), { start: offset });
      return { stream, offset };
    },
    async put(uri: string, body: Readable) {
      const path = pathOf(uri);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.modelreg-upload-${process.pid}`;
      try {
        await pipeline(body, createWriteStream(temporary));
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw fileFailure(uri, error as NodeJS.ErrnoException);
      }
    },
  };
}

function fileFailure(uri: string, error: NodeJS.ErrnoException) {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return notFound(uri);
  if (error.code === 'EACCES' || error.code === 'EPERM')
    return accessDenied(uri, error.code, "Check the file's permissions for the user running modelreg.");
  return unreachable(uri, error.code ?? error.message);
}
